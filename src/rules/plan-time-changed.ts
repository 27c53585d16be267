import { changedBlockFix } from "../fix/changed-block.js";
import type { Node } from "../python/parser.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import { RunTimeContext } from "./run-time.js";
import type { Fix, Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/**
 * `OperationMeta.changed` is marked "deprecated, remove in v4" in pyinfra 3.10.
 * Before the operation has run it returns `will_change`, a guess made by running
 * the operation's command generator against the facts read at the start.
 */
const DEPRECATED_ATTRIBUTE = "changed";

/**
 * `will_change` is not deprecated, and pyinfra's own examples pass it as an
 * operation argument (`restarted=unit.will_change`), so it is flagged only as
 * an `_if=` value, where pyinfra rejects the boolean.
 */
const GUESS_ATTRIBUTE = "will_change";

/** Calls that only show a value, such as `print(op.changed)`; reads in their arguments are not flagged. */
const DISPLAY_CALLS = new Set(["print", "str", "repr", "format"]);
const LOGGER_METHODS = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "log"]);

/** A plan-time read of `variable.changed`, or `variable.will_change` passed as `_if`. */
export interface PlanTimeRead {
  /** The `op.changed` attribute node. */
  node: Node;
  variable: string;
  attribute: string;
  /** The operation call whose result the variable holds. */
  operation: OperationCall;
  /** The `_if=...` keyword argument when the read is its whole value. */
  ifArgument: Node | null;
}

function isDisplayCall(call: Node): boolean {
  const callee = call.childForFieldName("function");
  if (callee?.type === "identifier") return DISPLAY_CALLS.has(callee.text);
  if (callee?.type !== "attribute") return false;
  const method = callee.childForFieldName("attribute")?.text ?? "";
  return LOGGER_METHODS.has(method) || method === "format";
}

/** True when the read is only shown, as in `print(op.changed)` or an f-string. */
function isDisplayed(node: Node): boolean {
  let current = node;
  while (current.parent?.type === "parenthesized_expression") current = current.parent;
  const parent = current.parent;
  if (parent?.type === "interpolation") return true;
  const list = parent?.type === "keyword_argument" ? parent.parent : parent;
  if (list?.type !== "argument_list" || !list.parent) return false;
  return isDisplayCall(list.parent);
}

/** The `_if=` keyword argument whose whole value is `node`, or null. */
function ifArgumentOf(node: Node): Node | null {
  const parent = node.parent;
  if (parent?.type !== "keyword_argument") return null;
  if (parent.childForFieldName("name")?.text !== "_if") return null;
  return parent.childForFieldName("value")?.id === node.id ? parent : null;
}

/** Finds every plan-time read of `op.changed`, and every `_if=op.will_change`. */
export function planTimeReads(file: PythonFile): PlanTimeRead[] {
  const scopeOf = (node: Node): number => (file.functionAt(node)?.node ?? file.root).id;
  const operationsByScope = new Map<number, Map<string, OperationCall>>();
  for (const call of file.operations) {
    if (!call.assignedTo) continue;
    const scope = scopeOf(call.node);
    const names = operationsByScope.get(scope) ?? new Map<string, OperationCall>();
    if (!names.has(call.assignedTo)) names.set(call.assignedTo, call);
    operationsByScope.set(scope, names);
  }
  if (operationsByScope.size === 0) return [];
  // Most files read neither attribute, and listing every attribute node costs a pass over the tree.
  const attributeRead = new RegExp(`\\.[\\s\\\\]*(${DEPRECATED_ATTRIBUTE}|${GUESS_ATTRIBUTE})\\b`);
  if (!attributeRead.test(file.text)) return [];

  const runTime = new RunTimeContext(file);
  const reads: PlanTimeRead[] = [];
  for (const node of file.nodes("attribute")) {
    const object = node.childForFieldName("object");
    const attribute = node.childForFieldName("attribute")?.text;
    if (object?.type !== "identifier") continue;
    if (attribute !== DEPRECATED_ATTRIBUTE && attribute !== GUESS_ATTRIBUTE) continue;

    const operation = operationsByScope.get(scopeOf(node))?.get(object.text);
    if (!operation || runTime.contains(node) || isDisplayed(node)) continue;
    const ifArgument = ifArgumentOf(node);
    if (attribute === GUESS_ATTRIBUTE && !ifArgument) continue;
    reads.push({ node, variable: object.text, attribute, operation, ifArgument });
  }
  return reads;
}

function describeRead(read: PlanTimeRead): string {
  const found = `\`${read.variable}.${read.attribute}\``;
  const expected = `\`_if=${read.variable}.did_change\``;
  if (read.ifArgument) {
    return `${found} passes a plan-time boolean to \`_if\`, which takes a callable; pass ${expected}`;
  }
  return `${found} is read at plan time; pass ${expected} to the dependent operations`;
}

function fixIfArgument(read: PlanTimeRead): Fix | null {
  const attribute = read.node.childForFieldName("attribute");
  if (!read.ifArgument || !attribute) return null;
  return {
    title: `Pass \`${read.variable}.did_change\``,
    applicability: "safe",
    edits: [{ start: attribute.startIndex, end: attribute.endIndex, content: "did_change" }],
  };
}

export const planTimeChanged: Rule = {
  code: "PIK203",
  name: "plan-time-changed",
  summary: "`op.changed` read in Python control flow instead of `_if=`",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "A read of `op.changed`, where `op` holds the result of an operation call in the same " +
      "function or module: in an `if`, a boolean expression, an assignment or an `_if=` " +
      "argument. Also `_if=op.will_change`.",
    whyItMatters:
      "Deploy code runs while pyinfra builds the plan, before any operation has run. At that " +
      "point `changed` (deprecated in pyinfra 3) is a guess made from the facts read at the " +
      "start, so a later operation that depends on it is added or left out on stale state. " +
      "`_if=op.did_change` is called when the dependent operation runs, after `op` has run. " +
      "`_if` takes a callable, so `_if=op.changed` and `_if=op.will_change` are argument errors.",
    example:
      "from pyinfra.operations import files, systemd\n\n" +
      "config = files.template(\n" +
      '    name="Write the nginx configuration",\n' +
      '    src="templates/nginx.conf.j2",\n' +
      '    dest="/etc/nginx/nginx.conf",\n' +
      ")\n\n" +
      "if config.changed:\n" +
      '    systemd.service(name="Reload nginx", service="nginx", reloaded=True)\n',
    useInstead:
      "from pyinfra.operations import files, systemd\n\n" +
      "config = files.template(\n" +
      '    name="Write the nginx configuration",\n' +
      '    src="templates/nginx.conf.j2",\n' +
      '    dest="/etc/nginx/nginx.conf",\n' +
      ")\n\n" +
      "systemd.service(\n" +
      '    name="Reload nginx",\n' +
      '    service="nginx",\n' +
      "    reloaded=True,\n" +
      "    _if=config.did_change,\n" +
      ")\n",
    fixSafety:
      "`_if=op.changed` and `_if=op.will_change` are rewritten to `_if=op.did_change`. The fix " +
      "is safe: pyinfra rejects a boolean `_if`, so the old code never ran. An `if op.changed:` " +
      "(or `a.changed or b.changed`, or `and`) whose body holds only operation calls is unwrapped: " +
      "each call gets `_if=op.did_change`, or `_if=any_changed(a, b)` / `all_changed(a, b)` with " +
      "the helper imported from `pyinfra.operations.util`. That fix is unsafe: the calls are now " +
      "always in the plan and decided when they run, on what `op` actually did rather than on " +
      "the guess made at plan time. An `if` with `elif` or `else`, other statements in its body, " +
      "calls that pass `_if` or `**kwargs` already, or a comment on the `if` line gets no fix.",
    options: "None.",
    knownLimits:
      "Only a plain variable assigned from an operation call in the same function (or both at " +
      "module level) is followed; results kept in lists, dictionaries or attributes are not. " +
      "Reads that are only shown, such as `print(op.changed)`, reads in lambdas and reads in " +
      "functions passed to `python.call` are not flagged. `op.will_change` outside `_if=` is " +
      "not flagged, although it is the same plan-time guess. A bare `if op.did_change:` (the " +
      "method, never called, so always true) is not flagged.",
  },
  check({ file }) {
    const reports: RuleReport[] = [];
    for (const read of planTimeReads(file)) {
      reports.push(reportAt(read.node, describeRead(read), fixIfArgument(read) ?? changedBlockFix(read.node, file)));
    }
    return reports;
  },
};
