// Reads the replacement fields of Python's `%` and `str.format` templates, as
// described under "printf-style String Formatting" and "Format String Syntax"
// in the Python 3 library reference.
import type { Node } from "../python/parser.js";

/** Format types whose output is a number, so it contains no shell syntax. */
export const NUMERIC_FORMAT_TYPES = new Set([..."bdoxXneEfFgG%"]);
/** One `%` conversion: an optional `(name)`, flags, width, precision and the type. */
export const PERCENT_SPEC = /%(?:\(([^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

export interface PercentValues {
  byPosition: (Node | undefined)[];
  byName: Map<string, Node>;
}

/** Maps the right side of `%` to the values of its conversions, by position or by name. */
export function percentValues(right: Node, count: number): PercentValues {
  const byName = new Map<string, Node>();
  if (right.type === "dictionary") {
    for (const pair of right.namedChildren) {
      if (pair?.type !== "pair") continue;
      const key = pair.childForFieldName("key");
      const value = pair.childForFieldName("value");
      if (key?.type === "string" && value) {
        const name = key.namedChildren.find((part) => part?.type === "string_content")?.text ?? "";
        byName.set(name, value);
      }
    }
    return { byPosition: [], byName };
  }
  if (right.type === "tuple") {
    const items = right.namedChildren.filter((child) => child && child.type !== "comment") as Node[];
    return { byPosition: items.length === count ? items : [], byName };
  }
  return { byPosition: count === 1 ? [right] : [], byName };
}

export type FormatPiece =
  | { kind: "text"; text: string }
  | { kind: "field"; field: { name: string; conversion: string; spec: string } };

/** Splits a `str.format` template into text and replacement fields. */
export function splitFormatString(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let text = "";
  for (let i = 0; i < format.length; i++) {
    const char = format[i];
    if ((char === "{" || char === "}") && format[i + 1] === char) {
      text += char;
      i++;
      continue;
    }
    if (char !== "{") {
      text += char;
      continue;
    }
    const close = format.indexOf("}", i);
    if (close < 0) {
      text += format.slice(i);
      break;
    }
    if (text) pieces.push({ kind: "text", text });
    text = "";
    const body = format.slice(i + 1, close);
    const colon = body.indexOf(":");
    const beforeSpec = colon >= 0 ? body.slice(0, colon) : body;
    const bang = beforeSpec.indexOf("!");
    pieces.push({
      kind: "field",
      field: {
        name: bang >= 0 ? beforeSpec.slice(0, bang) : beforeSpec,
        conversion: bang >= 0 ? beforeSpec.slice(bang + 1) : "",
        spec: colon >= 0 ? body.slice(colon + 1) : "",
      },
    });
    i = close;
  }
  if (text) pieces.push({ kind: "text", text });
  return pieces;
}
