import type { OperationCall } from "../../python/model.js";
import { insertLastArgument } from "../../fix/arguments.js";
import type { Fix } from "../types.js";

/**
 * Builds an unsafe fix that appends a keyword argument such as `_sudo=True`
 * to an operation call: after the last argument on the same line, or on a
 * line of its own, indented like the last argument, when the call puts one
 * argument per line. A comment at the end of the last argument's line stays there.
 */
export function appendKeywordFix(call: OperationCall, text: string, keyword: string): Fix {
  return {
    title: `Add \`${keyword}\``,
    applicability: "unsafe",
    edits: insertLastArgument(text, call.arguments, keyword),
  };
}
