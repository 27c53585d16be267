import type { Node, Tree } from "./parser.js";
import { nodesOfType, pythonQuery } from "./parser.js";
import { ImportTable } from "./imports.js";
import { dottedName, staticString } from "./syntax.js";
import type { StaticScope } from "./syntax.js";

const OPERATIONS_PREFIX = "pyinfra.operations.";
const FACTS_PREFIX = "pyinfra.facts.";
const HOST_PATHS = new Set(["pyinfra.host", "pyinfra.context.host"]);
const DEPLOY_DECORATORS = new Set([
  "pyinfra.api.deploy",
  "pyinfra.api.deploy.deploy",
  "pyinfra.deploy",
]);
const CONDITION_PARENTS = new Set([
  "if_statement",
  "elif_clause",
  "while_statement",
  "conditional_expression",
  "if_clause",
]);

export interface KeywordArgument {
  name: string;
  /** The whole `name=value` node. */
  node: Node;
  nameNode: Node;
  value: Node;
}

export interface CallArguments {
  positional: Node[];
  keywords: Map<string, KeywordArgument>;
  /** True when the call passes `*args`. */
  hasListSplat: boolean;
  /** True when the call passes `**kwargs`. */
  hasDictionarySplat: boolean;
  /** The `(...)` node. */
  node: Node;
}

/** A call to a pyinfra operation, resolved through the file's imports. */
export interface OperationCall {
  /** The `call` node. */
  node: Node;
  /** The callee expression, for example `srv.shell`. */
  callee: Node;
  /** Module under `pyinfra.operations`, for example `server` or `freebsd.service`. */
  module: string;
  name: string;
  /** `module.name`, for example `server.shell`. */
  qualifiedName: string;
  arguments: CallArguments;
  /** The innermost function that contains the call, or null at module level. */
  function: FunctionInfo | null;
  /** The variable the call result is assigned to, as in `op = files.put(...)`. */
  assignedTo: string | null;
  /** The statement that contains the call. */
  statement: Node;
}

/** A `host.get_fact(...)` or legacy `host.fact.name` look-up. */
export interface FactLookup {
  node: Node;
  /** `get_fact` or the legacy `fact_attribute` form. */
  form: "get_fact" | "fact_attribute";
  /** Module under `pyinfra.facts`, when the fact class resolves through the imports. */
  module: string | null;
  /** The fact class name as resolved, or the attribute name of the legacy form. */
  name: string | null;
  /** The expression naming the fact class, for `get_fact`. */
  factNode: Node | null;
  arguments: CallArguments | null;
  function: FunctionInfo | null;
  /** Conditions that read the look-up, directly or through the local variable it is assigned to. */
  conditions: Node[];
  assignedTo: string | null;
}

export interface FunctionInfo {
  node: Node;
  name: string;
  parameters: string[];
  /** The `@deploy(...)` decorator when present. */
  deployDecorator: Node | null;
  decorators: Node[];
}

/** The parsed model of one Python file, shared by every rule. */
export interface PythonFile {
  /** The path as shown in findings. */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  text: string;
  tree: Tree;
  root: Node;
  imports: ImportTable;
  /** Module-level assignments of static strings, such as `CONFIG_DIR = "/etc/app"`. */
  constants: Map<string, string>;
  scope: StaticScope;
  operations: OperationCall[];
  factLookups: FactLookup[];
  functions: FunctionInfo[];
  /** Calls to anything, by resolved dotted path, for rules that look for non-operation calls. */
  calls: { node: Node; path: string }[];
  /** True when the file sets `config.SUDO = True` on pyinfra's config object. */
  setsSudo: boolean;
  /**
   * A module-level `SUDO = True`, the pyinfra 1.x form of the setting. pyinfra 3
   * runs `config.py` but reads only the imported `config` object, so this form
   * turns nothing on.
   */
  bareSudo: Node | null;
  /**
   * Returns every node of a type, in document order, cached per type. Prefer
   * it to walking the tree: it runs as a query inside the parser.
   */
  nodes(type: string): Node[];
  /** Returns the innermost function definition that contains a node, or null. */
  functionAt(node: Node): FunctionInfo | null;
}

/** Reads the arguments of a `call` node. */
export function callArguments(call: Node): CallArguments | null {
  const node = call.childForFieldName("arguments");
  if (!node || node.type !== "argument_list") return null;
  const result: CallArguments = {
    positional: [],
    keywords: new Map(),
    hasListSplat: false,
    hasDictionarySplat: false,
    node,
  };
  for (const child of node.namedChildren) {
    if (!child || child.type === "comment") continue;
    if (child.type === "keyword_argument") {
      const nameNode = child.childForFieldName("name");
      const value = child.childForFieldName("value");
      if (nameNode && value) {
        result.keywords.set(nameNode.text, { name: nameNode.text, node: child, nameNode, value });
      }
    } else if (child.type === "list_splat") {
      result.hasListSplat = true;
    } else if (child.type === "dictionary_splat") {
      result.hasDictionarySplat = true;
    } else {
      result.positional.push(child);
    }
  }
  return result;
}

function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== "block" && current.parent.type !== "module") {
    current = current.parent;
  }
  return current;
}

function assignedName(call: Node): string | null {
  let current = call;
  while (current.parent?.type === "subscript" || current.parent?.type === "parenthesized_expression") {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type !== "assignment") return null;
  if (parent.childForFieldName("right")?.id !== current.id) return null;
  const left = parent.childForFieldName("left");
  return left?.type === "identifier" ? left.text : null;
}

function readFunction(node: Node, imports: ImportTable): FunctionInfo {
  const parameters: string[] = [];
  for (const parameter of node.childForFieldName("parameters")?.namedChildren ?? []) {
    if (!parameter) continue;
    const name =
      parameter.type === "identifier"
        ? parameter
        : (parameter.childForFieldName("name") ?? parameter.namedChildren[0]);
    if (name?.type === "identifier") parameters.push(name.text);
  }
  const decorators: Node[] = [];
  let deployDecorator: Node | null = null;
  if (node.parent?.type === "decorated_definition") {
    for (const decorator of node.parent.namedChildren) {
      if (!decorator || decorator.type !== "decorator") continue;
      decorators.push(decorator);
      const expression = decorator.namedChildren[0];
      const target = expression?.type === "call" ? expression.childForFieldName("function") : expression;
      const path = target ? imports.resolve(target) : null;
      if (path && DEPLOY_DECORATORS.has(path)) deployDecorator = decorator;
    }
  }
  return {
    node,
    name: node.childForFieldName("name")?.text ?? "",
    parameters,
    deployDecorator,
    decorators,
  };
}

/** True when `node` is an expression that refers to the pyinfra `host` object. */
function isHost(node: Node | null, imports: ImportTable): boolean {
  if (!node) return false;
  if (node.type !== "identifier") {
    const path = imports.resolve(node);
    return path !== null && HOST_PATHS.has(path);
  }
  const path = imports.binding(node.text);
  // A bare `host` that is not imported is the parameter of a legacy deploy function.
  return path === undefined ? node.text === "host" : HOST_PATHS.has(path);
}

function conditionOf(node: Node): Node | null {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (CONDITION_PARENTS.has(parent.type)) {
      // `if_clause` and `conditional_expression` (`a if c else b`) have no field names.
      const condition =
        parent.type === "if_clause"
          ? parent.namedChildren[0]
          : parent.type === "conditional_expression"
            ? parent.namedChildren[1]
            : parent.childForFieldName("condition");
      return condition && condition.id === child.id ? condition : null;
    }
    if (parent.type.endsWith("statement") || parent.type === "block" || parent.type === "lambda") {
      return null;
    }
  }
  return null;
}

function collectConstants(root: Node, scope: StaticScope, constants: Map<string, string>): void {
  for (const statement of root.namedChildren) {
    if (statement?.type !== "expression_statement") continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== "assignment") continue;
    const left = assignment.childForFieldName("left");
    if (left?.type !== "identifier") continue;
    const value = staticString(assignment.childForFieldName("right"), scope);
    if (value !== null) constants.set(left.text, value);
    else constants.delete(left.text);
  }
}

function pathFunctionMatcher(imports: ImportTable, target: string): (callee: string) => boolean {
  return (callee) => {
    const [head, ...rest] = callee.split(".");
    const bound = imports.binding(head);
    return bound !== undefined && [bound, ...rest].join(".") === target;
  };
}

/** Builds the model of one parsed file. */
export function buildModel(path: string, absolutePath: string, text: string, tree: Tree): PythonFile {
  const root = tree.rootNode;

  // One query pass collects every node kind the model needs; each further
  // pass over the tree costs about as much as this one.
  const nodeCache = new Map<string, Node[]>(MODEL_NODE_TYPES.map((type) => [type, []]));
  const legacyFacts: Node[] = [];
  const sudoAssignments: Node[] = [];
  for (const capture of pythonQuery(MODEL_QUERY).captures(root)) {
    if (capture.name === "legacy") legacyFacts.push(capture.node);
    else if (capture.name === "sudo") sudoAssignments.push(capture.node);
    else nodeCache.get(capture.name)?.push(capture.node);
  }
  const imports = ImportTable.fromStatements([
    ...nodeCache.get("import_statement")!,
    ...nodeCache.get("import_from_statement")!,
  ]);
  const constants = new Map<string, string>();
  const scope: StaticScope = {
    constants,
    filePath: absolutePath,
    isPathJoin: pathFunctionMatcher(imports, "os.path.join"),
    isPathDirname: pathFunctionMatcher(imports, "os.path.dirname"),
  };
  collectConstants(root, scope, constants);

  const functions: FunctionInfo[] = [];
  const file: PythonFile = {
    path,
    absolutePath,
    text,
    tree,
    root,
    imports,
    constants,
    scope,
    operations: [],
    factLookups: [],
    functions,
    calls: [],
    setsSudo: false,
    bareSudo: null,
    nodes(type: string): Node[] {
      let found = nodeCache.get(type);
      if (found) return found;
      const group = LAZY_NODE_GROUPS.find((types) => types.includes(type));
      if (!group) {
        found = nodesOfType(root, type);
        nodeCache.set(type, found);
        return found;
      }
      for (const member of group) nodeCache.set(member, []);
      for (const capture of pythonQuery(groupQuery(group)).captures(root)) {
        nodeCache.get(capture.name)?.push(capture.node);
      }
      return nodeCache.get(type)!;
    },
    functionAt(node: Node): FunctionInfo | null {
      // Functions are in document order, so the last one that contains the node is the innermost.
      let innermost: FunctionInfo | null = null;
      for (const info of functions) {
        if (info.node.startIndex > node.startIndex) break;
        if (info.node.endIndex >= node.endIndex && info.node.id !== node.id) innermost = info;
      }
      return innermost;
    },
  };

  for (const node of file.nodes("function_definition")) functions.push(readFunction(node, imports));
  for (const node of file.nodes("call")) readCall(file, node, file.functionAt(node));
  for (const node of legacyFacts) readLegacyFact(file, node, file.functionAt(node));
  for (const node of sudoAssignments) readSudoAssignment(file, node);

  linkFactVariables(file);
  return file;
}

/**
 * Node kinds that rules tend to ask for together; the first request for one
 * of them collects the whole group in a single query pass.
 */
const LAZY_NODE_GROUPS: readonly string[][] = [
  ["keyword_argument", "default_parameter", "typed_default_parameter", "assignment", "pair", "string"],
  ["if_statement", "elif_clause", "while_statement", "conditional_expression", "boolean_operator", "not_operator"],
];

function groupQuery(types: readonly string[]): string {
  return types.map((type) => `(${type}) @${type}`).join("\n");
}

const MODEL_NODE_TYPES = [
  "function_definition",
  "call",
  "comment",
  "import_statement",
  "import_from_statement",
];

/**
 * The node kinds the model reads, plus `host.fact.name` (the pyinfra 1.x way
 * to read a fact) and `X = True` assignments (for `SUDO = True`).
 */
const MODEL_QUERY = `
${MODEL_NODE_TYPES.map((type) => `(${type}) @${type}`).join("\n")}
(attribute
  object: (attribute attribute: (identifier) @fact_word (#eq? @fact_word "fact"))
  attribute: (identifier)) @legacy
(assignment left: [(identifier) (attribute)] right: (true)) @sudo
`;

function readCall(file: PythonFile, node: Node, enclosing: FunctionInfo | null): void {
  const callee = node.childForFieldName("function");
  if (!callee) return;
  const path = file.imports.resolve(callee);

  if (path?.startsWith(OPERATIONS_PREFIX)) {
    const rest = path.slice(OPERATIONS_PREFIX.length);
    const dot = rest.lastIndexOf(".");
    const args = callArguments(node);
    if (dot > 0 && args) {
      const module = rest.slice(0, dot);
      const name = rest.slice(dot + 1);
      // `pyinfra.operations.util` holds helpers such as `any_changed`, not operations.
      if (name === "_inner" || module === "util" || module.startsWith("util.")) {
        file.calls.push({ node, path });
        return;
      }
      file.operations.push({
        node,
        callee,
        module,
        name,
        qualifiedName: `${module}.${name}`,
        arguments: args,
        function: enclosing,
        assignedTo: assignedName(node),
        statement: enclosingStatement(node),
      });
      return;
    }
  }
  if (path) file.calls.push({ node, path });

  if (callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "get_fact") {
    if (!isHost(callee.childForFieldName("object"), file.imports)) return;
    const args = callArguments(node);
    const factNode = args?.positional[0] ?? null;
    const factPath = factNode ? file.imports.resolve(factNode) : null;
    let module: string | null = null;
    let name: string | null = factNode ? dottedName(factNode) : null;
    if (factPath?.startsWith(FACTS_PREFIX)) {
      const rest = factPath.slice(FACTS_PREFIX.length);
      const dot = rest.lastIndexOf(".");
      module = dot > 0 ? rest.slice(0, dot) : null;
      name = rest.slice(dot + 1);
    }
    file.factLookups.push({
      node,
      form: "get_fact",
      module,
      name,
      factNode,
      arguments: args,
      function: enclosing,
      conditions: [],
      assignedTo: assignedName(node),
    });
  }
}

/** Records `host.fact.name`, the pyinfra 1.x way to read a fact. */
function readLegacyFact(file: PythonFile, node: Node, enclosing: FunctionInfo | null): void {
  const object = node.childForFieldName("object");
  if (object?.type !== "attribute" || object.childForFieldName("attribute")?.text !== "fact") return;
  if (!isHost(object.childForFieldName("object"), file.imports)) return;
  // `host.fact.x(...)` is the call form of a legacy fact with arguments.
  const whole = node.parent?.type === "call" && node.parent.childForFieldName("function")?.id === node.id
    ? node.parent
    : node;
  file.factLookups.push({
    node: whole,
    form: "fact_attribute",
    module: null,
    name: node.childForFieldName("attribute")?.text ?? null,
    factNode: null,
    arguments: whole.type === "call" ? callArguments(whole) : null,
    function: enclosing,
    conditions: [],
    assignedTo: assignedName(whole),
  });
}

function readSudoAssignment(file: PythonFile, node: Node): void {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if (!left || right?.type !== "true") return;
  if (left.type === "attribute") {
    const path = file.imports.resolve(left);
    if (path === "pyinfra.config.SUDO" || dottedName(left) === "config.SUDO") file.setsSudo = true;
  } else if (left.type === "identifier" && left.text === "SUDO" && node.parent?.parent?.type === "module") {
    file.bareSudo = node;
  }
}

/**
 * Fills `conditions` of each fact look-up: a condition that contains the call
 * itself, or that reads the variable it was assigned to within the same function.
 */
function linkFactVariables(file: PythonFile): void {
  const scopeOf = (node: Node): Node => file.functionAt(node)?.node ?? file.root;

  for (const lookup of file.factLookups) {
    const direct = conditionOf(lookup.node);
    if (direct) lookup.conditions.push(direct);
    if (!lookup.assignedTo) continue;

    const scope = scopeOf(lookup.node);
    const seen = new Set(lookup.conditions.map((condition) => condition.id));
    for (const identifier of file.nodes("identifier")) {
      if (identifier.startIndex < lookup.node.endIndex) continue;
      if (identifier.startIndex >= scope.endIndex) break;
      if (identifier.text !== lookup.assignedTo) continue;
      if (scopeOf(identifier).id !== scope.id) continue;
      const condition = conditionOf(identifier);
      if (condition && !seen.has(condition.id)) {
        seen.add(condition.id);
        lookup.conditions.push(condition);
      }
    }
  }
}
