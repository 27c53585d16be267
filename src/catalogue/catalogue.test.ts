// The catalogue read from the real pyinfra in .venv through the bridge, its
// disk cache, and the bundled baseline used when pyinfra is missing.
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { Bridge } from "../bridge/bridge.js";
import { REPOSITORY_ROOT } from "../rules/testing.js";
import { findInterpreter } from "../workspace/interpreter.js";
import { loadCatalogue, writeFileAtomic } from "./load.js";
import { Catalogue } from "./types.js";
import type { CatalogueData } from "./types.js";

const VENV_PYTHON = join(REPOSITORY_ROOT, ".venv", "bin", "python");

/** Runs `work` with `XDG_CACHE_HOME` set to a new empty folder, which it receives. */
async function withEmptyCache<T>(work: (cache: string) => Promise<T>): Promise<T> {
  const previous = process.env.XDG_CACHE_HOME;
  const cache = mkdtempSync(join(tmpdir(), "pyinfra-kit-cache-"));
  process.env.XDG_CACHE_HOME = cache;
  try {
    return await work(cache);
  } finally {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
  }
}

describe("catalogue from the installed pyinfra", () => {
  let catalogue: Catalogue;
  let bridge: Bridge;

  before(async () => {
    bridge = await Bridge.start(findInterpreter(REPOSITORY_ROOT, VENV_PYTHON));
    catalogue = new Catalogue(await bridge.request<CatalogueData>("catalogue"), "bridge");
  });
  after(async () => {
    await bridge.close();
  });

  it("reports the pinned pyinfra version", () => {
    assert.equal(catalogue.version, "3.10.0");
    assert.deepEqual(catalogue.data.import_errors, []);
  });

  it("lists operations with parameters, defaults and kinds", () => {
    const template = catalogue.operation("files.template");
    assert.ok(template);
    const names = template.parameters.map((parameter) => parameter.name);
    assert.deepEqual(names.slice(0, 2), ["src", "dest"]);
    assert.equal(template.takes_var_keyword, true);
    const user = template.parameters.find((parameter) => parameter.name === "user");
    assert.equal(user?.default, "None");
    assert.equal(user?.required, false);
    assert.equal(template.parameters[0].required, true);
  });

  it("carries pyinfra's idempotence flag", () => {
    assert.equal(catalogue.operation("server.shell")?.is_idempotent, false);
    assert.equal(catalogue.operation("systemd.daemon_reload")?.is_idempotent, false);
    assert.equal(catalogue.operation("apt.packages")?.is_idempotent, true);
  });

  it("includes operations in nested packages and deprecated aliases", () => {
    assert.ok(catalogue.operation("freebsd.service.service"));
    assert.equal(catalogue.operation("postgresql.sql")?.is_deprecated, true);
  });

  it("resolves operations a module exposes under another name", () => {
    assert.ok(catalogue.data.aliases.some((alias) => alias.module === "server" && alias.name === "crontab"));
    assert.equal(catalogue.operation("server.crontab"), catalogue.operation("crontab.crontab"));
  });

  it("lists every global argument", () => {
    for (const name of ["_sudo", "_sudo_user", "_if", "_env", "name", "_serial", "_retries"]) {
      assert.ok(catalogue.globalArguments.has(name), name);
    }
  });

  it("lists fact classes with their parameters", () => {
    const file = catalogue.fact("files", "File");
    assert.ok(file);
    assert.deepEqual(file.parameters.map((parameter) => parameter.name), ["path"]);
    assert.ok(catalogue.fact("server", "LinuxName"));
    assert.ok(catalogue.fact("systemd", "SystemdStatus"));
  });
});

describe("catalogue loading", () => {
  it("caches the catalogue per pyinfra version", async () => {
    await withEmptyCache(async (cache) => {
      const interpreter = findInterpreter(REPOSITORY_ROOT, VENV_PYTHON);
      const first = await loadCatalogue({ interpreter });
      assert.equal(first.source, "bridge");
      assert.deepEqual(readdirSync(join(cache, "pyinfra-kit", "catalogue")), ["pyinfra-3.10.0-schema2.json"]);
      const second = await loadCatalogue({ interpreter });
      assert.equal(second.source, "cache");
      assert.equal(second.operations.size, first.operations.size);
    });
  });

  it("falls back to the baseline with one notice when pyinfra is missing", async () => {
    const notices: string[] = [];
    const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-nopyinfra-"));
    const catalogue = await loadCatalogue({
      interpreter: { command: ["python3", "-S"], source: "flag", cwd: folder, description: "python3 -S" },
      notice: (message) => notices.push(message),
    });
    assert.equal(catalogue.source, "baseline");
    assert.equal(catalogue.version, "3.10.0");
    assert.equal(notices.length, 1);
    assert.match(notices[0], /pyinfra is not importable with python3 -S/);
  });

  it("damaged cache file rebuilt", async () => {
    await withEmptyCache(async (cache) => {
      const interpreter = findInterpreter(REPOSITORY_ROOT, VENV_PYTHON);
      const path = join(cache, "pyinfra-kit", "catalogue", "pyinfra-3.10.0-schema2.json");
      mkdirSync(join(cache, "pyinfra-kit", "catalogue"), { recursive: true });
      // Valid JSON of the right schema, without the lists the rules read.
      writeFileSync(path, JSON.stringify({ schema: 2, pyinfra_version: "3.10.0", operations: null }));
      const catalogue = await loadCatalogue({ interpreter });
      assert.equal(catalogue.source, "bridge");
      assert.ok(catalogue.operations.has("files.template"));
      const rewritten = JSON.parse(readFileSync(path, "utf8")) as CatalogueData;
      assert.ok(Array.isArray(rewritten.operations));
    });
  });

  it("edited cache file rebuilt", async () => {
    await withEmptyCache(async (cache) => {
      const interpreter = findInterpreter(REPOSITORY_ROOT, VENV_PYTHON);
      await loadCatalogue({ interpreter });
      const path = join(cache, "pyinfra-kit", "catalogue", "pyinfra-3.10.0-schema2.json");
      // Still valid JSON of the right shape, without the apt operations.
      const edited = JSON.parse(readFileSync(path, "utf8")) as CatalogueData;
      edited.operations = edited.operations.filter((operation) => operation.module !== "apt");
      writeFileSync(path, JSON.stringify(edited));
      const catalogue = await loadCatalogue({ interpreter });
      assert.equal(catalogue.source, "bridge");
      assert.ok(catalogue.operations.has("apt.packages"));
    });
  });

  it("failed atomic write leaves nothing", () => {
    const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-write-"));
    // A folder where the file should go stops the rename.
    mkdirSync(join(folder, "catalogue.json"));
    assert.throws(() => writeFileAtomic(join(folder, "catalogue.json"), "{}"));
    assert.deepEqual(readdirSync(folder), ["catalogue.json"]);
  });

  it("interpreter that cannot run uses the baseline", async () => {
    // A virtual environment with pyinfra's metadata whose interpreter is not executable.
    const venv = mkdtempSync(join(tmpdir(), "pyinfra-kit-noexec-"));
    mkdirSync(join(venv, "bin"));
    mkdirSync(join(venv, "lib", "python3.11", "site-packages", "pyinfra-3.10.0.dist-info"), { recursive: true });
    writeFileSync(join(venv, "pyvenv.cfg"), "home = /usr/bin\n");
    const python = join(venv, "bin", "python");
    writeFileSync(python, "");
    chmodSync(python, 0o644);
    // An empty cache, so that the catalogue of pyinfra 3.10.0 is not read from an earlier run.
    const notices: string[] = [];
    const catalogue = await withEmptyCache(() =>
      loadCatalogue({
        interpreter: { command: [python], source: "flag", cwd: venv, description: `${python} (--python)` },
        notice: (message) => notices.push(message),
      }),
    );
    assert.equal(catalogue.source, "baseline");
    assert.equal(notices.length, 1);
    assert.match(notices[0], /\(--python\) failed to start \(spawn .* EACCES\); checking against the bundled/);
  });

  it("ships a baseline that matches the installed pyinfra", async () => {
    const baselinePath = join(REPOSITORY_ROOT, "catalogue", "pyinfra-3.10.0.json");
    assert.ok(existsSync(baselinePath));
    const bridge = await Bridge.start(findInterpreter(REPOSITORY_ROOT, VENV_PYTHON));
    try {
      const live = await bridge.request<CatalogueData>("catalogue");
      const baseline = JSON.parse(readFileSync(baselinePath, "utf8")) as CatalogueData;
      assert.deepEqual(
        baseline.operations.map((operation) => `${operation.module}.${operation.name}`),
        live.operations.map((operation) => `${operation.module}.${operation.name}`),
      );
      assert.equal(baseline.facts.length, live.facts.length);
    } finally {
      await bridge.close();
    }
  });
});
