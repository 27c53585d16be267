// The fix that makes a restart or reload depend on the configuration write
// before it, with `_if=`.
import type { OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { ConfigWriter } from "../rules/unconditional-restart.js";
import type { Fix, TextEdit } from "../rules/types.js";
import { insertLastArgument } from "./arguments.js";
import { ImportChanges } from "./imports.js";

/** Names tried, in order, for the result of a writer that is not assigned yet. */
const WRITER_NAMES = ["config", "config_file", "config_write"];

/** True when the writer's statement is in a block that also holds the call, so its variable is bound there. */
function boundAtCall(writer: ConfigWriter, call: OperationCall): boolean {
  const block = writer.operation.statement.parent;
  if (!block) return false;
  for (let current: Node | null = call.node.parent; current; current = current.parent) {
    if (current.id === block.id) return true;
  }
  return false;
}

function isNameUsed(file: PythonFile, name: string): boolean {
  return file.nodes("identifier").some((node) => node.text === name);
}

/**
 * Assigns the result of an unassigned writer to a fresh variable, when its
 * statement is the bare call. Returns the variable and the edit, or null.
 */
function assignWriter(writer: ConfigWriter, file: PythonFile): { variable: string; edit: TextEdit } | null {
  const statement = writer.operation.statement;
  if (statement.type !== "expression_statement" || statement.namedChildren[0]?.id !== writer.operation.node.id) {
    return null;
  }
  const variable = WRITER_NAMES.find((name) => !isNameUsed(file, name));
  if (!variable) return null;
  const start = writer.operation.node.startIndex;
  return { variable, edit: { start, end: start, content: `${variable} = ` } };
}

/**
 * Builds the fix for a restart or reload that runs on every run. With one
 * configuration write before it, bound where the call runs, the call gets
 * `_if=<write>.did_change` (the write's result is assigned to a variable when
 * it is not yet): unsafe, because the service then restarts only when that
 * file changed. With several writes that all have variables, the fix passes
 * `_if=any_changed(...)` with all of them and is display-only, because which
 * of them should trigger the restart is the author's choice.
 */
export function restartTriggerFix(call: OperationCall, writers: ConfigWriter[], file: PythonFile): Fix | null {
  if (writers.length === 0) return null;
  if (!writers.every((writer) => boundAtCall(writer, call))) return null;

  if (writers.length === 1) {
    const [writer] = writers;
    const edits: TextEdit[] = [];
    let variable = writer.variable;
    if (!variable) {
      const assigned = assignWriter(writer, file);
      if (!assigned) return null;
      variable = assigned.variable;
      edits.push(assigned.edit);
    }
    edits.push(...insertLastArgument(file.text, call.arguments, `_if=${variable}.did_change`));
    return { title: `Pass \`_if=${variable}.did_change\``, applicability: "unsafe", edits };
  }

  const variables = writers.map((writer) => writer.variable);
  if (variables.some((variable) => variable === null)) return null;
  const imports = new ImportChanges(file);
  const helper = imports.require("pyinfra.operations.util", "any_changed");
  if (!helper) return null;
  const value = `${helper}(${variables.join(", ")})`;
  return {
    title: `Pass \`_if=${value}\` with the writes that should trigger it`,
    applicability: "display-only",
    edits: imports.finish(insertLastArgument(file.text, call.arguments, `_if=${value}`)),
  };
}
