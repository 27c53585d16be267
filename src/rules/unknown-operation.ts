import type { Catalogue } from "../catalogue/types.js";
import type { OperationCall } from "../python/model.js";
import { importedModules, moduleIndex, moduleStatus, unknownModuleAdvice } from "./pyinfra-modules.js";
import type { ModuleIndex } from "./pyinfra-modules.js";
import { closestMatch, didYouMean } from "./suggest.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Modules with at most this many operations have them listed when no name is close. */
const MAX_LISTED_OPERATIONS = 10;

function unknownModuleMessage(module: string, index: ModuleIndex, version: string): string {
  return `\`pyinfra.operations.${module}\` does not exist in pyinfra ${version}` + unknownModuleAdvice(index, module);
}

function unknownOperationMessage(call: OperationCall, catalogue: Catalogue): string {
  const index = moduleIndex(catalogue, "operations");
  const submodule = `${call.module}.${call.name}`;
  if (index.modules.has(submodule)) {
    const first = catalogue.operationsInModule(submodule)[0];
    const example = first ? `, such as \`${submodule}.${first.name}\`` : "";
    return `\`${submodule}\` is a module, not an operation; call one of its operations${example}`;
  }

  const names = catalogue.operationsInModule(call.module).map((operation) => operation.name);
  const found = `\`${call.qualifiedName}\` is not an operation in pyinfra ${catalogue.version}`;
  const match = closestMatch(call.name, names);
  if (match !== null) return found + didYouMean(`${call.module}.${match}`);
  // An operation that moved between modules keeps its name, as `server.crontab` became
  // `crontab.crontab`. A name that several modules share, such as `packages`, identifies no module.
  const sameName = catalogue.data.operations.filter(
    (operation) => operation.name === call.name && operation.module !== call.module && !operation.is_deprecated,
  );
  if (sameName.length === 1) return `${found}; \`${sameName[0].module}.${call.name}\` has that name`;
  if (names.length === 0 || names.length > MAX_LISTED_OPERATIONS) return found;
  return `${found}; \`${call.module}\` has ${names.map((name) => `\`${name}\``).join(", ")}`;
}

export const unknownOperation: Rule = {
  code: "PIK101",
  name: "unknown-operation",
  summary: "A call to an operation that the installed pyinfra does not have",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "An import of a module under `pyinfra.operations` that does not exist, and a call to " +
      "an operation that its module does not define, checked against the installed pyinfra. " +
      "The message names the closest existing module or operation.",
    whyItMatters:
      "The import fails, or the attribute look-up raises, as soon as pyinfra loads the deploy " +
      "file, so nothing in the file runs. Names that were valid in another pyinfra version, or " +
      "command names used as module names (`systemctl` for `systemd`), are the usual cause.",
    example:
      "from pyinfra.operations import files, systemctl\n\n" +
      'files.templates(name="Render config", src="app.j2", dest="/etc/app.conf")\n' +
      'systemctl.service(name="Restart app", service="app", restarted=True)\n',
    useInstead:
      "from pyinfra.operations import files, systemd\n\n" +
      'files.template(name="Render config", src="app.j2", dest="/etc/app.conf")\n' +
      'systemd.service(name="Restart app", service="app", restarted=True)\n',
    fixSafety: "No fix is offered: the closest name is a guess that a person should confirm.",
    options: "None.",
    knownLimits:
      "Calls to the helper functions that some operation modules export, such as " +
      "`brew.cask_args`, are reported, because the catalogue lists operations only. " +
      "Names imported with `from pyinfra.operations.<module> import <name>` are checked " +
      "where they are called, not at the import. Deprecated operations, such as the " +
      "`postgresql` aliases of `postgres`, exist and are reported by PIK104 instead.",
  },
  check({ file, catalogue }) {
    const index = moduleIndex(catalogue, "operations");
    const reports: RuleReport[] = [];
    const reportedModules = new Set<string>();

    for (const imported of importedModules(file, index)) {
      if (moduleStatus(index, imported.module) !== "unknown") continue;
      reportedModules.add(imported.module);
      reports.push(reportAt(imported.node, unknownModuleMessage(imported.module, index, catalogue.version)));
    }

    for (const call of file.operations) {
      const status = moduleStatus(index, call.module);
      if (status === "helper") continue;
      if (status === "unknown") {
        // The import of the module is already reported; the call adds nothing.
        if (reportedModules.has(call.module)) continue;
        reports.push(reportAt(call.callee, unknownModuleMessage(call.module, index, catalogue.version)));
        continue;
      }
      if (catalogue.operation(call.qualifiedName)) continue;
      // A module that failed to import when the catalogue was built has no operations listed.
      if (status === "module" && catalogue.operationsInModule(call.module).length === 0) continue;
      reports.push(reportAt(call.callee, unknownOperationMessage(call, catalogue)));
    }
    return reports;
  },
};
