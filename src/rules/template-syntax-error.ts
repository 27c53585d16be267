import type { TemplateCall, TemplateSource } from "../templates/references.js";
import { analysisOf, describeSource, ownsTemplate, templateCalls, templateSpanReport } from "../templates/report.js";
import type { Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Reports for a template that could not be read as text or whose Jinja2 options are invalid. */
function failureReport(context: RuleContext, templateCall: TemplateCall, source: TemplateSource): RuleReport | null {
  const analysis = analysisOf(context, source);
  if (!analysis) return null;
  const name = describeSource(context, source);
  switch (analysis.status) {
    case "binary":
      return reportAt(
        templateCall.srcNode,
        `${name} is not a text template: ${analysis.message}; upload binary files with \`files.put\``,
      );
    case "unreadable":
      return reportAt(templateCall.srcNode, `${name} cannot be read as a template: ${analysis.message}`);
    case "too_large":
      return { ...reportAt(templateCall.srcNode, `${name} was not checked: ${analysis.message}`), severity: "info" };
    case "env_error": {
      const keyword = templateCall.call.arguments.keywords.get("jinja_env_kwargs");
      return reportAt(keyword?.node ?? templateCall.srcNode, analysis.message);
    }
    case "error":
      return {
        ...reportAt(templateCall.srcNode, `${name} was not checked: ${analysis.message}; please report it`),
        severity: "info",
      };
    case "ok":
    case "missing":
    case "unsupported_env":
      return null;
  }
}

export const templateSyntaxError: Rule = {
  code: "PIK506",
  name: "template-syntax-error",
  summary: "A template that Jinja2 cannot parse or compile",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A template rendered by `files.template` or `server.script_template` that Jinja2 rejects: a syntax " +
      "error, an unknown filter or test, an `include` or `extends` of the template in itself, a binary " +
      "file used as a template, or `jinja_env_kwargs` that `jinja2.Environment` does not accept. Templates " +
      "that it includes, extends or imports are checked too.",
    whyItMatters:
      "pyinfra compiles the template only when the operation runs, so the error stops the deploy " +
      "half-way through, after earlier operations have already changed the host.",
    example:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("{% for server in servers %}server {{ server }}\\n"),\n' +
      '    dest="/etc/app.conf",\n    servers=["a", "b"],\n)\n',
    useInstead:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("{% for server in servers %}server {{ server }}\\n{% endfor %}"),\n' +
      '    dest="/etc/app.conf",\n    servers=["a", "b"],\n)\n',
    fixSafety: "No fix is offered.",
    options: "None.",
    knownLimits:
      "Needs pyinfra and Jinja2 in the project's Python environment; without them the rule reports " +
      "nothing and one notice says so. A call whose `jinja_env_kwargs` is not a literal dict is not " +
      "checked. A problem of a template used by several calls is reported once, from the first call " +
      "in a file that parses, and is suppressed with `# noqa: PIK506` on the line of that call's `src`.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const templateCall of templateCalls(context)) {
      for (const source of templateCall.sources) {
        const failure = failureReport(context, templateCall, source);
        if (failure) reports.push(failure);
        const analysis = analysisOf(context, source);
        if (analysis?.status !== "ok" || !ownsTemplate(context, templateCall, source)) continue;
        for (const problem of analysis.problems) {
          if (problem.code !== "PIK506") continue;
          reports.push(
            templateSpanReport({
              context,
              source,
              path: problem.path,
              span: problem,
              anchor: templateCall.srcNode,
              message: problem.message,
            }),
          );
        }
      }
    }
    return reports;
  },
};
