// The template pre-pass inside a whole check run: findings in template files,
// the summary of templates nothing renders, and runs without Jinja2.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";

import type { Finding } from "../check/finding.js";
import { runCheck } from "../check/run.js";
import { TemplateChecker } from "./prepare.js";
import { formatText } from "../report/text.js";
import { REPOSITORY_ROOT, testCatalogue } from "../rules/testing.js";

const PYTHON = join(REPOSITORY_ROOT, ".venv", "bin", "python");
const folders: string[] = [];

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-run-"));
  folders.push(root);
  writeFileSync(join(root, "pyproject.toml"), "");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Checks the whole project with the given rules and the project's pyinfra. */
async function checkProject(root: string, select: string[]) {
  return runCheck({ paths: ["."], cwd: root, catalogue: await testCatalogue(), select, python: PYTHON });
}

/** Returns `path:line:column CODE` for each finding. */
function locations(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code}`);
}

const DEPLOY =
  "from pyinfra.operations import files\n\n" +
  'files.template(name="a", src="deploys/web/templates/app.j2", dest="/etc/app", port=80)\n';

describe("check run with templates", () => {
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("reports in template files relative to the cwd", async () => {
    const root = project({
      "deploys/web/__init__.py": DEPLOY,
      "deploys/web/templates/app.j2": '{% include "deploys/web/templates/part.j2" %}\nlisten {{ port }} {{ name }}\n',
      "deploys/web/templates/part.j2": "# {{ title }}\n",
      "deploys/web/templates/old.j2": "unused\n",
    });
    const notices: string[] = [];
    const result = await runCheck({
      paths: ["."],
      cwd: root,
      catalogue: await testCatalogue(),
      select: ["PIK503", "PIK504", "PIK505", "PIK506"],
      python: PYTHON,
      notice: (message) => notices.push(message),
    });
    const shown = result.findings.map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code}`);
    assert.deepEqual(shown, [
      "deploys/web/templates/app.j2:2:22 PIK504",
      "deploys/web/templates/part.j2:1:6 PIK504",
    ]);
    assert.deepEqual(notices, []);
    assert.deepEqual(result.unreferencedTemplates, ["deploys/web/templates/old.j2"]);
    assert.match(
      formatText(result, { statistics: false }),
      /1 template is not rendered by any operation: deploys\/web\/templates\/old\.j2\.\n$/,
    );
  });

  it("skips the Jinja2 checks without pyinfra", async () => {
    const root = project({
      "deploys/web/__init__.py": `${DEPLOY}files.template(name="b", src="templates/none.j2", dest="/etc/b")\n`,
      "deploys/web/templates/app.j2": "{{ name }}\n",
    });
    const notices: string[] = [];
    const result = await runCheck({
      paths: ["."],
      cwd: root,
      catalogue: await testCatalogue(),
      select: ["PIK503", "PIK504", "PIK505", "PIK506"],
      python: join(root, "no-such-python"),
      notice: (message) => notices.push(message),
    });
    assert.equal(notices.length, 1);
    assert.match(notices[0], /Jinja2 template checks skipped/);
    assert.deepEqual(
      result.findings.map((finding) => `${finding.path}:${finding.line} ${finding.code}`),
      ["deploys/web/__init__.py:4 PIK503"],
    );
  });

  it("starts no helper without template calls", async () => {
    const root = project({ "deploy.py": 'from pyinfra.operations import server\nserver.shell(name="a", commands=["ls"])\n' });
    const notices: string[] = [];
    const result = await runCheck({
      paths: ["."],
      cwd: root,
      catalogue: await testCatalogue(),
      select: ["PIK503", "PIK504", "PIK505", "PIK506"],
      python: join(root, "no-such-python"),
      notice: (message) => notices.push(message),
    });
    assert.deepEqual(notices, []);
    assert.deepEqual(result.findings, []);
  });

  it("honours noqa on the call for template findings", async () => {
    const root = project({
      "deploy.py":
        "from pyinfra.operations import files\n\n" +
        'files.template(  # noqa: PIK504\n    name="a", src="templates/app.j2", dest="/etc/app"\n)\n',
      "templates/app.j2": "{{ name }}\n",
    });
    const result = await runCheck({
      paths: ["."],
      cwd: root,
      catalogue: await testCatalogue(),
      select: ["PIK504"],
      python: PYTHON,
    });
    assert.deepEqual(result.findings, []);
  });

  it("file paths agree with . without a marker", async () => {
    // The project has no pyproject.toml, inventory.py, config.py or .git, so pyinfra runs from the folder the command runs in.
    const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-run-"));
    folders.push(root);
    mkdirSync(join(root, "tasks"));
    mkdirSync(join(root, "templates"));
    writeFileSync(
      join(root, "tasks", "web.py"),
      "from pyinfra.operations import files\n\n" +
        'files.template(name="a", src="templates/app.j2", dest="/etc/app", port=80)\n',
    );
    writeFileSync(join(root, "templates", "app.j2"), "listen {{ port }}\n");
    const catalogue = await testCatalogue();
    const select = ["PIK503", "PIK504", "PIK505", "PIK506"];
    const whole = await runCheck({ paths: ["."], cwd: root, catalogue, select, python: PYTHON });
    const file = await runCheck({ paths: ["tasks/web.py"], cwd: root, catalogue, select, python: PYTHON });
    assert.deepEqual(whole.findings, []);
    assert.deepEqual(file.findings, []);
  });

  it("templates of many files, on workers", async () => {
    // Enough files for worker threads, whose scan sends templates to the helper batch by batch.
    const files: Record<string, string> = {};
    for (let index = 0; index < 120; index++) {
      files[`deploys/d${index}/__init__.py`] =
        "from pyinfra.operations import files\n\n" +
        `files.template(name="a", src="deploys/d${index}/app.j2", dest="/etc/app", port=80)\n`;
      files[`deploys/d${index}/app.j2`] = index % 2 === 0 ? "listen {{ port }}\n" : "listen {{ port }} {{ host_name }}\n";
    }
    const result = await checkProject(project(files), ["PIK504"]);
    const expected = Array.from({ length: 60 }, (_, half) => `deploys/d${half * 2 + 1}/app.j2:1:22 PIK504`).sort();
    assert.deepEqual(locations(result.findings).sort(), expected);
  });

  it("checker merges requests sent ahead", async () => {
    const root = project({ "a.j2": "{{ a }}\n", "b.j2": "{{ b }}\n", "c.j2": "{{ c }}\n" });
    const context = { root, workingDirectory: root, sudoForRun: false };
    const request = (name: string) => ({ key: name, path: join(root, `${name}.j2`), working_directory: root });
    const checker = new TemplateChecker(PYTHON, () => {});
    try {
      checker.sendAhead(context, [request("a"), request("c")]);
      const first = await checker.check(context, [request("a"), request("b")]);
      // The template changes after its request was sent: the run keeps the result it already has.
      writeFileSync(join(root, "a.j2"), "{{ changed }}\n");
      const second = await checker.check(context, [request("a")]);
      assert.ok(first);
      assert.ok(second);
      assert.deepEqual(Object.keys(first.results).sort(), ["a", "b"]);
      const usedNames = (key: string, response: typeof first) => {
        const analysis = response.results[key];
        return analysis?.status === "ok" ? analysis.used_names : null;
      };
      assert.deepEqual(usedNames("a", first), ["a"]);
      assert.deepEqual(usedNames("b", first), ["b"]);
      assert.deepEqual(usedNames("a", second), ["a"]);
    } finally {
      await checker.close();
    }
  });

  it("shared broken include reported once", async () => {
    const root = project({
      "deploys/a.py": "from pyinfra.operations import files\n\n" + 'files.template(name="a", src="templates/a.j2", dest="/etc/a")\n',
      "deploys/b.py": "from pyinfra.operations import files\n\n" + 'files.template(name="b", src="templates/b.j2", dest="/etc/b")\n',
      "templates/a.j2": "{% include 'templates/broken.j2' %}\n",
      "templates/b.j2": "{% include 'templates/broken.j2' %}\n",
      "templates/broken.j2": "{% for x in items %}{{ x }}\n",
    });
    const result = await checkProject(root, ["PIK506"]);
    assert.deepEqual(locations(result.findings), ["templates/broken.j2:1:1 PIK506"]);
  });

  it("first caller with a syntax error", async () => {
    const call = 'files.template(name="a", src="templates/a.j2", dest="/etc/a")\n';
    const root = project({
      "deploys/a.py": "from pyinfra.operations import files\n\n" + call + "def broken(:\n    pass\n",
      "deploys/b.py": "from pyinfra.operations import files\n\n" + call,
      "templates/a.j2": "{% if x %}\nbroken\n",
    });
    const result = await checkProject(root, ["PIK100", "PIK506"]);
    assert.deepEqual(locations(result.findings), ["deploys/a.py:4:12 PIK100", "templates/a.j2:1:1 PIK506"]);
  });

  it("lone broken caller reports without PIK100", async () => {
    const root = project({
      "deploys/a.py":
        "from pyinfra.operations import files\n\n" +
        'files.template(name="a", src="templates/a.j2", dest="/etc/a")\n' +
        "def broken(:\n    pass\n",
      "templates/a.j2": "{% if x %}\nbroken\n",
    });
    const result = await checkProject(root, ["PIK506"]);
    assert.deepEqual(locations(result.findings), ["templates/a.j2:1:1 PIK506"]);
  });
});
