import { posix } from "node:path";

import { appendKeywordFix } from "./data/keyword-fix.js";
import { operationArgument, writtenPath } from "./data/written-paths.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Files whose loss or corruption can lock users out or stop a host from booting. */
const CRITICAL_FILES = new Set([
  "/etc/crontab",
  "/etc/crypttab",
  "/etc/default/grub",
  "/etc/doas.conf",
  "/etc/fstab",
  "/etc/group",
  "/etc/gshadow",
  "/etc/hosts",
  "/etc/network/interfaces",
  "/etc/nsswitch.conf",
  "/etc/passwd",
  "/etc/resolv.conf",
  "/etc/shadow",
  "/etc/ssh/sshd_config",
  "/etc/sudoers",
  "/etc/sysctl.conf",
]);

/** Folders whose every file is critical. */
const CRITICAL_FOLDERS = [
  "/boot",
  "/etc/netplan",
  "/etc/pam.d",
  "/etc/security",
  "/etc/ssh/sshd_config.d",
  "/etc/sudoers.d",
];

/**
 * True when a whole path, or the static start of one, is a critical file.
 * A start matches only a critical folder, because the rest of the name is unknown.
 */
function isCritical(value: string | null, start: string | null): boolean {
  if (value !== null) {
    const path = posix.normalize(value);
    if (CRITICAL_FILES.has(path)) return true;
    return CRITICAL_FOLDERS.some((folder) => path.startsWith(`${folder}/`));
  }
  if (start === null) return false;
  const prefix = posix.normalize(start);
  return CRITICAL_FOLDERS.some((folder) => prefix.startsWith(`${folder}/`));
}

export const missingBackup: Rule = {
  code: "PIK303",
  name: "missing-backup",
  summary: "A critical file edited without `backup=True`",
  severity: "warning",
  fix: "always",
  docs: {
    whatItFinds:
      "An operation that supports `backup` (in pyinfra 3.10: `files.line`, `files.replace` and " +
      "`files.block`) editing a critical file without `backup=True`: `/etc/sudoers` and " +
      "`/etc/sudoers.d/*`, `/etc/ssh/sshd_config` and `sshd_config.d/*`, `/etc/fstab`, " +
      "`/etc/hosts`, `/etc/passwd`, `/etc/group`, `/etc/shadow`, `/etc/pam.d/*`, " +
      "`/etc/security/*`, `/etc/crontab`, `/etc/network/interfaces`, `/etc/netplan/*`, " +
      "`/etc/default/grub`, `/boot/*`, `/etc/resolv.conf`, `/etc/sysctl.conf` and a few others.",
    whyItMatters:
      "A regular expression that matches more than intended can break these files, and a broken " +
      "sudoers, sshd, PAM or fstab file can lock everyone out of the host or stop it from " +
      "booting. With `backup=True` pyinfra copies the file to `<path>.<timestamp>` before the " +
      "edit, so the previous version can be restored from a console.",
    example:
      "from pyinfra.operations import files\n\n" +
      "files.line(\n" +
      '    name="Disable root login over SSH",\n' +
      '    path="/etc/ssh/sshd_config",\n' +
      '    line="^PermitRootLogin .*",\n' +
      '    replace="PermitRootLogin no",\n' +
      "    _sudo=True,\n" +
      ")\n",
    useInstead:
      "from pyinfra.operations import files\n\n" +
      "files.line(\n" +
      '    name="Disable root login over SSH",\n' +
      '    path="/etc/ssh/sshd_config",\n' +
      '    line="^PermitRootLogin .*",\n' +
      '    replace="PermitRootLogin no",\n' +
      "    backup=True,\n" +
      "    _sudo=True,\n" +
      ")\n",
    fixSafety:
      "The fix adds `backup=True`. It is unsafe only in that pyinfra then leaves a timestamped " +
      "copy next to the file on every change; sudo skips files with a `.` in `/etc/sudoers.d`, " +
      "so the copies there are inert.",
    options: "None.",
    knownLimits:
      "`files.put` and `files.template` have no `backup` parameter and are never flagged. A " +
      "`backup=` passed explicitly, with any value, counts as a deliberate choice, and calls " +
      "with `**kwargs` are not flagged. Only paths that are static, or static up to a critical " +
      "folder such as `/etc/sudoers.d/`, are checked.",
  },
  check({ file, catalogue }) {
    const reports: RuleReport[] = [];
    for (const call of file.operations) {
      const parameters = catalogue.operation(call.qualifiedName)?.parameters ?? [];
      const position = parameters.findIndex((parameter) => parameter.name === "backup");
      if (position < 0) continue;
      if (call.arguments.hasDictionarySplat) continue;
      if (operationArgument(call, "backup", position)) continue;

      const path = writtenPath(call, file);
      if (!path?.node || !isCritical(path.value, path.start)) continue;

      const pathText = path.value ?? `${path.start}...`;
      reports.push(
        reportAt(
          call.callee,
          `\`${call.qualifiedName}\` edits the critical file \`${pathText}\` without a backup; ` +
            "add `backup=True` so the previous version can be restored",
          appendKeywordFix(call, file.text, "backup=True"),
        ),
      );
    }
    return reports;
  },
};
