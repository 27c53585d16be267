// PIK504: template variables that the call does not pass, with host data
// read from group_data and the inventory, checked with the real Jinja2.
import { templateUndefinedVariable } from "./template-undefined-variable.js";
import { testTemplateRule } from "../templates/testing.js";

const IMPORTS = "from io import StringIO\nfrom pyinfra.operations import files\n";

/** Builds a deploy that renders `templates/app.j2` with the given keyword arguments. */
function call(data = ""): string {
  return `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/app"${data})\n`;
}

testTemplateRule(templateUndefinedVariable, {
  "passed variables": {
    code: call(", port=80, servers=[]"),
    files: { "templates/app.j2": "listen {{ port }};\n{% for s in servers %}{{ s }}{% endfor %}\n" },
  },
  "names pyinfra and Jinja2 provide": {
    code: call(),
    files: {
      "templates/app.j2":
        "{{ host.name }} {{ host.data.port }} {{ inventory.groups }} {{ state }}\n" +
        "{% for i in range(3) %}{{ loop.index }}{{ i }}{% endfor %}{{ dict(a=1) }}\n",
    },
  },
  "names the template assigns": {
    code: call(),
    files: {
      "templates/app.j2":
        "{% set port = 80 %}{{ port }}\n{% macro row(x) %}{{ x }}{{ caller() }}{% endmacro %}\n" +
        "{% call row(1) %}y{% endcall %}\n{% with a = 1 %}{{ a }}{% endwith %}\n",
    },
  },
  "guarded reads": {
    code: call(),
    files: {
      "templates/app.j2":
        "{{ port | default(80) }}\n{% if tls is defined %}{{ tls }}{% endif %}\n" +
        "{{ name if name is defined else 'x' }}\n{% if extra is defined and extra %}{{ extra }}{% endif %}\n" +
        "{% if ssl is not defined %}no{% else %}{{ ssl }}{% endif %}\n" +
        "{% if user is not defined %}{% set user = 'root' %}{% endif %}{{ user }}\n",
    },
  },
  "call with **kwargs": {
    code: `${IMPORTS}def deploy(**data):\n    files.template(name="a", src="templates/app.j2", dest="/etc/app", **data)\n`,
    files: { "templates/app.j2": "{{ anything }}\n" },
  },
  "variable of an included template passed": {
    code: call(", title='x'"),
    files: {
      "templates/app.j2": '{% include "templates/part.j2" %}\n',
      "templates/part.j2": "{{ title }}\n",
    },
  },
  "included template reads a name the includer sets": {
    code: call(),
    files: {
      "templates/app.j2": '{% set title = "x" %}{% include "templates/part.j2" %}\n',
      "templates/part.j2": "{{ title }}\n",
    },
  },
  "macros imported without context": {
    code: call(),
    files: {
      "templates/app.j2": '{% import "templates/macros.j2" as m %}{{ m.row(1) }}\n',
      "templates/macros.j2": "{% macro row(x) %}{{ x }}{{ global_thing }}{% endmacro %}\n",
    },
  },
  "variable not passed": {
    code: call(", port=80"),
    files: { "templates/app.j2": "listen {{ port }};\nserver_name {{ server_name }};\n" },
    findings: [
      {
        path: "templates/app.j2",
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 27,
        messageIncludes: "`files.template` at",
        severity: "error",
      },
    ],
  },
  "first unguarded read": {
    code: call(),
    files: { "templates/app.j2": "{{ port | default(80) }}\n{{ port }}\n{{ port }}\n" },
    findings: [{ path: "templates/app.j2", line: 2, column: 4, endLine: 2, endColumn: 8, messageIncludes: "`port`" }],
  },
  "attribute of an undefined variable": {
    code: call(),
    files: { "templates/app.j2": "{{ app.port }} {{ app.host }}\n" },
    findings: [{ path: "templates/app.j2", line: 1, column: 4, endLine: 1, endColumn: 7 }],
  },
  "host data from group_data": {
    code: call(),
    files: {
      "templates/app.j2": "server {{ ntp_server }}\n",
      "group_data/all.py": 'import os\n\nntp_server = "pool.ntp.org"\n',
    },
    findings: [
      {
        path: "templates/app.j2",
        line: 1,
        column: 11,
        endLine: 1,
        endColumn: 21,
        messageIncludes: 'pass `ntp_server=host.data.get("ntp_server")`',
      },
    ],
  },
  "host data from the inventory": {
    code: call(),
    files: {
      "templates/app.j2": "{{ k3s_cluster.name }}\n",
      "inventory.py": 'nodes = [("sol.example.com", {"k3s_cluster": {"name": "romulus"}})]\n',
    },
    findings: [
      {
        path: "templates/app.j2",
        line: 1,
        column: 4,
        endLine: 1,
        endColumn: 15,
        messageIncludes: "inventory.py:1",
      },
    ],
  },
  "default that hides group data": {
    code: call(),
    files: {
      "templates/app.j2": "server {{ ntp_server | default('time.example.com') }}\n",
      "group_data/all.py": 'ntp_server = "pool.ntp.org"\n',
    },
    findings: [
      {
        path: "templates/app.j2",
        line: 1,
        column: 11,
        endLine: 1,
        endColumn: 21,
        messageIncludes: "always takes its `default(...)` value",
        severity: "info",
      },
    ],
  },
  "defined test that hides group data": {
    code: call(),
    files: {
      "templates/app.j2": "{% if ntp_server is defined %}server {{ ntp_server }}{% endif %}\n",
      "group_data/web.py": 'ntp_server = "pool.ntp.org"\n',
    },
    findings: [
      {
        path: "templates/app.j2",
        line: 1,
        column: 7,
        endLine: 1,
        endColumn: 17,
        messageIncludes: "`ntp_server is defined` is always false",
        severity: "info",
      },
    ],
  },
  "variable of an included template": {
    code: call(),
    files: {
      "templates/app.j2": 'head\n{% include "templates/part.j2" %}\n',
      "templates/part.j2": "\n  {{ footer_text }}\n",
    },
    findings: [{ path: "templates/part.j2", line: 2, column: 6, endLine: 2, endColumn: 17 }],
  },
  "variable of an extended template": {
    code: call(),
    files: {
      "templates/app.j2": '{% extends "templates/base.j2" %}{% block body %}x{% endblock %}\n',
      "templates/base.j2": "{{ title }}\n{% block body %}{% endblock %}\n",
    },
    findings: [{ path: "templates/base.j2", line: 1, column: 4, endLine: 1, endColumn: 9 }],
  },
  "inline template variable": {
    code: `${IMPORTS}files.template(name="a", src=StringIO("a\\n{{ who }}"), dest="/etc/a")\n`,
    findings: [{ line: 3, column: 46, endLine: 3, endColumn: 49, messageIncludes: "`who`" }],
  },
  "one finding per call": {
    code: `${call(", port=1")}files.template(name="b", src="templates/app.j2", dest="/etc/b")\n`,
    files: { "templates/app.j2": "{{ port }}\n" },
    findings: [{ path: "templates/app.j2", line: 1, column: 4, endLine: 1, endColumn: 8, messageIncludes: "deploy.py:4" }],
  },
  "script template": {
    code: `${IMPORTS}from pyinfra.operations import server\nserver.script_template(name="a", src="templates/run.sh.j2", mode="755")\n`,
    files: { "templates/run.sh.j2": "echo {{ mode }}\n" },
    findings: [{ path: "templates/run.sh.j2", line: 1, column: 9, endLine: 1, endColumn: 13 }],
  },
});
