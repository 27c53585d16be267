// Pins the text report of verify: run summaries, what changed again, and the verdict line.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatVerifyText } from "./verify-text.js";
import type { OperationResult, VerifyResult } from "./verify-types.js";

function ran(order: number, operation: string, name: string, changed: boolean): OperationResult {
  return {
    order,
    hash: `hash${order}`,
    name,
    operation,
    idempotent: operation !== "server.shell",
    success: true,
    ignored_error: false,
    changed,
    commands: changed ? [{ kind: "shell", text: `run step ${order}` }] : [],
    output: [],
  };
}

function result(overrides: Partial<VerifyResult>): VerifyResult {
  return {
    version: 1,
    pyinfra_version: "3.10.0",
    deploy: "deploy.py",
    target: { kind: "chroot", description: "chroot: a fresh copy", host: "@chroot/tmp/root" },
    result: "idempotent",
    idempotent: true,
    changed_on_second_run: [],
    declared_not_idempotent: [],
    first_run: [ran(1, "files.directory", "Create the folder", true)],
    second_run: [ran(1, "files.directory", "Create the folder", false)],
    failure: null,
    timings: { copy_root: 1.25, first_run: 2, second_run: 1.5 },
    warnings: [],
    notes: [],
    ...overrides,
  };
}

test("idempotent report", () => {
  const text = formatVerifyText(result({}));
  assert.match(text, /^Verify of deploy\.py on chroot: a fresh copy$/m);
  assert.match(text, /^copied the root in 1\.3 s$/m);
  assert.match(text, /^first run: 1 operation ran in 2\.0 s, 1 changed$/m);
  assert.match(text, /^second run: 1 operation ran in 1\.5 s, 0 changed$/m);
  assert.match(text, /PASS: the second run changed nothing\.\n$/);
});

test("changed operation report", () => {
  const text = formatVerifyText(
    result({
      result: "not-idempotent",
      idempotent: false,
      second_run: [ran(1, "server.shell", "Make the cache", true)],
      changed_on_second_run: [
        {
          order: 1,
          name: "Make the cache",
          operation: "server.shell",
          commands: [{ kind: "shell", text: "mkdir -p /srv/cache" }],
          declared_not_idempotent: true,
          native_alternative: 'files.directory(path="/srv/cache")',
        },
      ],
    }),
  );
  assert.match(text, /^Changed on the second run:\n {2}1 {2}server\.shell {2}Make the cache$/m);
  assert.match(text, /^ {6}\$ mkdir -p \/srv\/cache$/m);
  assert.match(text, /^ {6}pyinfra marks this operation as not idempotent$/m);
  assert.match(text, /^ {6}use instead: files\.directory\(path="\/srv\/cache"\)$/m);
  assert.match(text, /FAIL: 1 operation changed the target on the second run\.\n$/);
});

test("first run failure report", () => {
  const text = formatVerifyText(
    result({
      result: "first-run-failed",
      idempotent: false,
      second_run: [],
      failure: {
        run: "first",
        stage: "operation",
        order: 1,
        name: "Create the folder",
        operation: "files.directory",
        error: "files.directory failed on the target",
        output: ["stderr: mkdir: cannot create directory"],
      },
    }),
  );
  assert.doesNotMatch(text, /^second run:/m);
  assert.match(text, /^The first run failed at 1 {2}files\.directory {2}Create the folder:$/m);
  assert.match(text, /^ {4}stderr: mkdir: cannot create directory$/m);
  assert.match(text, /FAIL: the first run failed, so idempotence was not checked\.\n$/);
});
