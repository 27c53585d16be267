// Pins how fixed files are written: atomically, with the encoding, mode and
// symlinks they had, and never over a read-only file or a file that changed.
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { readSnapshot, writeFixed } from "./write.js";
import type { FileSnapshot } from "./write.js";

const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-write-"));
after(() => rmSync(folder, { recursive: true, force: true }));

let counter = 0;
function file(content: string | Buffer, mode = 0o644): string {
  const path = join(folder, `deploy${++counter}.py`);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

function snapshot(path: string): FileSnapshot {
  const read = readSnapshot(path);
  assert.ok(read.ok, "snapshot failed");
  return read.snapshot;
}

describe("writeFixed", () => {
  it("replaces the file content", () => {
    const path = file("a = 1\n");
    assert.deepEqual(writeFixed(snapshot(path), "a = 2\n"), { written: true });
    assert.equal(readFileSync(path, "utf8"), "a = 2\n");
  });

  it("keeps a byte order mark", () => {
    const path = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a = 1\n")]));
    const read = snapshot(path);
    assert.equal(read.text, "a = 1\n");
    assert.equal(read.hasBom, true);
    writeFixed(read, "a = 2\n");
    assert.deepEqual([...readFileSync(path).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(readFileSync(path).subarray(3).toString("utf8"), "a = 2\n");
  });

  it("adds no byte order mark", () => {
    const path = file("a = 1\n");
    writeFixed(snapshot(path), "a = 2\n");
    assert.equal(readFileSync(path)[0], "a".charCodeAt(0));
  });

  it("keeps the file mode", () => {
    const path = file("a = 1\n", 0o751);
    writeFixed(snapshot(path), "a = 2\n");
    assert.equal(statSync(path).mode & 0o7777, 0o751);
  });

  it("leaves a read-only file as it was", () => {
    const path = file("a = 1\n", 0o444);
    const result = writeFixed(snapshot(path), "a = 2\n");
    assert.equal(result.written, false);
    assert.equal(result.written === false && result.reason, "read-only");
    assert.match(result.written === false ? result.message : "", /read-only \(mode 0444\)/);
    assert.equal(readFileSync(path, "utf8"), "a = 1\n");
  });

  it("does not overwrite a file changed on disk", () => {
    const path = file("a = 1\n");
    const read = snapshot(path);
    writeFileSync(path, "a = 1  # edited meanwhile\n");
    const result = writeFixed(read, "a = 2\n");
    assert.equal(result.written === false && result.reason, "changed");
    assert.equal(readFileSync(path, "utf8"), "a = 1  # edited meanwhile\n");
  });

  it("detects a same-size change", () => {
    const path = file("a = 1\n");
    const read = snapshot(path);
    writeFileSync(path, "a = 9\n");
    assert.equal(writeFixed(read, "a = 2\n").written, false);
  });

  it("writes through a symlink and keeps it", () => {
    const target = file("a = 1\n");
    const link = join(folder, "link.py");
    symlinkSync(target, link);
    writeFixed(snapshot(link), "a = 2\n");
    assert.equal(lstatSync(link).isSymbolicLink(), true);
    assert.equal(readFileSync(target, "utf8"), "a = 2\n");
  });

  it("leaves no temporary file behind", () => {
    const path = file("a = 1\n");
    const read = snapshot(path);
    writeFileSync(path, "changed\n");
    writeFixed(read, "a = 2\n");
    writeFixed(snapshot(path), "a = 3\n");
    assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith(".tmp")), []);
  });
});

describe("readSnapshot", () => {
  it("rejects a file that is not UTF-8", () => {
    const read = readSnapshot(file(Buffer.from([0x61, 0xff, 0x0a])));
    assert.equal(read.ok, false);
  });
  it("keeps CRLF in the text", () => {
    assert.equal(snapshot(file("a = 1\r\n")).text, "a = 1\r\n");
  });
});
