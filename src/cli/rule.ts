import { parseArgs } from "node:util";

import { RULES, findRule } from "../rules/registry.js";
import type { Rule } from "../rules/types.js";
import { EXIT_CLEAN, UsageError } from "./errors.js";

export const RULE_HELP = `Usage: pyinfra-kit rule CODE
       pyinfra-kit rule --list

Explains a rule: what it finds, why it matters, an example and its fix.
CODE is a rule code (PIK201) or name (shell-instead-of-operation).
`;

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (line ? `    ${line}` : ""))
    .join("\n");
}

/** Renders a rule's documentation as Markdown-like text, one section per heading. */
export function formatRuleDocs(rule: Rule): string {
  const fix = { none: "never", sometimes: "sometimes", always: "always" }[rule.fix];
  return [
    `# ${rule.code} ${rule.name}`,
    "",
    `${rule.summary}. Severity: ${rule.severity}. Fix available: ${fix}.`,
    "",
    "## What it finds",
    rule.docs.whatItFinds,
    "",
    "## Why it matters",
    rule.docs.whyItMatters,
    "",
    "## Example",
    indent(rule.docs.example),
    "",
    "## Use instead",
    indent(rule.docs.useInstead),
    "",
    "## Fix safety",
    rule.docs.fixSafety,
    "",
    "## Options",
    rule.docs.options,
    "",
    "## Known limits",
    rule.docs.knownLimits,
    "",
  ].join("\n");
}

export function ruleCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      list: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RULE_HELP);
    return EXIT_CLEAN;
  }
  if (values.list) {
    for (const rule of RULES) process.stdout.write(`${rule.code}  ${rule.name.padEnd(30)} ${rule.summary}\n`);
    return EXIT_CLEAN;
  }
  if (positionals.length !== 1) {
    throw new UsageError("rule takes exactly one CODE; run `pyinfra-kit rule --list` to see the codes");
  }
  const rule = findRule(positionals[0]);
  if (!rule) {
    throw new UsageError(
      `unknown rule ${JSON.stringify(positionals[0])}; run \`pyinfra-kit rule --list\` to see the codes`,
    );
  }
  process.stdout.write(formatRuleDocs(rule));
  return EXIT_CLEAN;
}
