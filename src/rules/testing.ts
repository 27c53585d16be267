// Helpers for rule tests: case tables run against the catalogue of the real
// pyinfra in the repository's .venv.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { loadCatalogue } from "../catalogue/load.js";
import type { Catalogue } from "../catalogue/types.js";
import { checkSource } from "../check/engine.js";
import type { Finding } from "../check/finding.js";
import { fixSource } from "../fix/fix-source.js";
import { initParsers } from "../python/parser.js";
import { templateIndexForTest } from "../templates/testing.js";
import { DEFAULT_CONFIG } from "../workspace/config.js";
import type { Config } from "../workspace/config.js";
import { findInterpreter } from "../workspace/interpreter.js";
import type { ProjectContext, Rule } from "./types.js";

/** The repository root, three levels above `dist/src/rules`. */
export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

let catalogue: Promise<Catalogue> | null = null;

/** Loads the catalogue of the pyinfra in the repository's `.venv`, once per process. */
export function testCatalogue(): Promise<Catalogue> {
  catalogue ??= (async () => {
    await initParsers();
    const interpreter = findInterpreter(REPOSITORY_ROOT);
    if (interpreter.source !== "venv" && interpreter.source !== "environment") {
      throw new Error(`tests need pyinfra in ${REPOSITORY_ROOT}/.venv; run \`npm run setup\``);
    }
    const loaded = await loadCatalogue({ interpreter });
    if (loaded.source === "baseline") throw new Error("tests need the real pyinfra, not the baseline");
    return loaded;
  })();
  return catalogue;
}

/** Where a snippet is checked from; a virtual project unless the case names real folders. */
export interface CaseLocation {
  /** Absolute path of the snippet file. Default `/project/deploys/example/__init__.py`. */
  path?: string;
  project?: Partial<ProjectContext>;
  config?: Partial<Config>;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Text that the message must contain, such as the suggested operation. */
  messageIncludes?: string;
}

export interface ValidCase extends CaseLocation {
  code: string;
}

export interface InvalidCase extends CaseLocation {
  code: string;
  findings: ExpectedFinding[];
  /**
   * The code after applying every fix of the rule, unsafe ones included.
   * Required when the case offers a fix that can be applied.
   */
  output?: string;
}

export interface RuleCases {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

const DEFAULT_PATH = "/project/deploys/example/__init__.py";

/** Runs one rule over a snippet and returns its findings. */
export async function runRule(rule: Rule, code: string, location: CaseLocation = {}): Promise<Finding[]> {
  const path = location.path ?? DEFAULT_PATH;
  const root = location.project?.root ?? "/project";
  const project: ProjectContext = {
    root,
    workingDirectory: location.project?.workingDirectory ?? root,
    sudoForRun: location.project?.sudoForRun ?? false,
  };
  const catalogue = await testCatalogue();
  const config = { ...DEFAULT_CONFIG, ...location.config };
  const workingDirectoryConfigured = config.workingDirectory !== null;
  const templates = await templateIndexForTest({ rule, path, code, catalogue, project, workingDirectoryConfigured });
  return checkSource(path, path, code, {
    rules: [rule],
    catalogue,
    config,
    project,
    templates,
  }).filter((finding) => finding.code === rule.code);
}

/** Applies every safe and unsafe fix of one rule to a snippet, in passes, and returns the fixed code. */
export async function fixRule(rule: Rule, code: string, location: CaseLocation = {}): Promise<string> {
  const path = location.path ?? DEFAULT_PATH;
  const root = location.project?.root ?? "/project";
  const project: ProjectContext = {
    root,
    workingDirectory: location.project?.workingDirectory ?? root,
    sudoForRun: location.project?.sudoForRun ?? false,
  };
  const settings = {
    rules: [rule],
    catalogue: await testCatalogue(),
    config: { ...DEFAULT_CONFIG, ...location.config },
    project,
  };
  const outcome = fixSource(path, path, code, settings, { unsafe: true });
  const dropped = outcome.dropped.map((fix) => `${fix.line}:${fix.column} ${fix.reason}`).join("\n");
  assert.equal(dropped, "", "a fix was dropped");
  return outcome.text;
}

/** Checks the `output` of an invalid case against the fixed code; a fixing case must give one. */
async function checkOutput(rule: Rule, testCase: InvalidCase, findings: Finding[]): Promise<void> {
  const fixable = findings.some((finding) => finding.fix && finding.fix.applicability !== "display-only");
  if (!fixable && testCase.output === undefined) return;
  assert.ok(testCase.output !== undefined, "the case offers a fix, so it must give the fixed `output`");
  assert.notEqual(testCase.output, testCase.code, "`output` equals `code`; a fixing case must change the code");
  assert.equal(await fixRule(rule, testCase.code, testCase), testCase.output, "fixed code");
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.line}:${f.column}-${f.end_line}:${f.end_column} ${f.message}`).join("\n");
}

/** Registers one test per case: valid snippets give no finding, invalid ones give exactly the expected ones. */
/** A snippet from a rule's case table, gathered for tests that run over every case. */
export interface CollectedCase extends CaseLocation {
  rule: Rule;
  code: string;
  valid: boolean;
}

/**
 * While `cases` is set, `testRule` adds each case to it and registers no
 * test, so a test module can import the rule tests to read their tables.
 */
export const caseCollector: { cases: CollectedCase[] | null } = { cases: null };

export function testRule(rule: Rule, cases: RuleCases): void {
  if (caseCollector.cases) {
    for (const entry of cases.valid) {
      caseCollector.cases.push({ ...(typeof entry === "string" ? { code: entry } : entry), rule, valid: true });
    }
    for (const entry of cases.invalid) caseCollector.cases.push({ ...entry, rule, valid: false });
    return;
  }
  describe(`${rule.code} ${rule.name}`, () => {
    cases.valid.forEach((entry, index) => {
      const testCase = typeof entry === "string" ? { code: entry } : entry;
      it(`valid case ${index + 1}`, async () => {
        const findings = await runRule(rule, testCase.code, testCase);
        assert.equal(findings.length, 0, `expected no finding, got:\n${describeFindings(findings)}`);
      });
    });
    cases.invalid.forEach((testCase, index) => {
      it(`invalid case ${index + 1}`, async () => {
        const findings = await runRule(rule, testCase.code, testCase);
        assert.equal(
          findings.length,
          testCase.findings.length,
          `expected ${testCase.findings.length} findings, got:\n${describeFindings(findings)}`,
        );
        testCase.findings.forEach((expected, position) => {
          const actual = findings[position];
          assert.deepEqual(
            { line: actual.line, column: actual.column, endLine: actual.end_line, endColumn: actual.end_column },
            { line: expected.line, column: expected.column, endLine: expected.endLine, endColumn: expected.endColumn },
            `finding ${position + 1} position: ${actual.message}`,
          );
          if (expected.messageIncludes) {
            assert.ok(
              actual.message.includes(expected.messageIncludes),
              `finding ${position + 1} message ${JSON.stringify(actual.message)} lacks ${JSON.stringify(expected.messageIncludes)}`,
            );
          }
        });
        await checkOutput(rule, testCase, findings);
      });
    });
  });
}
