// Finds the place that turns privilege escalation on for an operation call:
// the call itself, its deploy function, the file, or the whole run.
import { dirname, join, relative } from "node:path";

import { readInput } from "../../check/inputs.js";
import { configTurnsOnSudo } from "../../check/project.js";
import type { KeywordArgument, OperationCall, PythonFile } from "../../python/model.js";
import type { Node } from "../../python/parser.js";
import { parsePython } from "../../python/parser.js";
import { callArguments } from "../../python/model.js";
import { walkNamed } from "../../python/syntax.js";
import type { RuleContext } from "../types.js";

/**
 * Global arguments that make pyinfra run the command as another user. Each
 * maps to the arguments that pyinfra ignores unless it is set.
 */
export const ESCALATION_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["_sudo", ["_sudo_user", "_use_sudo_login", "_preserve_sudo_env", "_sudo_password"]],
  ["_su_user", ["_use_su_login", "_preserve_su_env", "_su_shell", "_su_password"]],
  ["_doas", ["_doas_user"]],
  ["_dzdo", ["_dzdo_user"]],
]);

/** The place that turns privilege escalation on for an operation call. */
export type EscalationSource = "call" | "run" | "file" | "deploy";

/** True unless the expression is the literal `False`, `None`, `""` or `0`. */
export function mayBeTrue(node: Node): boolean {
  if (node.type === "false" || node.type === "none") return false;
  return node.text !== '""' && node.text !== "''" && node.text !== "0";
}

/** The escalation arguments a call or decorator passes with a value that may be true. */
function escalatingKeywords(keywords: ReadonlyMap<string, KeywordArgument>): KeywordArgument[] {
  return [...ESCALATION_ARGUMENTS.keys()]
    .map((name) => keywords.get(name))
    .filter((keyword): keyword is KeywordArgument => keyword !== undefined)
    .filter((keyword) => mayBeTrue(keyword.value));
}

/**
 * True when `group_data/all.py` in a folder sets `_sudo = True`. pyinfra
 * reads that file from its working directory and from the inventory's
 * folder, and applies its names as host data, and so as global arguments,
 * to every host.
 */
function groupDataTurnsOnSudo(folder: string): boolean {
  const text = readInput(join(folder, "group_data", "all.py"));
  if (text === null) return false;
  const tree = parsePython(text);
  try {
    return tree.rootNode.namedChildren.some((statement) => {
      if (statement?.type !== "expression_statement") return false;
      const assignment = statement.namedChildren[0];
      return (
        assignment?.type === "assignment" &&
        assignment.childForFieldName("left")?.text === "_sudo" &&
        assignment.childForFieldName("right")?.type === "true"
      );
    });
  } finally {
    tree.delete();
  }
}

const nearbySudoByFile = new WeakMap<PythonFile, boolean>();

/**
 * True when `config.py` or `group_data/all.py` in the file's folder, or in a
 * folder above it up to the project root, turns sudo on for every host.
 * pyinfra reads both from its working directory, and deploy files usually
 * sit at or below that folder.
 */
function nearbyFilesTurnOnSudo(file: PythonFile, root: string): boolean {
  const cached = nearbySudoByFile.get(file);
  if (cached !== undefined) return cached;

  let found = false;
  let folder = dirname(file.absolutePath);
  while (!found && !relative(root, folder).startsWith("..")) {
    found = configTurnsOnSudo(folder) || groupDataTurnsOnSudo(folder);
    const parent = dirname(folder);
    if (parent === folder || folder === root) break;
    folder = parent;
  }
  nearbySudoByFile.set(file, found);
  return found;
}

/** Returns the `function_definition` nodes around a node, innermost first. */
function enclosingFunctions(node: Node): Node[] {
  const found: Node[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition") found.push(current);
  }
  return found;
}

const escalatedFunctionsByFile = new WeakMap<PythonFile, ReadonlySet<number>>();

/**
 * Returns the ids of the function definitions in a file whose operations run
 * with escalation: a `@deploy(..., _sudo=True)` function, or a function every
 * call of which in the same file passes `_sudo=True` or sits in such a function.
 * A function that is never called in the file counts only through its decorator.
 */
function escalatedFunctions(file: PythonFile): ReadonlySet<number> {
  const cached = escalatedFunctionsByFile.get(file);
  if (cached) return cached;

  const byName = new Map<string, Node[]>();
  const escalated = new Set<number>();
  for (const info of file.functions) {
    byName.set(info.name, [...(byName.get(info.name) ?? []), info.node]);
    const decorator = info.deployDecorator?.namedChildren[0];
    const args = decorator?.type === "call" ? callArguments(decorator) : null;
    if (args && escalatingKeywords(args.keywords).length > 0) escalated.add(info.node.id);
  }

  const callSites = new Map<number, { escalates: boolean; enclosing: Node[] }[]>();
  walkNamed(file.root, (node) => {
    if (node.type !== "call") return;
    const callee = node.childForFieldName("function");
    if (callee?.type !== "identifier") return;
    const targets = byName.get(callee.text);
    if (!targets) return;
    const args = callArguments(node);
    const site = {
      escalates: args !== null && escalatingKeywords(args.keywords).length > 0,
      enclosing: enclosingFunctions(node),
    };
    for (const target of targets) {
      callSites.set(target.id, [...(callSites.get(target.id) ?? []), site]);
    }
  });

  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, sites] of callSites) {
      if (escalated.has(id)) continue;
      const all = sites.every(
        (site) => site.escalates || site.enclosing.some((outer) => escalated.has(outer.id)),
      );
      if (all) {
        escalated.add(id);
        changed = true;
      }
    }
  }
  escalatedFunctionsByFile.set(file, escalated);
  return escalated;
}

/**
 * Returns why a call runs with privilege escalation, or null when nothing
 * turns it on. A call with `**kwargs` counts as escalated, because the
 * dictionary may carry `_sudo`.
 */
export function escalationSource(
  call: OperationCall,
  context: RuleContext,
): EscalationSource | null {
  if (escalatingKeywords(call.arguments.keywords).length > 0) return "call";
  if (call.arguments.hasDictionarySplat) return "call";
  if (context.project.sudoForRun) return "run";
  if (context.file.setsSudo) return "file";
  if (nearbyFilesTurnOnSudo(context.file, context.project.root)) return "run";

  const escalated = escalatedFunctions(context.file);
  if (enclosingFunctions(call.node).some((node) => escalated.has(node.id))) return "deploy";
  return null;
}
