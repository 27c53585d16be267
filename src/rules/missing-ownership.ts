import type { OperationCall } from "../python/model.js";
import { escalationSource } from "./data/privilege-scope.js";
import { isSystemPath, isUserHome, writtenPath } from "./data/written-paths.js";
import type { Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/**
 * Operations that create files or folders and take `user` and `group` for
 * their owner. `files.link` is left out because the owner of a symbolic link
 * grants nothing.
 */
const OWNED_WRITERS = new Set([
  "files.directory",
  "files.download",
  "files.file",
  "files.put",
  "files.sync",
  "files.template",
  "files.unarchive",
  "git.bare_repo",
  "git.repo",
]);

/** True for `/root` and paths in it, which only root can create, so their owner is always root. */
function isRootHome(path: string): boolean {
  return path === "/root" || path.startsWith("/root/");
}

/** True when the call removes the path rather than creating it. */
function removesPath(call: OperationCall): boolean {
  return call.arguments.keywords.get("present")?.value.type === "false";
}

/**
 * Returns the names among `user` and `group`
 * that the call passes neither by keyword nor by position.
 */
function missingOwners(call: OperationCall, context: RuleContext): string[] {
  const parameters = context.catalogue.operation(call.qualifiedName)?.parameters ?? [];
  return ["user", "group"].filter((name) => {
    if (call.arguments.keywords.has(name)) return false;
    const position = parameters.findIndex((parameter) => parameter.name === name);
    if (position < 0) return false;
    return call.arguments.hasListSplat || call.arguments.positional.length <= position;
  });
}

export const missingOwnership: Rule = {
  code: "PIK302",
  name: "missing-ownership",
  summary: "A file, folder or template written to a system path without `user` and `group`",
  severity: "warning",
  fix: "none",
  docs: {
    whatItFinds:
      "`files.put`, `files.template`, `files.file`, `files.directory`, `files.download`, " +
      "`files.sync`, `files.unarchive`, `git.repo` and `git.bare_repo` calls that write to a " +
      "system path (`/etc`, `/usr`, `/opt`, `/var`, `/srv`, `/boot`, `/root`, ...) without " +
      "`user`, `group` or both. The message names what is missing.",
    whyItMatters:
      "Without `user` and `group` the owner is whoever the operation happened to run as: root " +
      "under sudo, the SSH user without it, and the owner already on disk when the path exists. " +
      "The same deploy then leaves different owners on different hosts, and a service that runs " +
      "as its own user may be unable to read its configuration or write its data folder.",
    example:
      "from pyinfra.operations import files\n\n" +
      "files.template(\n" +
      '    name="Render app config",\n' +
      '    src="templates/app.conf.j2",\n' +
      '    dest="/etc/app/app.conf",\n' +
      '    mode="640",\n' +
      "    _sudo=True,\n" +
      ")\n",
    useInstead:
      "from pyinfra.operations import files\n\n" +
      "files.template(\n" +
      '    name="Render app config",\n' +
      '    src="templates/app.conf.j2",\n' +
      '    dest="/etc/app/app.conf",\n' +
      '    user="root",\n' +
      '    group="app",\n' +
      '    mode="640",\n' +
      "    _sudo=True,\n" +
      ")\n",
    fixSafety: "No fix is offered, because the right owner depends on who reads the file.",
    options: "None.",
    knownLimits:
      "Only paths whose start is static are checked, so `f\"{base}/app.conf\"` with a `base` " +
      "that is not a module-level string constant is not flagged. Calls that remove the path " +
      "(`present=False`) and calls with `**kwargs` are not flagged. Paths in a home folder are " +
      "not system paths, even when written with sudo, and paths under `/root` are skipped " +
      "because only root can create them.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const call of context.file.operations) {
      if (!OWNED_WRITERS.has(call.qualifiedName)) continue;
      if (call.arguments.hasDictionarySplat || removesPath(call)) continue;

      const path = writtenPath(call, context.file);
      const pathText = path?.value ?? path?.start;
      if (!path?.node || !pathText || !isSystemPath(pathText) || isUserHome(pathText)) continue;
      if (isRootHome(pathText)) continue;

      const missing = missingOwners(call, context);
      if (missing.length === 0) continue;

      const found = missing.map((name) => `\`${name}\``).join(" and ");
      const where = path.value ? `\`${path.value}\`` : `a path under \`${pathText}\``;
      const pass = `pass ${missing.map((name) => `\`${name}=\``).join(" and ")}`;
      // Under sudo the writer is always root, and what still varies is the owner of a path that exists.
      const reason =
        escalationSource(call, context) !== null
          ? `under sudo a new path is owned by root, but one that exists keeps its owner; ${pass} ` +
            "so every host ends with the same owner"
          : `${pass} so the owner does not depend on who runs the deploy`;
      reports.push(reportAt(path.node, `\`${call.qualifiedName}\` writes ${where} without ${found}; ${reason}`));
    }
    return reports;
  },
};
