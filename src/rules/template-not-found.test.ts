// PIK503: template sources resolved as pyinfra resolves them, and included
// templates looked up with pyinfra's Jinja2 loader.
import { templateNotFound } from "./template-not-found.js";
import { testTemplateRule } from "../templates/testing.js";

const IMPORTS = "import os\nfrom io import StringIO\nfrom pyinfra.operations import files, server\n";

testTemplateRule(templateNotFound, {
  "existing relative source": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/app.conf")\n`,
    files: { "templates/app.conf.j2": "x\n" },
  },
  "source beside the deploy file": {
    path: "deploys/app/__init__.py",
    code:
      `${IMPORTS}files.template(\n    name="a",\n` +
      `    src=os.path.join(os.path.dirname(__file__), "templates", "app.conf.j2"),\n    dest="/etc/app.conf",\n)\n`,
    files: { "deploys/app/templates/app.conf.j2": "x\n" },
  },
  "module constant source": {
    code: `${IMPORTS}TEMPLATE = "templates/app.conf.j2"\nfiles.template(name="a", src=TEMPLATE, dest="/etc/a")\n`,
    files: { "templates/app.conf.j2": "x\n" },
  },
  "inline source": {
    code: `${IMPORTS}files.template(name="a", src=StringIO("x"), dest="/etc/a")\n`,
  },
  "source that is not static": {
    code: `${IMPORTS}def deploy(name):\n    files.template(name="a", src=f"templates/{name}.j2", dest="/etc/a")\n`,
  },
  "missing relative source": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/app.conf")\n`,
    findings: [{ line: 4, column: 30, endLine: 4, endColumn: 53, messageIncludes: "`templates/app.conf.j2` not found" }],
  },
  "missing positional source": {
    code: `${IMPORTS}files.template("templates/app.conf.j2", "/etc/app.conf", name="a")\n`,
    findings: [{ line: 4, column: 16, endLine: 4, endColumn: 39 }],
  },
  "source relative to the deploy file instead of the working directory": {
    path: "deploys/app/__init__.py",
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/a")\n`,
    files: { "deploys/app/templates/app.conf.j2": "x\n" },
    findings: [
      {
        path: "deploys/app/__init__.py",
        line: 4,
        column: 30,
        endLine: 4,
        endColumn: 53,
        messageIncludes:
          'write `os.path.join(os.path.dirname(__file__), "templates/app.conf.j2")`, which is found from any ' +
          "folder, or `deploys/app/templates/app.conf.j2` to run from",
        severity: "warning",
      },
    ],
  },
  "source relative to a nested folder that pyinfra runs from": {
    path: "web-app/tasks/web.py",
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/a")\n`,
    files: {
      "web-app/inventories/docker.py": 'hosts = ["@docker/debian"]\n',
      "web-app/templates/app.conf.j2": "x\n",
    },
  },
  "nested folder ignored when the working directory is configured": {
    path: "web-app/tasks/web.py",
    workingDirectory: ".",
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/a")\n`,
    files: {
      "web-app/group_data/all.py": 'port = 1\n',
      "web-app/templates/app.conf.j2": "x\n",
    },
    findings: [{ path: "web-app/tasks/web.py", line: 4, column: 30, endLine: 4, endColumn: 53, severity: "error" }],
  },
  "configured working directory": {
    path: "deploys/web.py",
    workingDirectory: "deploys",
    code: `${IMPORTS}files.template(name="a", src="templates/app.conf.j2", dest="/etc/a")\n`,
    files: { "deploys/templates/app.conf.j2": "x\n" },
  },
  "script template source": {
    code: `${IMPORTS}server.script_template(name="a", src="templates/run.sh.j2")\n`,
    findings: [{ line: 4, column: 38, endLine: 4, endColumn: 59 }],
  },
  "one missing branch of a conditional source": {
    code:
      `${IMPORTS}def deploy(agent):\n` +
      `    template = "templates/agent.j2" if agent else "templates/server.j2"\n` +
      `    files.template(name="a", src=template, dest="/etc/a")\n`,
    files: { "templates/agent.j2": "x\n" },
    findings: [{ line: 6, column: 34, endLine: 6, endColumn: 42, messageIncludes: "templates/server.j2" }],
  },
  "source that is a folder": {
    code: `${IMPORTS}files.template(name="a", src="templates", dest="/etc/a")\n`,
    files: { "templates/app.j2": "x\n" },
    findings: [{ line: 4, column: 30, endLine: 4, endColumn: 41, messageIncludes: "is a folder" }],
  },
  "source outside the project": {
    code: `${IMPORTS}files.template(name="a", src="../shared/app.conf.j2", dest="/etc/a")\n`,
    findings: [
      { line: 4, column: 30, endLine: 4, endColumn: 53, messageIncludes: "outside the project", severity: "warning" },
    ],
  },
  "missing included template": {
    code: `${IMPORTS}files.template(name="a", src="templates/main.j2", dest="/etc/a")\n`,
    files: { "templates/main.j2": 'line one\n{% include "templates/header.j2" %}\n' },
    findings: [
      {
        path: "templates/main.j2",
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 33,
        messageIncludes: 'include "templates/header.j2"',
      },
    ],
  },
  "included template found from the working directory": {
    code: `${IMPORTS}files.template(name="a", src="templates/main.j2", dest="/etc/a")\n`,
    files: {
      "templates/main.j2": '{% include "templates/header.j2" %}\n{% include "templates/x.j2" ignore missing %}\n',
      "templates/header.j2": "# header\n",
    },
  },
  "include with a parent folder name": {
    code: `${IMPORTS}files.template(name="a", src="templates/main.j2", dest="/etc/a")\n`,
    files: { "templates/main.j2": '{% extends "../base.j2" %}\n', "base.j2": "x\n" },
    findings: [{ path: "templates/main.j2", line: 1, column: 12, endLine: 1, endColumn: 24, messageIncludes: "`..`" }],
  },
  "missing include in an inline template": {
    code: `${IMPORTS}files.template(name="a", src=StringIO('{% include "nope.j2" %}'), dest="/etc/a")\n`,
    findings: [{ line: 4, column: 51, endLine: 4, endColumn: 60 }],
  },
});
