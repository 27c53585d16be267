// Turns the Python expression of a shell command into shell text. Static parts
// become plain text. Every value that is only known when the deploy runs
// becomes a placeholder token, which the Bash grammar reads as ordinary word
// characters, so the command can be parsed and each token traced back.
import type { Node } from "../python/parser.js";
import { decodeEscape, staticString, stringPrefix } from "../python/syntax.js";
import type { StaticScope } from "../python/syntax.js";
import { NUMERIC_FORMAT_TYPES, PERCENT_SPEC, percentValues, splitFormatString } from "./python-format.js";

/** The Python syntax that put a value into the command text. */
export type InterpolationForm = "f-string" | "percent" | "format" | "concatenation" | "join";

/** A Python value inserted into a shell command, known only when the deploy runs. */
export interface Interpolation {
  index: number;
  /** The token that stands for the value in the shell text. */
  placeholder: string;
  /** The Python expression whose value is inserted. */
  expression: Node;
  /** The node a finding points at: `{x}` in an f-string, else the expression. */
  node: Node;
  form: InterpolationForm;
  /** True when the conversion can only produce a number, as `%d` and `{x:d}` do. */
  numeric: boolean;
}

/** The shell text of one Python command string, with placeholders for its dynamic values. */
export interface ShellTemplate {
  /** The Python expression the text comes from. */
  node: Node;
  text: string;
  interpolations: Interpolation[];
}

const PLACEHOLDER_PREFIX = "__PIK_VALUE_";
const PLACEHOLDER_PATTERN = /__PIK_VALUE_(\d+)__/g;

/** Returns the token that stands for interpolation `index` in shell text. */
export function placeholder(index: number): string {
  return `${PLACEHOLDER_PREFIX}${index}__`;
}

/** Finds every placeholder token in `text`, with its interpolation index and offsets. */
export function findPlaceholders(text: string): { index: number; start: number; end: number }[] {
  const found: { index: number; start: number; end: number }[] = [];
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const start = match.index ?? 0;
    found.push({ index: Number(match[1]), start, end: start + match[0].length });
  }
  return found;
}

/** Replaces each placeholder in `text` with `{expression}`, as an f-string would show it. */
export function renderWithExpressions(text: string, interpolations: readonly Interpolation[]): string {
  return text.replace(PLACEHOLDER_PATTERN, (token, index: string) => {
    const interpolation = interpolations[Number(index)];
    return interpolation ? `{${interpolation.expression.text}}` : token;
  });
}

class TemplateBuilder {
  text = "";
  readonly interpolations: Interpolation[] = [];

  constructor(private readonly scope: StaticScope) {}

  addText(text: string): void {
    this.text += text;
  }

  addPlaceholder(expression: Node, form: InterpolationForm, numeric = false, pointAt = expression): void {
    const index = this.interpolations.length;
    this.interpolations.push({
      index,
      placeholder: placeholder(index),
      expression,
      node: pointAt,
      form,
      numeric,
    });
    this.text += placeholder(index);
  }

  /** Adds a value: static text when it is known, else a placeholder. */
  addValue(node: Node, form: InterpolationForm, numeric = false, pointAt = node): void {
    if (node.type === "parenthesized_expression" && node.namedChildren[0]) {
      this.addValue(node.namedChildren[0], form, numeric, pointAt);
      return;
    }
    if (node.type === "integer") {
      this.addText(node.text);
      return;
    }
    if (node.type === "identifier" || node.type === "call" || node.type === "attribute") {
      const resolved = staticString(node, this.scope);
      if (resolved !== null) {
        this.addText(resolved);
        return;
      }
    }
    if (this.addString(node)) return;
    this.addPlaceholder(node, form, numeric, pointAt);
  }

  /**
   * Appends a string-valued expression: literals, f-strings, implicit and `+`
   * concatenation, `%` and `.format()` formatting, `"sep".join([...])` and
   * string constants. Returns false, appending nothing, for any other expression.
   */
  addString(node: Node): boolean {
    switch (node.type) {
      case "string":
        return this.addLiteral(node);
      case "concatenated_string":
        for (const part of node.namedChildren) if (part) this.addString(part);
        return true;
      case "parenthesized_expression": {
        const inner = node.namedChildren[0];
        return inner ? this.addString(inner) : false;
      }
      case "identifier": {
        const constant = this.scope.constants.get(node.text);
        if (constant === undefined) return false;
        this.addText(constant);
        return true;
      }
      case "binary_operator":
        return this.addBinary(node);
      case "call":
        return this.addFormatCall(node) || this.addJoinCall(node);
      default:
        return false;
    }
  }

  private addLiteral(node: Node): boolean {
    const prefix = stringPrefix(node);
    if (prefix.includes("b")) return false;
    const raw = prefix.includes("r");
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === "string_content") this.addContent(part, raw);
      else if (part.type === "interpolation") this.addInterpolation(part);
    }
    return true;
  }

  /** Adds a `string_content` node, whose escapes are child nodes between runs of plain text. */
  private addContent(content: Node, raw: boolean): void {
    let cursor = content.startIndex;
    const source = content.text;
    const offset = content.startIndex;
    for (const child of content.namedChildren) {
      if (!child) continue;
      this.addText(source.slice(cursor - offset, child.startIndex - offset));
      if (child.type === "escape_interpolation") this.addText(child.text[0]);
      else if (child.type === "escape_sequence") this.addText(raw ? child.text : decodeEscape(child.text));
      else this.addText(child.text);
      cursor = child.endIndex;
    }
    this.addText(source.slice(cursor - offset));
  }

  private addInterpolation(part: Node): void {
    const expression = part.childForFieldName("expression");
    if (!expression) return;
    const conversion = part.childForFieldName("type_conversion");
    const specifier = part.childForFieldName("format_specifier");
    const spec = specifier?.text.replace(/^:/, "") ?? "";
    if (!conversion && !spec) {
      this.addValue(expression, "f-string", false, part);
      return;
    }
    const numeric = !conversion && spec.length > 0 && NUMERIC_FORMAT_TYPES.has(spec[spec.length - 1]);
    this.addPlaceholder(expression, "f-string", numeric, part);
  }

  private addBinary(node: Node): boolean {
    const operator = node.childForFieldName("operator")?.text;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return false;
    if (operator === "%") return this.addPercent(left, right);
    if (operator !== "+") return false;
    if (!isStringLike(left) && !isStringLike(right)) return false;
    this.addValue(left, "concatenation");
    this.addValue(right, "concatenation");
    return true;
  }

  /** Adds `"..." % values`, mapping each conversion to its value. */
  private addPercent(left: Node, right: Node): boolean {
    const format = staticTemplateText(left, this.scope);
    if (format === null) return false;
    const specs = [...format.matchAll(PERCENT_SPEC)];
    const values = percentValues(right, specs.filter((spec) => spec[2] !== "%").length);
    let cursor = 0;
    let position = 0;
    for (const spec of specs) {
      const start = spec.index ?? 0;
      this.addText(format.slice(cursor, start));
      cursor = start + spec[0].length;
      const type = spec[2];
      if (type === "%") {
        this.addText("%");
        continue;
      }
      const value = spec[1] !== undefined ? values.byName.get(spec[1]) : values.byPosition[position++];
      const numeric = NUMERIC_FORMAT_TYPES.has(type);
      const plain = spec[0] === "%s" || /^%\([^)]*\)s$/.test(spec[0]);
      if (!value) this.addPlaceholder(right, "percent", numeric);
      else if (plain) this.addValue(value, "percent");
      else this.addPlaceholder(value, "percent", numeric);
    }
    this.addText(format.slice(cursor));
    return true;
  }

  /** Adds `"...".format(...)`, mapping each replacement field to its argument. */
  private addFormatCall(node: Node): boolean {
    const callee = node.childForFieldName("function");
    if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "format") {
      return false;
    }
    const object = callee.childForFieldName("object");
    const format = object ? staticTemplateText(object, this.scope) : null;
    const argumentList = node.childForFieldName("arguments");
    if (format === null || !argumentList) return false;

    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    for (const child of argumentList.namedChildren) {
      if (!child || child.type === "comment") continue;
      if (child.type === "keyword_argument") {
        const name = child.childForFieldName("name")?.text;
        const value = child.childForFieldName("value");
        if (name && value) keywords.set(name, value);
      } else if (child.type !== "list_splat" && child.type !== "dictionary_splat") {
        positional.push(child);
      }
    }

    let automatic = 0;
    for (const piece of splitFormatString(format)) {
      if (piece.kind === "text") {
        this.addText(piece.text);
        continue;
      }
      const field = piece.field;
      const head = /^[^.[]*/.exec(field.name)?.[0] ?? "";
      const rest = field.name.slice(head.length);
      const value =
        head === "" ? positional[automatic++] : /^\d+$/.test(head) ? positional[Number(head)] : keywords.get(head);
      const numeric = field.spec.length > 0 && NUMERIC_FORMAT_TYPES.has(field.spec[field.spec.length - 1]);
      if (!value) this.addPlaceholder(node, "format", numeric);
      else if (!rest && !field.conversion && !field.spec) this.addValue(value, "format");
      else this.addPlaceholder(value, "format", numeric);
    }
    return true;
  }

  /** Adds `"sep".join([...])` when the items are a list or tuple literal. */
  private addJoinCall(node: Node): boolean {
    const callee = node.childForFieldName("function");
    if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "join") return false;
    const object = callee.childForFieldName("object");
    const separator = object ? staticTemplateText(object, this.scope) : null;
    const argumentList = node.childForFieldName("arguments");
    const items = argumentList?.namedChildren.filter((child) => child && child.type !== "comment") ?? [];
    if (separator === null || items.length !== 1) return false;
    const sequence = items[0]!;
    if (sequence.type !== "list" && sequence.type !== "tuple") return false;
    sequence.namedChildren.forEach((item, position) => {
      if (!item || item.type === "comment") return;
      if (position > 0) this.addText(separator);
      this.addValue(item, "join");
    });
    return true;
  }
}

function isStringLike(node: Node): boolean {
  switch (node.type) {
    case "string":
    case "concatenated_string":
      return true;
    case "parenthesized_expression":
      return node.namedChildren[0] ? isStringLike(node.namedChildren[0]) : false;
    case "binary_operator":
      return ["+", "%"].includes(node.childForFieldName("operator")?.text ?? "");
    case "call": {
      const attribute = node.childForFieldName("function")?.childForFieldName("attribute")?.text;
      return attribute === "format" || attribute === "join";
    }
    default:
      return false;
  }
}

/** Returns the text of a string expression with no dynamic part, or null. */
function staticTemplateText(node: Node, scope: StaticScope): string | null {
  const builder = new TemplateBuilder(scope);
  if (!builder.addString(node) || builder.interpolations.length > 0) return null;
  return builder.text;
}

/**
 * Builds the shell template of a Python command expression, or returns null
 * when the expression is not a string built in place (a bare variable, a call).
 */
export function shellTemplate(node: Node, scope: StaticScope): ShellTemplate | null {
  const builder = new TemplateBuilder(scope);
  if (!builder.addString(node)) {
    const resolved = staticString(node, scope);
    if (resolved === null) return null;
    builder.addText(resolved);
  }
  return { node, text: builder.text, interpolations: builder.interpolations };
}

/** True when `node` is a call of `" ".join(...)` with a separator of spaces, the form that splits back into words. */
export function isSpaceJoin(node: Node): boolean {
  if (node.type !== "call") return false;
  const callee = node.childForFieldName("function");
  if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "join") return false;
  const object = callee.childForFieldName("object");
  if (object?.type !== "string") return false;
  const content = object.namedChildren.find((part) => part?.type === "string_content");
  return content !== undefined && /^ +$/.test(content?.text ?? "");
}
