// `pyinfra-kit check` as a user runs it: output formats, exit codes,
// configuration, suppressions and bad input.
import assert from "node:assert/strict";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import type { Finding } from "../check/finding.js";
import { makeProject, runCli } from "./cli-testing.js";

const UNNAMED = 'from pyinfra.operations import apt\napt.packages(packages=["curl"])\n';
const CLEAN = 'from pyinfra.operations import apt\napt.packages(name="Install curl", packages=["curl"], _sudo=True)\n';

function json(stdout: string): Finding[] {
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed), "JSON output is one array");
  return parsed as Finding[];
}

describe("check output and exit codes", () => {
  it("exits 0 with a summary when clean", () => {
    const root = makeProject({ "deploy.py": CLEAN });
    const result = runCli(["check", "."], root);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /All checks passed \(1 file checked\)/);
  });

  it("prints path:line:col: CODE message and exits 1", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", "deploy.py", "--select", "PIK501"], root);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^deploy\.py:2:1: PIK501 /m);
    assert.match(result.stdout, /Found 1 finding in 1 file/);
  });

  it("prints one JSON array with the finding fields", () => {
    const root = makeProject({ "deploys/web/__init__.py": UNNAMED });
    const result = runCli(["check", "deploys", "--format", "json", "--select", "PIK501"], root);
    const findings = json(result.stdout);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.code, "PIK501");
    assert.equal(finding.name, "missing-name");
    assert.equal(finding.severity, "warning");
    assert.equal(finding.path, join("deploys", "web", "__init__.py"));
    assert.deepEqual(
      [finding.line, finding.column, finding.end_line, finding.end_column],
      [2, 1, 2, 13],
    );
    assert.ok("fix" in finding);
    assert.equal(typeof finding.message, "string");
  });

  it("prints SARIF and GitHub annotations", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const sarif = JSON.parse(runCli(["check", ".", "--format", "sarif", "--select", "PIK501"], root).stdout);
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0].results[0].ruleId, "PIK501");
    const github = runCli(["check", ".", "--format", "github", "--select", "PIK501"], root).stdout;
    assert.match(github, /^::warning file=deploy\.py,line=2,col=1,/);
  });

  it("counts findings per rule with --statistics", () => {
    const root = makeProject({ "a.py": UNNAMED, "b.py": UNNAMED });
    const result = runCli(["check", ".", "--statistics", "--select", "PIK501"], root);
    assert.match(result.stdout, /^\s+2 {2}PIK501 {2}missing-name/m);
  });
});

describe("check selection and suppression", () => {
  it("honours --ignore", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--format", "json", "--ignore", "PIK501"], root);
    assert.ok(json(result.stdout).every((finding) => finding.code !== "PIK501"));
  });

  it("honours # noqa with and without codes", () => {
    const root = makeProject({
      "a.py": 'from pyinfra.operations import apt\napt.packages(packages=["curl"])  # noqa: PIK501\n',
      "b.py": 'from pyinfra.operations import apt\napt.packages(packages=["curl"])  # noqa\n',
      "c.py": 'from pyinfra.operations import apt\napt.packages(packages=["curl"])  # noqa: PIK201\n',
    });
    const findings = json(runCli(["check", ".", "--format", "json", "--select", "PIK501"], root).stdout);
    assert.deepEqual(findings.map((finding) => finding.path), ["c.py"]);
  });

  it("reads select and ignore from [tool.pyinfra-kit]", () => {
    const root = makeProject({
      "pyproject.toml": '[tool.pyinfra-kit]\nignore = ["PIK5"]\n',
      "deploy.py": UNNAMED,
    });
    const findings = json(runCli(["check", ".", "--format", "json"], root).stdout);
    assert.ok(findings.every((finding) => !finding.code.startsWith("PIK5")));
  });

  it("rejects an unknown key in [tool.pyinfra-kit]", () => {
    const root = makeProject({ "pyproject.toml": '[tool.pyinfra-kit]\nselekt = ["PIK1"]\n', "deploy.py": CLEAN });
    const result = runCli(["check", "."], root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown key "selekt"/);
  });

  it("rejects an unknown rule code in --select", () => {
    const result = runCli(["check", ".", "--select", "PIK999"], makeProject({ "deploy.py": CLEAN }));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /PIK999/);
  });
});

describe("check bad input", () => {
  it("reports a syntax error and still checks the other files", () => {
    const root = makeProject({ "a.py": "def broken(:\n", "b.py": UNNAMED });
    const findings = json(runCli(["check", ".", "--format", "json", "--select", "PIK100,PIK501"], root).stdout);
    assert.deepEqual(findings.map((finding) => `${finding.path} ${finding.code}`), ["a.py PIK100", "b.py PIK501"]);
  });

  it("names a missing path and exits 2 without a stack trace", () => {
    const result = runCli(["check", "no-such-folder"], makeProject({}));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /path not found: no-such-folder/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("says so when a tree has no Python files", () => {
    const result = runCli(["check", "."], makeProject({ "README.md": "hello\n" }));
    assert.equal(result.status, 0);
    assert.match(result.stdout, /No Python files found/);
  });

  it("reports non-UTF-8, binary and oversized files and checks the rest", () => {
    const root = makeProject({
      "latin1.py": Buffer.from([0x23, 0x20, 0xe9, 0x0a]),
      "binary.py": Buffer.from([0x00, 0x01, 0x02]),
      "huge.py": "x = 1\n".repeat(400_000),
      "ok.py": UNNAMED,
    });
    const result = runCli(["check", ".", "--format", "json", "--select", "PIK100,PIK501"], root);
    const byPath = new Map(json(result.stdout).map((finding) => [finding.path, finding.message]));
    assert.match(byPath.get("latin1.py") ?? "", /not valid UTF-8 \(invalid byte 0xe9 at offset 2\)/);
    assert.match(byPath.get("binary.py") ?? "", /binary/);
    assert.match(byPath.get("huge.py") ?? "", /over the 2 MB limit/);
    assert.ok(byPath.has("ok.py"));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("skips a symlink loop with a message", () => {
    const root = makeProject({ "deploys/a.py": UNNAMED });
    symlinkSync(join(root, "deploys"), join(root, "deploys", "loop"));
    const result = runCli(["check", ".", "--format", "json", "--select", "PIK501"], root);
    assert.equal(result.status, 1);
    assert.equal(json(result.stdout).length, 1);
    assert.match(result.stderr, /symlink loop/);
  });

  it("honours .gitignore", () => {
    const root = makeProject({ ".gitignore": "generated/\n", "generated/a.py": UNNAMED, "b.py": CLEAN });
    const result = runCli(["check", ".", "--select", "PIK501"], root);
    assert.equal(result.status, 0, result.stdout);
  });
});
