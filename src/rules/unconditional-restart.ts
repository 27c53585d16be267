import type { Catalogue } from "../catalogue/types.js";
import { restartTriggerFix } from "../fix/restart-trigger.js";
import type { Node } from "../python/parser.js";
import type { KeywordArgument, OperationCall, PythonFile } from "../python/model.js";
import { staticString } from "../python/syntax.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/**
 * File operations that write content a service reads, each with the
 * parameter that names the written path and that parameter's position.
 */
export const CONFIG_WRITERS: ReadonlyMap<string, { parameter: string; position: number }> = new Map([
  ["files.put", { parameter: "dest", position: 1 }],
  ["files.template", { parameter: "dest", position: 1 }],
  ["files.line", { parameter: "path", position: 0 }],
  ["files.replace", { parameter: "path", position: 0 }],
  ["files.block", { parameter: "path", position: 0 }],
  ["files.sync", { parameter: "dest", position: 1 }],
  ["files.rsync", { parameter: "dest", position: 1 }],
  ["files.copy", { parameter: "dest", position: 1 }],
]);

/** `freebsd.service.service` takes the action as `srvstate=` instead of a flag. */
const FREEBSD_SERVICE = "freebsd.service.service";

/** A file operation that runs before a restart and could be its trigger. */
export interface ConfigWriter {
  operation: OperationCall;
  /** The variable assigned its result, as in `config = files.template(...)`, or null. */
  variable: string | null;
  /** The parameter that names the written path: `dest` or `path`. */
  parameter: string;
  /** The written path when it is static, or null. */
  target: string | null;
}

/**
 * Returns the file operations that write configuration earlier than `call` in
 * the same function, or earlier at module level when `call` is at module level.
 */
export function configWritersBefore(file: PythonFile, call: OperationCall): ConfigWriter[] {
  const writers: ConfigWriter[] = [];
  for (const operation of file.operations) {
    if (operation.node.startIndex >= call.node.startIndex) break;
    if (operation.node.endIndex > call.node.startIndex) continue;
    if ((operation.function?.node.id ?? null) !== (call.function?.node.id ?? null)) continue;
    const writer = CONFIG_WRITERS.get(operation.qualifiedName);
    if (!writer) continue;

    const value =
      operation.arguments.keywords.get(writer.parameter)?.value ??
      operation.arguments.positional[writer.position] ??
      null;
    writers.push({
      operation,
      variable: operation.assignedTo,
      parameter: writer.parameter,
      target: staticString(value, file.scope),
    });
  }
  return writers;
}

/** The argument that makes the call restart or reload, and the verb for the message. */
interface RestartArgument {
  argument: KeywordArgument;
  action: "restart" | "reload";
}

function restartArgument(
  call: OperationCall,
  catalogue: Catalogue,
  file: PythonFile,
): RestartArgument | null {
  const keywords = call.arguments.keywords;
  if (call.qualifiedName === FREEBSD_SERVICE) {
    const argument = keywords.get("srvstate");
    const state = argument ? staticString(argument.value, file.scope) : null;
    if (!argument || (state !== "restarted" && state !== "reloaded")) return null;
    return { argument, action: state === "restarted" ? "restart" : "reload" };
  }

  const parameters = catalogue.operation(call.qualifiedName)?.parameters ?? [];
  for (const [name, action] of [["restarted", "restart"], ["reloaded", "reload"]] as const) {
    if (!parameters.some((parameter) => parameter.name === name)) continue;
    const argument = keywords.get(name);
    if (argument?.value.type === "true") return { argument, action };
  }
  return null;
}

const CHANGE_CHECK = /\.(changed|will_change|did_change)\b|\b(any_changed|all_changed)\b/;
const BRANCHES = new Set(["if_statement", "elif_clause", "while_statement"]);

function conditionOf(branch: Node): Node | null {
  if (branch.type === "conditional_expression") return branch.namedChildren[1] ?? null;
  return BRANCHES.has(branch.type) ? branch.childForFieldName("condition") : null;
}

/** True when the call sits in a branch on an operation's change, which PIK203 reports instead. */
function isInChangeBranch(call: OperationCall): boolean {
  for (let current: Node | null = call.node.parent; current; current = current.parent) {
    if (current.type === "function_definition") return false;
    const condition = conditionOf(current);
    if (condition && CHANGE_CHECK.test(condition.text)) return true;
  }
  return false;
}

function describeWriter(writer: ConfigWriter): string {
  const target = writer.target === null ? "..." : JSON.stringify(writer.target);
  return `\`${writer.operation.qualifiedName}(${writer.parameter}=${target})\``;
}

function describeRestart(call: OperationCall, found: RestartArgument, writers: ConfigWriter[]): string {
  const verbs = found.action === "restart" ? "restarts" : "reloads";
  const what = `\`${call.qualifiedName}(..., ${found.argument.node.text})\` ${verbs} on every run`;
  if (writers.length === 1) {
    const [writer] = writers;
    const trigger = `${found.action} only when ${describeWriter(writer)} changed`;
    return writer.variable
      ? `${what}; ${trigger}: \`_if=${writer.variable}.did_change\``
      : `${what}; ${trigger}: assign its result to a variable and pass \`_if=<variable>.did_change\``;
  }
  if (writers.length > 1) {
    return `${what}; pass \`_if=any_changed(...)\` with the file operations that should trigger it`;
  }
  return `${what}; pass \`_if=\` with the \`did_change\` of the operation that should trigger it`;
}

export const unconditionalRestart: Rule = {
  code: "PIK204",
  name: "unconditional-restart",
  summary: "A service restarted or reloaded on every run, with no `_if`",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "A service operation with `restarted=True` or `reloaded=True` (`systemd.service`, " +
      "`server.service`, `sysvinit.service`, `openrc.service`, `launchd.service` and every other " +
      "operation of the installed pyinfra that takes those flags, and `freebsd.service.service` " +
      'with `srvstate="restarted"`) that passes no `_if=`. When exactly one file operation ' +
      "earlier in the same function writes a file, the message names it as the likely trigger.",
    whyItMatters:
      "These flags restart a running service every time the deploy runs, even when nothing " +
      "changed: the deploy never converges, every run reports a change, and the service drops " +
      "connections for no reason. A restart belongs after the change that needs it, with " +
      "`_if=config.did_change`.",
    example:
      "from pyinfra.operations import files, systemd\n\n" +
      "config = files.template(\n" +
      '    name="Write the nginx configuration",\n' +
      '    src="templates/nginx.conf.j2",\n' +
      '    dest="/etc/nginx/nginx.conf",\n' +
      ")\n\n" +
      'systemd.service(name="Restart nginx", service="nginx", restarted=True)\n',
    useInstead:
      "from pyinfra.operations import files, systemd\n\n" +
      "config = files.template(\n" +
      '    name="Write the nginx configuration",\n' +
      '    src="templates/nginx.conf.j2",\n' +
      '    dest="/etc/nginx/nginx.conf",\n' +
      ")\n\n" +
      "systemd.service(\n" +
      '    name="Restart nginx",\n' +
      '    service="nginx",\n' +
      "    restarted=True,\n" +
      "    _if=config.did_change,\n" +
      ")\n",
    fixSafety:
      "With exactly one file write before the call in the same block or an enclosing one, the " +
      "fix passes `_if=<write>.did_change`, first assigning the write's result to `config` when " +
      "it is not assigned. The fix is unsafe: the service then restarts only when that file " +
      "changed, so a restart that other changes, such as a new package version, relied on no " +
      "longer happens. With several writes that all have variables, a display-only fix shows " +
      "`_if=any_changed(...)` with all of them, because which of them should trigger the restart " +
      "is the author's choice. Writes inside a branch or loop that does not hold the call get no fix.",
    options: "None.",
    knownLimits:
      "Only a literal `True` counts; a flag passed through a variable or `**kwargs` is not " +
      "seen. A restart inside an `if` on `op.changed` is left to PIK203. A helper function " +
      "whose whole job is to restart, called only when something changed, is still flagged. " +
      "Restarts through a shell command are PIK201's.",
  },
  check({ file, catalogue }) {
    const reports: RuleReport[] = [];
    for (const call of file.operations) {
      if (call.arguments.keywords.has("_if") || call.arguments.hasDictionarySplat) continue;
      const found = restartArgument(call, catalogue, file);
      if (!found || isInChangeBranch(call)) continue;
      const writers = configWritersBefore(file, call);
      const message = describeRestart(call, found, writers);
      reports.push(reportAt(found.argument.node, message, restartTriggerFix(call, writers, file)));
    }
    return reports;
  },
};
