// Pins `verify` against the real pyinfra: deploys of the fixture project applied
// twice to a fresh copy of a cached Debian root (the chroot target), to @local
// under a prefix, and to an sshd of the test's own on 127.0.0.1. When the
// Debian root cannot be built (no network, no debootstrap, not root), the
// chroot tests fail with that reason.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { TargetSetupError } from "./debian-root.js";
import { resolveDeploy } from "./deploy-ref.js";
import { CLI, FIXTURE_PROJECT, REPO_PYTHON } from "./fixture-paths.js";
import { startSshd } from "./sshd-fixture.js";
import type { SshdFixture } from "./sshd-fixture.js";
import type { Target } from "./targets.js";
import type { VerifyResult } from "./verify-types.js";
import { LocalWritesError, runVerify } from "./verify.js";

function verifyFixture(deploy: string, target: Target, extra: { data?: Record<string, string>; sshKey?: string; knownHosts?: string } = {}): Promise<VerifyResult> {
  return runVerify({
    deploy: resolveDeploy(deploy, { cwd: FIXTURE_PROJECT }),
    target,
    python: REPO_PYTHON,
    ...extra,
  });
}

function changedNames(result: VerifyResult): (string | null)[] {
  return result.changed_on_second_run.map((changed) => changed.name);
}

const CHROOT: Target = { kind: "chroot", suite: null };

describe("verify on chroot", () => {
  test("idempotent deploy passes", async () => {
    const result = await verifyFixture("idempotent.py", CHROOT);
    assert.equal(result.result, "idempotent", JSON.stringify(result.failure));
    assert.equal(result.idempotent, true);
    assert.deepEqual(result.changed_on_second_run, []);
    assert.equal(result.first_run.length, 5);
    assert.ok(result.first_run.every((operation) => operation.success && operation.changed));
    assert.equal(result.second_run.length, 5);
    assert.ok(result.second_run.every((operation) => operation.success && !operation.changed));
    assert.equal(result.target.kind, "chroot");
    assert.match(result.target.host, /^@chroot\/.*pyinfra-kit-verify-.*\/root$/);
    assert.equal(typeof result.timings.copy_root, "number");
    assert.equal(existsSync(result.target.host.slice("@chroot".length)), false, "the copy was removed");
  });

  test("sudo operations run in the root", async () => {
    const result = await verifyFixture("sudo.py", CHROOT);
    assert.equal(result.result, "idempotent", JSON.stringify(result.failure));
    assert.ok(result.first_run.every((operation) => operation.success && operation.changed));
    assert.ok(result.first_run[0].commands.some((command) => command.text === "mkdir -p /srv/data"));
  });

  test("template with current time fails", async () => {
    const result = await verifyFixture("now_template.py", CHROOT);
    assert.equal(result.result, "not-idempotent");
    assert.equal(result.idempotent, false);
    assert.deepEqual(changedNames(result), ["Write the stamped config"]);
    const [changed] = result.changed_on_second_run;
    assert.equal(changed.operation, "files.template");
    assert.equal(changed.declared_not_idempotent, false);
    assert.deepEqual(changed.commands, [{ kind: "upload", text: "upload generated content to /srv/app/stamp.conf" }]);
    assert.deepEqual(result.declared_not_idempotent, []);
  });

  test("line regex not matching its text fails", async () => {
    const result = await verifyFixture("line_regex.py", CHROOT);
    assert.equal(result.result, "not-idempotent");
    assert.deepEqual(changedNames(result), ["Listen on IPv6"]);
    const [changed] = result.changed_on_second_run;
    assert.equal(changed.operation, "files.line");
    assert.deepEqual(changed.commands, [{ kind: "shell", text: "echo 'listen [::]:80' >> /srv/app/site.conf" }]);
  });

  test("shell operation fails through the command", () => {
    const result = spawnSync(process.execPath, [CLI, "verify", "shell.py", "--format", "json", "--python", REPO_PYTHON], {
      cwd: FIXTURE_PROJECT,
      encoding: "utf8",
    });
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as VerifyResult;
    assert.equal(report.idempotent, false);
    assert.deepEqual(changedNames(report), ["Create the cache folder"]);
    const [changed] = report.changed_on_second_run;
    assert.equal(changed.operation, "server.shell");
    assert.equal(changed.declared_not_idempotent, true);
    assert.deepEqual(changed.commands, [{ kind: "shell", text: "mkdir -p /srv/app/cache" }]);
    assert.equal(changed.native_alternative, 'files.directory(path="/srv/app/cache")');
    assert.deepEqual(
      report.declared_not_idempotent.map((declared) => [declared.order, declared.operation]),
      [[2, "server.shell"]],
    );
    assert.equal(report.declared_not_idempotent[0].native_alternative, 'files.directory(path="/srv/app/cache")');
    // Not a terminal, so one plain progress line per operation and run.
    assert.match(result.stderr, /^first run \[2\/2\] server\.shell Create the cache folder changed$/m);
    assert.match(result.stderr, /^second run \[1\/2\] files\.directory Create the app folder no change$/m);
  });

  test("deploy error fails the first run", async () => {
    const result = await verifyFixture("raises.py", CHROOT);
    assert.equal(result.result, "first-run-failed");
    assert.equal(result.failure?.stage, "load");
    assert.match(result.failure?.error ?? "", /required_key/);
    assert.deepEqual(result.second_run, []);
  });
});

describe("verify on local-dir", () => {
  let prefix = "";
  before(() => {
    prefix = mkdtempSync(join(tmpdir(), "pyinfra-kit-local-dir-"));
  });
  after(() => rmSync(prefix, { recursive: true, force: true }));

  test("idempotent deploy under prefix passes", async () => {
    const result = await verifyFixture("idempotent.py", { kind: "local-dir", prefix }, { data: { prefix } });
    assert.equal(result.result, "idempotent", JSON.stringify(result.failure));
    assert.equal(readFileSync(join(prefix, "srv/app/app.conf"), "utf8"), "# Managed by pyinfra\nport=8080\n");
  });

  test("write outside prefix refused", async () => {
    const elsewhere = join(tmpdir(), `pyinfra-kit-elsewhere-${process.pid}`);
    await assert.rejects(
      verifyFixture("idempotent.py", { kind: "local-dir", prefix }, { data: { prefix: elsewhere } }),
      (error: unknown) => {
        assert.ok(error instanceof LocalWritesError);
        assert.match(error.message, new RegExp(`path: ${elsewhere}/srv/app is outside ${prefix}`));
        return true;
      },
    );
    assert.equal(existsSync(elsewhere), false, "nothing ran");
  });

  test("shell operation refused", async () => {
    await assert.rejects(
      verifyFixture("shell.py", { kind: "local-dir", prefix }, { data: { prefix } }),
      /2 server\.shell \(Create the cache folder\): pyinfra-kit cannot tell which paths/,
    );
    assert.equal(existsSync(join(prefix, "srv/app/cache")), false, "nothing ran");
  });
});

describe("verify on ssh", () => {
  let sshd: SshdFixture;
  let prefix = "";
  before(async () => {
    sshd = await startSshd();
    prefix = mkdtempSync(join(tmpdir(), "pyinfra-kit-ssh-target-"));
  });
  after(async () => {
    await sshd?.stop();
    rmSync(prefix, { recursive: true, force: true });
  });

  function sshTarget(): Target {
    return { kind: "ssh", host: "127.0.0.1", user: sshd.user, port: sshd.port };
  }

  test("idempotent deploy passes", async () => {
    const result = await verifyFixture("idempotent.py", sshTarget(), {
      data: { prefix },
      sshKey: sshd.clientKey,
      knownHosts: sshd.knownHosts,
    });
    assert.equal(result.result, "idempotent", JSON.stringify(result.failure));
    assert.ok(existsSync(join(prefix, "srv/app/banner.txt")));
  });

  test("shell operation fails", async () => {
    const result = await verifyFixture("shell.py", sshTarget(), {
      data: { prefix },
      sshKey: sshd.clientKey,
      knownHosts: sshd.knownHosts,
    });
    assert.deepEqual(changedNames(result), ["Create the cache folder"]);
  });
});

describe("verify targets refused", () => {
  test("docker without engine", async () => {
    await assert.rejects(verifyFixture("idempotent.py", { kind: "docker", image: "debian:12" }), (error: unknown) => {
      assert.ok(error instanceof TargetSetupError);
      assert.match(error.message, /^--target docker:debian:12 needs a running Docker engine: .*; start Docker, or use --target chroot$/);
      return true;
    });
  });

  test("inventory hosts refused", () => {
    const project = mkdtempSync(join(tmpdir(), "pyinfra-kit-inventory-"));
    try {
      writeFileSync(join(project, "pyproject.toml"), "[project]\nname = 'x'\n");
      writeFileSync(
        join(project, "inventory.py"),
        'web = ["web1.example.internal"]\napp = [("app1", {"ssh_hostname": "192.0.2.10"})]\n',
      );
      writeFileSync(join(project, "deploy.py"), "from pyinfra.operations import server\n");
      const run = (target: string): { status: number | null; stderr: string } =>
        spawnSync(
          process.execPath,
          [CLI, "verify", "deploy.py", "--target", target, "--i-own-this-host", "--python", REPO_PYTHON],
          { cwd: project, encoding: "utf8" },
        );
      const byName = run("web1.example.internal");
      assert.equal(byName.status, 2);
      assert.match(byName.stderr, /--target web1\.example\.internal is the inventory host web1\.example\.internal/);
      assert.match(byName.stderr, /inventory hosts are the real servers the deploy manages/);
      const byAddress = run("ssh:root@192.0.2.10");
      assert.equal(byAddress.status, 2);
      assert.match(byAddress.stderr, /is the inventory host app1/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
