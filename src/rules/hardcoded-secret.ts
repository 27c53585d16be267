import { join } from "node:path";

import { inputExists } from "../check/inputs.js";
import type { PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { dottedName, staticString, walkNamed } from "../python/syntax.js";
import type { SecretMatch } from "./data/secret-patterns.js";
import {
  findCommandSecrets,
  findKnownFormats,
  HOLE,
  isNonSecretValue,
  looksRandom,
  redact,
  secretNameStrength,
} from "./data/secret-patterns.js";
import { operationArgument } from "./data/written-paths.js";
import { DEFAULT_CONFIG } from "../workspace/config.js";
import type { ProjectContext, Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** Operation arguments that contain shell commands or SQL, where a password can appear inline. */
const COMMAND_ARGUMENTS: ReadonlyMap<string, string> = new Map([
  ["crontab.crontab", "command"],
  ["docker.container_exec", "command"],
  ["mysql.sql", "sql"],
  ["postgres.sql", "sql"],
  ["server.shell", "commands"],
  ["ssh.command", "command"],
]);

/** Calls whose second argument is a fallback for a value read from the environment or host data. */
const LOOKUP_WITH_FALLBACK = new Set(["os.getenv", "os.environ.get", "os.environ.setdefault"]);

/** Node types whose static value is written in the code, rather than read from a name. */
const LITERAL_TYPES = new Set([
  "binary_operator",
  "concatenated_string",
  "parenthesized_expression",
  "string",
]);
const NON_LITERAL_PARTS = new Set(["call", "identifier", "interpolation"]);

/** The secret helper as configured, split for messages and call matching. */
interface SecretHelper {
  path: string;
  name: string;
  module: string;
  /** The advice that ends each message, worked out when the first report needs it. */
  readonly advice: string;
}

/**
 * True when the module of the default helper is a file of the project, found
 * from the project root or from the folder pyinfra runs from, as Python imports it.
 */
function defaultHelperExists(module: string, project: ProjectContext): boolean {
  const parts = module.split(".");
  return [...new Set([project.root, project.workingDirectory])].some(
    (folder) =>
      inputExists(join(folder, ...parts) + ".py") || inputExists(join(folder, ...parts, "__init__.py")),
  );
}

function secretHelper(path: string, project: ProjectContext): SecretHelper {
  const dot = path.lastIndexOf(".");
  const name = path.slice(dot + 1);
  const module = dot > 0 ? path.slice(0, dot) : "";
  let advice: string | null = null;
  return {
    path,
    name,
    module,
    get advice() {
      if (advice !== null) return advice;
      if (path === DEFAULT_CONFIG.secretHelper && !defaultHelperExists(module, project)) {
        // Naming a helper the project does not have would send the user to an import that fails.
        advice =
          "read it at deploy time instead, for example from the environment or a secret store, and " +
          "name the function that does it with `secret-helper` in `[tool.pyinfra-kit]`";
      } else {
        advice = `read it with \`${name}(...)\`${module ? ` from \`${module}\`` : ""}`;
      }
      return advice;
    },
  };
}

/** Returns the text of a string literal with each interpolation replaced by `HOLE`. */
function literalText(node: Node): string {
  let text = "";
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === "string_content" || part.type === "escape_sequence") text += part.text;
    else if (part.type === "interpolation") text += HOLE;
  }
  return text;
}

/** True when a literal expression contains no name, call or interpolation. */
function isWrittenLiteral(node: Node): boolean {
  if (!LITERAL_TYPES.has(node.type)) return false;
  let literal = true;
  walkNamed(node, (child) => {
    if (NON_LITERAL_PARTS.has(child.type)) literal = false;
    return literal;
  });
  return literal;
}

/** Returns the ranges of the argument lists of secret-helper calls, whose strings name secrets. */
function helperArgumentRanges(file: PythonFile, helper: SecretHelper): [number, number][] {
  const ranges: [number, number][] = [];
  for (const node of file.nodes("call")) {
    const callee = node.childForFieldName("function");
    const args = node.childForFieldName("arguments");
    if (!callee || !args) continue;
    const resolved = file.imports.resolve(callee);
    const lastName = dottedName(callee)?.split(".").pop();
    if (resolved === helper.path || (resolved === null && lastName === helper.name)) {
      ranges.push([args.startIndex, args.endIndex]);
    }
  }
  return ranges;
}

/** The node kinds that can bind a name to a value, and calls for `os.getenv` fallbacks. */
const NAMED_VALUE_TYPES = [
  "keyword_argument",
  "default_parameter",
  "typed_default_parameter",
  "assignment",
  "pair",
  "call",
];

const LEADING_NAME = /^([A-Za-z_][A-Za-z0-9_]*)\s*[=:]/;

/**
 * Returns false when a candidate node cannot report, judged from its source
 * text alone: a keyword or parameter whose name suggests no secret, or a call
 * whose function is not one of `lookupNames`. Most nodes stop here, before
 * their children are read out of the parser.
 */
function mayReport(node: Node, lookupNames: ReadonlySet<string>): boolean {
  switch (node.type) {
    case "keyword_argument":
    case "default_parameter":
    case "typed_default_parameter": {
      const name = LEADING_NAME.exec(node.text)?.[1];
      return name === undefined || secretNameStrength(name) !== null;
    }
    case "call": {
      const text = node.text;
      const callee = text.slice(0, text.indexOf("(")).trimEnd();
      return lookupNames.has(callee.slice(callee.lastIndexOf(".") + 1));
    }
    default:
      return true;
  }
}

/** Returns the last names of the functions that `fallbackSecret` reads, import aliases included. */
function lookupNames(file: PythonFile): Set<string> {
  const names = new Set(["get", "getenv", "setdefault"]);
  for (const path of LOOKUP_WITH_FALLBACK) {
    for (const bound of file.imports.namesBoundTo(path)) names.add(bound);
  }
  return names;
}

/** A name bound to a value by a keyword argument, assignment, dictionary key or default. */
interface NamedValue {
  name: string;
  value: Node;
  /** The name of the place in messages, such as "`password`" or "template data `db_password`". */
  label: string;
}

function keywordLabel(node: Node, name: string, context: RuleContext): string {
  const call = node.parent?.parent;
  const operation = context.file.operations.find((candidate) => candidate.node.id === call?.id);
  if (!operation) return `\`${name}\``;
  const parameters = context.catalogue.operation(operation.qualifiedName)?.parameters ?? [];
  const dataParameter = parameters.find(
    (parameter) => parameter.kind === "var_keyword" && parameter.name === "data",
  );
  const isParameter = parameters.some((parameter) => parameter.name === name);
  const isData = dataParameter !== undefined && !isParameter;
  return isData
    ? `template data \`${name}\` of \`${operation.qualifiedName}\``
    : `\`${name}\` of \`${operation.qualifiedName}\``;
}

function namedValue(node: Node, context: RuleContext): NamedValue | null {
  switch (node.type) {
    case "keyword_argument": {
      const name = node.childForFieldName("name")?.text;
      const value = node.childForFieldName("value");
      return name && value ? { name, value, label: keywordLabel(node, name, context) } : null;
    }
    case "default_parameter":
    case "typed_default_parameter": {
      const name = node.childForFieldName("name")?.text;
      const value = node.childForFieldName("value");
      return name && value ? { name, value, label: `\`${name}\`` } : null;
    }
    case "assignment": {
      const left = node.childForFieldName("left");
      const value = node.childForFieldName("right");
      if (!left || !value) return null;
      let name: string | null = null;
      if (left.type === "identifier") name = left.text;
      else if (left.type === "attribute") name = left.childForFieldName("attribute")?.text ?? null;
      else if (left.type === "subscript") {
        name = staticString(left.childForFieldName("subscript"), context.file.scope);
      }
      return name ? { name, value, label: `\`${name}\`` } : null;
    }
    case "pair": {
      const name = staticString(node.childForFieldName("key"), context.file.scope);
      const value = node.childForFieldName("value");
      return name && value ? { name, value, label: `\`${name}\`` } : null;
    }
    default:
      return null;
  }
}

/** Reports a literal secret bound to a secret-suggesting name, or returns null. */
function namedSecret(
  named: NamedValue,
  context: RuleContext,
  helper: SecretHelper,
): RuleReport | null {
  const strength = secretNameStrength(named.name);
  if (!strength || !isWrittenLiteral(named.value)) return null;
  const value = staticString(named.value, context.file.scope);
  if (value === null || isNonSecretValue(value)) return null;
  if (strength === "weak" && !looksRandom(value)) return null;
  return reportAt(
    named.value,
    `${named.label} is set to a literal secret (${redact(value)}); ${helper.advice}`,
  );
}

/** Reports a literal fallback of `os.getenv("DB_PASSWORD", "...")` and the like. */
function fallbackSecret(node: Node, context: RuleContext, helper: SecretHelper): RuleReport | null {
  const callee = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (!callee || !args) return null;
  const path = context.file.imports.resolve(callee);
  const isHostData = dottedName(callee)?.endsWith("host.data.get") ?? false;
  if (!isHostData && (path === null || !LOOKUP_WITH_FALLBACK.has(path))) return null;

  const [key, fallback] = args.namedChildren.filter(
    (child): child is Node => child !== null && child.type !== "comment",
  );
  const name = key ? staticString(key, context.file.scope) : null;
  if (!name || !fallback || !secretNameStrength(name) || !isWrittenLiteral(fallback)) return null;
  const value = staticString(fallback, context.file.scope);
  if (value === null || isNonSecretValue(value)) return null;
  return reportAt(
    fallback,
    `the fallback for \`${name}\` is a literal secret (${redact(value)}); ${helper.advice}`,
  );
}

function matchReport(
  node: Node,
  match: SecretMatch,
  where: string,
  helper: SecretHelper,
): RuleReport {
  const shown = redact(match.value, match.publicPrefix);
  return reportAt(node, `${where} contains ${match.kind} (${shown}); ${helper.advice}`);
}

/** Reports passwords written into shell commands and SQL text of operations. */
function commandSecrets(
  context: RuleContext,
  helper: SecretHelper,
  reported: Set<number>,
): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const call of context.file.operations) {
    const argument = COMMAND_ARGUMENTS.get(call.qualifiedName);
    if (!argument) continue;
    const parameters = context.catalogue.operation(call.qualifiedName)?.parameters ?? [];
    const position = parameters.findIndex((parameter) => parameter.name === argument);
    const node = operationArgument(call, argument, position < 0 ? null : position);
    if (!node) continue;

    walkNamed(node, (child) => {
      if (child.type === "call") return false;
      if (child.type !== "string" || reported.has(child.id)) return;
      const [match] = findCommandSecrets(literalText(child));
      if (!match) return;
      reported.add(child.id);
      reports.push(matchReport(child, match, `a \`${call.qualifiedName}\` command`, helper));
      return false;
    });
  }
  return reports;
}

export const hardcodedSecret: Rule = {
  code: "PIK401",
  name: "hardcoded-secret",
  summary: "A password, token or key in a literal instead of the secret helper",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A secret written into the code: a non-empty string literal assigned or passed under a " +
      "name like `password`, `passwd`, `token`, `secret`, `api_key`, `private_key` or " +
      "`_sudo_password` (including template data and dictionary keys); a literal fallback of " +
      "`os.getenv(\"DB_PASSWORD\", ...)`; a string in a known secret format anywhere (AWS access " +
      "key IDs, GitHub, GitLab, Slack, Stripe and npm tokens, private key blocks, JSON Web " +
      "Tokens, passwords in URLs); and a password inline in a `server.shell` command or SQL " +
      "text (`mysql -p...`, `--password=...`, `PGPASSWORD=...`, `IDENTIFIED BY '...'`). Names " +
      "like `key`, `auth` and `salt` count only when the value looks random.",
    whyItMatters:
      "A secret in the code is in every clone, fork, backup and CI log of the repository, and " +
      "stays in its history after it is removed. Reading it through the project's secret " +
      "helper keeps it out of the code and lets it be rotated without a commit.",
    example:
      "from pyinfra.operations import mysql\n\n" +
      "mysql.user(\n" +
      '    name="Create app database user",\n' +
      '    user="app",\n' +
      '    password="hunter2-prod",\n' +
      "    _sudo=True,\n" +
      ")\n",
    useInstead:
      "from pyinfra.operations import mysql\n\n" +
      "from deploys.util.secret import get_secret\n\n" +
      "mysql.user(\n" +
      '    name="Create app database user",\n' +
      '    user="app",\n' +
      '    password=get_secret("mysql-app"),\n' +
      "    _sudo=True,\n" +
      ")\n",
    fixSafety:
      "No fix is offered, because the secret has to be moved to the secret store by hand " +
      "and rotated.",
    options:
      "`secret-helper` under `[tool.pyinfra-kit]` in pyproject.toml names the helper function " +
      "(default `deploys.util.secret.get_secret`); messages point to it, and strings passed to " +
      "it are secret names, not secrets. When the project has no module for the default helper, " +
      "messages advise reading the secret at deploy time instead of naming the helper.",
    knownLimits:
      "Only values written as literals at the place of use are read, so a secret in a " +
      "module constant is reported where the constant is assigned, and only when the constant's " +
      "name suggests a secret. Placeholders are not reported: empty strings, `changeme`, " +
      "`change_me`, `xxx`, `***`, `<password>`, `${VAR}`, Jinja and format fields, values that " +
      "start with `your`, `test`, `dummy`, `fake`, `example` or `sample`, values equal to " +
      "`password`, `secret` or `token`, paths, URLs without a password, public keys, references " +
      "such as `op://...` or `vault:...`, upper-case environment variable names, and ciphertext " +
      "that a helper decrypts (privy's `1$2$...`, Ansible Vault, SOPS, age, PGP). Messages " +
      "show only the length of a secret and the public prefix of its format, never its text. " +
      "Secrets in templates and other non-Python files are not checked by this rule.",
  },
  check(context) {
    const helper = secretHelper(context.config.secretHelper, context.project);
    const helperRanges = helperArgumentRanges(context.file, helper);
    const insideHelperCall = (node: Node) =>
      helperRanges.some(([start, end]) => node.startIndex >= start && node.endIndex <= end);
    const reported = new Set<number>();
    const reports: RuleReport[] = [];
    const strings = context.file.nodes("string");
    const markStrings = (node: Node) => {
      for (const string of strings) {
        if (string.startIndex >= node.endIndex) break;
        if (string.startIndex >= node.startIndex) reported.add(string.id);
      }
    };

    // Queries return these kinds in one list each; merged, they are in document order.
    const candidates = NAMED_VALUE_TYPES.flatMap((type) => context.file.nodes(type)).sort(
      (a, b) => a.startIndex - b.startIndex,
    );
    const lookups = lookupNames(context.file);
    for (const node of candidates) {
      if (!mayReport(node, lookups) || insideHelperCall(node)) continue;
      const named = namedValue(node, context);
      const report = named
        ? namedSecret(named, context, helper)
        : node.type === "call"
          ? fallbackSecret(node, context, helper)
          : null;
      if (!report) continue;
      reports.push(report);
      markStrings(named?.value ?? node);
    }

    reports.push(...commandSecrets(context, helper, reported));

    let outerStringEnd = -1;
    for (const node of strings) {
      // A string inside an f-string interpolation is part of the outer string's text.
      if (node.startIndex < outerStringEnd) continue;
      outerStringEnd = node.endIndex;
      if (reported.has(node.id) || insideHelperCall(node)) continue;
      const [match] = findKnownFormats(literalText(node));
      if (match) reports.push(matchReport(node, match, "a string", helper));
    }
    return reports;
  },
};
