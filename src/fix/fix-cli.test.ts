// `check --fix`, `--unsafe-fixes` and `--diff` as a user runs them on a
// project folder: what is written, what is printed and the exit codes.
import assert from "node:assert/strict";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { makeProject, runCli } from "../cli/cli-testing.js";

const UNNAMED = 'from pyinfra.operations import apt\n\napt.packages(packages=["curl"], _sudo=True)\n';
const NAMED = 'from pyinfra.operations import apt\n\napt.packages(name="Install apt packages: curl", packages=["curl"], _sudo=True)\n';

describe("check --fix", () => {
  it("leaves unsafe fixes alone without --unsafe-fixes", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--select", "PIK501", "--fix"], root);
    assert.equal(result.status, 1);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), UNNAMED);
    assert.match(result.stdout, /Fixed 0; 1 remaining \(PIK501: 1\), 1 of them fixable with --unsafe-fixes\./);
  });

  it("applies unsafe fixes and reports them by code", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--select", "PIK501", "--fix", "--unsafe-fixes"], root);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), NAMED);
    assert.match(result.stdout, /Fixed 1 \(PIK501: 1\); 0 remaining\./);
  });

  it("changes nothing on a second run", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    runCli(["check", ".", "--fix", "--unsafe-fixes"], root);
    const first = readFileSync(join(root, "deploy.py"), "utf8");
    const second = runCli(["check", ".", "--fix", "--unsafe-fixes"], root);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), first);
    assert.match(second.stdout, /Fixed 0;/);
  });

  it("writes nothing with --unsafe-fixes alone", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--select", "PIK501", "--unsafe-fixes"], root);
    assert.equal(result.status, 1);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), UNNAMED);
    assert.match(result.stderr, /--unsafe-fixes applies nothing without --fix or --diff/);
  });

  it("keeps CRLF, the BOM and the file mode", () => {
    const crlf = Buffer.from("\ufeff" + UNNAMED.replace(/\n/g, "\r\n"), "utf8");
    const root = makeProject({ "deploy.py": crlf });
    chmodSync(join(root, "deploy.py"), 0o640);
    runCli(["check", ".", "--select", "PIK501", "--fix", "--unsafe-fixes"], root);
    const bytes = readFileSync(join(root, "deploy.py"));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString("utf8"), NAMED.replace(/\n/g, "\r\n"));
    assert.equal(statSync(join(root, "deploy.py")).mode & 0o777, 0o640);
  });

  it("reports a read-only file and leaves it", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    chmodSync(join(root, "deploy.py"), 0o444);
    const result = runCli(["check", ".", "--select", "PIK501", "--fix", "--unsafe-fixes"], root);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /deploy\.py: not written: the file is read-only/);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), UNNAMED);
    assert.match(result.stdout, /Fixed 0; 1 remaining \(PIK501: 1\)\./);
  });

  it("prints JSON of the remaining findings", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--fix", "--unsafe-fixes", "--format", "json", "--select", "PIK501"], root);
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.match(result.stderr, /Fixed 1 \(PIK501: 1\); 0 remaining\./);
  });
});

describe("check --diff", () => {
  it("prints a diff, writes nothing and exits 1", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", "deploy.py", "--select", "PIK501", "--diff", "--unsafe-fixes"], root);
    assert.equal(result.status, 1);
    assert.equal(readFileSync(join(root, "deploy.py"), "utf8"), UNNAMED);
    assert.equal(
      result.stdout,
      "--- a/deploy.py\n+++ b/deploy.py\n@@ -1,3 +1,3 @@\n from pyinfra.operations import apt\n \n" +
        '-apt.packages(packages=["curl"], _sudo=True)\n' +
        '+apt.packages(name="Install apt packages: curl", packages=["curl"], _sudo=True)\n',
    );
    assert.match(result.stderr, /Would fix 1 \(PIK501: 1\)\./);
  });

  it("exits 0 when nothing would change", () => {
    const root = makeProject({ "deploy.py": NAMED });
    const result = runCli(["check", ".", "--select", "PIK501", "--diff", "--unsafe-fixes"], root);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "");
  });

  it("shows only safe fixes without --unsafe-fixes", () => {
    const root = makeProject({ "deploy.py": UNNAMED });
    const result = runCli(["check", ".", "--select", "PIK501", "--diff"], root);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "");
  });
});
