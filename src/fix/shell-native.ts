// The fix that replaces a `server.shell` call with the native operations that
// do what its commands do.
import type { Catalogue } from "../catalogue/types.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { Fix, TextEdit } from "../rules/types.js";
import type { ShellCommandSource } from "../shell/extract.js";
import { commandsArgument } from "../shell/extract.js";
import type { NativeCall } from "../shell/native-equivalents.js";
import { nativeEquivalent } from "../shell/native-equivalents.js";
import type { SimpleCommand } from "../shell/types.js";
import { ImportChanges } from "./imports.js";

/** Calls longer than this, with their indentation, put one argument per line. */
const MAX_LINE = 100;
const INDENT = "    ";
/** Joiners that run the next command only after the previous one, as separate operations do. */
const SEQUENTIAL = new Set(["&&", ";", null]);
const FROM_IMPORT = /^from ([\w.]+) import (\w+)$/;

/** Returns the native call for every command of one source, or null when any command has none. */
function sourceNatives(source: ShellCommandSource, catalogue: Catalogue): NativeCall[] | null {
  if (source.script.hasError || source.script.commands.length === 0) return null;
  const calls: NativeCall[] = [];
  for (const command of source.script.commands) {
    if (!isPlainStatement(command)) return null;
    const match = nativeEquivalent(command, source.template);
    if (!match || !exists(match.call, catalogue)) return null;
    calls.push(match.call);
  }
  return calls;
}

function isPlainStatement(command: SimpleCommand): boolean {
  return (
    command.context === "statement" &&
    command.pipeline === null &&
    command.wrapper === null &&
    command.script === null &&
    SEQUENTIAL.has(command.joiner)
  );
}

function exists(call: NativeCall, catalogue: Catalogue): boolean {
  const operation = catalogue.operation(call.operation);
  if (!operation) return false;
  const parameters = new Set(operation.parameters.map((parameter) => parameter.name));
  return call.arguments.every(([name]) => parameters.has(name) || catalogue.globalArguments.has(name));
}

/**
 * Merges the shell call's own keyword arguments into a native call: `name`
 * first, the native arguments, then the carried global arguments. Returns null
 * when both set one argument to different values.
 */
function mergedArguments(call: NativeCall, carried: [string, string][]): [string, string][] | null {
  const native = new Map(call.arguments);
  for (const [name, value] of carried) {
    const own = native.get(name);
    if (own !== undefined && own !== value) return null;
  }
  const name = carried.filter(([key]) => key === "name");
  const rest = carried.filter(([key]) => key !== "name" && !native.has(key));
  return [...name, ...call.arguments, ...rest];
}

function formatCall(callee: string, args: [string, string][], indent: string): string {
  const parts = args.map(([name, value]) => `${name}=${value}`);
  const oneLine = `${callee}(${parts.join(", ")})`;
  if (indent.length + oneLine.length <= MAX_LINE && !oneLine.includes("\n")) return oneLine;
  return `${callee}(\n${parts.map((part) => `${indent}${INDENT}${part},\n`).join("")}${indent})`;
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/** The keyword arguments of the shell call other than `commands`, as written. */
function carriedArguments(call: OperationCall): [string, string][] {
  return [...call.arguments.keywords.values()]
    .filter((keyword) => keyword.name !== "commands")
    .map((keyword) => [keyword.name, keyword.value.text]);
}

/**
 * Builds the fix that replaces a `server.shell` call with native operations,
 * one per command, carrying over the call's own arguments (`name`, `_sudo`,
 * `_if`, `_env`, ...). It is unsafe: the native operations check the host's
 * state and act only when it differs, so work that the shell did on every run
 * no longer happens. Returns null unless every command of the call has a
 * native form, the commands run one after another, and the call has no comment,
 * `**kwargs` or `*args`. A call whose result is assigned, or that sits inside
 * an expression, is replaced only when it becomes a single operation.
 */
export function shellNativeFix(
  call: OperationCall,
  sources: ShellCommandSource[],
  file: PythonFile,
  catalogue: Catalogue,
): Fix | null {
  if (call.arguments.hasDictionarySplat || call.arguments.hasListSplat) return null;
  if (call.node.descendantsOfType("comment").length > 0) return null;
  const value = commandsArgument(call);
  if (!value || call.arguments.positional.length > (call.arguments.keywords.has("commands") ? 0 : 1)) return null;
  const perSource = sources.map((source) => sourceNatives(source, catalogue));
  const statement = call.statement;
  const standalone = statement.type === "expression_statement" && statement.namedChildren[0]?.id === call.node.id;
  if (perSource.some((natives) => natives === null)) {
    return standalone ? partialFix(call, sources, perSource, file) : null;
  }
  const natives = perSource.flatMap((calls) => calls ?? []);
  if (natives.length === 0 || (natives.length > 1 && !standalone)) return null;

  const imports = new ImportChanges(file);
  const indent = lineIndent(file.text, statement.startIndex);
  const rendered = renderNatives(natives, carriedArguments(call), imports, indent);
  if (!rendered) return null;
  const target: Node = natives.length > 1 ? statement : call.node;
  const edit: TextEdit = { start: target.startIndex, end: target.endIndex, content: rendered.join(`\n${indent}`) };
  const operations = [...new Set(natives.map((native) => `\`${native.operation}\``))].join(", ");
  // When the command's target could be a file or a folder, the right operation is not known.
  const guessed = natives.some((native) => native.alternative !== undefined);
  return {
    title: `Replace the shell command with ${operations}`,
    applicability: guessed ? "display-only" : "unsafe",
    edits: imports.finish([edit]),
  };
}

/** Renders native calls with the shell call's arguments merged in, importing what they need. */
function renderNatives(
  natives: NativeCall[],
  carried: [string, string][],
  imports: ImportChanges,
  indent: string,
): string[] | null {
  const rendered: string[] = [];
  for (const native of natives) {
    for (const line of native.imports) {
      const match = FROM_IMPORT.exec(line);
      if (!match || imports.require(match[1], match[2]) !== match[2]) return null;
    }
    const dot = native.operation.lastIndexOf(".");
    const module = imports.require("pyinfra.operations", native.operation.slice(0, dot));
    const args = mergedArguments(native, carried);
    if (!module || !args) return null;
    rendered.push(formatCall(`${module}.${native.operation.slice(dot + 1)}`, args, indent));
  }
  return rendered;
}

/**
 * Builds a display-only fix for a call whose list items are only partly
 * native: each item with a native form becomes its operations, and each run
 * of the other items stays a `server.shell` call, in the original order. It is
 * never applied, because splitting one shell step changes what its name and
 * its `_if` cover; it shows the author the shape of the rewrite.
 */
function partialFix(
  call: OperationCall,
  sources: ShellCommandSource[],
  perSource: (NativeCall[] | null)[],
  file: PythonFile,
): Fix | null {
  const value = commandsArgument(call);
  if (!value || value.type !== "list") return null;
  const items = value.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
  if (items.length !== sources.length || perSource.every((natives) => natives === null)) return null;

  const imports = new ImportChanges(file);
  const carried = carriedArguments(call);
  const indent = lineIndent(file.text, call.statement.startIndex);
  const rendered: string[] = [];
  let shellItems: string[] = [];
  const flushShell = () => {
    if (shellItems.length === 0) return;
    const args: [string, string][] = [["commands", `[${shellItems.join(", ")}]`], ...carried];
    rendered.push(formatCall(call.callee.text, args, indent));
    shellItems = [];
  };
  for (const [index, natives] of perSource.entries()) {
    if (sources[index].node.id !== items[index].id) return null;
    if (natives === null) {
      shellItems.push(items[index].text);
      continue;
    }
    flushShell();
    const calls = renderNatives(natives, carried, imports, indent);
    if (!calls) return null;
    rendered.push(...calls);
  }
  flushShell();

  const edit: TextEdit = {
    start: call.statement.startIndex,
    end: call.statement.endIndex,
    content: rendered.join(`\n${indent}`),
  };
  return {
    title: "Replace the commands that have native forms with operations",
    applicability: "display-only",
    edits: imports.finish([edit]),
  };
}
