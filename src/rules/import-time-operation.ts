import { basename, dirname, join, resolve, sep } from "node:path";

import { inputExists } from "../check/inputs.js";
import type { OperationCall } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { ProjectContext, Rule } from "./types.js";
import { reportAt } from "./types.js";

/**
 * Why a file counts as a deploy package module, or null when it is a script
 * that pyinfra may run directly. Only an `__init__.py` marks a package: a
 * folder such as `deploys/packages/` without one contains scripts that people
 * run as `pyinfra @local deploys/packages/laptop.py`.
 */
export function packageModuleReason(absolutePath: string, project: ProjectContext): string | null {
  const path = resolve(absolutePath);
  if (basename(path) === "__init__.py") return "it is a package's `__init__.py`";

  const folder = dirname(path);
  const root = resolve(project.root);
  // A script at the project root stays a script even when the root contains an `__init__.py`.
  if (folder === root) return null;
  if (inputExists(join(folder, "__init__.py"))) return "its folder is a Python package";

  // Deeper files of a deploy package, such as `deploys/web/tasks/packages.py`.
  const parts = path.split(sep);
  const deploys = parts.lastIndexOf("deploys");
  if (deploys < 0 || parts.length - deploys - 1 < 3) return null;
  const packageFolder = parts.slice(0, deploys + 2).join(sep);
  if (inputExists(join(packageFolder, "__init__.py"))) {
    return `it is inside the deploy package \`deploys/${parts[deploys + 1]}\``;
  }
  return null;
}

/** True when the call runs as the module is imported: outside functions, lambdas and `if __name__ == "__main__":`. */
function runsAtImport(call: OperationCall): boolean {
  if (call.function !== null) return false;
  for (let current: Node | null = call.node.parent; current; current = current.parent) {
    if (current.type === "lambda") return false;
    if (current.type === "if_statement") {
      const condition = current.childForFieldName("condition")?.text.replace(/\s+/g, "") ?? "";
      if (/^__name__==['"]__main__['"]$/.test(condition)) return false;
    }
  }
  return true;
}

export const importTimeOperation: Rule = {
  code: "PIK502",
  name: "import-time-operation",
  summary: "An operation at module level in a deploy package module",
  severity: "warning",
  fix: "none",
  docs: {
    whatItFinds:
      "A call to an operation outside any function in a module that other code imports: a " +
      "package's `__init__.py`, a file whose folder contains an `__init__.py`, or a file at any " +
      "depth below `deploys/<name>/` when that folder contains an `__init__.py`. Deploy scripts " +
      "that pyinfra runs directly, such as `deploy.py`, `tasks/web.py` or " +
      "`deploys/packages/laptop.py` in folders without an `__init__.py`, are not reported, " +
      "because running operations at the top level is how those scripts work.",
    whyItMatters:
      "pyinfra runs a deploy script once for each host, but Python imports a module only once " +
      "per process. Operations at the top level of an imported module are therefore added for " +
      "the first host that imports it and silently missing for every other host. They also " +
      "run whenever anything imports the module, even a test or a tool that only wants a " +
      "helper from it. A deploy function with parameters, called by the script, runs for every " +
      "host and says what it needs.",
    example:
      "from pyinfra.operations import apt\n\n" +
      'apt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n',
    useInstead:
      "from pyinfra.api import deploy\n" +
      "from pyinfra.operations import apt\n\n" +
      '@deploy("Install nginx")\n' +
      "def install_nginx():\n" +
      '    apt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n',
    fixSafety: "No fix is offered: moving code into a function changes what its callers must do.",
    options: "None.",
    knownLimits:
      "Whether a module is imported or run is judged from the `__init__.py` files around it, " +
      "not from how the project uses it. A package module that is only ever run with " +
      "`local.include` runs for every host and is still reported. Calls to `@deploy` " +
      "functions at the top level are not reported.",
  },
  check({ file, project }) {
    const reason = packageModuleReason(file.absolutePath, project);
    if (reason === null) return [];
    return file.operations
      .filter(runsAtImport)
      .map((call) =>
        reportAt(
          call.callee,
          `\`${call.qualifiedName}\` runs when this module is imported (${reason}), once per ` +
            "process rather than once per host; call it from a deploy function",
        ),
      );
  },
};
