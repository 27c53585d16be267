// The example repository end to end: `pyinfra-kit check examples/` as a
// user runs it, with the real pyinfra and Jinja2 in .venv.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Finding } from "../check/finding.js";
import { RULES } from "../rules/registry.js";
import { REPOSITORY_ROOT } from "../rules/testing.js";
import { runCli } from "./cli-testing.js";

/** Every finding expected in examples/: path, line, column, code. */
const EXPECTED: [string, number, number, string][] = [
  ["examples/deploys/app/__init__.py", 12, 21, "PIK401"],
  ["examples/deploys/app/__init__.py", 19, 19, "PIK201"],
  ["examples/deploys/app/__init__.py", 23, 5, "PIK301"],
  ["examples/deploys/app/__init__.py", 28, 23, "PIK403"],
  ["examples/deploys/app/__init__.py", 33, 8, "PIK202"],
  ["examples/deploys/app/__init__.py", 36, 5, "PIK402"],
  ["examples/deploys/app/__init__.py", 45, 57, "PIK302"],
  ["examples/deploys/app/__init__.py", 45, 78, "PIK304"],
  ["examples/deploys/app/__init__.py", 47, 55, "PIK201"],
  ["examples/deploys/app/__init__.py", 47, 79, "PIK404"],
  ["examples/deploys/app/__init__.py", 52, 14, "PIK302"],
  ["examples/deploys/app/__init__.py", 59, 5, "PIK303"],
  ["examples/deploys/app/__init__.py", 66, 8, "PIK203"],
  ["examples/deploys/app/__init__.py", 69, 59, "PIK204"],
  ["examples/deploys/app/__init__.py", 71, 5, "PIK501"],
  ["examples/deploys/app/__init__.py", 73, 14, "PIK302"],
  ["examples/deploys/app/templates/app.env.j2", 2, 13, "PIK504"],
  ["examples/deploys/broken/__init__.py", 7, 17, "PIK100"],
  ["examples/deploys/legacy/__init__.py", 7, 1, "PIK502"],
  ["examples/deploys/legacy/__init__.py", 7, 46, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 10, 1, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 11, 19, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 12, 8, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 13, 69, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 13, 80, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 13, 93, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 15, 82, "PIK104"],
  ["examples/deploys/legacy/__init__.py", 16, 58, "PIK302"],
  ["examples/deploys/legacy/__init__.py", 16, 72, "PIK102"],
  ["examples/deploys/legacy/__init__.py", 17, 5, "PIK103"],
  ["examples/deploys/legacy/__init__.py", 18, 5, "PIK101"],
  ["examples/deploys/legacy/__init__.py", 19, 19, "PIK105"],
  ["examples/deploys/monitoring/__init__.py", 27, 9, "PIK505"],
  ["examples/deploys/monitoring/__init__.py", 43, 13, "PIK503"],
  ["examples/deploys/monitoring/templates/textfile.sh.j2", 4, 1, "PIK506"],
];

const CLEAN_FILES = [
  "examples/deploy.py",
  "examples/deploys/nginx/__init__.py",
  "examples/deploys/nginx/templates/site.conf.j2",
  "examples/deploys/util/secret.py",
  "examples/inventory.py",
  "examples/group_data/all.py",
];

describe("check examples/", () => {
  const result = runCli(["check", "examples/", "--format", "json"], REPOSITORY_ROOT);
  const findings = JSON.parse(result.stdout) as Finding[];

  it("exits 1 with findings", () => {
    assert.equal(result.status, 1, result.stderr);
  });

  it("reports exactly the expected findings", () => {
    const actual = findings.map((finding) => [finding.path, finding.line, finding.column, finding.code]);
    assert.deepEqual(actual, EXPECTED);
  });

  it("holds an instance of every rule", () => {
    const found = new Set(findings.map((finding) => finding.code));
    const missing = RULES.map((rule) => rule.code).filter((code) => !found.has(code));
    assert.deepEqual(missing, []);
  });

  it("leaves the clean modules clean", () => {
    const dirty = findings.filter((finding) => CLEAN_FILES.includes(finding.path));
    assert.deepEqual(dirty, []);
  });

  it("gives every finding the contract fields", () => {
    for (const finding of findings) {
      assert.equal(typeof finding.message, "string");
      assert.ok(["error", "warning", "info"].includes(finding.severity), finding.severity);
      assert.ok(finding.end_line >= finding.line);
      assert.ok(finding.column >= 1 && finding.end_column >= 1);
      assert.equal(RULES.find((rule) => rule.code === finding.code)?.name, finding.name);
      assert.ok(finding.fix === null || ["safe", "unsafe", "display-only"].includes(finding.fix.applicability));
    }
  });

  it("never prints the example secret", () => {
    assert.doesNotMatch(result.stdout, /hunter2-prod-7f3a9c/);
    const text = runCli(["check", "examples/"], REPOSITORY_ROOT);
    assert.doesNotMatch(text.stdout + text.stderr, /hunter2-prod-7f3a9c/);
  });
});
