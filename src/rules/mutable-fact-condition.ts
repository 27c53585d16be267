import { posix } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import type { Node } from "../python/parser.js";
import type { FactLookup, OperationCall, PythonFile } from "../python/model.js";
import { dottedName, staticString, unparenthesized } from "../python/syntax.js";
import { shellCommandSources } from "../shell/extract.js";
import { nativeEquivalent } from "../shell/native-equivalents.js";
import { FACT_ALIASES, PLATFORM_COMMANDS, isEnvironmentPath, mutableFact } from "./data/mutable-facts.js";
import { writtenPath } from "./data/written-paths.js";
import { RunTimeContext } from "./run-time.js";
import { callExists } from "./shell-instead-of-operation.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

const FACTS_PREFIX = "pyinfra.facts.";

/** Fact modules that the file imports with `from pyinfra.facts.<module> import *`. */
function wildcardFactModules(file: PythonFile): string[] {
  const modules: string[] = [];
  for (const statement of file.imports.statements) {
    if (statement.type !== "import_from_statement") continue;
    if (!statement.namedChildren.some((child) => child?.type === "wildcard_import")) continue;
    const moduleNode = statement.childForFieldName("module_name");
    const module = moduleNode ? dottedName(moduleNode) : null;
    if (module?.startsWith(FACTS_PREFIX)) modules.push(module.slice(FACTS_PREFIX.length));
  }
  return modules;
}

/**
 * Returns the `module.Name` of the fact a look-up reads, also when the class came
 * in through `from pyinfra.facts.<module> import *`, or null when it does not resolve.
 */
function qualifiedFactName(
  lookup: FactLookup,
  file: PythonFile,
  catalogue: Catalogue,
  wildcards: string[],
): string | null {
  if (lookup.form !== "get_fact" || !lookup.name) return null;
  if (lookup.module) return `${lookup.module}.${lookup.name}`;
  if (lookup.factNode?.type !== "identifier") return null;
  if (file.imports.binding(lookup.name) !== undefined) return null;

  for (const module of wildcards) {
    const qualified = `${module}.${lookup.name}`;
    if (catalogue.fact(module, lookup.name) || FACT_ALIASES.has(qualified)) return qualified;
  }
  return null;
}

/** Returns the static value of a fact argument, by keyword or by position after the fact class. */
function factArgument(lookup: FactLookup, name: string, position: number, file: PythonFile): string | null {
  const args = lookup.arguments;
  if (!args) return null;
  // The fact class is the first positional argument of `host.get_fact`.
  const value = args.keywords.get(name)?.value ?? args.positional[position + 1] ?? null;
  return staticString(value, file.scope);
}

/**
 * True when the look-up tests the platform rather than managed state: a file
 * fact on a marker such as `/.dockerenv`, or `Which` on an init system or a
 * base package manager.
 */
function testsPlatform(lookup: FactLookup, qualified: string, file: PythonFile): boolean {
  if (qualified === "server.Which") {
    const command = factArgument(lookup, "command", 0, file);
    return command !== null && PLATFORM_COMMANDS.has(command);
  }
  if (!qualified.startsWith("files.")) return false;
  const path = factArgument(lookup, "path", 0, file);
  return path !== null && isEnvironmentPath(path);
}

interface Branch {
  condition: Node;
  facts: { lookup: FactLookup; name: string; qualified: string; operation: string | null }[];
}

/** Facts that tell whether a path or a command exists, as a run-once guard reads them. */
const EXISTENCE_FACTS = new Map([
  ["files.File", "path"],
  ["files.Directory", "path"],
  ["files.Link", "path"],
  ["server.Which", "command"],
]);

/** Operations that run commands pyinfra cannot look into. */
const COMMAND_OPERATIONS = new Set(["server.shell", "server.script", "server.script_template"]);

/** Returns an expression's static value, as a normalised path, or its source text when it is not static. */
function valueKey(node: Node, file: PythonFile): string {
  const value = staticString(node, file.scope);
  if (value === null) return node.text;
  const normalised = posix.normalize(value);
  return normalised.length > 1 && normalised.endsWith("/") ? normalised.slice(0, -1) : normalised;
}


/** True when a guarded command operation runs something that no pyinfra operation does. */
function runsOpaqueCommand(guarded: OperationCall[], file: PythonFile, catalogue: Catalogue): boolean {
  const sources = shellCommandSources(file);
  return guarded.some((call) => {
    if (!COMMAND_OPERATIONS.has(call.qualifiedName)) return false;
    const own = sources.filter((source) => source.call === call);
    // A script, or commands that are not literal, cannot be matched to operations.
    if (own.length === 0) return true;
    return own.some((source) =>
      source.script.commands.some((command) => {
        const match = nativeEquivalent(command, source.template);
        return match === null || !callExists(match.call, catalogue);
      }),
    );
  });
}

/** True when an operation before `statement` may create what the fact checks for. */
function changedEarlier(qualified: string, checked: string, statement: Node, file: PythonFile): boolean {
  return file.operations.some((call) => {
    if (call.node.startIndex >= statement.startIndex) return false;
    // A command appears with the package that installs it, under a name that need not match.
    if (qualified === "server.Which") return call.name === "packages";
    const written = writtenPath(call, file);
    if (!written?.node) return false;
    const path = valueKey(written.node, file);
    // Operations that write a file create the folders above it, as `files.put` does by default.
    return path === checked || (qualified === "files.Directory" && path.startsWith(`${checked}/`));
  });
}

/**
 * True for `if not host.get_fact(Directory, path=P):` around an installer or
 * a build that creates P with commands no operation runs, such as
 * `curl ... | bash`. The fact is read before any operation runs, which is
 * right for such a guard as long as no earlier operation of the file creates P.
 */
function isRunOnceGuard(branch: Branch, file: PythonFile, catalogue: Catalogue): boolean {
  const condition = unparenthesized(branch.condition);
  if (condition.type !== "not_operator" || branch.facts.length !== 1) return false;
  const [fact] = branch.facts;
  const parameter = EXISTENCE_FACTS.get(fact.qualified);
  const negated = condition.childForFieldName("argument");
  if (!parameter || !negated || unparenthesized(negated).id !== fact.lookup.node.id) return false;
  const args = fact.lookup.arguments;
  const checkedNode = args?.keywords.get(parameter)?.value ?? args?.positional[1] ?? null;
  const clause = branch.condition.parent;
  const isClause = clause?.type === "if_statement" || clause?.type === "elif_clause";
  const body = isClause ? clause.childForFieldName("consequence") : null;
  // Operations in the branches before an `elif` come earlier in the file too.
  const statement = clause?.type === "elif_clause" ? clause.parent : clause;
  if (!checkedNode || !statement || !body) return false;

  const guarded = file.operations.filter(
    (call) => call.node.startIndex >= body.startIndex && call.node.endIndex <= body.endIndex,
  );
  if (!runsOpaqueCommand(guarded, file, catalogue)) return false;
  return !changedEarlier(fact.qualified, valueKey(checkedNode, file), statement, file);
}

function describeBranch(branch: Branch): string {
  const names = [...new Set(branch.facts.map((fact) => `\`${fact.name}\``))];
  const operation = branch.facts.find((fact) => fact.operation !== null)?.operation;
  const instead = operation
    ? `let \`${operation}(...)\` manage the state instead`
    : "let an operation manage that state instead";
  return `branch on ${names.join(" and ")} (read before any operation runs); ${instead}`;
}

export const mutableFactCondition: Rule = {
  code: "PIK202",
  name: "mutable-fact-condition",
  summary: "A branch on a fact that operations in the same run can change",
  severity: "warning",
  fix: "none",
  docs: {
    whatItFinds:
      "An `if`, `elif`, `while`, conditional expression or comprehension `if` whose " +
      "condition reads a fact that operations can change: files, directories and links, " +
      "`Which`, users and groups, mounts, service status, installed packages, git " +
      "checkouts, containers and the like. The fact may be read in the condition itself " +
      "or assigned to a local variable that the condition reads.",
    whyItMatters:
      "pyinfra reads facts in deploy code while it builds the plan, before any operation " +
      "runs. A branch on such a fact is taken on the state the host had at the start: when " +
      "an earlier operation of the same run creates the file, installs the package or " +
      "starts the service, the branch still sees the old state, and the second run takes " +
      "the other branch. Operations read their facts when they run and do nothing when the " +
      "state is already right, so they need no branch.",
    example:
      "from pyinfra import host\n" +
      "from pyinfra.facts.files import Directory\n" +
      "from pyinfra.operations import server\n\n" +
      'if not host.get_fact(Directory, path="/srv/app"):\n' +
      '    server.shell(name="Create the app folder", commands=["mkdir -p /srv/app"])\n',
    useInstead:
      "from pyinfra import host\n" +
      "from pyinfra.facts.server import LinuxName\n" +
      "from pyinfra.operations import apt, files\n\n" +
      'files.directory(name="Create the app folder", path="/srv/app")\n\n' +
      "# Facts about the machine itself do not change during a run.\n" +
      'if host.get_fact(LinuxName) == "Ubuntu":\n' +
      '    apt.packages(name="Install nginx", packages=["nginx"])\n',
    fixSafety: "No fix is offered: the operation that replaces a branch depends on what the branch does.",
    options: "None.",
    knownLimits:
      "Only look-ups through `host.get_fact(...)` count; the pyinfra 1.x form `host.fact.name` " +
      "is left to PIK104. A fact read into a variable counts only where a condition in the same " +
      "function reads that variable directly; a value copied into a second variable is not " +
      "followed. Look-ups in lambdas, in `@operation` functions and in functions passed to " +
      "`python.call` run during execution and are not flagged. `RebootRequired`, `Command`, " +
      "`Processes`, `Ports` and other facts that no operation manages are never flagged. File " +
      "facts on platform markers (`/.dockerenv`, `/etc/os-release`, paths under `/proc` and " +
      "`/sys`) and `Which` on init systems and base package managers (`systemctl`, `apt`, " +
      "`dnf` ...) are tests of the machine and are not flagged; markers missing from those " +
      "lists are. A run-once guard, `if not host.get_fact(Directory, path=P):` (or `File`, " +
      "`Link`, `Which`) around a command that no operation replaces, such as an installer piped " +
      "to a shell, is not flagged unless an earlier operation of the same file writes `P` or, for " +
      "`Directory`, a path inside it (for `Which`, installs packages). Shell commands that create " +
      "`P` and operations in other deploy files are not seen.",
  },
  check({ file, catalogue }) {
    const wildcards = wildcardFactModules(file);
    const runTime = new RunTimeContext(file);
    const branches = new Map<number, Branch>();

    for (const lookup of file.factLookups) {
      const conditions = lookup.conditions;
      if (conditions.length === 0) continue;
      const qualified = qualifiedFactName(lookup, file, catalogue, wildcards);
      if (!qualified) continue;
      const operation = mutableFact(qualified);
      if (operation === undefined || runTime.contains(lookup.node)) continue;
      if (testsPlatform(lookup, qualified, file)) continue;

      for (const condition of conditions) {
        if (runTime.contains(condition)) continue;
        const branch = branches.get(condition.id) ?? { condition, facts: [] };
        if (branch.facts.some((fact) => fact.lookup === lookup)) continue;
        branch.facts.push({ lookup, name: lookup.name ?? qualified, qualified, operation });
        branches.set(condition.id, branch);
      }
    }

    const reports: RuleReport[] = [];
    for (const branch of branches.values()) {
      if (isRunOnceGuard(branch, file, catalogue)) continue;
      reports.push(reportAt(branch.condition, describeBranch(branch)));
    }
    return reports.sort((a, b) => a.start - b.start);
  },
};
