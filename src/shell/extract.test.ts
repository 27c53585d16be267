// Pins how the commands of `server.shell` calls are found and how Python
// strings become shell text with placeholders for run-time values.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { buildModel } from "../python/model.js";
import { initParsers, parsePython } from "../python/parser.js";
import { shellCommandSources } from "./extract.js";
import type { ShellCommandSource } from "./extract.js";
import { renderWithExpressions } from "./python-template.js";

function sources(code: string): ShellCommandSource[] {
  const tree = parsePython(code);
  return shellCommandSources(buildModel("deploy.py", "/project/deploy.py", code, tree));
}

function rendered(code: string): string[] {
  return sources(code).map((source) => renderWithExpressions(source.template.text, source.template.interpolations));
}

const IMPORT = "from pyinfra.operations import server\n";

before(async () => {
  await initParsers();
});

describe("shellCommandSources", () => {
  it("reads a string command", () => {
    const found = sources(`${IMPORT}server.shell(commands="apt-get update")\n`);
    assert.equal(found.length, 1);
    assert.equal(found[0].node.text, '"apt-get update"');
    assert.equal(found[0].script.commands[0].program, "apt-get");
  });

  it("reads each element of a list and a tuple", () => {
    const list = sources(`${IMPORT}server.shell(commands=["mkdir /a", "touch /a/b"])\n`);
    assert.deepEqual(list.map((source) => source.node.text), ['"mkdir /a"', '"touch /a/b"']);
    const tuple = sources(`${IMPORT}server.shell(("ls", "pwd"))\n`);
    assert.equal(tuple.length, 2);
  });

  it("reads the first positional argument", () => {
    assert.deepEqual(rendered(`${IMPORT}server.shell("whoami")\n`), ["whoami"]);
  });

  it("finds server.shell through aliases and from-imports", () => {
    const aliased = "import pyinfra.operations.server as srv\nsrv.shell(commands=['ls'])\n";
    const imported = "from pyinfra.operations.server import shell\nshell(commands=['ls'])\n";
    assert.equal(sources(aliased).length, 1);
    assert.equal(sources(imported).length, 1);
  });

  it("skips shell calls that are not pyinfra's", () => {
    assert.equal(sources("server = object()\nserver.shell(commands=['ls'])\n").length, 0);
  });

  it("skips commands held in variables", () => {
    assert.equal(sources(`${IMPORT}def f(cmd):\n    server.shell(commands=[cmd])\n`).length, 0);
  });

  it("decodes Python escapes", () => {
    assert.deepEqual(rendered(`${IMPORT}server.shell(commands=["echo \\"a\\tb\\""])\n`), ['echo "a\tb"']);
    assert.deepEqual(rendered(`${IMPORT}server.shell(commands=[r"sed 's/\\d/x/'"])\n`), ["sed 's/\\d/x/'"]);
  });

  it("keeps a placeholder for each f-string value", () => {
    const code = `${IMPORT}def f(name):\n    server.shell(commands=[f"useradd {name} && echo {{done}}"])\n`;
    const [source] = sources(code);
    assert.equal(source.template.interpolations.length, 1);
    assert.equal(source.template.interpolations[0].node.text, "{name}");
    assert.deepEqual(source.script.commands[0].argv[1].interpolations, [0]);
    assert.deepEqual(rendered(code), ["useradd {name} && echo {done}"]);
  });

  it("inlines constants and static f-string values", () => {
    const code = `${IMPORT}ROOT = "/srv"\nserver.shell(commands=[f"mkdir {ROOT}/app"])\n`;
    const [source] = sources(code);
    assert.equal(source.template.text, "mkdir /srv/app");
    assert.equal(source.template.interpolations.length, 0);
  });

  it("reads % formatting, .format() and + concatenation", () => {
    const code =
      `${IMPORT}def f(a, b, port):\n` +
      `    server.shell(commands=["rm %s/%s" % (a, b), "ls {}".format(a), "cd " + a, "nc -l %d" % port])\n`;
    assert.deepEqual(rendered(code), ["rm {a}/{b}", "ls {a}", "cd {a}", "nc -l {port}"]);
    const numeric = sources(code)[3].template.interpolations[0];
    assert.equal(numeric.numeric, true);
    assert.equal(numeric.form, "percent");
  });

  it("reads a join of a literal list", () => {
    assert.deepEqual(rendered(`${IMPORT}server.shell(" && ".join(["a", "b"]))\n`), ["a && b"]);
  });
});
