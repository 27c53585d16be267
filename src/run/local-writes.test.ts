// Pins which planned operations the local-dir target accepts: file operations
// whose written paths lie under the prefix, and nothing else.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { writesOutsidePrefix } from "./local-writes.js";
import type { PlannedOperation } from "./types.js";

const prefix = mkdtempSync(join(tmpdir(), "pyinfra-kit-writes-"));
after(() => rmSync(prefix, { recursive: true, force: true }));
symlinkSync("/etc", join(prefix, "etc-link"));

function planned(operation: string, argumentsByName: Record<string, unknown>, order = 1): PlannedOperation {
  return {
    order,
    hash: `hash${order}`,
    name: `step ${order}`,
    operation,
    arguments: argumentsByName,
    idempotent: true,
    idempotent_notice: null,
    change: "yes",
    conditional: false,
    commands: [],
    diff: null,
    error: null,
  };
}

test("paths under prefix accepted", () => {
  const operations = [
    planned("files.directory", { path: `${prefix}/srv/app` }, 1),
    planned("files.template", { src: "templates/a.j2", dest: `${prefix}/srv/app/a.conf` }, 2),
    planned("files.line", { path: `${prefix}/srv/app/a.conf`, line: "x" }, 3),
    planned("files.move", { src: `${prefix}/a`, dest: `${prefix}/b` }, 4),
    planned("files.directory", { path: prefix }, 5),
  ];
  assert.deepEqual(writesOutsidePrefix(operations, prefix), []);
});

test("path outside prefix rejected", () => {
  const violations = writesOutsidePrefix([planned("files.put", { src: "a", dest: "/etc/motd" }, 7)], prefix);
  assert.equal(violations.length, 1);
  assert.equal(violations[0].order, 7);
  assert.equal(violations[0].operation, "files.put");
  assert.match(violations[0].reason, /^dest: \/etc\/motd is outside /);
});

test("dot-dot escape rejected", () => {
  const violations = writesOutsidePrefix([planned("files.file", { path: `${prefix}/../escape` })], prefix);
  assert.match(violations[0].reason, /is outside/);
});

test("symbolic link escape rejected", () => {
  const violations = writesOutsidePrefix([planned("files.file", { path: `${prefix}/etc-link/motd` })], prefix);
  assert.equal(violations.length, 1);
  assert.match(violations[0].reason, /resolves through a symbolic link to \/etc\/motd/);
});

test("relative path rejected", () => {
  const violations = writesOutsidePrefix([planned("files.directory", { path: "srv/app" })], prefix);
  assert.match(violations[0].reason, /srv\/app is relative/);
});

test("move source counts as write", () => {
  const violations = writesOutsidePrefix([planned("files.move", { src: "/etc/hosts", dest: `${prefix}/h` })], prefix);
  assert.equal(violations.length, 1);
  assert.match(violations[0].reason, /^src: /);
});

test("shell operation rejected", () => {
  const violations = writesOutsidePrefix(
    [planned("server.shell", { commands: [`touch ${prefix}/x`] })],
    prefix,
  );
  assert.equal(violations.length, 1);
  assert.match(violations[0].reason, /cannot tell which paths `server\.shell` writes/);
});

test("redacted path rejected", () => {
  const violations = writesOutsidePrefix([planned("files.file", { path: "***" })], prefix);
  assert.match(violations[0].reason, /\*\*\* is relative/);
});
