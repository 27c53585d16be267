import type { Catalogue, CatalogueOperation } from "../catalogue/types.js";
import type { KeywordArgument, OperationCall } from "../python/model.js";
import { legacyArgument } from "./legacy-arguments.js";
import { effectiveOperation, keywordParameterNames, positionalParameters } from "./operation-signature.js";
import { closestMatch, didYouMean } from "./suggest.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

function checkKeyword(
  call: OperationCall,
  keyword: KeywordArgument,
  operation: CatalogueOperation,
  catalogue: Catalogue,
): RuleReport | null {
  const name = keyword.name;
  const parameters = keywordParameterNames(operation);
  if (parameters.has(name) || catalogue.globalArguments.has(name)) return null;
  // PIK104 reports the names that older pyinfra versions accepted.
  if (legacyArgument(name, operation, catalogue)) return null;

  const globals = [...catalogue.globalArguments.keys()];
  if (operation.takes_var_keyword) {
    // Extra keywords are data for the operation, such as template variables,
    // but a leading `_` marks a misspelt global argument.
    if (!name.startsWith("_")) return null;
    const match = closestMatch(name, globals);
    return reportAt(
      keyword.nameNode,
      `\`${name}\` is not a global argument, so \`${call.qualifiedName}\` takes it as data` +
        didYouMean(match),
    );
  }

  return reportAt(
    keyword.nameNode,
    `\`${call.qualifiedName}\` has no argument \`${name}\`` + didYouMean(suggestArgument(name, parameters, globals)),
  );
}

/**
 * Suggests a valid keyword for an unknown one. A name with a leading `_` is
 * matched against the global arguments. Any other name is matched against the
 * operation's parameters and `name`, first by spelling and then by a shared
 * `_`-separated ending, as `database` for `psql_database`.
 */
function suggestArgument(name: string, parameters: ReadonlySet<string>, globals: string[]): string | null {
  if (name.startsWith("_")) return closestMatch(name, globals);
  const spelled = closestMatch(name, [...parameters, "name"]);
  if (spelled !== null) return spelled;
  for (const parameter of parameters) {
    if (parameter.endsWith(`_${name}`) || name.endsWith(`_${parameter}`)) return parameter;
  }
  return null;
}

function checkPositionals(call: OperationCall, operation: CatalogueOperation): RuleReport[] {
  const reports: RuleReport[] = [];
  const positional = positionalParameters(operation);
  const passed = call.arguments.positional;

  if (!operation.takes_var_positional && passed.length > positional.length) {
    const first = passed[positional.length];
    const last = passed[passed.length - 1];
    reports.push({
      start: first.startIndex,
      end: last.endIndex,
      message:
        `\`${call.qualifiedName}\` takes at most ${positional.length} positional ` +
        `argument${positional.length === 1 ? "" : "s"}, got ${passed.length}; pass the rest by keyword`,
      fix: null,
    });
  }

  // A parameter filled by position and again by keyword raises a TypeError.
  for (const parameter of positional.slice(0, passed.length)) {
    const keyword = call.arguments.keywords.get(parameter.name);
    if (!keyword) continue;
    reports.push(
      reportAt(
        keyword.nameNode,
        `\`${parameter.name}\` of \`${call.qualifiedName}\` is passed by position and again by keyword; pass it once`,
      ),
    );
  }
  return reports;
}

export const unknownArgument: Rule = {
  code: "PIK102",
  name: "unknown-argument",
  summary: "An argument that the operation and the global arguments do not accept",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A keyword argument that is neither a parameter of the called operation nor a global " +
      "argument of the installed pyinfra, with the closest valid name. It also finds more " +
      "positional arguments than the operation takes, and a parameter passed both by position " +
      "and by keyword. For operations that take `**kwargs`, such as `files.template`, whose " +
      "extra keywords are data, only names that start with `_` and are not global arguments " +
      "are reported.",
    whyItMatters:
      "pyinfra raises a `TypeError` for the call when it loads the deploy, so nothing runs. " +
      "Worse, an operation that takes `**kwargs` accepts a misspelt global argument such as " +
      "`_sduo=True` as template data, and the file is written without sudo.",
    example:
      "from pyinfra.operations import apt, files\n\n" +
      'apt.packages(name="Install nginx", package=["nginx"], _sudo=True)\n' +
      'files.template(name="Render config", src="app.j2", dest="/etc/app.conf", _sduo=True)\n',
    useInstead:
      "from pyinfra.operations import apt, files\n\n" +
      'apt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n' +
      'files.template(name="Render config", src="app.j2", dest="/etc/app.conf", _sudo=True)\n',
    fixSafety: "No fix is offered: the closest name is a guess that a person should confirm.",
    options: "None.",
    knownLimits:
      "Arguments passed through `**kwargs` are not seen. Global arguments of pyinfra 1.x and " +
      "2.x, such as `sudo=True`, and `state`/`host` arguments are reported by PIK104. A " +
      "deprecated alias that forwards `*args, **kwargs`, such as `postgresql.role`, is checked " +
      "against the operation it forwards to.",
  },
  check({ file, catalogue }) {
    const reports: RuleReport[] = [];
    for (const call of file.operations) {
      const found = catalogue.operation(call.qualifiedName);
      if (!found) continue;
      const operation = effectiveOperation(catalogue, found);

      for (const keyword of call.arguments.keywords.values()) {
        const report = checkKeyword(call, keyword, operation, catalogue);
        if (report) reports.push(report);
      }
      reports.push(...checkPositionals(call, operation));
    }
    return reports.sort((a, b) => a.start - b.start);
  },
};
