// PIK506: templates that pyinfra's Jinja2 environment rejects, checked with
// the real Jinja2 in .venv.
import { templateSyntaxError } from "./template-syntax-error.js";
import { testTemplateRule } from "../templates/testing.js";

const IMPORTS = "from io import StringIO\nfrom pyinfra.operations import files\n";
const CALL = `${IMPORTS}files.template(name="a", src="templates/app.j2", dest="/etc/app")\n`;

testTemplateRule(templateSyntaxError, {
  "valid template": {
    code: CALL,
    files: { "templates/app.j2": "{% for s in servers %}server {{ s | upper }};\n{% endfor %}\n" },
  },
  "valid template with includes and macros": {
    code: CALL,
    files: {
      "templates/app.j2":
        '{% extends "templates/base.j2" %}\n{% from "templates/macros.j2" import row %}\n' +
        "{% block body %}{{ row(1) }}{% endblock %}\n",
      "templates/base.j2": "{% block body %}{% endblock %}\n",
      "templates/macros.j2": "{% macro row(x) %}{{ x }}{% endmacro %}\n",
    },
  },
  "recursive include inside a condition": {
    code: CALL,
    files: { "templates/app.j2": '{% if depth > 0 %}{% include "templates/app.j2" %}{% endif %}\n' },
  },
  "unclosed for block": {
    code: CALL,
    files: { "templates/app.j2": "first\n  {% for s in servers %}server {{ s }}\n" },
    findings: [
      { path: "templates/app.j2", line: 2, column: 3, endLine: 2, endColumn: 39, messageIncludes: "endfor" },
    ],
  },
  "syntax error in the middle": {
    code: CALL,
    files: { "templates/app.j2": "a\n{{ name }\nb\n" },
    findings: [{ path: "templates/app.j2", line: 2, column: 1, endLine: 2, endColumn: 10 }],
  },
  "unknown filter": {
    code: CALL,
    files: { "templates/app.j2": "name {{ name | shout }}\n" },
    findings: [
      { path: "templates/app.j2", line: 1, column: 16, endLine: 1, endColumn: 21, messageIncludes: "`shout`" },
    ],
  },
  "unknown filter inside a condition": {
    code: CALL,
    files: { "templates/app.j2": "{% if name %}\n{{ name|shout }}\n{% endif %}\n" },
    findings: [{ path: "templates/app.j2", line: 2, column: 9, endLine: 2, endColumn: 14, messageIncludes: "filter" }],
  },
  "unknown test": {
    code: CALL,
    files: { "templates/app.j2": "{% if port is not prime %}x{% endif %}\n" },
    findings: [{ path: "templates/app.j2", line: 1, column: 19, endLine: 1, endColumn: 24, messageIncludes: "test" }],
  },
  "template that includes itself": {
    code: CALL,
    files: { "templates/app.j2": 'top\n{% include "templates/app.j2" %}\n' },
    findings: [
      { path: "templates/app.j2", line: 2, column: 12, endLine: 2, endColumn: 30, messageIncludes: "in itself" },
    ],
  },
  "templates that include each other": {
    code: CALL,
    files: {
      "templates/app.j2": '{% include "templates/part.j2" %}\n',
      "templates/part.j2": '{% include "templates/app.j2" %}\n',
    },
    findings: [
      { path: "templates/part.j2", line: 1, column: 12, endLine: 1, endColumn: 30, messageIncludes: "in itself" },
    ],
  },
  "syntax error in an included template": {
    code: CALL,
    files: {
      "templates/app.j2": '{% include "templates/part.j2" %}\n',
      "templates/part.j2": "ok\n{% if %}\n",
    },
    findings: [{ path: "templates/part.j2", line: 2, column: 1, endLine: 2, endColumn: 9 }],
  },
  "binary file as a template": {
    code: CALL,
    files: { "templates/app.j2": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) },
    findings: [{ line: 3, column: 30, endLine: 3, endColumn: 48, messageIncludes: "NUL byte" }],
  },
  "template that is not UTF-8": {
    code: CALL,
    files: { "templates/app.j2": Buffer.from("caf\xe9 {{ x }}\n", "latin1") },
    findings: [{ line: 3, column: 30, endLine: 3, endColumn: 48, messageIncludes: "not UTF-8" }],
  },
  "binary included template": {
    code: CALL,
    files: {
      "templates/app.j2": '{% include "templates/logo.png" %}\n',
      "templates/logo.png": Buffer.from([0x89, 0x50, 0x00]),
    },
    findings: [{ path: "templates/app.j2", line: 1, column: 12, endLine: 1, endColumn: 32, messageIncludes: "NUL byte" }],
  },
  "one finding for a template used twice": {
    code: `${CALL}files.template(name="b", src="templates/app.j2", dest="/etc/other")\n`,
    files: { "templates/app.j2": "{{ x \n" },
    findings: [{ path: "templates/app.j2", line: 1, column: 1, endLine: 1, endColumn: 5 }],
  },
  "inline template error inside the Python string": {
    code: `${IMPORTS}files.template(name="a", src=StringIO("ok\\n{% endif %}"), dest="/etc/a")\n`,
    findings: [{ line: 3, column: 44, endLine: 3, endColumn: 55, messageIncludes: "endif" }],
  },
  "inline template in a triple-quoted constant": {
    code: `${IMPORTS}TEMPLATE = """\nfirst\n{{ a |nosuch }}\n"""\nfiles.template(name="a", src=StringIO(TEMPLATE), dest="/etc/a")\n`,
    findings: [{ line: 5, column: 7, endLine: 5, endColumn: 13, messageIncludes: "nosuch" }],
  },
  "jinja_env_kwargs that Jinja2 rejects": {
    code:
      `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
      `    jinja_env_kwargs={"trim": True},\n)\n`,
    files: { "templates/app.j2": "x\n" },
    findings: [{ line: 7, column: 5, endLine: 7, endColumn: 36, messageIncludes: "trim" }],
  },
  "jinja_env_kwargs that add an extension": {
    code:
      `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
      `    jinja_env_kwargs={"extensions": ["jinja2.ext.do"]},\n)\n`,
    files: { "templates/app.j2": "{% do items.append(1) %}\n" },
  },
  "jinja_env_kwargs that change the delimiters": {
    code:
      `${IMPORTS}files.template(\n    name="a",\n    src="templates/app.j2",\n    dest="/etc/a",\n` +
      `    jinja_env_kwargs={"variable_start_string": "[[", "variable_end_string": "]]"},\n)\n`,
    files: { "templates/app.j2": "name [[ name ]] {{ not jinja\n" },
  },
});
