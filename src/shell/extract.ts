// Finds the shell commands of `server.shell` calls and parses each one.
import type { Node } from "../python/parser.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import { unparenthesized } from "../python/syntax.js";
import { parseShellScript } from "./commands.js";
import { shellTemplate } from "./python-template.js";
import type { ShellTemplate } from "./python-template.js";
import type { ShellScript } from "./types.js";

/** One shell command string of a `server.shell` call, parsed. */
export interface ShellCommandSource {
  call: OperationCall;
  /** The Python expression that contains the command: a list element, or the whole `commands` value. */
  node: Node;
  template: ShellTemplate;
  script: ShellScript;
}

const cache = new WeakMap<PythonFile, ShellCommandSource[]>();

/** Returns the expressions that each contain one command: the items of a list or tuple, or the value itself. */
function commandExpressions(value: Node): Node[] {
  const node = unparenthesized(value);
  if (node.type !== "list" && node.type !== "tuple") return [node];
  return node.namedChildren
    .filter((item): item is Node => item !== null && item.type !== "comment" && item.type !== "list_splat")
    .map(unparenthesized);
}

/** The `commands` argument of a `server.shell` call: the keyword, or else the first positional. */
export function commandsArgument(call: OperationCall): Node | null {
  return call.arguments.keywords.get("commands")?.value ?? call.arguments.positional[0] ?? null;
}

/**
 * Returns every command string of every `server.shell` call in the file,
 * parsed, in document order. Commands that are not strings built in place
 * (a variable, a function result) are left out. The result is computed once
 * per file and shared by the rules.
 */
export function shellCommandSources(file: PythonFile): ShellCommandSource[] {
  const cached = cache.get(file);
  if (cached) return cached;
  const sources: ShellCommandSource[] = [];
  for (const call of file.operations) {
    if (call.qualifiedName !== "server.shell") continue;
    const value = commandsArgument(call);
    if (!value) continue;
    for (const node of commandExpressions(value)) {
      const template = shellTemplate(node, file.scope);
      if (!template) continue;
      sources.push({ call, node, template, script: parseShellScript(template.text) });
    }
  }
  cache.set(file, sources);
  return sources;
}
