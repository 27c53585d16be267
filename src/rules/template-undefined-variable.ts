import type { TemplateCall, TemplateSource } from "../templates/references.js";
import { analysisOf, describeCall, templateCalls, templateSpanReport } from "../templates/report.js";
import type { HostDataSource, TemplateVariable } from "../templates/types.js";
import type { Rule, RuleContext, RuleReport } from "./types.js";

function hostDataAdvice(name: string, call: string): string {
  return `pass \`${name}=host.data.get("${name}")\` to ${call}, or write \`{{ host.data.${name} }}\` in the template`;
}

function undefinedMessage(variable: TemplateVariable, call: string, hostData: HostDataSource | undefined): string {
  const name = variable.name;
  if (hostData) {
    return (
      `\`${name}\` is host data (${hostData.path}:${hostData.line}), but pyinfra does not put host data ` +
      `in the template context; ${hostDataAdvice(name, call)}`
    );
  }
  return `\`${name}\` is not defined: ${call} does not pass it; pass \`${name}=...\` to the call`;
}

function guardedMessage(variable: TemplateVariable, call: string, hostData: HostDataSource): string {
  const name = variable.name;
  const effect =
    variable.guard === "default"
      ? `\`${name}\` always takes its \`default(...)\` value`
      : `\`${name} is defined\` is always false`;
  return (
    `${effect} when rendered by ${call}: host data defines \`${name}\` (${hostData.path}:${hostData.line}), ` +
    `but pyinfra does not put host data in the template context; ${hostDataAdvice(name, call)}`
  );
}

function checkSource(context: RuleContext, templateCall: TemplateCall, source: TemplateSource): RuleReport[] {
  const analysis = analysisOf(context, source);
  const index = context.templates;
  if (!index || analysis?.status !== "ok") return [];
  const passed = new Set(templateCall.data.map((keyword) => keyword.name));
  const call = describeCall(context, templateCall);
  const reports: RuleReport[] = [];
  for (const variable of analysis.variables) {
    if (passed.has(variable.name) || index.contextNames.has(variable.name)) continue;
    const hostData = index.hostData.get(templateCall.workingDirectory)?.get(variable.name);
    if (variable.guard === null) {
      reports.push(
        templateSpanReport({
          context,
          source,
          path: variable.path,
          span: variable,
          anchor: templateCall.call.callee,
          message: undefinedMessage(variable, call, hostData),
        }),
      );
    } else if (variable.guard !== "set" && hostData) {
      reports.push(
        templateSpanReport({
          context,
          source,
          path: variable.path,
          span: variable,
          anchor: templateCall.call.callee,
          message: guardedMessage(variable, call, hostData),
          severity: "info",
        }),
      );
    }
  }
  return reports;
}

export const templateUndefinedVariable: Rule = {
  code: "PIK504",
  name: "template-undefined-variable",
  summary: "A template variable that the `files.template` call does not pass",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A variable that a template reads but that is neither passed as a keyword argument of the " +
      "`files.template` or `server.script_template` call, nor set in the template, nor one of the names " +
      "that pyinfra adds (`host`, `state` and `inventory` in pyinfra 3.x), nor a Jinja2 global. The " +
      "finding is in the template, at the first read, and names the call. A read guarded by `is defined` " +
      "or `| default(...)` is not reported, but when host data defines the name an info finding says that " +
      "the guard hides it.",
    whyItMatters:
      "pyinfra renders with `StrictUndefined`, so an undefined variable stops the deploy when the " +
      "operation runs. Host data is a common cause: a value in `group_data/all.py` or the inventory is " +
      "not a template variable; the template reads it as `host.data.name`, or the call passes it.",
    example:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("listen {{ port }}\\n"),\n    dest="/etc/app.conf",\n)\n',
    useInstead:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("listen {{ port }}\\n"),\n    dest="/etc/app.conf",\n    port=8080,\n)\n',
    fixSafety: "No fix is offered: the value to pass is not known.",
    options: "None.",
    knownLimits:
      "A call that passes `**kwargs` is not checked, because the dict may hold any name. Host data is read statically " +
      "from module-level assignments in `group_data/*.py` and data dicts in `inventory.py`. A variable " +
      "set inside a loop or macro is treated as set for the rest of the template. Needs pyinfra and Jinja2 " +
      "in the project's Python environment. A finding in a template is suppressed with `# noqa: PIK504` " +
      "on the first line of the call, not in the template.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const templateCall of templateCalls(context)) {
      // Keyword arguments from `**kwargs` may define any name.
      if (!templateCall.dataKnown) continue;
      for (const source of templateCall.sources) reports.push(...checkSource(context, templateCall, source));
    }
    return reports;
  },
};
