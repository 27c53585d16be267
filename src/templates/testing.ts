// Test helpers for the template rules: case tables whose template files are
// written into a temporary project, checked with the real Jinja2 in the
// repository's .venv through the same pre-pass as a check run.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative } from "node:path";
import { after, describe, it } from "node:test";

import type { Catalogue } from "../catalogue/types.js";
import type { Finding } from "../check/finding.js";
import { REPOSITORY_ROOT, runRule } from "../rules/testing.js";
import type { ProjectContext, Rule } from "../rules/types.js";
import { TEMPLATE_RULE_CODES } from "../rules/codes.js";
import { prepareTemplates, TemplateChecker } from "./prepare.js";
import type { TemplateIndex } from "./types.js";

/** How long an unused helper process stays up between test cases, in milliseconds. */
const IDLE_CLOSE_MS = 1000;

let shared: { checker: TemplateChecker; idle: NodeJS.Timeout | null } | null = null;

/** One helper process for the tests of a file, kept between cases. */
function acquireChecker(): TemplateChecker {
  if (shared?.idle) clearTimeout(shared.idle);
  if (!shared) {
    const python = join(REPOSITORY_ROOT, ".venv", "bin", "python");
    const checker = new TemplateChecker(
      python,
      (message) => {
        throw new Error(`template tests need pyinfra in ${REPOSITORY_ROOT}/.venv: ${message}`);
      },
      // Snippets may live in a project folder that does not exist.
      REPOSITORY_ROOT,
    );
    shared = { checker, idle: null };
  }
  return shared.checker;
}

/** Closes the helper once no case has used it for a while, so that the test process can end. */
function releaseChecker(): void {
  const current = shared;
  if (!current) return;
  current.idle = setTimeout(() => {
    if (shared === current) shared = null;
    void current.checker.close();
  }, IDLE_CLOSE_MS);
}

/** Runs the template pre-pass over one snippet for a template rule; other rules get no index. */
export async function templateIndexForTest(options: {
  rule: Rule;
  path: string;
  code: string;
  catalogue: Catalogue;
  project: ProjectContext;
  workingDirectoryConfigured: boolean;
}): Promise<TemplateIndex | undefined> {
  if (!TEMPLATE_RULE_CODES.has(options.rule.code)) return undefined;
  try {
    const prepass = await prepareTemplates({
      files: [{ absolutePath: options.path, displayPath: options.path, text: options.code }],
      catalogue: options.catalogue,
      project: options.project,
      workingDirectoryConfigured: options.workingDirectoryConfigured,
      cwd: options.project.root,
      checker: acquireChecker(),
    });
    return prepass.index;
  } finally {
    releaseChecker();
  }
}

export interface TemplateExpectedFinding {
  /** The file the finding is in, relative to the project; default the deploy file. */
  path?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageIncludes?: string;
  severity?: Finding["severity"];
  /** The deploy file after the finding's fix is applied; null when the finding has no fix. */
  fixed?: string | null;
}

export interface TemplateCase {
  /** The deploy file, written to `deploy.py` in a fresh temporary project. */
  code: string;
  /** Other files of the project by relative path, such as `templates/app.conf.j2`. */
  files?: Record<string, string | Buffer>;
  /** The deploy file's path in the project. Default `deploy.py`. */
  path?: string;
  /** `[tool.pyinfra-kit] working-directory`, relative to the project. */
  workingDirectory?: string;
  findings?: TemplateExpectedFinding[];
}

/** Writes a case into a temporary project and runs one rule over its deploy file. */
export async function runTemplateCase(rule: Rule, testCase: TemplateCase): Promise<{ root: string; findings: Finding[] }> {
  const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-templates-"));
  writeFileSync(join(root, "pyproject.toml"), "");
  for (const [name, content] of Object.entries(testCase.files ?? {})) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  const path = join(root, testCase.path ?? "deploy.py");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, testCase.code);
  const workingDirectory = testCase.workingDirectory ? join(root, testCase.workingDirectory) : root;
  const findings = await runRule(rule, testCase.code, {
    path,
    project: { root, workingDirectory },
    config: { workingDirectory: testCase.workingDirectory ?? null },
  });
  return { root, findings };
}

/** Applies the edits of a finding's fix to the text they were made for. */
function applyFix(text: string, finding: Finding): string | null {
  if (!finding.fix) return null;
  let result = text;
  for (const edit of [...finding.fix.edits].sort((a, b) => b.start_offset - a.start_offset)) {
    result = result.slice(0, edit.start_offset) + edit.content + result.slice(edit.end_offset);
  }
  return result;
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.path}:${f.line}:${f.column}-${f.end_line}:${f.end_column} ${f.severity} ${f.message}`)
    .join("\n");
}

/** Registers one test per case; each case lists every finding it expects, none for a valid case. */
export function testTemplateRule(rule: Rule, cases: Record<string, TemplateCase>): void {
  describe(`${rule.code} ${rule.name}`, () => {
    const roots: string[] = [];
    after(() => {
      for (const root of roots) rmSync(root, { recursive: true, force: true });
    });
    for (const [name, testCase] of Object.entries(cases)) {
      it(name, async () => {
        const { root, findings } = await runTemplateCase(rule, testCase);
        roots.push(root);
        const expected = testCase.findings ?? [];
        assert.equal(findings.length, expected.length, `expected ${expected.length} findings, got:\n${describeFindings(findings)}`);
        expected.forEach((want, index) => {
          const actual = findings[index];
          // The deploy file's findings carry its absolute path, template findings a relative one.
          const actualPath = isAbsolute(actual.path) ? relative(root, actual.path) : actual.path;
          assert.deepEqual(
            {
              path: actualPath,
              line: actual.line,
              column: actual.column,
              endLine: actual.end_line,
              endColumn: actual.end_column,
            },
            {
              path: want.path ?? testCase.path ?? "deploy.py",
              line: want.line,
              column: want.column,
              endLine: want.endLine,
              endColumn: want.endColumn,
            },
            `finding ${index + 1} position: ${actual.message}`,
          );
          if (want.messageIncludes) {
            assert.ok(
              actual.message.includes(want.messageIncludes),
              `finding ${index + 1} message ${JSON.stringify(actual.message)} lacks ${JSON.stringify(want.messageIncludes)}`,
            );
          }
          if (want.severity) assert.equal(actual.severity, want.severity, `finding ${index + 1} severity`);
          if (want.fixed !== undefined) {
            const fixed = applyFix(testCase.code, actual);
            assert.notEqual(fixed, testCase.code, `finding ${index + 1}: a fix must change the code`);
            assert.equal(fixed, want.fixed, `finding ${index + 1} fixed code`);
          }
        });
      });
    }
  });
}
