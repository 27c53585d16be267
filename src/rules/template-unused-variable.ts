import type { KeywordArgument } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { TemplateCall } from "../templates/references.js";
import { analysisOf, describeSource, templateCalls } from "../templates/report.js";
import type { Fix, Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Collects the names that the templates of the call read, or returns null when one is not fully known. */
function namesRead(context: RuleContext, templateCall: TemplateCall): Set<string> | null {
  if (templateCall.sources.length === 0) return null;
  const names = new Set<string>();
  for (const source of templateCall.sources) {
    const analysis = analysisOf(context, source);
    if (analysis?.status !== "ok" || analysis.dynamic_references) return null;
    // A problem in the template can hide the reads after it.
    if (analysis.problems.some((problem) => problem.code === "PIK506")) return null;
    for (const name of analysis.used_names) names.add(name);
  }
  return names;
}

/**
 * Says which other operations of the same module have a parameter, as in
 * "`files.line`, `files.replace` and `files.block` take it", or returns null when none has it.
 */
function operationsWithParameter(context: RuleContext, templateCall: TemplateCall, name: string): string | null {
  const names = context.catalogue
    .operationsInModule(templateCall.call.module)
    .filter((operation) => operation.parameters.some((parameter) => parameter.name === name))
    .map((operation) => `\`${operation.module}.${operation.name}\``);
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} takes it`;
  if (names.length > 4) return `${names.slice(0, 3).join(", ")} and others take it`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} take it`;
}

/** Removes a keyword argument with the comma that separates it; null when a comment is in the way. */
function removalFix(keyword: KeywordArgument, argumentList: Node): Fix | null {
  const items = argumentList.namedChildren.filter((child): child is Node => child !== null);
  if (items.some((item) => item.type === "comment")) return null;
  const position = items.findIndex((item) => item.id === keyword.node.id);
  if (position < 0) return null;
  const next = items[position + 1];
  const previous = items[position - 1];

  let start: number;
  let end: number;
  if (next) {
    start = keyword.node.startIndex;
    end = next.startIndex;
  } else if (previous) {
    start = previous.endIndex;
    end = keyword.node.endIndex;
  } else {
    // The only argument: empty the brackets, with any trailing comma.
    start = argumentList.startIndex + 1;
    end = argumentList.endIndex - 1;
  }
  return {
    title: `Remove the unused \`${keyword.name}=\` argument`,
    applicability: "unsafe",
    edits: [{ start, end, content: "" }],
  };
}

export const templateUnusedVariable: Rule = {
  code: "PIK505",
  name: "template-unused-variable",
  summary: "A keyword argument of `files.template` that the template never reads",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "A keyword argument of `files.template` or `server.script_template` that becomes a template " +
      "variable, when neither the template nor the templates it includes, extends or imports read it. " +
      "The operation's own parameters (`src`, `dest`, `user`, `group`, `mode`, `create_remote_dir`, " +
      "`jinja_env_kwargs`) and the global arguments such as `name` and `_sudo` are not template data.",
    whyItMatters:
      "An unused variable is usually a typo, or a name that the template spells differently, so the " +
      "value the deploy means to set never reaches the file.",
    example:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("listen {{ port }}\\n"),\n    dest="/etc/app.conf",\n' +
      "    port=8080,\n    prot=8080,\n)\n",
    useInstead:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      'files.template(\n    name="Configure the app",\n' +
      '    src=StringIO("listen {{ port }}\\n"),\n    dest="/etc/app.conf",\n    port=8080,\n)\n',
    fixSafety:
      "The fix removes the argument and is unsafe: the value may have side effects, and the intended " +
      "fix may be to read it in the template instead. No fix is offered when a comment sits among the arguments.",
    options: "None.",
    knownLimits:
      "A template that includes another by an expression, or that has an error, is not checked. When " +
      "`src` can be one of two templates, an argument is reported only when neither reads it.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const templateCall of templateCalls(context)) {
      const names = namesRead(context, templateCall);
      if (!names) continue;
      const template = templateCall.sources.map((source) => describeSource(context, source)).join(" or ");
      for (const keyword of templateCall.data) {
        if (names.has(keyword.name)) continue;
        const elsewhere = operationsWithParameter(context, templateCall, keyword.name);
        const message = elsewhere
          ? `\`${keyword.name}=\` is not a parameter of \`${templateCall.call.qualifiedName}\` ` +
            `(${elsewhere}), so it becomes template data, and ${template} never reads it; ` +
            "remove the argument"
          : `\`${keyword.name}=\` is passed to \`${templateCall.call.qualifiedName}\`, but ${template} never ` +
            `reads \`${keyword.name}\`; read it in the template or remove the argument`;
        reports.push(reportAt(keyword.node, message, removalFix(keyword, templateCall.call.arguments.node)));
      }
    }
    return reports;
  },
};
