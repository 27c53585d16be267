// PIK505: keyword arguments of template operations that no template reads,
// checked with the real Jinja2, and the unsafe fix that removes them.
import { templateUnusedVariable } from "./template-unused-variable.js";
import { testTemplateRule } from "../templates/testing.js";

const IMPORTS = "from io import StringIO\nfrom pyinfra.operations import files, server\n";

testTemplateRule(templateUnusedVariable, {
  "every argument read": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", port=1, tls=True)\n`,
    files: { "templates/app.j2": "{{ port }}{% if tls %}x{% endif %}\n" },
  },
  "operation parameters and global arguments": {
    code:
      `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n    user="root",\n` +
      `    group="root",\n    mode="644",\n    create_remote_dir=True,\n    jinja_env_kwargs={"trim_blocks": True},\n` +
      `    _sudo=True,\n    _if=lambda: True,\n)\n`,
    files: { "templates/app.j2": "static\n" },
  },
  "read in an included template": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", title="x")\n`,
    files: { "templates/app.j2": '{% include "templates/part.j2" %}\n', "templates/part.j2": "{{ title }}\n" },
  },
  "read only behind a guard": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", port=1)\n`,
    files: { "templates/app.j2": "{{ port | default(80) }}\n" },
  },
  "template included by an expression": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", part="templates/p.j2", x=1)\n`,
    files: { "templates/app.j2": "{% include part %}\n", "templates/p.j2": "{{ x }}\n" },
  },
  "template with a syntax error": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", port=1)\n`,
    files: { "templates/app.j2": "{% if %}{{ port }}\n" },
  },
  "argument read by either template of a conditional source": {
    code:
      `${IMPORTS}def deploy(agent):\n    src = "templates/a.j2" if agent else "templates/b.j2"\n` +
      `    files.template(name="a", src=src, dest="/etc/a", token="t")\n`,
    files: { "templates/a.j2": "{{ token }}\n", "templates/b.j2": "server\n" },
  },
  "unused keyword in the middle": {
    code: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", prot=1, port=1)\n`,
    files: { "templates/app.j2": "{{ port }}\n" },
    findings: [
      {
        line: 3,
        column: 65,
        endLine: 3,
        endColumn: 71,
        messageIncludes: "`prot=` is passed to `files.template`",
        fixed: `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/a", port=1)\n`,
      },
    ],
  },
  "unused last keyword on its own line": {
    code:
      `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
      `    port=1,\n    unused=compute(),\n)\n`,
    files: { "templates/app.j2": "{{ port }}\n" },
    findings: [
      {
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 21,
        fixed:
          `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
          `    port=1,\n)\n`,
      },
    ],
  },
  "unused keyword with a comment among the arguments": {
    code:
      `${IMPORTS}files.template(\n    name="a",  # the name\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
      `    unused=1,\n)\n`,
    files: { "templates/app.j2": "static\n" },
    findings: [{ line: 7, column: 5, endLine: 7, endColumn: 13, fixed: null }],
  },
  "argument of another files operation": {
    code: `${IMPORTS}files.template(name="a", src=StringIO("x"), dest="/etc/a", backup=True)\n`,
    findings: [
      {
        line: 3,
        column: 60,
        endLine: 3,
        endColumn: 71,
        messageIncludes: "`files.line`, `files.replace` and `files.block` take it",
      },
    ],
  },
  "inline template": {
    code: `${IMPORTS}files.template(name="a", src=StringIO("{{ a }}"), dest="/etc/a", a=1, b=2)\n`,
    findings: [{ line: 3, column: 71, endLine: 3, endColumn: 74, messageIncludes: "the inline template" }],
  },
  "script template": {
    code: `${IMPORTS}server.script_template(name="a", src="templates/run.sh.j2", user="deploy", version="1")\n`,
    files: { "templates/run.sh.j2": "echo {{ user }}\n" },
    findings: [{ line: 3, column: 76, endLine: 3, endColumn: 87, messageIncludes: "`version=`" }],
  },
});
