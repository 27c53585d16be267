// Pins the import edits that fixes share: adding a name to an existing import,
// creating an import line, and removing imports a fix leaves unused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { buildModel } from "../python/model.js";
import { initParsers, parsePython } from "../python/parser.js";
import type { TextEdit } from "../rules/types.js";
import { applyFixes } from "./edits.js";
import { ImportChanges } from "./imports.js";

before(() => initParsers());

/**
 * Runs `change` on the model of `text`, which returns the fix's own edits,
 * and applies them with the import edits.
 */
function fixWith(text: string, change: (imports: ImportChanges, text: string) => TextEdit[]): string {
  const tree = parsePython(text);
  try {
    const file = buildModel("deploy.py", "/project/deploy.py", text, tree);
    const imports = new ImportChanges(file);
    const edits = imports.finish(change(imports, text));
    return applyFixes(text, [{ title: "test", applicability: "safe", edits }], "\n");
  } finally {
    tree.delete();
  }
}

function replace(text: string, from: string, to: string): TextEdit {
  const start = text.indexOf(from);
  assert.ok(start >= 0, `${from} not in text`);
  return { start, end: start + from.length, content: to };
}

describe("ImportChanges.require", () => {
  it("adds a name to the existing import in order", () => {
    const text = "from pyinfra.operations import files, server\n\nserver.shell(commands=['x'])\nfiles.file('/a')\n";
    const result = fixWith(text, (imports) => {
      assert.equal(imports.require("pyinfra.operations", "apt"), "apt");
      return [];
    });
    assert.equal(result, "from pyinfra.operations import apt, files, server\n\nserver.shell(commands=['x'])\nfiles.file('/a')\n");
  });

  it("appends to an unsorted import", () => {
    const text = "from pyinfra.operations import server, files\n";
    const result = fixWith(text, (imports) => (imports.require("pyinfra.operations", "apt"), []));
    assert.equal(result, "from pyinfra.operations import server, files, apt\n");
  });

  it("keeps a parenthesized one-per-line import", () => {
    const text = "from pyinfra.operations import (\n    files,\n    server,\n)\n";
    const result = fixWith(text, (imports) => (imports.require("pyinfra.operations", "apt"), []));
    assert.equal(result, "from pyinfra.operations import (\n    apt,\n    files,\n    server,\n)\n");
  });

  it("never duplicates an import", () => {
    const text = "from pyinfra.operations import apt\n";
    const result = fixWith(text, (imports) => {
      assert.equal(imports.require("pyinfra.operations", "apt"), "apt");
      assert.equal(imports.require("pyinfra.operations", "apt"), "apt");
      return [];
    });
    assert.equal(result, text);
  });

  it("uses an existing alias", () => {
    const text = "from pyinfra.operations.util import any_changed as changed\n";
    const result = fixWith(text, (imports) => {
      assert.equal(imports.require("pyinfra.operations.util", "any_changed"), "changed");
      return [];
    });
    assert.equal(result, text);
  });

  it("uses an imported module", () => {
    const text = "import pyinfra.operations.util as util\n";
    fixWith(text, (imports) => {
      assert.equal(imports.require("pyinfra.operations.util", "any_changed"), "util.any_changed");
      return [];
    });
  });

  it("creates a line after the last import", () => {
    const text = "import os\nfrom pyinfra.operations import server\n\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (imports) => (imports.require("pyinfra.operations.util", "any_changed"), []));
    assert.equal(
      result,
      "import os\nfrom pyinfra.operations import server\nfrom pyinfra.operations.util import any_changed\n\nserver.shell(commands=['x'])\n",
    );
  });

  it("creates a line after a docstring", () => {
    const text = '"""Deploy."""\nx = 1\n';
    const result = fixWith(text, (imports) => (imports.require("pyinfra.operations", "apt"), []));
    assert.equal(result, '"""Deploy."""\n\nfrom pyinfra.operations import apt\nx = 1\n');
  });

  it("creates a line in a file without imports", () => {
    const result = fixWith("# comment\nx = 1\n", (imports) => (imports.require("pyinfra.operations", "apt"), []));
    assert.equal(result, "# comment\nfrom pyinfra.operations import apt\n\nx = 1\n");
  });

  it("returns null when the name is taken", () => {
    fixWith("apt = 'mine'\n", (imports) => {
      assert.equal(imports.require("pyinfra.operations", "apt"), null);
      return [];
    });
  });

  it("does not edit an import with a comment", () => {
    const text = "from pyinfra.operations import (  # operations\n    server,\n)\n";
    const result = fixWith(text, (imports) => (imports.require("pyinfra.operations", "apt"), []));
    assert.equal(result, text.replace(")\n", ")\nfrom pyinfra.operations import apt\n"));
  });
});

describe("ImportChanges.finish", () => {
  it("removes a name the fix leaves unused", () => {
    const text = "from pyinfra.operations import apt, server\n\nserver.shell(commands=['apt-get install -y nginx'])\n";
    const result = fixWith(text, (imports, source) => {
      const reference = imports.require("pyinfra.operations", "apt");
      return [replace(source, "server.shell(commands=['apt-get install -y nginx'])", `${reference}.packages(packages=['nginx'])`)];
    });
    assert.equal(result, "from pyinfra.operations import apt\n\napt.packages(packages=['nginx'])\n");
  });

  it("swaps the imported name in one edit", () => {
    const text = "from pyinfra.operations import server\n\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (imports, source) => {
      const reference = imports.require("pyinfra.operations", "apt");
      return [replace(source, "server.shell(commands=['x'])", `${reference}.update()`)];
    });
    assert.equal(result, "from pyinfra.operations import apt\n\napt.update()\n");
  });

  it("deletes an import line left empty", () => {
    const text = "import os\nfrom pyinfra.operations import server\n\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "server.shell(commands=['x'])", "os.sync()")]);
    assert.equal(result, "import os\n\nos.sync()\n");
  });

  it("keeps a name still used elsewhere", () => {
    const text = "from pyinfra.operations import server\n\nserver.shell(commands=['x'])\nserver.reboot()\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "server.shell(commands=['x'])", "pass")]);
    assert.equal(result, "from pyinfra.operations import server\n\npass\nserver.reboot()\n");
  });

  it("keeps a name the new text uses", () => {
    const text = "from pyinfra.operations import server\n\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "server.shell(commands=['x'])", "server.reboot()")]);
    assert.equal(result, "from pyinfra.operations import server\n\nserver.reboot()\n");
  });

  it("keeps a name that was unused before", () => {
    const text = "from pyinfra.operations import files, server\n\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "commands=['x']", "commands=['y']")]);
    assert.equal(result, "from pyinfra.operations import files, server\n\nserver.shell(commands=['y'])\n");
  });

  it("keeps a name listed in __all__", () => {
    const text = "from pyinfra.operations import server\n__all__ = ['server']\nserver.shell(commands=['x'])\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "server.shell(commands=['x'])", "pass")]);
    assert.equal(result, "from pyinfra.operations import server\n__all__ = ['server']\npass\n");
  });

  it("replaces a deleted last import line", () => {
    const text = "from pyinfra.operations.server import shell\n\nshell('groupadd app')\n";
    const result = fixWith(text, (imports, source) => {
      const reference = imports.require("pyinfra.operations", "server");
      return [replace(source, "shell('groupadd app')", `${reference}.group(group='app')`)];
    });
    assert.equal(result, "from pyinfra.operations import server\n\nserver.group(group='app')\n");
  });

  it("removes an aliased name", () => {
    const text = "from pyinfra.operations import files, server as srv\n\nsrv.shell(commands=['x'])\nfiles.file('/a')\n";
    const result = fixWith(text, (_imports, source) => [replace(source, "srv.shell(commands=['x'])", "pass")]);
    assert.equal(result, "from pyinfra.operations import files\n\npass\nfiles.file('/a')\n");
  });
});
