// Pins `plan` against the real pyinfra in .venv: dry runs of the fixture
// project's deploys on @local (read-only fact commands, nothing is changed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import { readsDiffs } from "../cli/plan.js";
import { resolveDeploy } from "./deploy-ref.js";
import { CLI, FIXTURE_PROJECT, REPO_PYTHON, REPO_ROOT } from "./fixture-paths.js";
import { formatPlanText } from "./plan-text.js";
import { runPlan } from "./plan.js";
import type { PlanResult, PlannedHost, PlannedOperation } from "./types.js";

const MISSING_ROOT = "/tmp/pyinfra-kit-test-no-such-root";

interface FixtureOptions {
  data?: Record<string, string>;
  limit?: string[];
  functionArguments?: Record<string, string>;
}

async function planFixture(deploy: string, inventory = "@local", options: FixtureOptions = {}): Promise<PlanResult> {
  return runPlan({
    deploy: resolveDeploy(deploy, { cwd: FIXTURE_PROJECT, functionArguments: options.functionArguments }),
    inventory,
    limit: options.limit,
    data: options.data,
    python: REPO_PYTHON,
  });
}

function onlyHost(plan: PlanResult): PlannedHost {
  assert.equal(plan.hosts.length, 1);
  return plan.hosts[0];
}

function operationNamed(host: PlannedHost, name: string): PlannedOperation {
  const operation = host.operations.find((candidate) => candidate.name === name);
  assert.ok(operation, `no operation named ${name}; found ${host.operations.map((op) => op.name).join(", ")}`);
  return operation;
}

describe("plan", () => {
  test("idempotent deploy on @local", async () => {
    const prefix = `/tmp/pyinfra-kit-plan-${process.pid}`;
    const plan = await planFixture("idempotent.py", "@local", { data: { prefix } });
    assert.equal(plan.version, 1);
    assert.equal(plan.pyinfra_version, "3.10.0");
    assert.equal(plan.deploy, "idempotent.py");
    const host = onlyHost(plan);
    assert.equal(host.name, "@local");
    assert.equal(host.status, "ok");
    assert.equal(host.error, null);
    assert.deepEqual(
      host.operations.map((operation) => [operation.order, operation.operation, operation.name]),
      [
        [1, "files.directory", "Create the app folder"],
        [2, "files.template", "Write the app config"],
        [3, "files.put", "Upload the banner"],
        [4, "files.line", "Set the log level"],
        [5, "files.line", "Keep a comment line"],
      ],
    );
    assert.deepEqual(host.summary, { operations: 5, change: 5, no_change: 0, unknown: 0 });

    const directory = operationNamed(host, "Create the app folder");
    assert.deepEqual(directory.arguments, { path: `${prefix}/srv/app`, mode: "755" });
    assert.equal(directory.change, "yes");
    assert.equal(directory.idempotent, true);
    assert.deepEqual(directory.commands, [
      { kind: "shell", text: `mkdir -p ${prefix}/srv/app` },
      { kind: "shell", text: `chmod 755 ${prefix}/srv/app` },
    ]);
    assert.equal(directory.diff, null);

    const template = operationNamed(host, "Write the app config");
    assert.equal(template.arguments.port, 8080);
    assert.ok(template.commands.some((command) => command.kind === "upload"));
    assert.equal(
      template.diff,
      `--- /dev/null\n+++ ${prefix}/srv/app/app.conf\n@@ -0,0 +1,2 @@\n+# Managed by pyinfra\n+port=8080\n`,
    );

    const put = operationNamed(host, "Upload the banner");
    assert.ok(put.commands.some((command) => command.text === `upload files/banner.txt to ${prefix}/srv/app/banner.txt`));
  });

  test("diff of an existing file", async () => {
    const prefix = mkdtempSync(join(tmpdir(), "pyinfra-kit-plan-diff-"));
    try {
      mkdirSync(join(prefix, "srv", "app"), { recursive: true });
      writeFileSync(join(prefix, "srv", "app", "app.conf"), "port=1\n");
      const host = onlyHost(await planFixture("idempotent.py", "@local", { data: { prefix } }));
      const template = operationNamed(host, "Write the app config");
      assert.equal(
        template.diff,
        `--- ${prefix}/srv/app/app.conf\n+++ ${prefix}/srv/app/app.conf\n@@ -1 +1,2 @@\n-port=1\n+# Managed by pyinfra\n+port=8080\n`,
      );
      assert.match(operationNamed(host, "Upload the banner").diff ?? "", /^--- \/dev\/null\n/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  test("operation without change", async () => {
    // /tmp exists on every machine, so files.directory has nothing to do.
    const plan = await planFixture("deploys.web.install", "@local", {
      functionArguments: { root: "/tmp", port: "9090" },
    });
    const host = onlyHost(plan);
    const directory = operationNamed(host, "Web | Create the web root");
    assert.equal(directory.change, "no");
    assert.deepEqual(directory.commands, []);
    const line = operationNamed(host, "Web | Set the port");
    assert.equal(line.operation, "files.line");
    assert.equal(line.arguments.replace, "port=9090");
  });

  test("secrets redacted everywhere", async () => {
    const plan = await planFixture("with_secrets.py", "@local", { data: { prefix: MISSING_ROOT } });
    const text = JSON.stringify(plan) + formatPlanText(plan, { diff: true });
    for (const secret of ["fixture-db-pass-4711", "fixture-token-0815", "fixture-literal-pw-99"]) {
      assert.ok(!text.includes(secret), `output contains ${secret}`);
    }
    const host = onlyHost(plan);
    const template = operationNamed(host, "Write the database config");
    assert.equal(template.arguments.db_password, "***");
    assert.match(template.diff ?? "", /\+password=\*\*\*\n/);
    const shell = operationNamed(host, "Register the API token");
    assert.deepEqual(shell.commands, [{ kind: "shell", text: `echo *** > ${MISSING_ROOT}/srv/app/token` }]);
    assert.equal(shell.idempotent, false);
  });

  test("connection error per host", async () => {
    const plan = await planFixture("shell.py", `@local,@chroot${MISSING_ROOT}`, {
      data: { prefix: MISSING_ROOT },
    });
    assert.equal(plan.hosts.length, 2);
    const [local, chroot] = plan.hosts;
    assert.equal(local.status, "ok");
    assert.equal(local.summary.operations, 2);
    assert.equal(chroot.name, `@chroot${MISSING_ROOT}`);
    assert.equal(chroot.status, "connect-error");
    assert.match(chroot.error ?? "", /cannot change root directory/);
    assert.deepEqual(chroot.operations, []);
  });

  test("fact error is a host result", async () => {
    const host = onlyHost(await planFixture("fact_error.py"));
    assert.equal(host.status, "error");
    assert.match(host.error ?? "", /fact failed on purpose/);
    assert.match(host.error ?? "", /could not load fact: server\.Command/);
  });

  test("facts read once while listing every command", async () => {
    const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-fact-reads-"));
    try {
      const log = join(folder, "reads.log");
      const host = onlyHost(await planFixture("fact_reads.py", "@local", { data: { log } }));
      assert.equal(host.status, "ok");
      const [operation] = host.operations;
      assert.equal(operation.change, "yes");
      assert.deepEqual(operation.commands.map((command) => command.text), ["echo first step", "echo second step"]);
      assert.deepEqual(readFileSync(log, "utf8").split("\n").filter(Boolean), ["before-first", "before-second"]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("fact error while listing commands", async () => {
    const host = onlyHost(await planFixture("late_fact_error.py"));
    assert.equal(host.status, "error");
    assert.match(host.error ?? "", /^operation 1 would fail: .*late fact failed on purpose/);
    const [operation] = host.operations;
    assert.equal(operation.operation, "steps.two_steps");
    assert.equal(operation.change, "yes");
    assert.match(operation.error ?? "", /could not load fact: server\.Command/);
  });

  test("deploy exception after late fact error", async () => {
    const host = onlyHost(await planFixture("late_fact_then_raise.py"));
    assert.equal(host.status, "error");
    assert.match(host.error ?? "", /^RuntimeError: deploy failed on purpose \(late_fact_then_raise\.py:8\)$/);
    assert.match(host.operations[0].error ?? "", /could not load fact: server\.Command/);
  });

  test("deploy fact error after late exception", async () => {
    const host = onlyHost(await planFixture("late_raise_then_fact_error.py"));
    assert.equal(host.status, "error");
    assert.match(host.error ?? "", /deploy fact failed on purpose/);
    assert.match(host.operations[0].error ?? "", /^ValueError: second step failed on purpose/);
  });

  test("late error keeps its own message", async () => {
    const host = onlyHost(await planFixture("two_late_errors.py"));
    assert.equal(host.status, "error");
    assert.match(host.operations[1].error ?? "", /^ValueError: raised after an ignored fact error/);
  });

  test("code after a first command runs after loading", async () => {
    const host = onlyHost(await planFixture("late_side_effect.py"));
    assert.equal(host.status, "ok");
    assert.deepEqual(host.operations.map((operation) => operation.name), ["Record after the first step"]);
    assert.deepEqual(host.operations[0].commands.map((command) => command.text), ["echo first step", "echo second step"]);
  });

  test("unknown argument names the operation", async () => {
    const host = onlyHost(await planFixture("bad_argument.py"));
    assert.equal(host.status, "error");
    assert.equal(host.error, "TypeError: shell() got an unexpected keyword argument 'bogus' (bad_argument.py:5)");
  });

  test("sys.exit in a deploy is a host error", async () => {
    const host = onlyHost(await planFixture("exits.py"));
    assert.equal(host.status, "error");
    assert.equal(host.error, "SystemExit: 3 (exits.py:8)");
    assert.equal(host.operations.length, 1);
  });

  test("deploy exception names its line", async () => {
    const host = onlyHost(await planFixture("raises.py"));
    assert.equal(host.status, "error");
    assert.match(host.error ?? "", /^AttributeError: .*required_key.*\(raises\.py:6\)$/);
  });

  test("limit selects hosts", async () => {
    const plan = await planFixture("shell.py", `@local,@chroot${MISSING_ROOT}`, {
      limit: ["@local"],
      data: { prefix: MISSING_ROOT },
    });
    assert.deepEqual(plan.hosts.map((host) => host.name), ["@local"]);
  });

  test("text output table and summary", async () => {
    const plan = await planFixture("shell.py", "@local", { data: { prefix: MISSING_ROOT } });
    const text = formatPlanText(plan, { diff: false });
    const lines = text.split("\n");
    assert.ok(lines.includes("@local"));
    assert.match(text, /^ {2}# +change +operation +name +notes$/m);
    assert.match(text, /^ {2}2 +yes +server\.shell +Create the cache folder +not idempotent$/m);
    assert.match(text, new RegExp(`^ +\\$ mkdir -p ${MISSING_ROOT}/srv/app/cache$`, "m"));
    assert.match(text, /^ {2}@local: 2 operations, 2 will change, 0 unchanged, 0 unknown$/m);
  });
});

describe("plan command", () => {
  function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, "plan", ...args, "--python", REPO_PYTHON], {
      cwd: FIXTURE_PROJECT,
      encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test("json output and exit code", () => {
    const result = runCli(["shell.py", "--inventory", "@local", "--data", `prefix=${MISSING_ROOT}`, "--format", "json"]);
    assert.equal(result.status, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as PlanResult;
    assert.equal(plan.inventory, "@local");
    assert.equal(plan.hosts[0].summary.operations, 2);
  });

  test("host error exits 1", () => {
    const result = runCli(["raises.py", "--inventory", "@local"]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /error: AttributeError/);
  });

  test("missing inventory is a usage error", () => {
    const result = runCli(["shell.py"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no inventory: pass --inventory/);
  });

  test("folder deploy is a usage error", () => {
    const result = runCli(["deploys/web", "--inventory", "@local"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /deploys\/web is a folder; .*deploys\.web\.install/);
  });

  test("diffs read for json or --diff", () => {
    assert.equal(readsDiffs("json", {}), true);
    assert.equal(readsDiffs("json", { noDiff: true }), false);
    assert.equal(readsDiffs("text", {}), false);
    assert.equal(readsDiffs("text", { diff: true }), true);
    assert.equal(readsDiffs("text", { diff: true, noDiff: true }), false);
  });

  test("text output with --diff prints the diff", () => {
    const result = runCli(["idempotent.py", "--inventory", "@local", "--data", `prefix=${MISSING_ROOT}`, "--diff"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^ +\\+\\+\\+ ${MISSING_ROOT}/srv/app/banner\\.txt$`, "m"));
  });

  test("unknown limit is a usage error", () => {
    const result = runCli(["shell.py", "--inventory", "@local", "--limit", "web9"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--limit web9 matches no host or group; hosts: @local/);
  });
});

describe("plan of examples", () => {
  const examples = join(REPO_ROOT, "examples");

  test("examples deploy on @local", { skip: !existsSync(join(examples, "deploy.py")) && "examples/deploy.py is missing" }, async () => {
    const plan = await runPlan({
      deploy: resolveDeploy("deploy.py", { cwd: examples }),
      inventory: "@local",
      python: REPO_PYTHON,
    });
    const host = onlyHost(plan);
    assert.equal(host.status, "ok", host.error ?? "");
  });
});
