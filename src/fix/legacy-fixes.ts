// Fixes that migrate pyinfra 1.x/2.x idioms to pyinfra 3, one per form of
// legacy use that PIK104 reports.
import type { Catalogue } from "../catalogue/types.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { findAll } from "../python/syntax.js";
import { factClassFor, findLegacyUses, positionalName } from "../rules/legacy-forms.js";
import type { LegacyForm, LegacyUse, PositionalName } from "../rules/legacy-forms.js";
import type { Applicability, Fix, RuleContext, TextEdit } from "../rules/types.js";
import { insertLastArgument, removeListItems } from "./arguments.js";
import { ImportChanges } from "./imports.js";

type LegacyFixer = (use: LegacyUse, context: RuleContext) => Fix | null;

const IDENTIFIER = new Set(["identifier"]);

function keywordNames(argumentList: Node | null): string[] {
  return (argumentList?.namedChildren ?? [])
    .filter((child): child is Node => child?.type === "keyword_argument")
    .map((child) => child.childForFieldName("name")?.text ?? "");
}

/** True when the keyword's call is an operation that takes `**kwargs`, so the old name was template or command data. */
function passedAsData(keyword: Node, file: PythonFile, catalogue: Catalogue): boolean {
  const call = keyword.parent?.parent;
  const operation = file.operations.find((candidate) => candidate.node.id === call?.id);
  return operation ? (catalogue.operation(operation.qualifiedName)?.takes_var_keyword ?? false) : false;
}

/**
 * Renames a legacy keyword such as `sudo=` to `_sudo=`. Declines when the
 * call already passes the new name, because a repeated keyword does not compile.
 */
function renameKeyword(use: LegacyUse, { file, catalogue }: RuleContext): Fix | null {
  const name = use.node.childForFieldName("name");
  if (!name || !use.replacement) return null;
  if (keywordNames(use.node.parent).includes(use.replacement)) return null;
  // An operation with `**kwargs` took the old name as data and ran without it; the new name takes effect.
  const applicability: Applicability = passedAsData(use.node, file, catalogue) ? "unsafe" : "safe";
  return {
    title: `Rename \`${name.text}=\` to \`${use.replacement}=\``,
    applicability,
    edits: [{ start: name.startIndex, end: name.endIndex, content: use.replacement }],
  };
}

/** Removes `state=state` or `host=host` from an operation call. */
function removeKeyword(use: LegacyUse): Fix | null {
  const list = use.node.parent;
  if (!list) return null;
  const edits = removeListItems(list, [use.node]);
  if (!edits) return null;
  const name = use.node.childForFieldName("name")?.text ?? "";
  return { title: `Remove \`${name}=\``, applicability: "safe", edits };
}

/** Rewrites `host.fact.linux_name` to `host.get_fact(LinuxName)`, importing the fact class. */
function factAttribute(use: LegacyUse, { file, catalogue }: RuleContext): Fix | null {
  const attribute = use.node.type === "call" ? use.node.childForFieldName("function") : use.node;
  const legacyName = attribute?.childForFieldName("attribute")?.text;
  const hostExpression = attribute?.childForFieldName("object")?.childForFieldName("object");
  if (!attribute || !legacyName || !hostExpression) return null;
  const fact = factClassFor(catalogue, legacyName);
  if (!fact) return null;

  const imports = new ImportChanges(file);
  const reference = imports.require(`pyinfra.facts.${fact.module}`, fact.name);
  if (!reference) return null;

  const edits: TextEdit[] = [];
  if (use.node.type === "call") {
    const args = use.node.childForFieldName("arguments");
    if (args?.type !== "argument_list") return null;
    const hasArguments = args.namedChildren.some((child) => child !== null && child.type !== "comment");
    edits.push({ start: attribute.startIndex, end: attribute.endIndex, content: `${hostExpression.text}.get_fact` });
    edits.push({ start: args.startIndex + 1, end: args.startIndex + 1, content: hasArguments ? `${reference}, ` : reference });
  } else {
    edits.push({ start: attribute.startIndex, end: attribute.endIndex, content: `${hostExpression.text}.get_fact(${reference})` });
  }
  return {
    title: `Use \`host.get_fact(${fact.name})\``,
    applicability: "unsafe",
    edits: imports.finish(edits),
  };
}

/** Adds the call to a bare `@deploy`. */
function bareDeploy(use: LegacyUse): Fix | null {
  const expression = use.node.namedChildren[0];
  if (!expression) return null;
  return {
    title: "Call the decorator: `@deploy()`",
    applicability: "safe",
    edits: [{ start: expression.endIndex, end: expression.endIndex, content: "()" }],
  };
}

/**
 * True when `name` is read in the function's body, outside attribute names,
 * keyword names and the `state=state`/`host=host` arguments that the
 * state-host-argument fix removes.
 */
function bodyUses(body: Node, name: string, removedArguments: ReadonlySet<number>): boolean {
  return findAll(body, IDENTIFIER).some((node) => {
    if (node.text !== name) return false;
    const parent = node.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === node.id) return false;
    if (parent?.type === "keyword_argument" && removedArguments.has(parent.startIndex)) return false;
    return !(parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === node.id);
  });
}

/**
 * Removes the `state` and `host` parameters of a legacy deploy function and
 * imports those that the body reads from `pyinfra`. Unsafe: callers that pass
 * them must change too.
 */
function stateHostParameters(use: LegacyUse, { file, catalogue }: RuleContext): Fix | null {
  const parameters = use.node;
  const function_ = parameters.parent;
  const body = function_?.childForFieldName("body");
  if (!function_ || !body) return null;
  const removed = parameters.namedChildren.filter((parameter): parameter is Node => {
    if (!parameter || parameter.type === "comment") return false;
    const name = parameter.type === "identifier" ? parameter : (parameter.childForFieldName("name") ?? parameter.namedChildren[0]);
    return name?.type === "identifier" && (name.text === "state" || name.text === "host");
  });
  const edits = removeListItems(parameters, removed);
  if (!edits || removed.length === 0) return null;

  const removedArguments = new Set(
    findLegacyUses(file, catalogue)
      .filter((other) => other.form === "state-host-argument")
      .map((other) => other.node.startIndex),
  );
  const imports = new ImportChanges(file);
  for (const parameter of removed) {
    const name = parameter.type === "identifier" ? parameter.text : (parameter.childForFieldName("name")?.text ?? "");
    if (!bodyUses(body, name, removedArguments)) continue;
    if (imports.requireShadowed("pyinfra", name) === null) return null;
  }
  return {
    title: "Import `state` and `host` from `pyinfra` instead of taking them as parameters",
    applicability: "unsafe",
    edits: imports.finish(edits),
  };
}

/** Fixes by legacy form; forms without an entry get no fix. */
/**
 * Turns the pyinfra 0.x name set in the first position, and the `state, host`
 * before it, into a `name=` keyword at the end of the call, so the other
 * positional arguments bind to the parameters they were written for. Declines
 * when a comment would be lost or `**kwargs` may pass a name too.
 */
function positionalNameFix(use: LegacyUse, { file }: RuleContext): Fix | null {
  let call: OperationCall | undefined;
  let named: PositionalName | null = null;
  for (const candidate of file.operations) {
    named = positionalName(candidate, file);
    if (named?.set.id === use.node.id) {
      call = candidate;
      break;
    }
  }
  if (!call || !named || !use.replacement || call.arguments.hasDictionarySplat) return null;
  const start = call.arguments.positional[0].startIndex;
  const following = call.arguments.node.namedChildren.find(
    (child) => child !== null && child.type !== "comment" && child.startIndex >= named.argument.endIndex,
  );
  const end = following ? following.startIndex : named.argument.endIndex;
  const comments = [...named.argument.descendantsOfType("comment"), ...call.arguments.node.namedChildren].filter(
    (node): node is Node => node?.type === "comment",
  );
  if (comments.some((comment) => comment.startIndex >= start && comment.endIndex <= end)) return null;

  const edits: TextEdit[] = following
    ? [{ start, end, content: "" }, ...insertLastArgument(file.text, call.arguments, use.replacement)]
    : [{ start, end, content: use.replacement }];
  return { title: `Pass \`${use.replacement}\``, applicability: "unsafe", edits };
}

export const LEGACY_FIX_BUILDERS: Partial<Record<LegacyForm, LegacyFixer>> = {
  "fact-attribute": factAttribute,
  "unprefixed-global-argument": renameKeyword,
  "renamed-global-argument": renameKeyword,
  "renamed-operation-argument": renameKeyword,
  "state-host-argument": removeKeyword,
  "state-host-parameter": stateHostParameters,
  "bare-deploy-decorator": bareDeploy,
  "positional-name": positionalNameFix,
};
