// Reads Bash word nodes into their values after quote removal, following the
// quoting rules of the Bash manual (QUOTING, EXPANSION).
import type { Node } from "../python/parser.js";
import { findPlaceholders } from "./python-template.js";
import type { CommandContext, ShellWord, SimpleCommand } from "./types.js";

/** Collects the commands of a `$(...)`, backtick or `<(...)` node. */
export type NestedVisitor = (node: Node, context: CommandContext) => SimpleCommand[];

interface WordState {
  value: string;
  expands: boolean;
  quoted: boolean;
  nested: SimpleCommand[];
}

const DYNAMIC_IN_STRING = new Set([
  "simple_expansion",
  "expansion",
  "command_substitution",
  "arithmetic_expansion",
]);

/** Characters that a backslash escapes inside double quotes. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(["$", "`", '"', "\\", "\n"]);

function unescapeUnquoted(text: string): string {
  let value = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\" || i + 1 >= text.length) {
      value += text[i];
      continue;
    }
    i++;
    if (text[i] !== "\n") value += text[i];
  }
  return value;
}

function unescapeDoubleQuoted(text: string): string {
  let value = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && i + 1 < text.length && DOUBLE_QUOTE_ESCAPABLE.has(text[i + 1])) {
      i++;
      if (text[i] !== "\n") value += text[i];
      continue;
    }
    value += text[i];
  }
  return value;
}

const ANSI_C_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Decodes the body of a `$'...'` string; numeric escapes other than octal and `\x` stay as written. */
function decodeAnsiC(body: string): string {
  let value = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\" || i + 1 >= body.length) {
      value += body[i];
      continue;
    }
    const next = body[i + 1];
    if (next in ANSI_C_ESCAPES) {
      value += ANSI_C_ESCAPES[next];
      i++;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(body.slice(i + 1));
    if (octal) {
      value += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
    } else if (hex) {
      value += String.fromCharCode(parseInt(hex[1], 16));
      i += hex[0].length;
    } else {
      value += body[i];
    }
  }
  return value;
}

/** True when unquoted text contains an unescaped glob character. */
function hasGlob(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === "*" || text[i] === "?" || text[i] === "[") return true;
  }
  return false;
}

/** True when unquoted text contains a brace list such as `{a,b}` or `{1..3}`. */
function hasBraceList(parts: readonly Node[]): boolean {
  const unquoted = parts
    .map((part) => (part.type === "word" ? part.text : " "))
    .join("");
  const open = unquoted.indexOf("{");
  const close = unquoted.indexOf("}", open + 1);
  if (open < 0 || close < 0) return false;
  const body = unquoted.slice(open + 1, close);
  return body.includes(",") || body.includes("..");
}

function appendDoubleQuoted(node: Node, state: WordState, visit: NestedVisitor): void {
  const text = node.text;
  const base = node.startIndex;
  const opening = text.startsWith('$"') ? 2 : 1;
  const closing = text.endsWith('"') && text.length > opening ? text.length - 1 : text.length;
  let cursor = opening;
  for (const child of node.namedChildren) {
    if (!child || !DYNAMIC_IN_STRING.has(child.type)) continue;
    // The grammar may start an expansion node at the blank before its `$`.
    const leading = child.text.length - child.text.trimStart().length;
    const start = child.startIndex - base + leading;
    state.value += unescapeDoubleQuoted(text.slice(cursor, start));
    appendPart(child, state, visit);
    cursor = child.endIndex - base;
  }
  state.value += unescapeDoubleQuoted(text.slice(cursor, closing));
}

function appendPart(node: Node, state: WordState, visit: NestedVisitor): void {
  switch (node.type) {
    case "word":
      state.value += unescapeUnquoted(node.text);
      if (hasGlob(node.text)) state.expands = true;
      return;
    case "number":
      state.value += node.text;
      return;
    case "raw_string":
      state.value += node.text.slice(1, -1);
      state.quoted = true;
      return;
    case "ansi_c_string":
      state.value += decodeAnsiC(node.text.slice(2, -1));
      state.quoted = true;
      return;
    case "string":
    case "translated_string":
      state.quoted = true;
      appendDoubleQuoted(node, state, visit);
      return;
    case "concatenation":
      for (const part of node.namedChildren) if (part) appendPart(part, state, visit);
      if (hasBraceList(node.namedChildren.filter((part): part is Node => part !== null))) {
        state.expands = true;
      }
      return;
    case "command_substitution":
      state.value += node.text.trimStart();
      state.expands = true;
      state.nested.push(...visit(node, "command-substitution"));
      return;
    case "process_substitution":
      state.value += node.text.trimStart();
      state.expands = true;
      state.nested.push(...visit(node, "process-substitution"));
      return;
    default:
      // Parameter and arithmetic expansion, brace expressions and anything else the shell computes.
      state.value += node.text.trimStart();
      state.expands = true;
  }
}

/** Reads one word node (a `word`, string, concatenation or expansion) into a `ShellWord`. */
export function readWord(node: Node, visit: NestedVisitor): ShellWord {
  const state: WordState = { value: "", expands: false, quoted: false, nested: [] };
  appendPart(node, state, visit);
  const first = node.type === "concatenation" ? node.namedChildren[0] : node;
  if (first?.type === "word" && first.text.startsWith("~")) state.expands = true;
  const interpolations = [...new Set(findPlaceholders(node.text).map((found) => found.index))];
  return {
    text: node.text,
    value: state.value,
    start: node.startIndex,
    end: node.endIndex,
    interpolations,
    expands: state.expands,
    quoted: state.quoted,
    nested: state.nested,
  };
}

/** Builds a word for text that is not a node of its own, such as the `VALUE` of `--opt=VALUE`. */
export function sliceWord(word: ShellWord, offset: number): ShellWord {
  const value = word.value.slice(offset);
  return {
    ...word,
    text: word.text.length === word.value.length ? word.text.slice(offset) : value,
    value,
    start: word.start + Math.min(offset, word.text.length),
    interpolations: [...new Set(findPlaceholders(value).map((found) => found.index))],
  };
}
