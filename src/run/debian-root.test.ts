// Pins how the chroot target picks its Debian mirror and suite from this machine's apt
// setup, and how it clears what a killed build left behind.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { aptMirror, defaultSuite, removeStalePartials } from "./debian-root.js";

const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-apt-"));
after(() => rmSync(folder, { recursive: true, force: true }));

function aptFolder(name: string, files: Record<string, string>): string {
  const root = join(folder, name);
  mkdirSync(join(root, "sources.list.d"), { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

test("mirror from deb822 sources", () => {
  const root = aptFolder("deb822", {
    "sources.list.d/debian.sources":
      "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm bookworm-updates\nComponents: main\n\n" +
      "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n",
  });
  assert.equal(aptMirror(root), "http://mirror.example/debian");
});

test("mirror from sources.list", () => {
  const root = aptFolder("list", {
    "sources.list": "# comment\ndeb http://security.debian.org/debian-security bookworm-security main\n" +
      "deb [arch=amd64] https://ftp.example.org/debian bookworm main\n",
  });
  assert.equal(aptMirror(root), "https://ftp.example.org/debian");
});

test("mirror default without sources", () => {
  assert.equal(aptMirror(join(folder, "missing")), "http://deb.debian.org/debian");
});

test("suite from os-release", () => {
  const debian = join(folder, "os-release-debian");
  writeFileSync(debian, 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\nVERSION_CODENAME=trixie\n');
  assert.equal(defaultSuite(debian), "trixie");
  const ubuntu = join(folder, "os-release-ubuntu");
  writeFileSync(ubuntu, "ID=ubuntu\nVERSION_CODENAME=noble\n");
  assert.equal(defaultSuite(ubuntu), "bookworm");
});

test("stale partial builds removed", () => {
  const finished = spawnSync(process.execPath, ["-e", "0"]);
  const deadPid = finished.pid;
  const rootPath = join(folder, "roots", "debian-test-amd64");
  mkdirSync(`${rootPath}.partial-${deadPid}`, { recursive: true });
  mkdirSync(`${rootPath}.partial-${process.pid}`, { recursive: true });
  removeStalePartials(rootPath);
  assert.equal(existsSync(`${rootPath}.partial-${deadPid}`), false);
  assert.equal(existsSync(`${rootPath}.partial-${process.pid}`), true);
});
