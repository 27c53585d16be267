import { effectiveOperation, positionalParameters } from "./operation-signature.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

function listNames(names: string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length === 1) return quoted[0];
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

export const missingArgument: Rule = {
  code: "PIK103",
  name: "missing-argument",
  summary: "A required argument of an operation that the call does not pass",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A call to an operation that passes neither by keyword nor by position a parameter " +
      "that the installed pyinfra's signature requires (one without a default).",
    whyItMatters:
      "pyinfra raises a `TypeError` for the call when it loads the deploy, so nothing in the " +
      "deploy runs on any host.",
    example:
      "from pyinfra.operations import files\n\n" +
      'files.template(name="Render config", src="app.j2", user="root", group="root")\n',
    useInstead:
      "from pyinfra.operations import files\n\n" +
      'files.template(name="Render config", src="app.j2", dest="/etc/app.conf", user="root", group="root")\n',
    fixSafety: "No fix is offered: only a person knows the value to pass.",
    options: "None.",
    knownLimits:
      "Calls that pass `*args` or `**kwargs` are skipped, because the names they fill are not " +
      "known without running the code.",
  },
  check({ file, catalogue }) {
    const reports: RuleReport[] = [];
    for (const call of file.operations) {
      if (call.arguments.hasListSplat || call.arguments.hasDictionarySplat) continue;
      const found = catalogue.operation(call.qualifiedName);
      if (!found) continue;
      const operation = effectiveOperation(catalogue, found);

      const byPosition = new Set(
        positionalParameters(operation)
          .slice(0, call.arguments.positional.length)
          .map((parameter) => parameter.name),
      );
      const missing = operation.parameters
        .filter((parameter) => parameter.required)
        .map((parameter) => parameter.name)
        .filter((name) => !byPosition.has(name) && !call.arguments.keywords.has(name));
      if (missing.length === 0) continue;

      const noun = missing.length === 1 ? "argument" : "arguments";
      reports.push(
        reportAt(
          call.callee,
          `\`${call.qualifiedName}\` is missing the required ${noun} ${listNames(missing)}; pass ${missing.length === 1 ? "it" : "them"}`,
        ),
      );
    }
    return reports;
  },
};
