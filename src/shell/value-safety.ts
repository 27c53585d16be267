// Decides whether a Python value is safe to put into shell text unquoted:
// values fixed in the source (literals, constants, local names bound only to
// such values), numbers, and values passed through `shlex.quote`.
import type { PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { staticString } from "../python/syntax.js";
import { shellTemplate } from "./python-template.js";

/** Calls whose result the shell reads as one word whatever the input. */
const QUOTING_CALLS = new Set(["shlex.quote", "shlex.join", "pipes.quote"]);

/** Builtins that return a number or a boolean, which contain no shell syntax. */
const NUMERIC_BUILTINS = new Set(["int", "len", "float", "round", "abs", "bool", "ord"]);

const LITERAL_TYPES = new Set(["integer", "float", "true", "false", "none"]);

/** Maximum depth of names followed through assignments before a value counts as unknown. */
const MAX_DEPTH = 8;

const SCOPE_TYPES = new Set(["function_definition", "lambda", "class_definition"]);

function enclosingScope(node: Node, root: Node): Node {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition") return current;
  }
  return root;
}

function parameterNames(scope: Node): string[] {
  const names: string[] = [];
  for (const parameter of scope.childForFieldName("parameters")?.namedChildren ?? []) {
    if (!parameter) continue;
    const name =
      parameter.type === "identifier"
        ? parameter
        : (parameter.childForFieldName("name") ?? parameter.namedChildren[0]);
    if (name?.type === "identifier") names.push(name.text);
  }
  return names;
}

type Binding = { kind: "value"; value: Node } | { kind: "loop"; iterable: Node } | { kind: "other" };

/** Reads the binding that an identifier occurrence makes, or null when it only reads the name. */
function bindingAt(identifier: Node): Binding | null {
  const parent = identifier.parent;
  if (!parent) return null;
  const isField = (field: string) => parent.childForFieldName(field)?.id === identifier.id;
  switch (parent.type) {
    case "assignment": {
      if (!isField("left")) return null;
      let value = parent.childForFieldName("right");
      while (value?.type === "assignment") value = value.childForFieldName("right");
      return value ? { kind: "value", value } : { kind: "other" };
    }
    case "named_expression": {
      const value = parent.childForFieldName("value");
      return isField("name") && value ? { kind: "value", value } : null;
    }
    case "for_statement": {
      const iterable = parent.childForFieldName("right");
      return isField("left") && iterable ? { kind: "loop", iterable } : null;
    }
    case "augmented_assignment":
      return isField("left") ? { kind: "other" } : null;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "as_pattern_target":
    case "global_statement":
    case "nonlocal_statement":
      return { kind: "other" };
    default:
      return null;
  }
}

/** Collects every binding of `name` made directly in `scope`, not in functions or classes nested in it. */
function bindingsIn(scope: Node, name: string): Binding[] {
  const found: Binding[] = [];
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (SCOPE_TYPES.has(child.type)) continue;
      if (child.type === "identifier" && child.text === name) {
        const binding = bindingAt(child);
        if (binding) found.push(binding);
        continue;
      }
      visit(child);
    }
  };
  visit(scope.type === "function_definition" ? (scope.childForFieldName("body") ?? scope) : scope);
  return found;
}

class SafetyChecker {
  constructor(private readonly file: PythonFile) {}

  isSafe(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    if (LITERAL_TYPES.has(node.type)) return true;
    if (staticString(node, this.file.scope) !== null) return true;
    switch (node.type) {
      case "parenthesized_expression":
        return node.namedChildren[0] ? this.isSafe(node.namedChildren[0], depth + 1) : false;
      case "conditional_expression":
        return node.namedChildren.every((part) => part !== null && this.isSafe(part, depth + 1));
      case "identifier":
        return this.isSafeName(node, depth);
      case "call":
        return this.isSafeCall(node, depth);
      case "unary_operator":
        return node.namedChildren.every((part) => part !== null && this.isSafe(part, depth + 1));
      case "string":
      case "concatenated_string":
      case "binary_operator": {
        const template = shellTemplate(node, this.file.scope);
        if (template) return template.interpolations.every((part) => this.isSafe(part.expression, depth + 1));
        if (node.type !== "binary_operator") return false;
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        return left !== null && right !== null && this.isSafe(left, depth + 1) && this.isSafe(right, depth + 1);
      }
      default:
        return false;
    }
  }

  private isSafeCall(node: Node, depth: number): boolean {
    const callee = node.childForFieldName("function");
    if (!callee) return false;
    const path = this.file.imports.resolve(callee);
    if (path !== null) return QUOTING_CALLS.has(path);
    if (callee.type === "identifier" && NUMERIC_BUILTINS.has(callee.text)) return true;
    if (callee.type === "identifier" && callee.text === "str") {
      const argument = node.childForFieldName("arguments")?.namedChildren[0];
      return argument ? this.isSafe(argument, depth + 1) : true;
    }
    if (callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "join") {
      const object = callee.childForFieldName("object");
      const items = node.childForFieldName("arguments")?.namedChildren.filter((child) => child?.type !== "comment");
      if (object && items?.length === 1 && items[0] && this.isSafe(object, depth + 1)) {
        return this.isSafeSequence(items[0], depth + 1);
      }
    }
    // `template.format(...)` is a string built from its parts.
    const template = shellTemplate(node, this.file.scope);
    return template !== null && template.interpolations.every((part) => this.isSafe(part.expression, depth + 1));
  }

  /**
   * Returns the bindings of a name in the nearest scope that binds it, or null
   * when the name is a parameter, an import or bound nowhere in the file.
   */
  private bindingsOf(identifier: Node): Binding[] | null {
    const name = identifier.text;
    if (this.file.imports.binding(name) !== undefined) return null;
    let scope: Node | null = enclosingScope(identifier, this.file.root);
    while (scope) {
      if (scope.type === "function_definition" && parameterNames(scope).includes(name)) return null;
      const bindings = bindingsIn(scope, name);
      if (bindings.length > 0) return bindings;
      scope = scope.type === "module" ? null : enclosingScope(scope, this.file.root);
    }
    return null;
  }

  /** Returns true when a name is no parameter and every binding of it is safe. */
  private isSafeName(node: Node, depth: number): boolean {
    const bindings = this.bindingsOf(node);
    return bindings !== null && bindings.every((binding) => this.isSafeBinding(binding, depth));
  }

  /** Returns true for a value binding to a safe value, or a loop over a sequence of safe values. */
  private isSafeBinding(binding: Binding, depth: number): boolean {
    if (binding.kind === "value") return this.isSafe(binding.value, depth + 1);
    if (binding.kind === "other") return false;
    return this.isSafeSequence(binding.iterable, depth + 1);
  }

  /** True for a list or tuple literal of safe values, or a name bound once to one. */
  private isSafeSequence(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    if (node.type === "identifier") {
      const bindings = this.bindingsOf(node);
      const only = bindings?.length === 1 ? bindings[0] : null;
      return only?.kind === "value" && this.isSafeSequence(only.value, depth + 1);
    }
    if (node.type !== "list" && node.type !== "tuple") return false;
    return node.namedChildren.every(
      (item) => item === null || item.type === "comment" || this.isSafe(item, depth + 1),
    );
  }
}

/**
 * True when a Python value cannot carry shell syntax of its own: a value
 * fixed in the source, a number, or the result of `shlex.quote`. Function
 * parameters, host data, attributes and other calls are not safe.
 */
export function isShellSafeValue(node: Node, file: PythonFile): boolean {
  return new SafetyChecker(file).isSafe(node, 0);
}
