import type { OperationCall } from "../../python/model.js";
import type { Node } from "../../python/parser.js";
import type { Fix } from "../types.js";

/**
 * Builds an unsafe fix that appends a keyword argument such as `_sudo=True`
 * to an operation call. The keyword goes after the last argument, on the same
 * line, unless the call spans lines. Then it gets a line of its own, indented
 * like the last argument.
 */
export function appendKeywordFix(call: OperationCall, text: string, keyword: string): Fix {
  const title = `Add \`${keyword}\``;
  const list = call.arguments.node;
  const last = list.namedChildren
    .filter((child): child is Node => child !== null && child.type !== "comment")
    .at(-1);
  if (!last) {
    const start = list.startIndex + 1;
    return { title, applicability: "unsafe", edits: [{ start, end: start, content: keyword }] };
  }

  let content = `, ${keyword}`;
  if (last.startPosition.row !== list.startPosition.row) {
    const lineStart = text.lastIndexOf("\n", last.startIndex - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
    content = `,\n${indent}${keyword}`;
  }
  const edit = { start: last.endIndex, end: last.endIndex, content };
  return { title, applicability: "unsafe", edits: [edit] };
}
