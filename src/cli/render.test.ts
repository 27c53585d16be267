// `pyinfra-kit render`: templates rendered by the real pyinfra and Jinja2 in
// .venv, run as a user would run the command.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";

import { REPOSITORY_ROOT } from "../rules/testing.js";

const CLI = join(REPOSITORY_ROOT, "dist", "src", "cli", "main.js");
const PYTHON = join(REPOSITORY_ROOT, ".venv", "bin", "python");
const folders: string[] = [];

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-render-"));
  folders.push(root);
  writeFileSync(join(root, "pyproject.toml"), "");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function render(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, "render", ...args, "--python", PYTHON], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("pyinfra-kit render", () => {
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("renders data and the host context", () => {
    const root = project({ "templates/app.j2": "listen {{ port }} on {{ host.name }}\n{{ inventory.hosts | length }}\n" });
    const result = render(root, ["templates/app.j2", "--data", "port=8080"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "listen 8080 on render-host\n1\n");
  });

  it("keeps the trailing newline as pyinfra does", () => {
    const root = project({ "templates/app.j2": "a\n\n" });
    const result = render(root, ["templates/app.j2"]);
    assert.equal(result.stdout, "a\n\n");
  });

  it("reads host data from group data files", () => {
    const root = project({
      "templates/app.j2": "server {{ host.data.ntp_server }} {{ host.data.role }} {{ host.data.ports[1] }}\n",
      "group_data/all.py": 'import os\nntp_server = "pool.ntp.org"\nports = [80, 443]\n',
      "group_data/web.py": 'role = "web"\n',
    });
    const result = render(root, [
      "templates/app.j2",
      "--host-data",
      "group_data/all.py",
      "--host-data",
      "group_data/web.py",
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "server pool.ntp.org web 443\n");
  });

  it("reads a JSON data file", () => {
    const root = project({
      "templates/app.j2": "{% for s in servers %}{{ s.name }}:{{ s.port }} {% endfor %}{{ debug }}\n",
      "data.json": JSON.stringify({ servers: [{ name: "a", port: 1 }], debug: false }),
    });
    const result = render(root, ["templates/app.j2", "--data-file", "data.json"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "a:1 False\n");
  });

  it("reads a YAML data file, with --data taking precedence", () => {
    const root = project({
      "templates/app.j2": "{{ name }} {{ ports | join(',') }}\n",
      "data.yaml": "name: from-file\nports:\n  - 80\n  - 443\n",
    });
    const result = render(root, ["templates/app.j2", "--data-file", "data.yaml", "--data", "name=flag"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "flag 80,443\n");
  });

  it("follows includes from the working directory", () => {
    const root = project({
      "templates/app.j2": '{% include "templates/header.j2" %}body\n',
      "templates/header.j2": "# {{ title }}\n",
    });
    const result = render(root, ["templates/app.j2", "--data", "title=Hi"]);
    assert.equal(result.stdout, "# Hi\nbody\n");
  });

  it("renders undefined variables as empty and names them", () => {
    const root = project({ "templates/app.j2": "a={{ a }} b={{ b.c }}\n" });
    const result = render(root, ["templates/app.j2"]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "a= b=\n");
    assert.match(result.stderr, /undefined, rendered as empty: `a`, `b`/);
  });

  it("fails on undefined variables with --strict", () => {
    const root = project({ "templates/app.j2": "line one\nvalue {{ missing }}\n" });
    const result = render(root, ["templates/app.j2", "--strict"]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^templates\/app\.j2:2: UndefinedError: 'missing' is undefined/);
  });

  it("points at the line of a syntax error", () => {
    const root = project({ "templates/app.j2": "ok\nok\n{% for x in %}\n" });
    const result = render(root, ["templates/app.j2"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^templates\/app\.j2:3: TemplateSyntaxError: /);
  });

  it("points at the included template of an error", () => {
    const root = project({
      "templates/app.j2": 'top\n{% include "templates/part.j2" %}\n',
      "templates/part.j2": "one\n{{ 1 / 0 }}\n",
    });
    const result = render(root, ["templates/app.j2"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^templates\/part\.j2:2: ZeroDivisionError/);
  });

  it("rejects an unknown filter", () => {
    const root = project({ "templates/app.j2": "{{ name | shout }}\n" });
    const result = render(root, ["templates/app.j2", "--data", "name=x"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^templates\/app\.j2:1: TemplateAssertionError: No filter named 'shout'/);
  });

  it("rejects a binary template", () => {
    const root = project({});
    writeFileSync(join(root, "logo.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    const result = render(root, ["logo.png"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^logo\.png: file contains a NUL byte at offset 2/);
  });

  it("reports a missing template", () => {
    const root = project({});
    const result = render(root, ["templates/none.j2"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /TEMPLATE templates\/none\.j2: file not found/);
  });

  it("rejects --data without a key", () => {
    const root = project({ "templates/app.j2": "x\n" });
    const result = render(root, ["templates/app.j2", "--data", "=1"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--data =1: expected KEY=VALUE/);
  });

  it("rejects a data file that is not a mapping", () => {
    const root = project({ "templates/app.j2": "x\n", "data.yaml": "- a\n- b\n" });
    const result = render(root, ["templates/app.j2", "--data-file", "data.yaml"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /data\.yaml: expected a mapping/);
  });

  it("reports a group data file that fails", () => {
    const root = project({ "templates/app.j2": "x\n", "group_data/all.py": "raise RuntimeError('boom')\n" });
    const result = render(root, ["templates/app.j2", "--host-data", "group_data/all.py"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^group_data\/all\.py: cannot read host data: RuntimeError: boom/);
  });
});
