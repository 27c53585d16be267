// The fix that turns `if op.changed:` around operation calls into `_if=`
// arguments on those calls.
import type { PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { Fix, TextEdit } from "../rules/types.js";
import { insertLastArgument } from "./arguments.js";
import { applyFixes } from "./edits.js";
import { ImportChanges } from "./imports.js";

const UTIL_MODULE = "pyinfra.operations.util";

/** Reads `a.changed`, `a.changed or b.changed ...` or `a.changed and b.changed ...` into its variables. */
function changedVariables(condition: Node): { variables: string[]; operator: "or" | "and" | null } | null {
  let node = condition;
  while (node.type === "parenthesized_expression" && node.namedChildren[0]) node = node.namedChildren[0];
  if (node.type === "attribute") {
    const object = node.childForFieldName("object");
    if (object?.type !== "identifier" || node.childForFieldName("attribute")?.text !== "changed") return null;
    return { variables: [object.text], operator: null };
  }
  if (node.type !== "boolean_operator") return null;
  const operator = node.childForFieldName("operator")?.text;
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if ((operator !== "or" && operator !== "and") || !left || !right) return null;
  const leftSide = changedVariables(left);
  const rightSide = changedVariables(right);
  if (!leftSide || !rightSide) return null;
  if ((leftSide.operator ?? operator) !== operator || (rightSide.operator ?? operator) !== operator) return null;
  return { variables: [...leftSide.variables, ...rightSide.variables], operator };
}

/** The operation call of a body statement (`op(...)` or `x = op(...)`), or null for any other statement. */
function statementCall(statement: Node, file: PythonFile): Node | null {
  if (statement.type !== "expression_statement") return null;
  let expression = statement.namedChildren[0];
  if (expression?.type === "assignment") expression = expression.childForFieldName("right");
  if (expression?.type !== "call") return null;
  return file.operations.some((call) => call.node.startIndex === expression.startIndex) ? expression : null;
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/**
 * Builds the fix for an `if` whose condition reads `op.changed`: the body's
 * operation calls move out of the `if`, each with `_if=op.did_change`, or
 * `_if=any_changed(a, b)` / `all_changed(a, b)` for `or` / `and`. Returns null
 * unless the body holds only operation calls without `_if` or `**kwargs`, the
 * `if` has no `elif` or `else`, and no comment or multi-line string would change.
 */
export function changedBlockFix(read: Node, file: PythonFile): Fix | null {
  let condition = read;
  while (condition.parent && condition.parent.type !== "if_statement") {
    if (!["boolean_operator", "parenthesized_expression"].includes(condition.parent.type)) return null;
    condition = condition.parent;
  }
  const statement = condition.parent;
  if (!statement || statement.childForFieldName("condition")?.id !== condition.id) return null;
  if (statement.childForFieldName("alternative")) return null;
  const block = statement.childForFieldName("consequence");
  const parsed = changedVariables(condition);
  if (!block || !parsed) return null;

  const text = file.text;
  const bodyStatements = block.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
  if (bodyStatements.length === 0) return null;
  const calls: Node[] = [];
  for (const bodyStatement of bodyStatements) {
    const call = statementCall(bodyStatement, file);
    if (!call) return null;
    const operation = file.operations.find((candidate) => candidate.node.startIndex === call.startIndex);
    if (!operation || operation.arguments.keywords.has("_if") || operation.arguments.hasDictionarySplat) return null;
    calls.push(call);
  }
  // A comment on the `if` line would be lost; a multi-line string would change when dedented.
  if (statement.descendantsOfType("comment").some((comment) => comment && comment.startIndex < block.startIndex)) {
    return null;
  }
  const strings = block.descendantsOfType("string");
  if (strings.some((string) => string && string.startPosition.row !== string.endPosition.row)) return null;

  const imports = new ImportChanges(file);
  let value: string;
  if (parsed.operator === null) {
    value = `${parsed.variables[0]}.did_change`;
  } else {
    const helper = imports.require(UTIL_MODULE, parsed.operator === "or" ? "any_changed" : "all_changed");
    if (!helper) return null;
    value = `${helper}(${parsed.variables.join(", ")})`;
  }

  // Add `_if=` to each call, then move the body out of the `if` one indentation level.
  const insertions: TextEdit[] = calls.flatMap((call) => {
    const operation = file.operations.find((candidate) => candidate.node.startIndex === call.startIndex);
    return operation ? insertLastArgument(text, operation.arguments, `_if=${value}`) : [];
  });
  const shifted = insertions.map((edit) => ({
    ...edit,
    start: edit.start - block.startIndex,
    end: edit.end - block.startIndex,
  }));
  const body = applyFixes(text.slice(block.startIndex, block.endIndex), [{ title: "", applicability: "safe", edits: shifted }], "\n");
  const outer = lineIndent(text, statement.startIndex);
  const inner = lineIndent(text, block.startIndex);
  if (!inner.startsWith(outer) || inner === outer) return null;
  const dedented = body
    .split("\n")
    .map((line, index) => (index > 0 && line.startsWith(inner) ? outer + line.slice(inner.length) : line))
    .join("\n");

  return {
    title: `Pass \`_if=${value}\` to the guarded operations`,
    applicability: "unsafe",
    edits: imports.finish([{ start: statement.startIndex, end: statement.endIndex, content: dedented }]),
  };
}
