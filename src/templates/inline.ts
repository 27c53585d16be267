// The text of a template written inline as a Python string, with the file
// offset of each character, so that positions inside the template map back to
// the Python source.
import type { Node } from "../python/parser.js";
import { decodeEscape, stringPrefix } from "../python/syntax.js";

/** A decoded string value and, for each UTF-16 unit of it, the file offset it comes from. */
export interface InlineText {
  text: string;
  /** `offsets[i]` is the file offset of `text[i]`; `offsets[text.length]` is the end of the literal. */
  offsets: number[];
}

function appendContent(content: Node, raw: boolean, result: InlineText): void {
  const text = content.text;
  let position = content.startIndex;
  const appendRaw = (until: number) => {
    for (let index = position; index < until; index++) {
      result.text += text[index - content.startIndex];
      result.offsets.push(index);
    }
    position = until;
  };
  if (!raw) {
    for (const escape of content.namedChildren) {
      if (!escape || escape.type !== "escape_sequence") continue;
      appendRaw(escape.startIndex);
      const decoded = decodeEscape(escape.text);
      for (let index = 0; index < decoded.length; index++) {
        result.text += decoded[index];
        result.offsets.push(escape.startIndex);
      }
      position = escape.endIndex;
    }
  }
  appendRaw(content.endIndex);
}

function appendLiteral(node: Node, result: InlineText, depth: number): boolean {
  if (depth > 20) return false;
  switch (node.type) {
    case "string": {
      const prefix = stringPrefix(node);
      // Bytes are not templates, and an f-string is not a static value.
      if (prefix.includes("b") || prefix.includes("f")) return false;
      for (const part of node.namedChildren) {
        if (!part) continue;
        if (part.type === "string_content") appendContent(part, prefix.includes("r"), result);
        else if (part.type === "interpolation") return false;
      }
      return true;
    }
    case "concatenated_string":
      return node.namedChildren.every((part) => !part || appendLiteral(part, result, depth + 1));
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? appendLiteral(inner, result, depth + 1) : false;
    }
    default:
      return false;
  }
}

/** Reads a string literal as an inline template, or returns null when it is not a static str literal. */
export function inlineText(node: Node): InlineText | null {
  const result: InlineText = { text: "", offsets: [] };
  if (!appendLiteral(node, result, 0)) return null;
  result.offsets.push(node.endIndex);
  return result;
}
