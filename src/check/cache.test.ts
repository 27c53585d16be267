// The results cache of `check`. A second run reuses the findings of unchanged
// files. A change to any input of a finding (the file, files its rules read,
// templates, host data, other calls of the same template, the settings) makes
// it check again, and the findings equal those of a run without cache.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";

import type { Catalogue } from "../catalogue/types.js";
import { runCli } from "../cli/cli-testing.js";
import { REPOSITORY_ROOT, testCatalogue } from "../rules/testing.js";
import { TemplateResultsCache } from "./cache.js";
import { runCheck } from "./run.js";
import type { CheckRunResult } from "./run.js";

const PYTHON = join(REPOSITORY_ROOT, ".venv", "bin", "python");
const folders: string[] = [];

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-cache-"));
  folders.push(folder);
  return folder;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function project(files: Record<string, string>): string {
  const root = temporaryFolder();
  write(root, { "pyproject.toml": "", ...files });
  return root;
}

let catalogue: Catalogue | null = null;

/** Runs a check of the whole project with the cache in `cacheFolder`, or without cache when it is null. */
async function check(
  root: string,
  cacheFolder: string | null,
  options: { select?: string[]; notices?: string[] } = {},
): Promise<CheckRunResult> {
  catalogue ??= await testCatalogue();
  return runCheck({
    paths: ["."],
    cwd: root,
    catalogue,
    python: PYTHON,
    select: options.select,
    cache: cacheFolder !== null,
    cacheFolder: cacheFolder ?? undefined,
    notice: (message) => options.notices?.push(message),
  });
}

function shown(result: CheckRunResult): string[] {
  return result.findings.map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code}`);
}

/** Checks with the cache and asserts the findings equal those of a run without it. */
async function checkAgainstUncached(root: string, cacheFolder: string, select?: string[]): Promise<CheckRunResult> {
  const cached = await check(root, cacheFolder, { select });
  const uncached = await check(root, null, { select });
  assert.deepEqual(cached.findings, uncached.findings);
  return cached;
}

const SHELL_DEPLOY =
  "from pyinfra.operations import server\n\n" +
  'server.shell(name="Install", commands=["apt-get install -y nginx"])\n';

/** The rules that read the Jinja2 results. */
const TEMPLATE_RULES = ["PIK503", "PIK504", "PIK505", "PIK506"];

const TEMPLATE_DEPLOY =
  "from pyinfra.operations import files\n\n" +
  "def configure():\n" +
  '    files.template(name="Configure", src="templates/app.j2", dest="/etc/app.conf", port=80)\n';

describe("check results cache", () => {
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("reuses unchanged, rechecks changed files", async () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY, "deploys/b.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    const first = await check(root, cacheFolder);
    assert.equal(first.filesReused, 0);
    assert.deepEqual(shown(first), ["deploys/a.py:3:40 PIK201", "deploys/b.py:3:40 PIK201"]);

    const second = await check(root, cacheFolder);
    assert.equal(second.filesReused, 2);
    assert.deepEqual(second.findings, first.findings);

    write(root, { "deploys/b.py": "from pyinfra.operations import server\n" });
    const third = await checkAgainstUncached(root, cacheFolder);
    assert.equal(third.filesReused, 1);
    assert.deepEqual(shown(third), ["deploys/a.py:3:40 PIK201"]);
  });

  it("new __init__.py rechecks package module", async () => {
    const root = project({ "deploys/web/tasks.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    assert.ok(!shown(await check(root, cacheFolder)).some((line) => line.endsWith("PIK502")));

    write(root, { "deploys/web/__init__.py": "" });
    const result = await checkAgainstUncached(root, cacheFolder);
    assert.ok(shown(result).includes("deploys/web/tasks.py:3:1 PIK502"), shown(result).join("\n"));
  });

  it("group data sudo rechecks file", async () => {
    const root = project({
      "deploys/web.py": 'from pyinfra.operations import files\n\nfiles.directory(name="Make", path="/etc/app")\n',
    });
    const cacheFolder = temporaryFolder();
    assert.ok(shown(await check(root, cacheFolder)).some((line) => line.endsWith("PIK301")));

    write(root, { "deploys/group_data/all.py": "_sudo = True\n" });
    const result = await checkAgainstUncached(root, cacheFolder);
    assert.ok(!shown(result).some((line) => line.endsWith("PIK301")), shown(result).join("\n"));
  });

  it("template edit reruns template rules", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "listen {{ port }}\n",
    });
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: TEMPLATE_RULES })), []);
    const reused = await check(root, cacheFolder, { select: TEMPLATE_RULES });
    assert.equal(reused.filesReused, 2);

    write(root, { "templates/app.j2": "listen {{ port }} {{ server_name }}\n" });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    // inventory.py renders nothing; deploy.py runs the template rules again.
    assert.equal(result.filesReused, 1);
    assert.deepEqual(shown(result), ["templates/app.j2:1:22 PIK504"]);
  });

  it("template edit in skipped folder", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY.replace("templates/app.j2", "venv/app.j2"),
      "venv/app.j2": "listen {{ port }}\n",
    });
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: TEMPLATE_RULES })), []);

    write(root, { "venv/app.j2": "listen {{ port }} {{ server_name }}\n" });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.deepEqual(shown(result), ["venv/app.j2:1:22 PIK504"]);
  });

  it("missing include created later", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": '{% include "templates/parts/head.j2" %}\nlisten {{ port }}\n',
    });
    const cacheFolder = temporaryFolder();
    const before = shown(await check(root, cacheFolder, { select: TEMPLATE_RULES }));
    assert.ok(before.length > 0, "the missing include is reported");

    write(root, { "templates/parts/head.j2": "# {{ title }}\n" });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.deepEqual(shown(result), ["templates/parts/head.j2:1:6 PIK504"]);
  });

  it("missing .py include created later", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": '{% include "templates/common.py" %}\nlisten {{ port }}\n',
    });
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: TEMPLATE_RULES })), ["templates/app.j2:1:12 PIK503"]);

    write(root, { "templates/common.py": "DEBUG = False\n" });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.deepEqual(shown(result), []);
  });

  it("missing include in symlinked folder", async () => {
    const shared = temporaryFolder();
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": '{% include "shared/sub/head.j2" %}\nlisten {{ port }}\n',
    });
    // The included file's folder exists, so creating the file changes no folder under the root.
    mkdirSync(join(shared, "sub"));
    symlinkSync(shared, join(root, "shared"));
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: TEMPLATE_RULES })), ["templates/app.j2:1:12 PIK503"]);

    write(shared, { "sub/head.j2": "# head\n" });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.deepEqual(shown(result), []);
  });

  it("same-size template edit, old mtime", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "listen {{ port }}\n",
    });
    // Whole seconds, so that setting the time again restores it exactly, as `touch -r` does.
    const template = join(root, "templates", "app.j2");
    const earlier = Math.floor(statSync(template).mtimeMs / 1000) - 60;
    utimesSync(template, earlier, earlier);
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: TEMPLATE_RULES })), []);

    writeFileSync(template, "listen {{ pork }}\n");
    utimesSync(template, earlier, earlier);
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.deepEqual(shown(result), ["deploy.py:4:84 PIK505", "templates/app.j2:1:11 PIK504"]);
  });

  it("same order cold and warm, many files", async () => {
    // There are enough files for worker threads. Every template includes one that reads an
    // undefined name, so each deploy gets a finding at the same position of the shared include.
    const files: Record<string, string> = {
      "inventory.py": 'hosts = ["@local"]\n',
      "templates/inc.j2": "{{ common_var }}\n",
    };
    for (let index = 0; index < 100; index++) {
      const name = `d${String(index).padStart(3, "0")}`;
      files[`deploys/${name}.py`] = TEMPLATE_DEPLOY.replace("templates/app.j2", `templates/${name}.j2`);
      files[`templates/${name}.j2`] = "{% include 'templates/inc.j2' %} {{ port }}\n";
    }
    const root = project(files);
    const cacheFolder = temporaryFolder();
    const cold = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    const warm = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.equal(cold.findings.length, 100);
    assert.equal(warm.filesReused, 101);
    assert.deepEqual(warm.findings, cold.findings);
  });

  it("host data change in message", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "listen {{ port }} {{ server_name }}\n",
    });
    const cacheFolder = temporaryFolder();
    const before = await check(root, cacheFolder, { select: TEMPLATE_RULES });
    assert.doesNotMatch(before.findings[0].message, /host data/);

    write(root, { "group_data/all.py": 'server_name = "example.org"\n' });
    const result = await checkAgainstUncached(root, cacheFolder, TEMPLATE_RULES);
    assert.match(result.findings[0].message, /is host data \(group_data\/all\.py:1\)/);
    assert.equal(result.filesReused, 1);
  });

  it("template owner moves to next call", async () => {
    // The first call reports the template's problems, and its `noqa` hides them.
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploys/a.py": TEMPLATE_DEPLOY.replace("port=80)", "port=80)  # noqa: PIK506"),
      "deploys/b.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "{% if %}\n",
    });
    const cacheFolder = temporaryFolder();
    assert.deepEqual(shown(await check(root, cacheFolder, { select: ["PIK506"] })), []);

    rmSync(join(root, "deploys", "a.py"));
    const result = await checkAgainstUncached(root, cacheFolder, ["PIK506"]);
    assert.deepEqual(shown(result), ["templates/app.j2:1:1 PIK506"]);
    assert.equal(result.filesReused, 1);
  });

  it("other settings use other results", async () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    await check(root, cacheFolder);
    const other = await check(root, cacheFolder, { select: ["PIK1"] });
    assert.equal(other.filesReused, 0);
    assert.deepEqual(shown(other), []);
    assert.equal((await check(root, cacheFolder)).filesReused, 1);
  });

  it("damaged cache file ignored", async () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    const first = await check(root, cacheFolder);
    for (const name of readdirSync(join(cacheFolder, "check"))) {
      writeFileSync(join(cacheFolder, "check", name), '{"schema": 1, "files": {"trunc');
    }
    const second = await check(root, cacheFolder);
    assert.equal(second.filesReused, 0);
    assert.deepEqual(second.findings, first.findings);
    assert.equal((await check(root, cacheFolder)).filesReused, 1);
  });

  it("edited cache file ignored", async () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    const first = await check(root, cacheFolder);
    // Valid JSON with the right schema and key, but not what the run wrote.
    for (const name of readdirSync(join(cacheFolder, "check"))) {
      const path = join(cacheFolder, "check", name);
      writeFileSync(path, readFileSync(path, "utf8").replaceAll('"line":3,', '"line":9,'));
    }
    const second = await check(root, cacheFolder);
    assert.equal(second.filesReused, 0);
    assert.deepEqual(second.findings, first.findings);
  });

  it("Jinja2 change drops template results", () => {
    const root = project({ "templates/app.j2": "listen {{ port }}\n" });
    const jinja2 = temporaryFolder();
    write(jinja2, { "jinja2/filters.py": "FILTERS = {}\n" });
    const cacheFolder = temporaryFolder();
    const settings = { interpreter: ["python3"] };
    const request = { key: "t1", path: join(root, "templates", "app.j2") };
    const analysis = {
      status: "ok" as const,
      problems: [],
      variables: [],
      used_names: ["port"],
      followed: [],
      dynamic_references: false,
    };
    const response = {
      pyinfra_version: "3.10.0",
      jinja2_version: "3.1.6",
      jinja2_folder: join(jinja2, "jinja2"),
      context_names: [],
      jinja_globals: [],
      results: { t1: analysis },
    };
    const first = TemplateResultsCache.open(settings, [root], () => {}, cacheFolder);
    first.store([request], response);
    first.save();
    assert.ok(TemplateResultsCache.open(settings, [root], () => {}, cacheFolder).responseFor([request]));

    write(jinja2, { "jinja2/filters.py": "FILTERS = {'shout': str.upper}\n" });
    const reopened = TemplateResultsCache.open(settings, [root], () => {}, cacheFolder);
    assert.equal(reopened.hasResults, false);
    assert.equal(reopened.responseFor([request]), null);
  });

  it("PYTHONPATH keys template results", async () => {
    const root = project({
      "inventory.py": 'hosts = ["@local"]\n',
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "listen {{ port }}\n",
    });
    const cacheFolder = temporaryFolder();
    const templateCaches = () => readdirSync(join(cacheFolder, "check")).filter((name) => name.startsWith("templates-"));
    const previous = process.env.PYTHONPATH;
    try {
      delete process.env.PYTHONPATH;
      await check(root, cacheFolder, { select: TEMPLATE_RULES });
      assert.equal(templateCaches().length, 1);
      process.env.PYTHONPATH = temporaryFolder();
      await check(root, cacheFolder, { select: TEMPLATE_RULES });
      assert.equal(templateCaches().length, 2);
    } finally {
      if (previous === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = previous;
    }
  });

  it("unwritable cache folder gives notice", async () => {
    // Python files and templates both have cache files, and one notice covers them.
    const root = project({
      "deploys/a.py": SHELL_DEPLOY,
      "deploy.py": TEMPLATE_DEPLOY,
      "templates/app.j2": "listen {{ port }}\n",
    });
    const cacheFolder = temporaryFolder();
    // A file where the cache's folder would go stops it being made, even for root.
    writeFileSync(join(cacheFolder, "check"), "");
    const notices: string[] = [];
    const result = await check(root, cacheFolder, { notices });
    assert.ok(shown(result).includes("deploys/a.py:3:40 PIK201"), shown(result).join("\n"));
    assert.equal(notices.length, 1, notices.join("\n"));
    assert.match(notices[0], /^results cache not saved to .*\/check\/(templates-)?[0-9a-f]+\.json: /);
  });

  it("stale cache files deleted", async () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY });
    const cacheFolder = temporaryFolder();
    write(cacheFolder, { "check/old.json": "{}", "check/recent.json": "{}" });
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(join(cacheFolder, "check", "old.json"), longAgo, longAgo);
    await check(root, cacheFolder);
    const names = readdirSync(join(cacheFolder, "check"));
    assert.ok(!names.includes("old.json"));
    assert.ok(names.includes("recent.json"));
    assert.equal(names.length, 2, names.join(", "));

    // A file that runs read but never rewrite stays.
    const used = names.find((name) => name !== "recent.json") ?? "";
    utimesSync(join(cacheFolder, "check", used), longAgo, longAgo);
    assert.equal((await check(root, cacheFolder)).filesReused, 1);
    await check(project({ "deploys/b.py": SHELL_DEPLOY }), cacheFolder);
    assert.ok(readdirSync(join(cacheFolder, "check")).includes(used));
  });

  it("--no-cache writes nothing", () => {
    const root = project({ "deploys/a.py": SHELL_DEPLOY });
    const cacheHome = temporaryFolder();
    const environment = { XDG_CACHE_HOME: cacheHome, PYINFRA_KIT_PYTHON: PYTHON };
    const uncached = runCli(["check", ".", "--format", "json", "--no-cache"], root, environment);
    assert.deepEqual(readdirSync(join(cacheHome, "pyinfra-kit")), ["catalogue"]);
    const cached = runCli(["check", ".", "--format", "json"], root, environment);
    const reused = runCli(["check", ".", "--format", "json"], root, environment);
    assert.equal(uncached.status, 1);
    assert.equal(cached.stdout, uncached.stdout);
    assert.equal(reused.stdout, uncached.stdout);
    assert.ok(readdirSync(join(cacheHome, "pyinfra-kit", "check")).length > 0);
  });
});
