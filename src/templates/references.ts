// Finds the operations that render a Jinja2 template and resolves their
// `src` the way pyinfra does: a relative path is joined to the folder pyinfra
// runs from (`state.cwd`), an IO object is the template text itself.
import { createHash } from "node:crypto";
import { isAbsolute, join, normalize } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import type { KeywordArgument, OperationCall, PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { ProjectContext } from "../rules/types.js";
import { staticString, staticStringStart } from "../python/syntax.js";
import type { InlineText } from "./inline.js";
import { inlineText } from "./inline.js";
import { workingDirectoryFor } from "./paths.js";

/**
 * Operations that render a template, with the operations whose named
 * parameters they also consume. `server.script_template` passes its keyword
 * arguments on to `files.template`, so `user=` or `mode=` there are not
 * template data either.
 */
export const TEMPLATE_OPERATIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ["files.template", []],
  ["server.script_template", ["files.template"]],
]);

const IO_CLASSES = new Set(["io.StringIO"]);
const MAX_RESOLVE_DEPTH = 8;

/** One template that a `src` argument can name. */
export type TemplateSource =
  | {
      kind: "file";
      /** The path as `src` gives it, before joining it to the working directory. */
      written: string;
      absolutePath: string;
      /** Identifies the template and its Jinja2 options in a check run. */
      key: string;
    }
  | { kind: "inline"; inline: InlineText; key: string };

/** A call of a template operation, as the template rules read it. */
export interface TemplateCall {
  call: OperationCall;
  /** The `src` argument. */
  srcNode: Node;
  /** Every template `src` can name: one, two for `a if c else b`, none when it is not static. */
  sources: TemplateSource[];
  /** The static start of a `src` that is not static, such as `templates/` in `f"templates/{name}.j2"`. */
  srcPrefix: string | null;
  /** The keyword arguments that become template variables. */
  data: KeywordArgument[];
  /** False when the call passes `**kwargs`, whose names are not known. */
  dataKnown: boolean;
  /** The source text of `jinja_env_kwargs=`, or null without one. */
  envKwargs: string | null;
  /** The folder pyinfra runs the deploy from, which a relative `src` is joined to. */
  workingDirectory: string;
}

/** A candidate value of `src` before it is turned into a template source. */
type SourceValue = { kind: "path"; value: string } | { kind: "inline"; inline: InlineText };

/** Identifies a template with what changes its checks: its Jinja2 options and its loader's folder. */
export function templateKey(
  source: { absolutePath: string } | { text: string },
  envKwargs: string | null,
  workingDirectory: string,
): string {
  const settings = `${envKwargs ?? ""}\0${workingDirectory}`;
  if ("absolutePath" in source) return `file:${source.absolutePath}\0${settings}`;
  const digest = createHash("sha1").update(source.text).digest("hex");
  return `inline:${digest}\0${settings}`;
}

/** Returns the `absolutePath:offset` that names a call across a check run. */
export function callId(file: PythonFile, call: OperationCall): string {
  return `${file.absolutePath}:${call.node.startIndex}`;
}

function isStringIo(node: Node, file: PythonFile): boolean {
  const callee = node.childForFieldName("function");
  if (!callee) return false;
  const path = file.imports.resolve(callee);
  return path !== null && IO_CLASSES.has(path);
}

/**
 * The assignments `name = ...` that can give a name its value at `use`: those
 * before it in the same function, or else those at module level.
 */
function assignmentsFor(file: PythonFile, name: string, use: Node): Node[] {
  const scope = file.functionAt(use)?.node ?? null;
  const inScope = assignmentsIn(file, name, scope, use.startIndex);
  if (inScope.length > 0 || scope === null) return inScope;
  // A function runs after the whole module has been executed.
  return assignmentsIn(file, name, null, Infinity);
}

function assignmentsIn(file: PythonFile, name: string, scope: Node | null, before: number): Node[] {
  const found: Node[] = [];
  for (const identifier of file.nodes("identifier")) {
    if (identifier.startIndex >= before) break;
    if (identifier.text !== name) continue;
    const assignment = identifier.parent;
    if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.id !== identifier.id) continue;
    if ((file.functionAt(identifier)?.node.id ?? null) !== (scope?.id ?? null)) continue;
    found.push(assignment);
  }
  return found;
}

function resolveValues(node: Node | null, file: PythonFile, depth: number): SourceValue[] | null {
  if (!node || depth > MAX_RESOLVE_DEPTH) return null;
  const value = staticString(node, file.scope);
  if (value !== null) return [{ kind: "path", value }];

  switch (node.type) {
    case "parenthesized_expression":
      return resolveValues(node.namedChildren[0] ?? null, file, depth + 1);
    case "conditional_expression": {
      // `a if condition else b`: the first and last named children are the two values.
      const branches = [node.namedChildren[0], node.namedChildren[node.namedChildCount - 1]];
      const values: SourceValue[] = [];
      for (const branch of branches) {
        const resolved = resolveValues(branch ?? null, file, depth + 1);
        if (resolved === null) return null;
        values.push(...resolved);
      }
      return values;
    }
    case "call": {
      if (!isStringIo(node, file)) return null;
      const argument = node.childForFieldName("arguments")?.namedChildren.find(
        (child) => child !== null && child.type !== "comment" && child.type !== "keyword_argument",
      );
      const text = argument ? inlineValue(argument, file, depth + 1) : null;
      return text ? [{ kind: "inline", inline: text }] : null;
    }
    case "identifier": {
      const assignments = assignmentsFor(file, node.text, node);
      if (assignments.length === 0) return null;
      const values: SourceValue[] = [];
      for (const assignment of assignments) {
        const resolved = resolveValues(assignment.childForFieldName("right"), file, depth + 1);
        if (resolved === null) return null;
        values.push(...resolved);
      }
      return values;
    }
    default:
      return null;
  }
}

/** Reads the text of the argument of `StringIO(...)`: a literal, or a name assigned one literal. */
function inlineValue(node: Node, file: PythonFile, depth: number): InlineText | null {
  if (depth > MAX_RESOLVE_DEPTH) return null;
  if (node.type !== "identifier") return inlineText(node);
  const assignments = assignmentsFor(file, node.text, node);
  if (assignments.length !== 1) return null;
  const right = assignments[0].childForFieldName("right");
  return right ? inlineValue(right, file, depth + 1) : null;
}

function sourceArgument(call: OperationCall): Node | null {
  return call.arguments.keywords.get("src")?.value ?? call.arguments.positional[0] ?? null;
}

/** Collects the parameter names of the operation and of those it passes its arguments on to. */
function parameterNames(qualifiedName: string, catalogue: Catalogue): Set<string> {
  const names = new Set<string>();
  for (const name of [qualifiedName, ...(TEMPLATE_OPERATIONS.get(qualifiedName) ?? [])]) {
    for (const parameter of catalogue.operation(name)?.parameters ?? []) {
      if (parameter.kind !== "var_keyword" && parameter.kind !== "var_positional") names.add(parameter.name);
    }
  }
  return names;
}

/**
 * Finds every call of a template operation in a file and resolves its
 * template. `workingDirectoryConfigured` is true when the configuration names
 * the folder pyinfra runs from, so that it is not inferred.
 */
export function findTemplateCalls(
  file: PythonFile,
  catalogue: Catalogue,
  project: ProjectContext,
  workingDirectoryConfigured: boolean,
): TemplateCall[] {
  const calls: TemplateCall[] = [];
  if (!file.operations.some((call) => TEMPLATE_OPERATIONS.has(call.qualifiedName))) return calls;
  const workingDirectory = workingDirectoryFor(file.absolutePath, project, workingDirectoryConfigured);
  for (const call of file.operations) {
    if (!TEMPLATE_OPERATIONS.has(call.qualifiedName)) continue;
    const srcNode = sourceArgument(call);
    if (!srcNode) continue;

    const parameters = parameterNames(call.qualifiedName, catalogue);
    const data = [...call.arguments.keywords.values()].filter(
      (keyword) => !parameters.has(keyword.name) && !catalogue.globalArguments.has(keyword.name),
    );
    const envKwargs = call.arguments.keywords.get("jinja_env_kwargs")?.value.text ?? null;
    const values = resolveValues(srcNode, file, 0) ?? [];
    const sources = values.map((value): TemplateSource => {
      if (value.kind === "inline") {
        const key = templateKey(value.inline, envKwargs, workingDirectory);
        return { kind: "inline", inline: value.inline, key };
      }
      const absolutePath = normalize(isAbsolute(value.value) ? value.value : join(workingDirectory, value.value));
      const key = templateKey({ absolutePath }, envKwargs, workingDirectory);
      return { kind: "file", written: value.value, absolutePath, key };
    });
    calls.push({
      call,
      srcNode,
      sources,
      srcPrefix: sources.length === 0 ? staticStringStart(srcNode, file.scope) : null,
      data,
      dataKnown: !call.arguments.hasDictionarySplat,
      envKwargs,
      workingDirectory,
    });
  }
  return calls;
}
