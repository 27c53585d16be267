// Detectors for the pyinfra 1.x/2.x idioms that PIK104 reports. Each use
// carries its form, so that a fix can be attached per form.
import type { Catalogue, CatalogueFact } from "../catalogue/types.js";
import type { FactLookup, FunctionInfo, KeywordArgument, OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { staticString, unparenthesized } from "../python/syntax.js";
import { legacyArgument, takesVarKeyword } from "./legacy-arguments.js";
import type { LegacyArgument, LegacyArgumentForm } from "./legacy-arguments.js";
import { effectiveOperation, replacementOperation } from "./operation-signature.js";
import { closestMatch } from "./suggest.js";

export type LegacyForm =
  | LegacyArgumentForm
  | "fact-attribute"
  | "state-host-parameter"
  | "bare-deploy-decorator"
  | "deprecated-operation"
  | "positional-name"
  | "deprecated-fact"
  | "bare-config-setting";

/** One use of a legacy idiom: the span to report and what a fix needs. */
export interface LegacyUse {
  form: LegacyForm;
  start: number;
  end: number;
  message: string;
  /** The node a fix edits: the keyword argument, the look-up, the decorator, the call or the function. */
  node: Node;
  /** The name to use instead, such as `_sudo` or `postgres.role`, when there is one. */
  replacement: string | null;
}

function useAt(form: LegacyForm, span: Node, node: Node, message: string, replacement: string | null): LegacyUse {
  return { form, start: span.startIndex, end: span.endIndex, message: `${message} [${form}]`, node, replacement };
}

function snakeToPascal(name: string): string {
  return name
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Finds the fact class that a pyinfra 1.x snake_case fact name became, preferring facts that are not deprecated. */
export function factClassFor(catalogue: Catalogue, legacyName: string): CatalogueFact | null {
  const facts = catalogue.factsByName.get(snakeToPascal(legacyName)) ?? [];
  return facts.find((fact) => !fact.is_deprecated) ?? facts[0] ?? null;
}

function factAttributeUse(lookup: FactLookup, catalogue: Catalogue): LegacyUse {
  const written = lookup.node.type === "call" ? lookup.node.childForFieldName("function") : lookup.node;
  const text = `\`${written?.text ?? lookup.node.text}\``;
  const fact = lookup.name ? factClassFor(catalogue, lookup.name) : null;
  const instead = fact
    ? `use \`host.get_fact(${fact.name})\` with \`from pyinfra.facts.${fact.module} import ${fact.name}\``
    : "use `host.get_fact(FactClass)` with the fact class from `pyinfra.facts`";
  return useAt(
    "fact-attribute",
    lookup.node,
    lookup.node,
    `${text} is the pyinfra 1.x fact access that 2.0 removed; ${instead}`,
    fact ? fact.name : null,
  );
}

/** Advice for a legacy keyword that has no successor. */
const NO_SUCCESSOR_ADVICE: ReadonlyMap<string, string> = new Map([
  ["_precondition", "remove it, or check the condition with `_if=`"],
  ["precondition", "remove it, or check the condition with `_if=`"],
  ["when", "remove it, or check the condition with `_if=` or a Python `if`"],
  ["state", "remove it, because operations read `state` and `host` from the context since 2.0"],
  ["host", "remove it, because operations read `state` and `host` from the context since 2.0"],
]);

/** Builds the use of a legacy keyword; `receiver` names the operation or fact, for data keywords. */
function argumentUse(receiver: string, keyword: KeywordArgument, legacy: LegacyArgument, takesData: boolean): LegacyUse {
  const found = takesData
    ? `\`${receiver}\` takes \`${legacy.name}=\`, ${legacy.origin}, as data, so it has no effect`
    : `pyinfra 3 rejects \`${legacy.name}=\`, ${legacy.origin}`;
  const advice =
    legacy.replacement !== null
      ? `use \`${legacy.replacement}=\``
      : (NO_SUCCESSOR_ADVICE.get(legacy.name) ?? "remove it");
  return useAt(legacy.form, keyword.nameNode, keyword.node, `${found}; ${advice}`, legacy.replacement);
}

/** Returns the first string literal in an expression, searching its children in order. */
function firstString(node: Node): Node | null {
  if (node.type === "string") return node;
  for (const child of node.namedChildren) {
    const found = child ? firstString(child) : null;
    if (found) return found;
  }
  return null;
}

/** The pyinfra 0.x name set of an operation call. */
export interface PositionalName {
  /** The positional argument: the set, perhaps in parentheses. */
  argument: Node;
  set: Node;
  /** The name inside the set, as written. */
  item: Node;
  /** Positional arguments before the set: 2 for the 0.x `state, host`, else 0. */
  leading: number;
}

/**
 * Returns the `{"Install nginx"}` set that pyinfra 0.x took as the operation
 * name in the first position, after `state, host` inside a 0.x deploy
 * function, or null when the call does not start with one. The set contains
 * one string, perhaps formatted, with a space in it, because a set of one
 * package or command name is also valid pyinfra 3 code.
 */
export function positionalName(call: OperationCall, file: PythonFile): PositionalName | null {
  const positional = call.arguments.positional;
  const isIdentifier = (node: Node | undefined, name: string) => node?.type === "identifier" && node.text === name;
  const leading = isIdentifier(positional[0], "state") && isIdentifier(positional[1], "host") ? 2 : 0;
  const argument = positional[leading];
  const set = argument ? unparenthesized(argument) : null;
  const items = set?.type === "set" ? set.namedChildren.filter((child) => child !== null && child.type !== "comment") : [];
  if (!argument || !set || items.length !== 1 || !items[0]) return null;
  const item = items[0];
  const inner = unparenthesized(item);
  const found = { argument, set, item, leading };
  const value = staticString(inner, file.scope);
  if (value !== null) return /\s/.test(value) ? found : null;
  if (!["string", "concatenated_string", "call", "binary_operator"].includes(inner.type)) return null;
  const literal = firstString(inner);
  return literal && /\s/.test(literal.text) ? found : null;
}


function operationUses(call: OperationCall, catalogue: Catalogue, file: PythonFile): LegacyUse[] {
  const found = catalogue.operation(call.qualifiedName);
  if (!found) return [];
  const uses: LegacyUse[] = [];

  const named = positionalName(call, file);
  const firstParameter = found.parameters.find((parameter) => !parameter.name.startsWith("_"));
  if (named && firstParameter) {
    // pyinfra 3 binds the set to the operation's first parameter, so the call runs with wrong arguments.
    const form =
      named.leading === 2
        ? "`state, host` and a set in the first positions are the pyinfra 0.x form of the operation name; " +
          "pyinfra 3 binds `state`"
        : "a set in the first position is the pyinfra 0.x form of the operation name; pyinfra 3 binds it";
    const name = named.item.text;
    const passesName = call.arguments.keywords.has("name");
    const advice = passesName
      ? "the call passes `name=` as well, so remove the set"
      : `pass ${name.includes("\n") ? "it as `name=`" : `\`name=${name}\``} instead`;
    uses.push(
      useAt(
        "positional-name",
        named.set,
        named.set,
        `${form} to \`${firstParameter.name}\` and each later positional argument one parameter too far; ${advice}`,
        passesName ? null : `name=${name}`,
      ),
    );
  }

  if (found.is_deprecated) {
    const replacement = replacementOperation(catalogue, found);
    const name = replacement ? `${replacement.module}.${replacement.name}` : null;
    uses.push(
      useAt(
        "deprecated-operation",
        call.callee,
        call.node,
        `\`${call.qualifiedName}\` is deprecated in pyinfra ${catalogue.version}; ` +
          (name ? `use \`${name}\`` : "see its documentation for the replacement"),
        name,
      ),
    );
  }

  const operation = effectiveOperation(catalogue, found);
  for (const keyword of call.arguments.keywords.values()) {
    const legacy = legacyArgument(keyword.name, operation, catalogue);
    if (legacy) uses.push(argumentUse(call.qualifiedName, keyword, legacy, operation.takes_var_keyword));
  }
  return uses;
}

/** Finds the fact that replaces a deprecated one: the closest name in a module whose name starts the deprecated module's name. */
function replacementFact(catalogue: Catalogue, fact: CatalogueFact): CatalogueFact | null {
  for (const module of catalogue.factModules) {
    if (module === fact.module || !fact.module.startsWith(module)) continue;
    const candidates = catalogue.factsInModule(module).filter((candidate) => !candidate.is_deprecated);
    const match = closestMatch(
      fact.name,
      candidates.map((candidate) => candidate.name),
    );
    if (match) return catalogue.fact(module, match) ?? null;
  }
  return null;
}

function factLookupUses(lookup: FactLookup, catalogue: Catalogue): LegacyUse[] {
  if (lookup.form !== "get_fact" || !lookup.module || !lookup.name) return [];
  const fact = catalogue.fact(lookup.module, lookup.name);
  if (!fact) return [];
  const uses: LegacyUse[] = [];
  const deprecated = deprecatedFactUse(lookup, fact, catalogue);
  if (deprecated) uses.push(deprecated);
  for (const keyword of lookup.arguments?.keywords.values() ?? []) {
    const legacy = legacyArgument(keyword.name, fact, catalogue);
    if (legacy) uses.push(argumentUse(fact.name, keyword, legacy, takesVarKeyword(fact)));
  }
  return uses;
}

function deprecatedFactUse(lookup: FactLookup, fact: CatalogueFact, catalogue: Catalogue): LegacyUse | null {
  if (!fact.is_deprecated || !lookup.factNode) return null;
  const replacement = replacementFact(catalogue, fact);
  const advice = replacement
    ? `use \`${replacement.name}\` from \`pyinfra.facts.${replacement.module}\``
    : "see its documentation for the replacement";
  return useAt(
    "deprecated-fact",
    lookup.factNode,
    lookup.factNode,
    `\`pyinfra.facts.${fact.module}.${fact.name}\` is deprecated in pyinfra ${catalogue.version}; ${advice}`,
    replacement ? replacement.name : null,
  );
}

function parameterNameNode(parameter: Node): Node | null {
  if (parameter.type === "identifier") return parameter;
  const name = parameter.childForFieldName("name") ?? parameter.namedChildren[0];
  return name?.type === "identifier" ? name : null;
}

function stateHostParameterUse(fn: FunctionInfo, callsOperations: boolean): LegacyUse | null {
  const nodes = (fn.node.childForFieldName("parameters")?.namedChildren ?? [])
    .map((parameter) => (parameter ? parameterNameNode(parameter) : null))
    .filter((node): node is Node => node !== null && (node.text === "state" || node.text === "host"));
  if (nodes.length === 0) return null;

  const isDeploy = fn.deployDecorator !== null;
  const takesState = nodes.some((node) => node.text === "state");
  // A plain helper that takes a `host` is ordinary 3.x code; `state` beside operations is not.
  if (!isDeploy && !(callsOperations && takesState)) return null;

  const names = [...new Set(nodes.map((node) => node.text))];
  const quoted = names.map((name) => `\`${name}\``).join(" and ");
  const taken = names.length === 1 ? `${quoted} as a parameter` : `${quoted} as parameters`;
  const parameters = fn.node.childForFieldName("parameters") ?? fn.node;
  return {
    form: "state-host-parameter",
    start: nodes[0].startIndex,
    end: nodes[nodes.length - 1].endIndex,
    message:
      `\`${fn.name}\` takes ${taken}, the pyinfra 1.x deploy form; ` +
      `import ${names.length === 1 ? "it" : "them"} with \`from pyinfra import ${names.sort().join(", ")}\` instead [state-host-parameter]`,
    node: parameters,
    replacement: null,
  };
}

function bareDeployUse(fn: FunctionInfo): LegacyUse | null {
  const decorator = fn.deployDecorator;
  if (!decorator || decorator.namedChildren[0]?.type === "call") return null;
  return useAt(
    "bare-deploy-decorator",
    decorator,
    decorator,
    `\`${decorator.text}\` without a call is the pyinfra 2.x form; 3.0 needs \`@deploy()\` or \`@deploy("Name")\``,
    null,
  );
}

/** Finds every legacy idiom in the file, in no particular order. */
export function findLegacyUses(file: PythonFile, catalogue: Catalogue): LegacyUse[] {
  const uses: LegacyUse[] = [];

  for (const lookup of file.factLookups) {
    if (lookup.form === "fact_attribute") {
      uses.push(factAttributeUse(lookup, catalogue));
      continue;
    }
    uses.push(...factLookupUses(lookup, catalogue));
  }

  for (const call of file.operations) uses.push(...operationUses(call, catalogue, file));

  const functionsWithOperations = new Set(file.operations.map((call) => call.function?.node.id));
  for (const fn of file.functions) {
    const parameters = stateHostParameterUse(fn, functionsWithOperations.has(fn.node.id));
    if (parameters) uses.push(parameters);
    const bare = bareDeployUse(fn);
    if (bare) uses.push(bare);
  }

  if (file.bareSudo) {
    // pyinfra 3.10 runs config.py with exec and keeps only what it set on the imported
    // `config` object, so a module-level `SUDO = True` there leaves sudo off.
    uses.push(
      useAt(
        "bare-config-setting",
        file.bareSudo,
        file.bareSudo,
        "a module-level `SUDO = True` is the pyinfra 1.x config form, and pyinfra 3 ignores it, so " +
          "sudo stays off; write `config.SUDO = True` after `from pyinfra import config`",
        "config.SUDO",
      ),
    );
  }
  return uses;
}
