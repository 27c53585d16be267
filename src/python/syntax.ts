import { dirname } from "node:path";
import { posix } from "node:path";

import type { Node } from "./parser.js";

/** Calls `visit` on every named node under `root`, in document order. Return false to skip a subtree. */
export function walkNamed(root: Node, visit: (node: Node) => boolean | void): void {
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      const descend = node.isNamed ? visit(node) !== false : true;
      if (descend && cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
        if (cursor.currentNode.id === root.id) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Returns every named node of one of the given types under `root`, in document order. */
export function findAll(root: Node, types: ReadonlySet<string>): Node[] {
  const found: Node[] = [];
  walkNamed(root, (node) => {
    if (types.has(node.type)) found.push(node);
  });
  return found;
}

/** Returns the nearest ancestor of one of the given types, or null. */
export function ancestorOfType(node: Node, types: ReadonlySet<string>): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (types.has(current.type)) return current;
  }
  return null;
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Returns the dotted text of a `name` or `a.b.c` attribute chain, or null for anything else. */
export function dottedName(node: Node): string | null {
  if (node.type !== "identifier" && node.type !== "attribute" && node.type !== "dotted_name") {
    return null;
  }
  // Reading the text avoids creating a node object per link of the chain.
  const text = node.text;
  if (!DOTTED.test(text)) return null;
  return text.includes(" ") || text.includes("\n") ? text.replace(/\s+/g, "") : text;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
  "\r\n": "",
};

/** Decodes one Python escape sequence of a str literal; an unknown escape keeps its backslash, as in Python. */
export function decodeEscape(escape: string): string {
  const body = escape.slice(1);
  if (body in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[body];
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body)) {
    return String.fromCharCode(parseInt(body.slice(1), 16));
  }
  if (/^U[0-9a-fA-F]{8}$/.test(body)) return String.fromCodePoint(parseInt(body.slice(1), 16));
  return escape;
}

/**
 * Decodes a `string_content` node. The grammar nests escape sequences and the
 * f-string braces `{{` and `}}` inside it as child nodes.
 */
function contentText(content: Node, raw: boolean): string {
  if (content.namedChildCount === 0) return content.text;
  let value = "";
  let position = content.startIndex;
  const text = content.text;
  for (const child of content.namedChildren) {
    if (!child) continue;
    const decoded =
      child.type === "escape_interpolation"
        ? child.text[0]
        : child.type === "escape_sequence" && !raw
          ? decodeEscape(child.text)
          : null;
    if (decoded === null) continue;
    value += text.slice(position - content.startIndex, child.startIndex - content.startIndex);
    value += decoded;
    position = child.endIndex;
  }
  return value + text.slice(position - content.startIndex);
}

/** The prefix letters of a string literal, lower-cased: `f`, `rb`, or an empty string. */
export function stringPrefix(node: Node): string {
  const start = node.firstChild;
  if (!start || start.type !== "string_start") return "";
  return start.text.replace(/['"]+$/, "").toLowerCase();
}

/** Resolves names to values that are known without running code. */
export interface StaticScope {
  /** Module-level string constants of the file. */
  constants: ReadonlyMap<string, string>;
  /** Absolute path of the file, for `__file__`. */
  filePath: string;
  /** Dotted name of the `os.path.join` function as imported in the file, for example `os.path.join` or `join`. */
  isPathJoin: (callee: string) => boolean;
  isPathDirname: (callee: string) => boolean;
}

/**
 * Evaluates an expression to a string when it is static: literals, implicit
 * and `+` concatenation, module-level constants, f-strings whose parts are all
 * static, `__file__`, `os.path.dirname(...)` and `os.path.join(...)`.
 * Returns null for anything else, including bytes literals.
 */
export function staticString(node: Node | null, scope: StaticScope, depth = 0): string | null {
  if (!node || depth > 20) return null;
  switch (node.type) {
    case "string": {
      const prefix = stringPrefix(node);
      if (prefix.includes("b")) return null;
      const raw = prefix.includes("r");
      // `\N{NAME}` needs Unicode's character names to decode, so such a string counts as not static.
      if (!raw && node.text.includes("\\N{")) return null;
      let value = "";
      for (const part of node.namedChildren) {
        if (!part) continue;
        if (part.type === "string_content") value += contentText(part, raw);
        else if (part.type === "escape_sequence") value += raw ? part.text : decodeEscape(part.text);
        else if (part.type === "interpolation") {
          const inner = part.childForFieldName("expression");
          if (part.childForFieldName("format_specifier") || part.childForFieldName("type_conversion")) {
            return null;
          }
          const resolved = staticString(inner, scope, depth + 1);
          if (resolved === null) return null;
          value += resolved;
        }
      }
      return value;
    }
    case "concatenated_string": {
      let value = "";
      for (const part of node.namedChildren) {
        const resolved = staticString(part, scope, depth + 1);
        if (resolved === null) return null;
        value += resolved;
      }
      return value;
    }
    case "parenthesized_expression":
      return staticString(node.namedChildren[0] ?? null, scope, depth + 1);
    case "binary_operator": {
      if (node.childForFieldName("operator")?.text !== "+") return null;
      const left = staticString(node.childForFieldName("left"), scope, depth + 1);
      const right = staticString(node.childForFieldName("right"), scope, depth + 1);
      return left === null || right === null ? null : left + right;
    }
    case "identifier":
      if (node.text === "__file__") return scope.filePath;
      return scope.constants.get(node.text) ?? null;
    case "call": {
      const callee = dottedName(node.childForFieldName("function") ?? node);
      const args = node.childForFieldName("arguments");
      if (!callee || !args || args.type !== "argument_list") return null;
      const parts = args.namedChildren.filter((child) => child && child.type !== "comment");
      if (scope.isPathDirname(callee) && parts.length === 1) {
        const inner = staticString(parts[0], scope, depth + 1);
        return inner === null ? null : dirname(inner);
      }
      if (scope.isPathJoin(callee) && parts.length > 0) {
        const values: string[] = [];
        for (const part of parts) {
          const value = staticString(part, scope, depth + 1);
          if (value === null) return null;
          values.push(value);
        }
        return posix.join(...values);
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * Returns the static text at the start of a string expression, for example
 * `/etc/nginx/` for `f"/etc/nginx/{name}.conf"`, or null when the start is not static.
 */
export function staticStringStart(node: Node | null, scope: StaticScope): string | null {
  if (!node) return null;
  const whole = staticString(node, scope);
  if (whole !== null) return whole;
  if (node.type === "string") {
    if (stringPrefix(node).includes("b")) return null;
    const raw = stringPrefix(node).includes("r");
    let value = "";
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === "string_content") value += contentText(part, raw);
      else if (part.type === "escape_sequence") value += decodeEscape(part.text);
      else if (part.type === "interpolation") {
        const resolved = staticString(part.childForFieldName("expression"), scope);
        if (resolved === null) return value;
        value += resolved;
      }
    }
    return value;
  }
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "+") {
    return staticStringStart(node.childForFieldName("left"), scope);
  }
  if (node.type === "concatenated_string") {
    return staticStringStart(node.namedChildren[0] ?? null, scope);
  }
  return null;
}

/** Returns the expression inside any parentheses around it: `x` for `((x))`. */
export function unparenthesized(node: Node): Node {
  let current = node;
  while (current.type === "parenthesized_expression" && current.namedChildren.length === 1 && current.namedChildren[0]) {
    current = current.namedChildren[0];
  }
  return current;
}
