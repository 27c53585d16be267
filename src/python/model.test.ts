// The per-file model: import forms and aliases, operation calls, fact
// look-ups and the conditions they reach, deploy functions, static strings.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { buildModel } from "./model.js";
import type { PythonFile } from "./model.js";
import { initParsers, parsePython } from "./parser.js";
import { staticString, staticStringStart } from "./syntax.js";

const PATH = "/project/deploys/web/__init__.py";

function model(code: string): PythonFile {
  return buildModel("deploys/web/__init__.py", PATH, code, parsePython(code));
}

before(async () => {
  await initParsers();
});

describe("operation calls through imports", () => {
  const cases: [string, string][] = [
    ["from pyinfra.operations import server as srv\nsrv.shell(commands=['ls'])\n", "server.shell"],
    ["import pyinfra.operations.apt as apt_ops\napt_ops.packages(packages=['x'])\n", "apt.packages"],
    ["from pyinfra.operations.server import shell\nshell(commands=['ls'])\n", "server.shell"],
    ["from pyinfra.operations.server import shell as run\nrun(commands=['ls'])\n", "server.shell"],
    ["import pyinfra.operations.files\npyinfra.operations.files.put(src='a', dest='b')\n", "files.put"],
    ["from pyinfra import operations\noperations.systemd.service(service='x')\n", "systemd.service"],
    ["from pyinfra.operations.freebsd import service\nservice.service(srvname='x')\n", "freebsd.service.service"],
  ];
  for (const [code, expected] of cases) {
    it(`resolves ${expected} from ${code.split("\n")[0]}`, () => {
      const operations = model(code).operations;
      assert.equal(operations.length, 1);
      assert.equal(operations[0].qualifiedName, expected);
    });
  }

  it("does not count pyinfra.operations.util helpers as operations", () => {
    const file = model("from pyinfra.operations.util import any_changed\nany_changed(a, b)\n");
    assert.equal(file.operations.length, 0);
    assert.deepEqual(file.calls.map((call) => call.path), ["pyinfra.operations.util.any_changed"]);
  });

  it("ignores calls on names not imported from pyinfra", () => {
    const file = model("server = object()\nserver.shell(commands=['ls'])\n");
    assert.equal(file.operations.length, 0);
  });

  it("reads keyword and positional arguments", () => {
    const file = model("from pyinfra.operations import files\nfiles.put('a.conf', dest='/etc/a', **extra)\n");
    const call = file.operations[0];
    assert.equal(call.arguments.positional.length, 1);
    assert.deepEqual([...call.arguments.keywords.keys()], ["dest"]);
    assert.equal(call.arguments.hasDictionarySplat, true);
  });

  it("records the assigned variable and enclosing function", () => {
    const file = model(
      "from pyinfra.operations import files\n\ndef install():\n    config = files.put(src='a', dest='/etc/a')\n",
    );
    assert.equal(file.operations[0].assignedTo, "config");
    assert.equal(file.operations[0].function?.name, "install");
  });
});

describe("fact look-ups", () => {
  it("resolves fact classes imported each way", () => {
    const file = model(
      [
        "from pyinfra import host",
        "from pyinfra.facts.server import LinuxName",
        "from pyinfra.facts import files as file_facts",
        "import pyinfra.facts.systemd",
        "host.get_fact(LinuxName)",
        "host.get_fact(file_facts.File, path='/etc/a')",
        "host.get_fact(pyinfra.facts.systemd.SystemdStatus)",
        "",
      ].join("\n"),
    );
    const found = file.factLookups.map((lookup) => `${lookup.module}.${lookup.name}`);
    assert.deepEqual(found, ["server.LinuxName", "files.File", "systemd.SystemdStatus"]);
  });

  it("links a condition reached directly", () => {
    const file = model(
      "from pyinfra import host\nfrom pyinfra.facts.files import File\nif host.get_fact(File, path='/a'):\n    pass\n",
    );
    assert.equal(file.factLookups[0].conditions.length, 1);
    assert.equal(file.factLookups[0].conditions[0].startPosition.row, 2);
  });

  it("links a condition reached through a local variable", () => {
    const file = model(
      [
        "from pyinfra import host",
        "from pyinfra.facts.server import Which",
        "def install():",
        "    docker = host.get_fact(Which, command='docker')",
        "    x = 1",
        "    if not docker:",
        "        pass",
        "    elif x:",
        "        pass",
        "",
      ].join("\n"),
    );
    const conditions = file.factLookups[0].conditions;
    assert.equal(conditions.length, 1);
    assert.equal(conditions[0].text, "not docker");
  });

  it("links the condition of a conditional expression", () => {
    const file = model(
      "from pyinfra import host\nfrom pyinfra.facts.server import Which\nx = 'a' if host.get_fact(Which, command='git') else 'b'\n",
    );
    assert.equal(file.factLookups[0].conditions.length, 1);
    assert.match(file.factLookups[0].conditions[0].text, /^host\.get_fact/);
  });

  it("does not link a variable of the same name in another function", () => {
    const file = model(
      [
        "from pyinfra import host",
        "from pyinfra.facts.server import Which",
        "def one():",
        "    found = host.get_fact(Which, command='docker')",
        "def two(found):",
        "    if found:",
        "        pass",
        "",
      ].join("\n"),
    );
    assert.equal(file.factLookups[0].conditions.length, 0);
  });

  it("records the legacy host.fact form", () => {
    const file = model("def deploy(state, host):\n    if host.fact.linux_name == 'Debian':\n        pass\n");
    assert.equal(file.factLookups.length, 1);
    assert.equal(file.factLookups[0].form, "fact_attribute");
    assert.equal(file.factLookups[0].name, "linux_name");
  });
});

describe("deploy functions and sudo", () => {
  it("finds @deploy through its import", () => {
    const file = model(
      "from pyinfra.api import deploy\n\n@deploy('Web')\ndef web():\n    pass\n\ndef helper():\n    pass\n",
    );
    assert.equal(file.functions.length, 2);
    assert.ok(file.functions[0].deployDecorator);
    assert.equal(file.functions[1].deployDecorator, null);
  });

  it("sees config.SUDO = True", () => {
    assert.equal(model("from pyinfra import config\nconfig.SUDO = True\n").setsSudo, true);
    assert.equal(model("from pyinfra import config\nconfig.SUDO = False\n").setsSudo, false);
  });

  it("records a bare SUDO = True without treating it as sudo", () => {
    const file = model("SUDO = True\n");
    assert.equal(file.setsSudo, false);
    assert.equal(file.bareSudo?.text, "SUDO = True");
  });
});

describe("static strings", () => {
  it("resolves constants, f-strings and os.path.join(os.path.dirname(__file__))", () => {
    const file = model(
      [
        "import os",
        "BASE = '/etc/app'",
        "NAME = f'{BASE}/app.conf'",
        "TEMPLATES = os.path.join(os.path.dirname(__file__), 'templates')",
        "x = os.path.join(TEMPLATES, 'a.j2')",
        "",
      ].join("\n"),
    );
    assert.equal(file.constants.get("NAME"), "/etc/app/app.conf");
    assert.equal(file.constants.get("TEMPLATES"), "/project/deploys/web/templates");
    assert.equal(file.constants.get("x"), "/project/deploys/web/templates/a.j2");
  });

  it("gives the static start of a partly dynamic string", () => {
    const file = model("def f(name):\n    return f'/etc/nginx/{name}.conf'\n");
    const string = file.root.descendantsOfType("string")[0]!;
    assert.equal(staticString(string, file.scope), null);
    assert.equal(staticStringStart(string, file.scope), "/etc/nginx/");
  });

  it("decodes escapes but keeps raw strings", () => {
    const file = model("A = 'a\\tb'\nB = r'a\\tb'\n");
    assert.equal(file.constants.get("A"), "a\tb");
    assert.equal(file.constants.get("B"), "a\\tb");
  });

  it("named escape is not static", () => {
    const file = model("A = 'a\\N{SPACE}b'\nB = r'a\\N{SPACE}b'\n");
    assert.equal(file.constants.get("A"), undefined);
    assert.equal(file.constants.get("B"), "a\\N{SPACE}b");
  });

  it("decodes f-string braces and quotes", () => {
    const file = model("D = 'x'\nA = f\"{{a}} {D} \\\"q\\\"\"\n");
    assert.equal(file.constants.get("A"), '{a} x "q"');
  });
});
