// The argument of each operation that names a path the operation writes on
// the target, and the classes of such paths. Positions follow the parameter
// order of the operations in pyinfra 3.10, and a test compares them with the
// catalogue of the installed pyinfra.
import { posix } from "node:path";

import type { OperationCall, PythonFile } from "../../python/model.js";
import type { Node } from "../../python/parser.js";
import { staticString, staticStringStart } from "../../python/syntax.js";

/** The argument of an operation that contains a path it writes on the target. */
export interface WrittenPathArgument {
  /** Keyword name, such as `dest`. */
  name: string;
  /** 0-based position among the positional arguments. */
  position: number;
  /** The path pyinfra uses when the argument is not passed, if it is a fixed one. */
  defaultPath?: string;
}

/** Operations that create, change or remove a path on the target, by `module.name`. */
export const WRITTEN_PATH_ARGUMENTS: ReadonlyMap<string, WrittenPathArgument> = new Map([
  ["files.block", { name: "path", position: 0 }],
  ["files.copy", { name: "dest", position: 1 }],
  ["files.directory", { name: "path", position: 0 }],
  ["files.download", { name: "dest", position: 1 }],
  ["files.file", { name: "path", position: 0 }],
  ["files.flags", { name: "path", position: 0 }],
  ["files.line", { name: "path", position: 0 }],
  ["files.link", { name: "path", position: 0 }],
  ["files.move", { name: "dest", position: 1 }],
  ["files.put", { name: "dest", position: 1 }],
  ["files.replace", { name: "path", position: 0 }],
  ["files.rsync", { name: "dest", position: 1 }],
  ["files.sync", { name: "dest", position: 1 }],
  ["files.template", { name: "dest", position: 1 }],
  ["files.unarchive", { name: "dest", position: 1 }],
  ["git.bare_repo", { name: "path", position: 0 }],
  ["git.repo", { name: "dest", position: 1 }],
  ["git.worktree", { name: "worktree", position: 0 }],
  ["gpg.dearmor", { name: "dest", position: 1 }],
  ["gpg.key", { name: "dest", position: 1 }],
  ["mysql.dump", { name: "dest", position: 0 }],
  ["pip.venv", { name: "path", position: 0 }],
  ["pip.virtualenv", { name: "path", position: 0 }],
  ["postgres.dump", { name: "dest", position: 0 }],
  ["server.etc_hosts", { name: "path", position: 3, defaultPath: "/etc/hosts" }],
  ["server.hostname", { name: "hostname_file", position: 1 }],
  ["server.user", { name: "home", position: 2 }],
  ["uv.venv", { name: "path", position: 0 }],
]);

/** The written path of one operation call. */
export interface WrittenPath {
  /** The argument expression, or null when pyinfra's fixed default applies. */
  node: Node | null;
  /** The whole path when it is static. */
  value: string | null;
  /** The static text at the start of the path, such as `/etc/nginx/` for `f"/etc/nginx/{name}"`. */
  start: string | null;
}

/**
 * Returns the expression passed for a parameter, by keyword or by position.
 * Positions are not trusted when the call passes `*args`, because the
 * arguments after it cannot be counted.
 */
export function operationArgument(
  call: OperationCall,
  name: string,
  position: number | null,
): Node | null {
  const keyword = call.arguments.keywords.get(name);
  if (keyword) return keyword.value;
  if (position === null || call.arguments.hasListSplat) return null;
  return call.arguments.positional[position] ?? null;
}

/**
 * Returns the path an operation writes on the target, or null when the
 * operation writes no path or the call does not pass one and pyinfra has no
 * fixed default for it.
 */
export function writtenPath(call: OperationCall, file: PythonFile): WrittenPath | null {
  const argument = WRITTEN_PATH_ARGUMENTS.get(call.qualifiedName);
  if (!argument) return null;

  const node = operationArgument(call, argument.name, argument.position);
  if (!node) {
    if (argument.defaultPath === undefined || call.arguments.hasDictionarySplat) return null;
    return { node: null, value: argument.defaultPath, start: argument.defaultPath };
  }
  return {
    node,
    value: staticString(node, file.scope),
    start: staticStringStart(node, file.scope),
  };
}

/** Top-level folders that only root may write to on a usual Linux system. */
const SYSTEM_FOLDERS = [
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/opt",
  "/root",
  "/run",
  "/sbin",
  "/snap",
  "/srv",
  "/sys",
  "/usr",
  "/var",
];

/** Folders under system folders that every user may write to. */
const SHARED_WRITABLE_FOLDERS = ["/var/tmp", "/dev/shm", "/run/user", "/run/shm"];

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/**
 * True when an absolute path, or the static start of one, lies in a folder
 * that only root may write to: `/etc`, `/usr`, `/opt`, `/var`, `/srv`,
 * `/lib`, `/boot`, `/root`, `/bin`, `/sbin` and the like. `/tmp`, `/var/tmp`
 * and home folders are not system paths.
 */
export function isSystemPath(path: string): boolean {
  if (!path.startsWith("/")) return false;
  const normalised = posix.normalize(path);
  if (SHARED_WRITABLE_FOLDERS.some((folder) => isUnder(normalised, folder))) return false;
  return SYSTEM_FOLDERS.some((folder) => isUnder(normalised, folder));
}

/**
 * True when a path, or the static start of one, is in a user's home folder:
 * `~`, `~/...`, `~name/...`, `$HOME/...`, `/home/<name>/...` and
 * `/Users/<name>/...`. A bare `/home/` start is not enough, because the user
 * is not known yet.
 */
export function isUserHome(path: string): boolean {
  if (path === "~" || path.startsWith("~")) return true;
  if (/^\$(HOME|\{HOME\})(\/|$)/.test(path)) return true;
  return /^\/(home|Users)\/[^/]+/.test(posix.normalize(path));
}
