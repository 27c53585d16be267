// Which code of a deploy file pyinfra runs while it executes operations,
// rather than while it builds the plan. Facts and `OperationMeta` read there
// see the host as the earlier operations left it.
import type { Node } from "../python/parser.js";
import type { PythonFile } from "../python/model.js";

const OPERATION_DECORATORS = new Set(["pyinfra.api.operation", "pyinfra.api.operation.operation"]);

/** Names of functions that the file passes to `python.call`, which runs them during execution. */
function pythonCallFunctions(file: PythonFile): Set<string> {
  const names = new Set<string>();
  for (const call of file.operations) {
    if (call.qualifiedName !== "python.call") continue;
    const target = call.arguments.keywords.get("function")?.value ?? call.arguments.positional[0];
    if (target?.type === "identifier") names.add(target.text);
  }
  return names;
}

function decoratorPath(file: PythonFile, decorator: Node): string | null {
  const expression = decorator.namedChildren[0];
  const target = expression?.type === "call" ? expression.childForFieldName("function") : expression;
  return target ? file.imports.resolve(target) : null;
}

function isOperationDefinition(file: PythonFile, definition: Node): boolean {
  const decorated = definition.parent;
  if (decorated?.type !== "decorated_definition") return false;
  return decorated.namedChildren.some((child) => {
    if (child?.type !== "decorator") return false;
    const path = decoratorPath(file, child);
    return path !== null && OPERATION_DECORATORS.has(path);
  });
}

/** Answers, per node, whether pyinfra evaluates it during execution instead of at plan time. */
export class RunTimeContext {
  private readonly callbacks: Set<string>;

  constructor(private readonly file: PythonFile) {
    this.callbacks = pythonCallFunctions(file);
  }

  /**
   * True when `node` sits in a lambda (as `_if=lambda: ...` is called during
   * execution), in a function decorated with `@operation`, or in a function
   * that the file passes to `python.call`.
   */
  contains(node: Node): boolean {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === "lambda") return true;
      if (current.type !== "function_definition") continue;
      if (isOperationDefinition(this.file, current)) return true;
      const name = current.childForFieldName("name")?.text;
      if (name && this.callbacks.has(name)) return true;
    }
    return false;
  }
}
