// Pins which writes to system paths must name their owner.
import { missingOwnership } from "./missing-ownership.js";
import { testRule } from "./testing.js";

const OPS = "from pyinfra.operations import files, git\n";

testRule(missingOwnership, {
  valid: [
    `${OPS}files.put(src="a", dest="/etc/a.conf", user="root", group="root")\n`,
    // Positional `user` and `group` follow `src` and `dest`.
    `${OPS}files.put("a", "/etc/a.conf", "root", "root")\n`,
    `${OPS}files.put(src="a", dest="~/.bashrc")\n`,
    `${OPS}files.put(src="a", dest="/home/alice/.bashrc")\n`,
    `${OPS}files.put(src="a", dest="/tmp/a")\n`,
    `${OPS}files.put(src="a", dest=f"{base}/a.conf")\n`,
    `${OPS}files.put(src="a", dest="/etc/a.conf", **owner)\n`,
    `${OPS}files.file(path="/etc/old.conf", present=False)\n`,
    `${OPS}files.directory(path="/srv/app", present=False)\n`,
    // Only root can create files in its home, so the owner is always root.
    `${OPS}files.directory(path="/root/.ssh", mode="700")\n`,
    // Symbolic links and in-place edits are not checked.
    `${OPS}files.link(path="/usr/local/bin/app", target="/opt/app/bin/app")\n`,
    `${OPS}files.line(path="/etc/hosts", line="127.0.0.1 app")\n`,
  ],
  invalid: [
    {
      code: `${OPS}files.put(src="a", dest="/etc/a.conf")\n`,
      findings: [
        {
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 38,
          messageIncludes: "without `user` and `group`; pass `user=` and `group=` so the owner does not depend on who runs the deploy",
        },
      ],
    },
    // With sudo for the whole run the owner of a new path is root; an existing path keeps its own.
    {
      code: `${OPS}files.put(src="a", dest="/etc/a.conf")\n`,
      project: { sudoForRun: true },
      findings: [
        {
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 38,
          messageIncludes: "; under sudo a new path is owned by root, but one that exists keeps its owner; pass `user=` and `group=` so every host ends with the same owner",
        },
      ],
    },
    {
      code: `${OPS}files.put(src="a", dest="/etc/a.conf", _sudo=True)\n`,
      findings: [{ line: 2, column: 25, endLine: 2, endColumn: 38, messageIncludes: "under sudo a new path is owned by root" }],
    },
    {
      code: `${OPS}files.template(src="a.j2", dest="/etc/app/app.conf", user="root")\n`,
      findings: [{ line: 2, column: 33, endLine: 2, endColumn: 52, messageIncludes: "without `group`" }],
    },
    {
      code: `${OPS}files.directory(path=f"/opt/{app}", group="app")\n`,
      findings: [{ line: 2, column: 22, endLine: 2, endColumn: 35, messageIncludes: "a path under `/opt/`" }],
    },
    {
      code: `${OPS}files.put("a", "/etc/a.conf", "root")\n`,
      findings: [{ line: 2, column: 16, endLine: 2, endColumn: 29, messageIncludes: "without `group`" }],
    },
    {
      code: `${OPS}BASE = "/srv/app"\nfiles.directory(path=BASE + "/data")\n`,
      findings: [{ line: 3, column: 22, endLine: 3, endColumn: 36, messageIncludes: "`/srv/app/data`" }],
    },
    {
      code: `${OPS}files.download(src="https://example.org/tool", dest="/usr/local/bin/tool")\n`,
      findings: [{ line: 2, column: 53, endLine: 2, endColumn: 74 }],
    },
    {
      code: `${OPS}git.repo(src="https://example.org/app.git", dest="/opt/app")\n`,
      findings: [{ line: 2, column: 50, endLine: 2, endColumn: 60 }],
    },
    {
      code: `${OPS}files.file(path="/var/log/app.log", touch=True, user="app")\n`,
      findings: [{ line: 2, column: 17, endLine: 2, endColumn: 35, messageIncludes: "pass `group=`" }],
    },
  ],
});
