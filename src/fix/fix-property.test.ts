// Runs `check --fix --unsafe-fixes` through the command line over every
// snippet of the rule case tables and over the examples folder, and checks
// what must hold after any fix: the files still parse and compile, a second
// run changes nothing, and no applicable fix is left behind.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, it } from "node:test";

import type { Finding } from "../check/finding.js";
import { runCli } from "../cli/cli-testing.js";
import { initParsers, parsePython } from "../python/parser.js";
import { caseCollector, REPOSITORY_ROOT } from "../rules/testing.js";
import type { CollectedCase } from "../rules/testing.js";

const PYTHON = join(REPOSITORY_ROOT, ".venv", "bin", "python");

/** Imports each rule test module with the collector on, and returns every case of every table. */
async function collectCases(): Promise<CollectedCase[]> {
  const folder = join(REPOSITORY_ROOT, "dist", "src", "rules");
  const modules = readdirSync(folder).filter((name) => name.endsWith(".test.js"));
  const cases: CollectedCase[] = [];
  caseCollector.cases = cases;
  try {
    for (const name of modules) {
      if (!readFileSync(join(folder, name), "utf8").includes("testRule(")) continue;
      await import(pathToFileURL(join(folder, name)).href);
    }
  } finally {
    caseCollector.cases = null;
  }
  return cases;
}

function pythonFiles(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".py")) found.push(join(entry.parentPath, entry.name));
  }
  return found.sort();
}

function readAll(files: string[]): Map<string, string> {
  return new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
}

/** Returns the files that `py_compile` rejects, by the interpreter of the repository's .venv. */
function notCompiling(files: string[]): Set<string> {
  const script =
    "import json, os, py_compile, sys, tempfile\n" +
    "bad = []\n" +
    "target = os.path.join(tempfile.mkdtemp(), 'out.pyc')\n" +
    "for path in sys.argv[1:]:\n" +
    "    try:\n" +
    "        py_compile.compile(path, cfile=target, doraise=True)\n" +
    "    except py_compile.PyCompileError:\n" +
    "        bad.append(path)\n" +
    "print(json.dumps(bad))\n";
  const result = spawnSync(PYTHON, ["-c", script, ...files], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return new Set(JSON.parse(result.stdout) as string[]);
}

function parses(text: string): boolean {
  const tree = parsePython(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** Fixes a project folder twice, checks the properties every fix must keep, and returns the fix summary. */
function checkFixProperties(root: string): string {
  const files = pythonFiles(root);
  const before = readAll(files);
  const compiledBefore = notCompiling(files);

  const first = runCli(["check", ".", "--fix", "--unsafe-fixes", "--format", "json"], root);
  assert.ok(first.status === 0 || first.status === 1, first.stderr);
  const problems = first.stderr.split("\n").filter((line) => / dropped: |still being offered|not written/.test(line));
  assert.deepEqual(problems, [], "fixes were dropped or did not settle");

  const remaining = JSON.parse(first.stdout) as Finding[];
  const leftFixable = remaining
    .filter((finding) => finding.fix && finding.fix.applicability !== "display-only")
    .map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code} ${finding.message}`);
  assert.deepEqual(leftFixable, [], "applicable fixes are left after fixing");

  const after = readAll(files);
  const unparsable = files.filter((file) => parses(before.get(file) ?? "") && !parses(after.get(file) ?? ""));
  assert.deepEqual(unparsable.map((file) => relative(root, file)), [], "fixed files that no longer parse");

  const compiledAfter = notCompiling(files);
  const broken = files.filter((file) => !compiledBefore.has(file) && compiledAfter.has(file));
  assert.deepEqual(
    broken.map((file) => `${relative(root, file)}:\n${after.get(file)}`),
    [],
    "fixed files that py_compile rejects",
  );

  const second = runCli(["check", ".", "--fix", "--unsafe-fixes"], root);
  const changed = files.filter((file) => readFileSync(file, "utf8") !== after.get(file));
  assert.deepEqual(changed.map((file) => relative(root, file)), [], "a second run changed files");
  assert.match(second.stdout, /Fixed 0;/);
  return /Fixed [^\n]*/.exec(first.stderr)?.[0] ?? "";
}

describe("fix properties", () => {
  before(() => initParsers());

  it("hold on every rule case", async (context) => {
    const cases = await collectCases();
    assert.ok(cases.length > 50, `only ${cases.length} cases were collected`);
    const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-fix-cases-"));
    writeFileSync(join(root, "pyproject.toml"), "[tool.pyinfra-kit]\n");
    const seen = new Set<string>();
    let index = 0;
    for (const testCase of cases) {
      if (seen.has(testCase.code)) continue;
      seen.add(testCase.code);
      const path = join(root, "cases", `${testCase.rule.code}_${++index}`, "deploys", "example", "__init__.py");
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, testCase.code);
    }
    const summary = checkFixProperties(root);
    context.diagnostic(`${seen.size} snippets: ${summary}`);
    assert.doesNotMatch(summary, /^Fixed 0;/, "no fix was applied to the snippets");
  });

  it("hold on the examples folder", (context) => {
    const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-fix-examples-"));
    cpSync(join(REPOSITORY_ROOT, "examples"), root, { recursive: true });
    context.diagnostic(`examples: ${checkFixProperties(root)}`);
  });
});
