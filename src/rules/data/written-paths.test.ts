// Pins the written-path table to the installed pyinfra and the path classes
// that the privilege and ownership rules build on.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildModel } from "../../python/model.js";
import { initParsers, parsePython } from "../../python/parser.js";
import { testCatalogue } from "../testing.js";
import { isSystemPath, isUserHome, WRITTEN_PATH_ARGUMENTS, writtenPath } from "./written-paths.js";
import type { WrittenPath } from "./written-paths.js";

/** Returns the written path of the first operation in `code`, with its argument text. */
async function pathOf(code: string): Promise<Omit<WrittenPath, "node"> & { text: string | null }> {
  await initParsers();
  const tree = parsePython(code);
  try {
    const file = buildModel("deploy.py", "/project/deploy.py", code, tree);
    const found = writtenPath(file.operations[0], file);
    assert.ok(found, "expected a written path");
    return { text: found.node?.text ?? null, value: found.value, start: found.start };
  } finally {
    tree.delete();
  }
}

describe("written path table", () => {
  it("matches the parameter order of the installed pyinfra", async () => {
    const catalogue = await testCatalogue();
    for (const [qualifiedName, argument] of WRITTEN_PATH_ARGUMENTS) {
      const operation = catalogue.operation(qualifiedName);
      assert.ok(operation, `${qualifiedName} is not in the installed pyinfra`);
      const names = operation.parameters.map((parameter) => parameter.name);
      const position = names.indexOf(argument.name);
      assert.equal(position, argument.position, `${qualifiedName} ${argument.name}`);
    }
  });

  it("matches the default of server.etc_hosts", async () => {
    const catalogue = await testCatalogue();
    const path = catalogue.operation("server.etc_hosts")?.parameters.find((p) => p.name === "path");
    assert.equal(path?.default, "'/etc/hosts'");
  });
});

describe("writtenPath", () => {
  it("reads a keyword argument", async () => {
    const code = 'from pyinfra.operations import files\nfiles.put(src="a", dest="/etc/a.conf")\n';
    const found = await pathOf(code);
    assert.equal(found.value, "/etc/a.conf");
    assert.equal(found.start, "/etc/a.conf");
  });

  it("reads a positional argument", async () => {
    const found = await pathOf('from pyinfra.operations import files\nfiles.template("a.j2", "/etc/a")\n');
    assert.equal(found.value, "/etc/a");
  });

  it("gives the static start of an f-string", async () => {
    const found = await pathOf('from pyinfra.operations import files\nfiles.line(f"/etc/ssh/{name}", "x")\n');
    assert.equal(found.value, null);
    assert.equal(found.start, "/etc/ssh/");
  });

  it("resolves a module constant", async () => {
    const code =
      'from pyinfra.operations import files\nBASE = "/opt/app"\nfiles.directory(path=BASE + "/data")\n';
    const found = await pathOf(code);
    assert.equal(found.value, "/opt/app/data");
  });

  it("uses the fixed default of server.etc_hosts", async () => {
    const found = await pathOf('from pyinfra.operations import server\nserver.etc_hosts(ip="10.0.0.1")\n');
    assert.equal(found.text, null);
    assert.equal(found.value, "/etc/hosts");
  });

  it("ignores positions after *args", async () => {
    await initParsers();
    const code = 'from pyinfra.operations import files\nfiles.put(*args, "/etc/a")\n';
    const tree = parsePython(code);
    try {
      const file = buildModel("deploy.py", "/project/deploy.py", code, tree);
      assert.equal(writtenPath(file.operations[0], file), null);
    } finally {
      tree.delete();
    }
  });
});

describe("isSystemPath", () => {
  const system = [
    "/etc",
    "/etc/",
    "/etc/nginx/nginx.conf",
    "/usr/local/bin/tool",
    "/opt/app",
    "/var/lib/x",
    "/root/.ssh",
    "/srv/www",
    "/boot/config.txt",
    "/etc/../usr/x",
  ];
  const notSystem = [
    "/tmp/x",
    "/var/tmp/x",
    "/home/alice/.bashrc",
    "~/.bashrc",
    "relative/path",
    "/etcetera",
    "/dev/shm/x",
    "",
  ];
  for (const path of system) {
    it(`counts ${path}`, () => assert.equal(isSystemPath(path), true));
  }
  for (const path of notSystem) {
    it(`skips ${JSON.stringify(path)}`, () => assert.equal(isSystemPath(path), false));
  }
});

describe("isUserHome", () => {
  const home = [
    "~",
    "~/",
    "~/.config/x",
    "~alice/.bashrc",
    "$HOME/.bashrc",
    "${HOME}/x",
    "/home/alice",
    "/home/alice/.ssh",
    "/Users/bob/Library",
  ];
  const notHome = [
    "/home/",
    "/home",
    "/root/.bashrc",
    "/etc/skel/.bashrc",
    "/homework/x",
  ];
  for (const path of home) {
    it(`counts ${path}`, () => assert.equal(isUserHome(path), true));
  }
  for (const path of notHome) {
    it(`skips ${path}`, () => assert.equal(isUserHome(path), false));
  }
});
