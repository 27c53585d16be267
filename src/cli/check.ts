import { parseArgs } from "node:util";

import { loadCatalogue } from "../catalogue/load.js";
import { runCheck } from "../check/run.js";
import { initParsers } from "../python/parser.js";
import { RULE_CODES } from "../rules/codes.js";
import { formatGithub, formatJson, formatSarif } from "../report/machine.js";
import { formatText } from "../report/text.js";
import { findInterpreter } from "../workspace/interpreter.js";
import { findProjectRoot } from "../workspace/project.js";
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError } from "./errors.js";

export const CHECK_HELP = `Usage: pyinfra-kit check [PATH...] [options]

Checks pyinfra deploy code under each PATH (default: the current folder).

Options:
  --select CODES        run only these rule codes or prefixes, comma-separated (PIK2,PIK401)
  --ignore CODES        skip these rule codes or prefixes, comma-separated
  --format FORMAT       text (default), json, sarif or github
  --statistics          print the number of findings per rule
  --fix                 apply the safe fixes, then print the findings that remain
  --unsafe-fixes        with --fix or --diff, apply the unsafe fixes too; alone it changes nothing
  --diff                print the fixes as a unified diff instead of findings and write nothing;
                        exits 1 when a file would change
  --python PATH         the Python interpreter whose pyinfra is checked against
  --no-cache            check every file again and keep no results for the next run
  -h, --help            print this help

Exit codes: 0 no findings, 1 findings, 2 usage or internal error. With --fix, only the
findings that remain count.
`;

const FORMATS = ["text", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

function codeList(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value.split(",").map((code) => code.trim()).filter(Boolean);
  for (const code of codes) {
    const upper = code.toUpperCase();
    if (upper !== "ALL" && !RULE_CODES.some((ruleCode) => ruleCode.startsWith(upper))) {
      throw new UsageError(
        `${flag} ${code}: no rule code starts with ${JSON.stringify(code)}; ` +
          "run `pyinfra-kit rule --list` to see the codes",
      );
    }
  }
  return codes;
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      select: { type: "string" },
      ignore: { type: "string" },
      format: { type: "string", default: "text" },
      statistics: { type: "boolean", default: false },
      fix: { type: "boolean", default: false },
      "unsafe-fixes": { type: "boolean", default: false },
      diff: { type: "boolean", default: false },
      python: { type: "string" },
      "no-cache": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return EXIT_CLEAN;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format ${values.format}: unknown format; use one of ${FORMATS.join(", ")}`);
  }
  const select = codeList(values.select, "--select");
  const ignore = codeList(values.ignore, "--ignore");
  const paths = positionals.length > 0 ? positionals : ["."];

  await initParsers();
  const interpreter = findInterpreter(findProjectRoot(process.cwd()), values.python);
  const catalogue = await loadCatalogue({
    interpreter,
    notice: (message) => process.stderr.write(`pyinfra-kit: ${message}\n`),
  });

  const cache = !values["no-cache"];
  let result = await runCheck({ paths, catalogue, select, ignore, interpreter, cache });
  for (const skipped of result.skipped) {
    process.stderr.write(`pyinfra-kit: ${skipped.displayPath}: ${skipped.reason}\n`);
  }

  let fixSummary: string | null = null;
  if (values.fix || values.diff) {
    // The fix modules and the rules load only for a run that fixes.
    const { runFixes } = await import("../fix/run-fixes.js");
    const { diffSummaryLine, fixProblemLines, fixSummaryLine, formatDiffs } = await import("../fix/report.js");
    const unsafe = values["unsafe-fixes"] ?? false;
    const fixes = await runFixes({
      findings: result.findings,
      paths,
      catalogue,
      select,
      ignore,
      unsafe,
      write: !values.diff,
      python: values.python,
    });
    for (const line of fixProblemLines(fixes)) process.stderr.write(`pyinfra-kit: ${line}\n`);
    if (values.diff) {
      process.stdout.write(formatDiffs(fixes));
      process.stderr.write(`pyinfra-kit: ${diffSummaryLine(fixes)}\n`);
      return fixes.some((file) => file.after !== file.before) ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    if (fixes.some((file) => file.written)) {
      result = await runCheck({ paths, catalogue, select, ignore, interpreter, cache });
    }
    fixSummary = fixSummaryLine(fixes, result.findings, unsafe);
  } else if (values["unsafe-fixes"]) {
    process.stderr.write("pyinfra-kit: --unsafe-fixes applies nothing without --fix or --diff\n");
  }

  switch (format) {
    case "text":
      process.stdout.write(formatText(result, { statistics: values.statistics ?? false }));
      if (fixSummary) process.stdout.write(`${fixSummary}\n`);
      break;
    case "json":
      process.stdout.write(formatJson(result.findings));
      break;
    case "sarif":
      process.stdout.write(formatSarif(result.findings, (await import("../rules/registry.js")).RULES, catalogue.version));
      break;
    case "github":
      process.stdout.write(formatGithub(result.findings));
      break;
  }
  if (format !== "text" && fixSummary) process.stderr.write(`pyinfra-kit: ${fixSummary}\n`);
  if (format !== "text" && result.filesChecked === 0) {
    process.stderr.write("pyinfra-kit: no Python files found under the given paths\n");
  }
  return result.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
