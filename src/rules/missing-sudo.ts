import type { KeywordArgument, OperationCall } from "../python/model.js";
import { appendKeywordFix } from "./data/keyword-fix.js";
import { ESCALATION_ARGUMENTS, escalationSource, mayBeTrue } from "./data/privilege-scope.js";
import { isSystemPath, isUserHome, writtenPath } from "./data/written-paths.js";
import type { Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Package managers that install into the system: every operation of these modules needs root. */
const SYSTEM_PACKAGE_MODULES = new Set([
  "apk",
  "apt",
  "dnf",
  "opkg",
  "pacman",
  "pkg",
  "pkgin",
  "snap",
  "xbps",
  "yum",
  "zypper",
]);

/** Modules whose every operation changes kernel, firewall, storage or container state. */
const SYSTEM_MODULES: ReadonlyMap<string, string> = new Map([
  ["iptables", "changes firewall rules"],
  ["selinux", "changes SELinux settings"],
  ["vzctl", "manages OpenVZ containers"],
  ["zfs", "manages ZFS datasets"],
]);

const SERVICE_OPERATIONS = new Set([
  "bsdinit.service",
  "openrc.service",
  "runit.auto",
  "runit.manage",
  "runit.service",
  "server.service",
  "sysvinit.enable",
  "sysvinit.service",
  "systemd.daemon_reload",
  "systemd.service",
  "upstart.service",
]);

const SYSTEM_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ["server.etc_hosts", "writes `/etc/hosts`"],
  ["server.group", "manages a system group"],
  ["server.hostname", "sets the hostname"],
  ["server.locale", "manages system locales"],
  ["server.modprobe", "loads a kernel module"],
  ["server.mount", "manages a mount"],
  ["server.packages", "changes system packages"],
  ["server.reboot", "reboots the host"],
  ["server.security_limit", "writes `/etc/security/limits.conf`"],
  ["server.sysctl", "sets a kernel parameter"],
  ["server.timezone", "sets the timezone"],
  ["server.user", "manages a system user"],
]);

/** True when a keyword is passed as the literal `True`. */
function isLiteralTrue(call: OperationCall, name: string): boolean {
  return call.arguments.keywords.get(name)?.value.type === "true";
}

/** Says what a call does that needs root, or returns null when it needs none. */
function privilegedAction(call: OperationCall, context: RuleContext): string | null {
  const { module, qualifiedName } = call;
  if (SYSTEM_PACKAGE_MODULES.has(module)) return "changes system packages";
  const moduleAction = SYSTEM_MODULES.get(module);
  if (moduleAction) return moduleAction;

  if (SERVICE_OPERATIONS.has(qualifiedName)) {
    // `user_mode=True` manages the connecting user's own units with `systemctl --user`.
    if (module === "systemd" && call.arguments.keywords.has("user_mode")) return null;
    return "manages a system service";
  }
  const action = SYSTEM_OPERATIONS.get(qualifiedName);
  if (action) return action;
  if (qualifiedName === "git.config" && isLiteralTrue(call, "system")) {
    return "writes `/etc/gitconfig`";
  }

  const path = writtenPath(call, context.file);
  const pathText = path?.value ?? path?.start;
  if (!pathText || !isSystemPath(pathText) || isUserHome(pathText)) return null;
  return path?.value ? `writes \`${path.value}\`` : `writes under \`${pathText}\``;
}

/** pyinfra 1.x spellings of the escalation arguments, without the leading underscore. */
const LEGACY_ESCALATION = ["sudo", "su_user", "doas", "dzdo"];

/**
 * True when the call passes a pyinfra 1.x escalation argument such as
 * `sudo=True` that the operation has no parameter for. The author meant
 * escalation, and the rename belongs to the legacy API rule.
 */
function passesLegacyEscalation(call: OperationCall, context: RuleContext): boolean {
  const parameters = context.catalogue.operation(call.qualifiedName)?.parameters ?? [];
  const isParameter = (name: string) => parameters.some((parameter) => parameter.name === name);
  return LEGACY_ESCALATION.some((name) => call.arguments.keywords.has(name) && !isParameter(name));
}

/**
 * Reports escalation options such as `_sudo_user` that pyinfra ignores
 * because the escalation they belong to is off for the call.
 */
function ignoredOptions(call: OperationCall, context: RuleContext): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const [enabling, dependents] of ESCALATION_ARGUMENTS) {
    const passed = dependents
      .map((name) => call.arguments.keywords.get(name))
      .filter((keyword): keyword is KeywordArgument => keyword !== undefined);
    if (passed.length === 0) continue;

    const enabler = call.arguments.keywords.get(enabling);
    if (enabler && mayBeTrue(enabler.value)) continue;
    if (!enabler && call.arguments.hasDictionarySplat) continue;
    if (!enabler && enabling === "_sudo" && escalationSource(call, context) !== null) continue;

    const found = enabler ? `\`${enabler.node.text}\`` : `no \`${enabling}\``;
    const expected = enabling === "_su_user" ? "pass `_su_user`" : `add \`${enabling}=True\``;
    const canFix = !enabler && enabling !== "_su_user";
    for (const keyword of passed) {
      const fix = canFix ? appendKeywordFix(call, context.file.text, `${enabling}=True`) : null;
      const message =
        `\`${keyword.name}\` with ${found} is ignored by pyinfra; ` +
        `${expected} or remove \`${keyword.name}\``;
      reports.push(reportAt(keyword.node, message, fix));
    }
  }
  return reports;
}

export const missingSudo: Rule = {
  code: "PIK301",
  name: "missing-sudo",
  summary: "A privileged operation without `_sudo=True` when sudo is not on for the run",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "An operation that needs root, run without `_sudo=True` while nothing else turns sudo " +
      "on: system package managers (`apt`, `dnf`, `yum`, `apk`, `pacman`, `zypper`, `snap` and " +
      "others), system services (`systemd.service`, `server.service`, " +
      "`systemd.daemon_reload`, ...), users, groups, hostname, sysctl, kernel modules, mounts, " +
      "locales, firewall rules, and any operation that writes a system path such as `/etc`, " +
      "`/usr`, `/opt`, `/var` or `/srv`. It also finds `_sudo_user` (and `_use_sudo_login`, " +
      "`_preserve_sudo_env`, `_sudo_password`, `_doas_user`, `_dzdo_user`, and the `_su_user` " +
      "options) passed while the escalation they belong to is off, which pyinfra ignores.",
    whyItMatters:
      "Without sudo the operation runs as the SSH user and fails half-way through a deploy with " +
      "`Permission denied`, or, when the user happens to be root on one host, works there and " +
      "fails on the next. A stray `_sudo_user` looks like it runs the command as that user but does " +
      "nothing unless `_sudo=True` is also set.",
    example:
      "from pyinfra.operations import apt, files\n\n" +
      'apt.packages(name="Install nginx", packages=["nginx"])\n' +
      'files.put(name="Upload config", src="nginx.conf", dest="/etc/nginx/nginx.conf")\n',
    useInstead:
      "from pyinfra.operations import apt, files\n\n" +
      'apt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n' +
      "files.put(\n" +
      '    name="Upload config",\n' +
      '    src="nginx.conf",\n' +
      '    dest="/etc/nginx/nginx.conf",\n' +
      '    user="root",\n' +
      '    group="root",\n' +
      '    mode="644",\n' +
      "    _sudo=True,\n" +
      ")\n",
    fixSafety:
      "The fix adds `_sudo=True` to the call. It is unsafe: the operation then runs as root, so " +
      "files it creates are owned by root unless `user` and `group` say otherwise, and commands " +
      "see root's environment.",
    options:
      "`sudo = true` under `[tool.pyinfra-kit]` in pyproject.toml says that every deploy runs " +
      "with sudo (for example with `pyinfra --sudo`), and turns the rule off for missing `_sudo=True`.",
    knownLimits:
      "Sudo turned on elsewhere is seen when it is set by `config.SUDO = True` in `config.py` or " +
      "by `_sudo = True` in `group_data/all.py`, in the project root or a folder between it and " +
      "the file; in the file itself; on the enclosing `@deploy(..., _sudo=True)`; or on every " +
      "call in the same file of the function that holds the operation. Sudo given by `--sudo` on " +
      "the command line, by `_sudo` in the inventory or in the group data of one group, or by a " +
      "deploy function called with `_sudo=True` from another file is not seen, so such projects " +
      "should set `sudo = true` in the configuration. An explicit `_sudo=False`, a pyinfra 1.x " +
      "`sudo=True` and calls with `**kwargs` are not flagged. " +
      "`pip`, `npm`, `gem`, `cargo`, `go`, `pipx`, `uv`, `brew` and `flatpak` operations are not " +
      "treated as privileged, because they usually install into a user or project folder.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const call of context.file.operations) {
      reports.push(...ignoredOptions(call, context));

      const action = privilegedAction(call, context);
      if (!action) continue;
      if (call.arguments.keywords.has("_sudo")) continue;
      if (passesLegacyEscalation(call, context)) continue;
      if (escalationSource(call, context) !== null) continue;

      reports.push(
        reportAt(
          call.callee,
          `\`${call.qualifiedName}\` ${action} without \`_sudo=True\`; ` +
            "add `_sudo=True`, or set `config.SUDO = True` in config.py for the whole run",
          appendKeywordFix(call, context.file.text, "_sudo=True"),
        ),
      );
    }
    return reports;
  },
};
