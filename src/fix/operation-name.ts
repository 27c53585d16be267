import type { Catalogue } from "../catalogue/types.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { dottedName, staticString, stringPrefix } from "../python/syntax.js";
import { pythonString } from "./arguments.js";

/** Static text longer than this is cut, so names stay one readable line. */
const MAX_ARGUMENT_LENGTH = 60;

const PACKAGE_MANAGERS = new Set([
  "apk", "apt", "brew", "dnf", "opkg", "pacman", "pkgin", "xbps", "yum", "zypper",
]);
const SERVICE_MODULES = new Set([
  "bsdinit", "launchd", "openrc", "runit", "server", "systemd", "sysvinit", "upstart",
]);

/** The phrasing of a name: `{}` marks where the main argument goes, and `argument` names that parameter. */
interface NamePattern {
  pattern: string;
  /** The parameter shown in the name; by default the operation's first parameter. */
  argument?: string;
  /** Show an identifier argument as written (`Call deploy_app`) rather than its value. */
  literal?: boolean;
  /** Joins the items of a list argument; `, ` by default. */
  separator?: string;
}

/** Fixed phrases for common operations; other operations get their module and name in words. */
const PATTERNS: Record<string, NamePattern> = {
  "files.put": { pattern: "Upload {}", argument: "dest" },
  "files.template": { pattern: "Write {} from a template", argument: "dest" },
  "files.download": { pattern: "Download {}", argument: "dest" },
  "files.line": { pattern: "Edit a line in {}" },
  "files.replace": { pattern: "Replace text in {}" },
  "files.block": { pattern: "Edit a block in {}" },
  "files.sync": { pattern: "Sync {}", argument: "dest" },
  "files.rsync": { pattern: "Sync {}", argument: "dest" },
  "files.get": { pattern: "Fetch {}" },
  "files.copy": { pattern: "Copy to {}", argument: "dest" },
  "files.move": { pattern: "Move to {}", argument: "dest" },
  "files.unarchive": { pattern: "Unpack to {}", argument: "dest" },
  "files.flags": { pattern: "Set flags on {}" },
  "server.shell": { pattern: "Run {}", separator: "; " },
  "server.script": { pattern: "Run script {}" },
  "server.script_template": { pattern: "Run script {}" },
  "server.hostname": { pattern: "Set hostname to {}" },
  "server.timezone": { pattern: "Set timezone to {}" },
  "server.sysctl": { pattern: "Set sysctl {}" },
  "server.mount": { pattern: "Mount {}" },
  "server.modprobe": { pattern: "Load kernel module {}" },
  "server.reboot": { pattern: "Reboot" },
  "server.wait": { pattern: "Wait for port {}" },
  "server.locale": { pattern: "Enable locale {}" },
  "server.user_authorized_keys": { pattern: "Add authorized keys for {}" },
  "server.crontab": { pattern: "Add cron job {}" },
  "crontab.crontab": { pattern: "Add cron job {}" },
  "systemd.daemon_reload": { pattern: "Reload systemd units" },
  "git.repo": { pattern: "Clone {}", argument: "src" },
  "python.call": { pattern: "Call {}", literal: true },
  "pip.venv": { pattern: "Create virtualenv {}" },
  "pip.virtualenv": { pattern: "Create virtualenv {}" },
  "apt.repo": { pattern: "Add apt repository {}" },
  "apt.ppa": { pattern: "Add PPA {}" },
  "apt.key": { pattern: "Add apt key {}" },
  "apt.deb": { pattern: "Install {}" },
};

/** A boolean keyword argument as written, or null when it is absent or not a literal. */
function literalFlag(call: OperationCall, name: string): boolean | null {
  const value = call.arguments.keywords.get(name)?.value;
  if (value?.type === "true") return true;
  if (value?.type === "false") return false;
  return null;
}

function words(identifier: string): string {
  const text = identifier.replace(/[._]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Chooses the phrase for an operation, with the present/absent and service verbs filled in. */
function patternFor(call: OperationCall): NamePattern {
  const fixed = PATTERNS[call.qualifiedName];
  if (fixed) return fixed;
  const present = literalFlag(call, "present");
  const removes = present === false;
  const manager = call.module === "server" ? "" : `${call.module} `;

  if (call.name === "packages" || call.name === "casks") {
    return { pattern: `${removes ? "Remove" : "Install"} ${manager}packages: {}` };
  }
  if (PACKAGE_MANAGERS.has(call.module) && call.name === "update") {
    return { pattern: `Update ${call.module} package lists` };
  }
  if (PACKAGE_MANAGERS.has(call.module) && (call.name === "upgrade" || call.name === "dist_upgrade")) {
    return { pattern: `Upgrade ${call.module} packages` };
  }
  if (SERVICE_MODULES.has(call.module) && call.name === "service") {
    if (literalFlag(call, "restarted")) return { pattern: "Restart service {}" };
    if (literalFlag(call, "reloaded")) return { pattern: "Reload service {}" };
    const running = literalFlag(call, "running");
    if (running === false) return { pattern: "Stop service {}" };
    if (running === null && call.arguments.keywords.has("running")) return { pattern: "Manage service {}" };
    return { pattern: "Start service {}" };
  }
  // "Ensure" rather than "Create": these operations also change an existing user or path
  // (groups, shell, mode, owner), where a name that says "Create" would mislead.
  if (call.module === "server" && (call.name === "user" || call.name === "group")) {
    return { pattern: `${removes ? "Remove" : "Ensure"} ${call.name} {}` };
  }
  if (call.module === "files" && ["file", "directory", "link"].includes(call.name)) {
    return { pattern: `${removes ? "Remove" : "Ensure"} ${call.name} {}` };
  }
  return { pattern: `${words(call.module)} ${call.name.replace(/_/g, " ")} {}` };
}

/** One piece of a name: static text, or Python source that an f-string interpolates. */
type Piece = { kind: "text"; text: string } | { kind: "source"; source: string; quote: string };

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_ARGUMENT_LENGTH ? `${oneLine.slice(0, MAX_ARGUMENT_LENGTH - 3)}...` : oneLine;
}

/** The body of an f-string as written, when it can be reused inside another f-string. */
function fStringBody(node: Node): Piece | null {
  const prefix = stringPrefix(node);
  const start = node.firstChild;
  const end = node.lastChild;
  if (!prefix.includes("f") || prefix.includes("b") || prefix.includes("r") || !start || !end) return null;
  const quote = start.text.slice(prefix.length);
  if (quote.length !== 1) return null;
  return { kind: "source", source: node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex), quote };
}

/** Renders the main argument as a piece of the name, or null when it cannot be shown readably. */
function argumentPiece(node: Node, file: PythonFile, listValued: boolean, pattern: NamePattern): Piece | null {
  const value = staticString(node, file.scope);
  if (value !== null) return { kind: "text", text: shorten(value) };

  if (node.type === "list" || node.type === "tuple" || node.type === "set") {
    const items = node.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
    const values = items.map((item) => staticString(item, file.scope));
    if (items.length > 0 && values.every((item): item is string => item !== null)) {
      return { kind: "text", text: shorten(values.join(pattern.separator ?? ", ")) };
    }
    if (items.length === 1) return argumentPiece(items[0], file, false, pattern);
    return null;
  }
  if (node.type === "string") return fStringBody(node);

  const dotted = dottedName(node);
  if (dotted === null) return null;
  if (pattern.literal) return { kind: "text", text: dotted };
  return listValued ? null : { kind: "source", source: `{${dotted}}`, quote: '"' };
}

function escapeBraces(text: string): string {
  return text.replace(/[{}]/g, (brace) => brace + brace);
}

/** Builds the Python expression of the name: a string literal, or an f-string around dynamic parts. */
function nameExpression(pattern: string, piece: Piece | null): string {
  if (!piece) return pythonString(pattern.replace(/:?\s*\{\}/, "").trim());
  const [before, after] = pattern.split("{}");
  if (piece.kind === "text") return pythonString(before + piece.text + after);
  // A private-use character marks where the interpolated source goes; pythonString leaves it as it is.
  const literal = pythonString(before + "\ue000" + after, piece.quote === "'" ? "'" : '"');
  const [head, tail] = literal.split("\ue000");
  return `f${escapeBraces(head)}${piece.source}${escapeBraces(tail)}`;
}

/**
 * Builds a readable `name=` value for an operation call from the operation
 * and its main argument, such as `"Install apt packages: nginx"` or
 * `f"Ensure directory {path}"`. The argument is left out when it is neither
 * static text nor a plain name.
 */
export function operationName(call: OperationCall, file: PythonFile, catalogue: Catalogue): string {
  const pattern = patternFor(call);
  if (!pattern.pattern.includes("{}")) return pythonString(pattern.pattern);

  const operation = catalogue.operation(call.qualifiedName);
  const parameters = operation?.parameters.filter((parameter) => parameter.kind !== "var_keyword") ?? [];
  const parameterName = pattern.argument ?? parameters[0]?.name;
  if (!parameterName) return nameExpression(pattern.pattern, null);

  let node: Node | null = call.arguments.keywords.get(parameterName)?.value ?? null;
  const position = parameters.findIndex((parameter) => parameter.name === parameterName);
  const positional = position >= 0 && parameters[position].kind !== "keyword_only";
  if (!node && positional && !call.arguments.hasListSplat) {
    node = call.arguments.positional[position] ?? null;
  }
  const annotation = parameters[position]?.annotation ?? "";
  const listValued = /list|tuple|Iterable|Sequence|set/i.test(annotation);
  const piece = node ? argumentPiece(node, file, listValued, pattern) : null;
  return nameExpression(pattern.pattern, piece);
}
