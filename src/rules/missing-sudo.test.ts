// Pins which operations need root, what turns sudo on for them, and the
// `_sudo=True` fix.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { missingSudo } from "./missing-sudo.js";
import { runRule, testRule } from "./testing.js";

const OPS = "from pyinfra.operations import apt, files, git, pip, server, systemd\n";

testRule(missingSudo, {
  valid: [
    `${OPS}apt.packages(packages=["nginx"], _sudo=True)\n`,
    // An explicit `_sudo=False` is a deliberate choice.
    `${OPS}apt.packages(packages=["nginx"], _sudo=False)\n`,
    `${OPS}apt.packages(packages=["nginx"], _sudo=use_sudo)\n`,
    `${OPS}apt.packages(packages=["nginx"], **common)\n`,
    `${OPS}apt.packages(packages=["nginx"], _su_user="root")\n`,
    `${OPS}apt.packages(packages=["nginx"], _doas=True)\n`,
    `${OPS}files.put(src="bashrc", dest="~/.bashrc")\n`,
    `${OPS}files.put(src="bashrc", dest="/home/alice/.bashrc")\n`,
    `${OPS}files.put(src="a", dest="/tmp/a")\n`,
    `${OPS}files.put(src="a", dest="relative/a")\n`,
    `${OPS}files.put(src="a", dest=f"{home}/.bashrc")\n`,
    `${OPS}systemd.service(service="syncthing", running=True, user_mode=True)\n`,
    `${OPS}server.shell(commands=["ls /etc"])\n`,
    `${OPS}pip.packages(packages=["requests"])\n`,
    `${OPS}git.config(key="user.name", value="Alice")\n`,
    { code: `${OPS}apt.packages(packages=["nginx"])\n`, project: { sudoForRun: true } },
    `from pyinfra import config\n${OPS}config.SUDO = True\napt.packages(packages=["nginx"])\n`,
    `from pyinfra.api import deploy\n${OPS}\n@deploy("Web", _sudo=True)\ndef web():\n    apt.packages(packages=["nginx"])\n`,
    // A function nested in a deploy function runs inside the deploy's arguments.
    `from pyinfra.api import deploy\n${OPS}\n@deploy(_sudo=True)\ndef web():\n    def inner():\n        apt.update()\n    inner()\n`,
    // A helper called only from a sudo deploy, or only with `_sudo=True`.
    `from pyinfra.api import deploy\n${OPS}\ndef helper():\n    apt.update()\n\n@deploy(_sudo=True)\ndef web():\n    helper()\n`,
    `from pyinfra.api import deploy\n${OPS}\n@deploy()\ndef web():\n    apt.update()\n\nweb(_sudo=True)\n`,
    `${OPS}apt.packages(packages=["nginx"], _sudo=True, _sudo_user="root")\n`,
    { code: `${OPS}server.shell(commands=["id"], _sudo_user="app")\n`, project: { sudoForRun: true } },
    `${OPS}server.shell(commands=["id"], _sudo_user="app", **common)\n`,
    `${OPS}server.shell(commands=["id"], _doas=True, _doas_user="app")\n`,
    // pyinfra 1.x `sudo=True` is left to the legacy API rule.
    `${OPS}files.rsync(src="issue", dest="/etc/issue", sudo=True)\n`,
  ],
  invalid: [
    {
      code: `${OPS}apt.packages(packages=["nginx"])\n`,
      output: `${OPS}apt.packages(packages=["nginx"], _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13, messageIncludes: "changes system packages" }],
    },
    // A comma on its own line after a comment stays where it is.
    {
      code: `${OPS}apt.packages(\n    packages=["nginx"]  # c\n    ,\n)\n`,
      output: `${OPS}apt.packages(\n    packages=["nginx"]  # c\n    ,\n    _sudo=True,\n)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13, messageIncludes: "changes system packages" }],
    },
    // A trailing comma stays after the added argument.
    {
      code: `${OPS}apt.packages(packages=["nginx"],)\n`,
      output: `${OPS}apt.packages(packages=["nginx"], _sudo=True,)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13, messageIncludes: "changes system packages" }],
    },
    {
      code: `${OPS}files.put(src="a", dest="/etc/nginx/nginx.conf")\n`,
      output: `${OPS}files.put(src="a", dest="/etc/nginx/nginx.conf", _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10, messageIncludes: "`/etc/nginx/nginx.conf`" }],
    },
    {
      code: `${OPS}files.template("a.j2", "/etc/a.conf")\n`,
      output: `${OPS}files.template("a.j2", "/etc/a.conf", _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 15, messageIncludes: "writes `/etc/a.conf`" }],
    },
    {
      code: `${OPS}files.directory(path=f"/opt/{app}/data")\n`,
      output: `${OPS}files.directory(path=f"/opt/{app}/data", _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 16, messageIncludes: "under `/opt/`" }],
    },
    {
      code: `${OPS}files.file(path="/etc/old.conf", present=False)\n`,
      output: `${OPS}files.file(path="/etc/old.conf", present=False, _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
    {
      code: `${OPS}systemd.service(service="nginx", running=True)\n`,
      output: `${OPS}systemd.service(service="nginx", running=True, _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 16, messageIncludes: "system service" }],
    },
    {
      code: `${OPS}systemd.daemon_reload()\n`,
      output: `${OPS}systemd.daemon_reload(_sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 22 }],
    },
    {
      code: `${OPS}server.user(user="app", system=True)\n`,
      output: `${OPS}server.user(user="app", system=True, _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 12, messageIncludes: "system user" }],
    },
    {
      code: `${OPS}git.config(key="safe.directory", value="*", system=True)\n`,
      output: `${OPS}git.config(key="safe.directory", value="*", system=True, _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11, messageIncludes: "/etc/gitconfig" }],
    },
    {
      code: `${OPS}git.repo(src="https://example.org/app.git", dest="/srv/app")\n`,
      output: `${OPS}git.repo(src="https://example.org/app.git", dest="/srv/app", _sudo=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 9, messageIncludes: "`/srv/app`" }],
    },
    {
      // A deploy without `_sudo` gives its operations nothing.
      code: `from pyinfra.api import deploy\n${OPS}\n@deploy("Web")\ndef web():\n    apt.update()\n`,
      output: `from pyinfra.api import deploy\n${OPS}\n@deploy("Web")\ndef web():\n    apt.update(_sudo=True)\n`,
      findings: [{ line: 6, column: 5, endLine: 6, endColumn: 15 }],
    },
    {
      // The helper is called once with sudo and once without, so it is not covered.
      code: `${OPS}def helper():\n    apt.update()\n\nhelper(_sudo=True)\nhelper()\n`,
      output: `${OPS}def helper():\n    apt.update(_sudo=True)\n\nhelper(_sudo=True)\nhelper()\n`,
      findings: [{ line: 3, column: 5, endLine: 3, endColumn: 15 }],
    },
    {
      code: `${OPS}server.shell(commands=["id"], _sudo_user="app")\n`,
      output: `${OPS}server.shell(commands=["id"], _sudo_user="app", _sudo=True)\n`,
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 47, messageIncludes: "`_sudo_user` with no `_sudo`" }],
    },
    {
      code: `${OPS}server.shell(commands=["id"], _sudo=False, _sudo_user="app")\n`,
      findings: [{ line: 2, column: 44, endLine: 2, endColumn: 60, messageIncludes: "`_sudo=False` is ignored" }],
    },
    {
      code: `${OPS}apt.update(_sudo_user="root")\n`,
      output: `${OPS}apt.update(_sudo_user="root", _sudo=True)\n`,
      findings: [
        { line: 2, column: 1, endLine: 2, endColumn: 11, messageIncludes: "without `_sudo=True`" },
        { line: 2, column: 12, endLine: 2, endColumn: 29, messageIncludes: "`_sudo_user`" },
      ],
    },
    {
      code: `${OPS}server.shell(commands=["id"], _doas_user="app")\n`,
      output: `${OPS}server.shell(commands=["id"], _doas_user="app", _doas=True)\n`,
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 47, messageIncludes: "add `_doas=True`" }],
    },
    {
      code: `${OPS}apt.packages(\n    name="x",\n    packages=["nginx"],\n)\n`,
      output: `${OPS}apt.packages(\n    name="x",\n    packages=["nginx"],\n    _sudo=True,\n)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
    {
      code: `${OPS}def web():\n    apt.packages(\n        packages=["nginx"])\n`,
      output: `${OPS}def web():\n    apt.packages(\n        packages=["nginx"],\n        _sudo=True)\n`,
      findings: [{ line: 3, column: 5, endLine: 3, endColumn: 17 }],
    },
    {
      // The comment at the end of the last argument's line stays with that argument.
      code: `${OPS}git.repo(\n    src="https://example.com/app.git",\n    dest="/opt/app",\n    branch=None,  # default branch\n)\n`,
      output:
        `${OPS}git.repo(\n    src="https://example.com/app.git",\n    dest="/opt/app",\n` +
        "    branch=None,  # default branch\n    _sudo=True,\n)\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 9 }],
    },
  ],
});

describe("PIK301 config.py", () => {
  const root = mkdtempSync(join(tmpdir(), "pik301-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  function project(config: string, allGroupData?: string): string {
    const folder = mkdtempSync(join(root, "project-"));
    mkdirSync(join(folder, "deploys", "web"), { recursive: true });
    writeFileSync(join(folder, "config.py"), config);
    if (allGroupData !== undefined) {
      mkdirSync(join(folder, "group_data"));
      writeFileSync(join(folder, "group_data", "all.py"), allGroupData);
    }
    return folder;
  }
  const code = `${OPS}apt.update()\n`;

  it("sees `config.SUDO = True` above the file", async () => {
    const folder = project("from pyinfra import config\nconfig.SUDO = True\n");
    const path = join(folder, "deploys", "web", "__init__.py");
    const findings = await runRule(missingSudo, code, { path, project: { root: folder } });
    assert.equal(findings.length, 0);
  });

  it("ignores a config.py outside the project", async () => {
    const outer = project("from pyinfra import config\nconfig.SUDO = True\n");
    const inner = join(outer, "deploys");
    const path = join(inner, "web", "__init__.py");
    const findings = await runRule(missingSudo, code, { path, project: { root: inner } });
    assert.equal(findings.length, 1);
  });

  it("sees `_sudo = True` in group_data/all.py", async () => {
    const folder = project("", "_sudo = True\nssh_user = 'deploy'\n");
    const path = join(folder, "deploys", "web", "__init__.py");
    const findings = await runRule(missingSudo, code, { path, project: { root: folder } });
    assert.equal(findings.length, 0);
  });

  it("flags when group_data/all.py leaves sudo off", async () => {
    const folder = project("", "_sudo = False\n");
    const path = join(folder, "deploys", "web", "__init__.py");
    const findings = await runRule(missingSudo, code, { path, project: { root: folder } });
    assert.equal(findings.length, 1);
  });

  it("flags when config.py leaves sudo off", async () => {
    const folder = project("from pyinfra import config\nconfig.PARALLEL = 5\n");
    const path = join(folder, "deploys", "web", "__init__.py");
    const findings = await runRule(missingSudo, code, { path, project: { root: folder } });
    assert.equal(findings.length, 1);
  });
});
