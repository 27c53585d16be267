import type { Catalogue, CatalogueFact } from "../catalogue/types.js";
import type { FactLookup } from "../python/model.js";
import { legacyArgument } from "./legacy-arguments.js";
import { importedModules, moduleIndex, moduleStatus, unknownModuleAdvice } from "./pyinfra-modules.js";
import type { ModuleIndex } from "./pyinfra-modules.js";
import { closestMatch, didYouMean } from "./suggest.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

function unknownModuleMessage(module: string, index: ModuleIndex, version: string): string {
  return `\`pyinfra.facts.${module}\` does not exist in pyinfra ${version}` + unknownModuleAdvice(index, module);
}

function unknownFactMessage(module: string, name: string, catalogue: Catalogue): string {
  const found = `\`pyinfra.facts.${module}.${name}\` is not a fact in pyinfra ${catalogue.version}`;
  const elsewhere = catalogue.factsByName.get(name)?.[0];
  if (elsewhere) return `${found}; it is in \`pyinfra.facts.${elsewhere.module}\``;
  const names = catalogue.factsInModule(module).map((fact) => fact.name);
  return found + didYouMean(closestMatch(name, names));
}

/** Checks the arguments of a look-up against the `command` parameters of the fact. */
function argumentReports(lookup: FactLookup, fact: CatalogueFact, catalogue: Catalogue): RuleReport[] {
  const args = lookup.arguments;
  // Short facts take the arguments of the fact they wrap, which the catalogue does not list.
  if (!args || fact.is_short || args.hasListSplat || args.hasDictionarySplat) return [];
  const reports: RuleReport[] = [];
  const positional = fact.parameters.filter(
    (parameter) => parameter.kind === "positional_only" || parameter.kind === "positional_or_keyword",
  );
  const keywordNames = fact.parameters
    .filter((parameter) => parameter.kind === "positional_or_keyword" || parameter.kind === "keyword_only")
    .map((parameter) => parameter.name);
  const takesVarKeyword = fact.parameters.some((parameter) => parameter.kind === "var_keyword");
  const takesVarPositional = fact.parameters.some((parameter) => parameter.kind === "var_positional");

  // The first positional argument of `get_fact` is the fact class itself.
  const passed = args.positional.slice(1);
  if (!takesVarPositional && passed.length > positional.length) {
    reports.push({
      start: passed[positional.length].startIndex,
      end: passed[passed.length - 1].endIndex,
      message:
        `\`${fact.name}\` takes at most ${positional.length} argument${positional.length === 1 ? "" : "s"}, ` +
        `got ${passed.length}`,
      fix: null,
    });
  }

  for (const keyword of args.keywords.values()) {
    if (keywordNames.includes(keyword.name) || catalogue.globalArguments.has(keyword.name)) continue;
    // PIK104 reports the names that older pyinfra versions accepted.
    if (legacyArgument(keyword.name, fact, catalogue)) continue;
    if (takesVarKeyword && !keyword.name.startsWith("_")) continue;
    const candidates = keyword.name.startsWith("_") ? [...catalogue.globalArguments.keys()] : keywordNames;
    const match = closestMatch(keyword.name, candidates);
    const known =
      keywordNames.length > 0
        ? `; it takes ${keywordNames.map((name) => `\`${name}\``).join(", ")}`
        : "; it takes no arguments";
    reports.push(
      reportAt(
        keyword.nameNode,
        `\`${fact.name}\` has no argument \`${keyword.name}\`` + (match === null ? known : didYouMean(match)),
      ),
    );
  }

  const byPosition = new Set(positional.slice(0, passed.length).map((parameter) => parameter.name));
  const missing = fact.parameters.filter(
    (parameter) => parameter.required && !byPosition.has(parameter.name) && !args.keywords.has(parameter.name),
  );
  if (missing.length > 0) {
    const names = missing.map((parameter) => `\`${parameter.name}\``).join(", ");
    reports.push(
      reportAt(lookup.factNode ?? lookup.node, `\`${fact.name}\` needs the argument${missing.length === 1 ? "" : "s"} ${names}; pass ${missing.length === 1 ? "it" : "them"} after the fact class`),
    );
  }
  return reports;
}

export const unknownFact: Rule = {
  code: "PIK105",
  name: "unknown-fact",
  summary: "`host.get_fact` of a fact class that does not exist, or with wrong arguments",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "An import of a module under `pyinfra.facts` that does not exist, a `host.get_fact(X)` " +
      "whose `X` resolves to a class that its module under `pyinfra.facts` does not define, " +
      "and arguments of `host.get_fact` that the fact's `command` does not take: unknown " +
      "keywords, too many positional arguments and missing required ones.",
    whyItMatters:
      "The import or the look-up raises when pyinfra loads the deploy, so nothing runs. Fact " +
      "classes move between modules and get renamed across pyinfra versions (`LinuxName` is in " +
      "`pyinfra.facts.server`), so a name that worked before may not exist now.",
    example:
      "from pyinfra import host\n" +
      "from pyinfra.facts.files import File\n" +
      "from pyinfra.facts.server import LinuxNam\n\n" +
      "name = host.get_fact(LinuxNam)\n" +
      'config = host.get_fact(File, paht="/etc/app.conf")\n',
    useInstead:
      "from pyinfra import host\n" +
      "from pyinfra.facts.files import File\n" +
      "from pyinfra.facts.server import LinuxName\n\n" +
      "name = host.get_fact(LinuxName)\n" +
      'config = host.get_fact(File, path="/etc/app.conf")\n',
    fixSafety: "No fix is offered: the closest name is a guess that a person should confirm.",
    options: "None.",
    knownLimits:
      "Only look-ups whose fact class resolves through the file's imports are checked; a " +
      "class held in a variable, or defined in the project, is not. The arguments of short " +
      "facts, such as `LinuxName`, are not checked, and calls with `*args` or `**kwargs` are " +
      "skipped for arguments.",
  },
  check({ file, catalogue }) {
    const index = moduleIndex(catalogue, "facts");
    const reports: RuleReport[] = [];
    const reportedModules = new Set<string>();

    for (const imported of importedModules(file, index)) {
      if (moduleStatus(index, imported.module) !== "unknown") continue;
      reportedModules.add(imported.module);
      reports.push(reportAt(imported.node, unknownModuleMessage(imported.module, index, catalogue.version)));
    }

    for (const lookup of file.factLookups) {
      if (lookup.form !== "get_fact" || !lookup.module || !lookup.name || !lookup.factNode) continue;
      const status = moduleStatus(index, lookup.module);
      if (status === "helper") continue;
      if (status !== "module") {
        if (reportedModules.has(lookup.module)) continue;
        reports.push(reportAt(lookup.factNode, unknownModuleMessage(lookup.module, index, catalogue.version)));
        continue;
      }
      const fact = catalogue.fact(lookup.module, lookup.name);
      if (fact) {
        reports.push(...argumentReports(lookup, fact, catalogue));
        continue;
      }
      // A module that failed to import when the catalogue was built has no facts listed.
      if (catalogue.factsInModule(lookup.module).length === 0) continue;
      reports.push(reportAt(lookup.factNode, unknownFactMessage(lookup.module, lookup.name, catalogue)));
    }
    return reports.sort((a, b) => a.start - b.start);
  },
};
