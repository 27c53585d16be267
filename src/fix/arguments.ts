import type { CallArguments } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { TextEdit } from "../rules/types.js";

/** The indentation of a node that starts its line, or null when code precedes it there. */
export function ownLineIndent(text: string, node: Node): string | null {
  const lineStart = text.lastIndexOf("\n", node.startIndex - 1) + 1;
  const before = text.slice(lineStart, node.startIndex);
  return /^[ \t]*$/.test(before) ? before : null;
}

function argumentNodes(args: CallArguments): Node[] {
  return args.node.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
}

function lineEndAfter(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  const lineEnd = end === -1 ? text.length : end;
  return text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
}

/**
 * Inserts `argument` (such as `name="Install nginx"`) before the first
 * keyword argument, or after the last argument when there is none. In a call
 * that puts one argument per line, the new one gets its own line.
 */
export function insertFirstKeyword(text: string, args: CallArguments, argument: string): TextEdit[] {
  const first = argumentNodes(args).find(
    (node) => node.type === "keyword_argument" || node.type === "dictionary_splat",
  );
  if (!first) return insertLastArgument(text, args, argument);
  const indent = ownLineIndent(text, first);
  const content = indent === null ? `${argument}, ` : `${argument},\n${indent}`;
  return [{ start: first.startIndex, end: first.startIndex, content }];
}

/**
 * Inserts `argument` after the last argument of a call, keeping a trailing
 * comma and a comment at the end of the last argument's line where they are.
 */
export function insertLastArgument(text: string, args: CallArguments, argument: string): TextEdit[] {
  const nodes = argumentNodes(args);
  const last = nodes[nodes.length - 1];
  if (!last) {
    const open = args.node.startIndex + 1;
    return [{ start: open, end: open, content: argument }];
  }
  // A comment may sit between the last argument and its comma, which then has a line of its own.
  let next = last.nextSibling;
  while (next?.type === "comment") next = next.nextSibling;
  const comma = next?.type === "," ? next : null;
  const afterLast = comma ?? last;
  const indent = ownLineIndent(text, last);
  const closing = args.node.endIndex - 1;
  const lineEnd = lineEndAfter(text, afterLast.endIndex);
  if (indent === null) {
    // A trailing comma stays last: `f(a,)` becomes `f(a, argument,)`.
    const content = comma ? ` ${argument},` : `, ${argument}`;
    return [{ start: afterLast.endIndex, end: afterLast.endIndex, content }];
  }
  if (lineEnd >= closing) {
    // The closing bracket follows the last argument on its line: the new argument goes between them.
    const content = comma ? `\n${indent}${argument},` : `,\n${indent}${argument}`;
    return [{ start: afterLast.endIndex, end: afterLast.endIndex, content }];
  }
  // One argument per line: the new argument goes on a line of its own after the last one.
  const edits: TextEdit[] = [];
  if (!comma) edits.push({ start: last.endIndex, end: last.endIndex, content: "," });
  edits.push({ start: lineEnd, end: lineEnd, content: `\n${indent}${argument},` });
  return edits;
}

/** Quotes text as a Python string literal, preferring double quotes. */
export function pythonString(value: string, quote?: '"' | "'"): string {
  const chosen = quote ?? (value.includes('"') && !value.includes("'") ? "'" : '"');
  let body = "";
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (character === "\\") body += "\\\\";
    else if (character === chosen) body += `\\${chosen}`;
    else if (character === "\n") body += "\\n";
    else if (character === "\r") body += "\\r";
    else if (character === "\t") body += "\\t";
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, "0")}`;
    else body += character;
  }
  return `${chosen}${body}${chosen}`;
}

/**
 * Removes some items of a comma-separated list (call arguments or function
 * parameters) with their commas. Returns null when a comment sits in the text
 * that would be removed, because it would be lost.
 */
export function removeListItems(list: Node, remove: readonly Node[]): TextEdit[] | null {
  const items = list.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
  const removed = new Set(remove.map((node) => node.startIndex));
  const comments = list.namedChildren.filter((child): child is Node => child?.type === "comment");
  let lastKept = -1;
  items.forEach((item, index) => {
    if (!removed.has(item.startIndex)) lastKept = index;
  });

  const ranges: { start: number; end: number }[] = [];
  items.forEach((item, index) => {
    if (!removed.has(item.startIndex) || index > lastKept) return;
    ranges.push({ start: item.startIndex, end: items[index + 1].startIndex });
  });
  const trailing = items.slice(lastKept + 1);
  if (trailing.length > 0) {
    const end = trailing[trailing.length - 1].endIndex;
    if (lastKept >= 0) {
      ranges.push({ start: items[lastKept].endIndex, end });
    } else {
      // Every item goes: clear the whole list between its brackets, trailing comma included.
      ranges.push({ start: list.startIndex + 1, end: list.endIndex - 1 });
    }
  }

  const merged: { start: number; end: number }[] = [];
  for (const range of ranges.sort((a, b) => a.start - b.start)) {
    const previous = merged[merged.length - 1];
    if (previous && previous.end >= range.start) previous.end = Math.max(previous.end, range.end);
    else merged.push({ ...range });
  }
  // A comment at the end of a removed item's line would be lost or end up describing another line.
  const losesComment = comments.some(
    (comment) =>
      merged.some((range) => comment.startIndex < range.end && range.start < comment.endIndex) ||
      remove.some((item) => comment.startPosition.row === item.endPosition.row && comment.startIndex >= item.endIndex),
  );
  if (losesComment) return null;
  return merged.map((range) => ({ ...range, content: "" }));
}
