// Pins how `verify --target` is read, and which targets are rejected before anything runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { TargetError, parseTarget } from "./targets.js";
import type { Target, TargetFlags } from "./targets.js";

const valid: [string, TargetFlags, Target][] = [
  ["chroot", {}, { kind: "chroot", suite: null }],
  ["chroot:trixie", {}, { kind: "chroot", suite: "trixie" }],
  ["local-dir", { prefix: "/tmp/x/../y" }, { kind: "local-dir", prefix: "/tmp/y" }],
  ["ssh:10.0.0.5", { iOwnThisHost: true }, { kind: "ssh", host: "10.0.0.5", user: null, port: null }],
  ["ssh:root@127.0.0.1:2222", { iOwnThisHost: true }, { kind: "ssh", host: "127.0.0.1", user: "root", port: 2222 }],
  ["ssh:admin@[::1]:2200", { iOwnThisHost: true }, { kind: "ssh", host: "::1", user: "admin", port: 2200 }],
  ["docker:debian:12", {}, { kind: "docker", image: "debian:12" }],
];

const invalid: [string, TargetFlags, RegExp][] = [
  ["chroot:Bookworm!", {}, /expected a Debian suite name/],
  ["local-dir", {}, /needs --prefix DIR/],
  ["local-dir", { prefix: "relative/dir" }, /expected an absolute path/],
  ["local-dir", { prefix: "/" }, /must be a folder below \//],
  ["ssh:10.0.0.5", {}, /pass --i-own-this-host/],
  ["ssh:root@", { iOwnThisHost: true }, /expected ssh:\[USER@\]HOST\[:PORT\]/],
  ["ssh:host:70000", { iOwnThisHost: true }, /port 70000 is outside 1-65535/],
  ["docker:", {}, /expected docker:IMAGE/],
  ["@local", {}, /unknown target; use one of chroot, local-dir, ssh:HOST, docker:IMAGE/],
  ["web1.example.com", {}, /unknown target/],
];

for (const [text, flags, expected] of valid) {
  test(`target ${text} parses`, () => {
    assert.deepEqual(parseTarget(text, flags), expected);
  });
}

for (const [text, flags, message] of invalid) {
  test(`target ${text} rejected`, () => {
    assert.throws(() => parseTarget(text, flags), (error: unknown) => {
      assert.ok(error instanceof TargetError);
      assert.match(error.message, message);
      return true;
    });
  });
}
