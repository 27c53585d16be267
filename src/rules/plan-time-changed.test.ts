import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { planTimeChanged } from "./plan-time-changed.js";
import { runRule, testRule } from "./testing.js";

const HEADER = "from pyinfra.operations import files, server\n";
const PUT = 'op = files.put(name="Put", src="a", dest="/etc/a")\n';

testRule(planTimeChanged, {
  valid: [
    HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.did_change)\n',
    // Lambdas are called when the operation runs.
    HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=lambda: op.changed)\n',
    // A function passed to `python.call` runs during execution.
    "from pyinfra.operations import files, python\n" +
      "def report():\n" +
      '    op = files.put(name="Put", src="a", dest="/etc/a")\n' +
      "    if op.changed:\n" +
      '        print("changed")\n' +
      'python.call(name="Report", function=report)\n',
    // Only shown, not branched on.
    HEADER + PUT + "print(op.changed)\n" + 'print(f"{op.changed}")\n' + 'logger.info("%s", op.changed)\n',
    // Not an operation result.
    "import subprocess\nresult = subprocess.run(['ls'])\nif result.changed:\n    pass\n",
    // `will_change` is pyinfra's documented plan-time guess, flagged only as `_if`.
    HEADER +
      "from pyinfra.operations import systemd\n" +
      'unit = files.template(name="Unit", src="app.j2", dest="/etc/systemd/system/app.service")\n' +
      'systemd.service(name="App", service="app", restarted=unit.will_change)\n' +
      "if unit.will_change:\n" +
      "    pass\n",
    // An operation assigned in another function.
    HEADER +
      "def first():\n" +
      '    op = files.put(name="Put", src="a", dest="/etc/a")\n' +
      "def second(op):\n" +
      "    if op.changed:\n" +
      "        pass\n",
  ],
  invalid: [
    // The attribute after a line continuation is still a read.
    {
      code: HEADER + PUT + "if op.\\\n        changed:\n" + '    server.shell(name="Run", commands=["x"])\n',
      findings: [{ line: 3, column: 4, endLine: 4, endColumn: 16, messageIncludes: "`op.changed` is read at plan time" }],
      output:
        'from pyinfra.operations import files, server\nop = files.put(name="Put", src="a", dest="/etc/a")\nserver.shell(name="Run", commands=["x"], _if=op.did_change)\n',
    },
    {
      code: HEADER + PUT + "if op.changed:\n" + '    server.shell(name="Run", commands=["x"])\n',
      findings: [
        {
          line: 3,
          column: 4,
          endLine: 3,
          endColumn: 14,
          messageIncludes: "`op.changed` is read at plan time; pass `_if=op.did_change`",
        },
      ],
      output:
        'from pyinfra.operations import files, server\nop = files.put(name="Put", src="a", dest="/etc/a")\nserver.shell(name="Run", commands=["x"], _if=op.did_change)\n',
    },
    {
      // `or`, `not` and an assignment, inside a deploy function.
      code:
        HEADER +
        "def deploy():\n" +
        '    a = files.put(name="A", src="a", dest="/etc/a")\n' +
        '    b = server.user(name="B", user="b")\n' +
        "    if a.changed or not b.changed:\n" +
        "        pass\n" +
        "    restart = a.changed\n",
      findings: [
        { line: 5, column: 8, endLine: 5, endColumn: 17, messageIncludes: "`a.changed`" },
        { line: 5, column: 25, endLine: 5, endColumn: 34, messageIncludes: "`b.changed`" },
        { line: 7, column: 15, endLine: 7, endColumn: 24, messageIncludes: "`a.changed`" },
      ],
    },
    {
      code: HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.changed)\n',
      findings: [
        { line: 3, column: 46, endLine: 3, endColumn: 56, messageIncludes: "passes a plan-time boolean to `_if`" },
      ],
      output: HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.did_change)\n',
    },
    {
      code: HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.will_change)\n',
      findings: [
        { line: 3, column: 46, endLine: 3, endColumn: 60, messageIncludes: "pass `_if=op.did_change`" },
      ],
      output: HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.did_change)\n',
    },
    {
      // A module-level operation read in a module-level conditional expression and call.
      code: HEADER + PUT + 'mode = "0600" if op.changed else "0644"\n' + "x = any([op.changed])\n",
      findings: [
        { line: 3, column: 18, endLine: 3, endColumn: 28 },
        { line: 4, column: 10, endLine: 4, endColumn: 20 },
      ],
    },
    {
      // `or` becomes `any_changed`, imported; a call spread over lines gets `_if=` on a line of its own.
      code:
        "from pyinfra.operations import files, server, systemd\n" +
        "def deploy():\n" +
        '    a = files.put(name="A", src="a", dest="/etc/a")\n' +
        '    b = files.put(name="B", src="b", dest="/etc/b")\n' +
        "    if a.changed or b.changed:\n" +
        '        systemd.service(\n            name="Restart app",\n            service="app",\n            restarted=True,\n        )\n' +
        '        server.shell(name="Log", commands=["logger x"])\n',
      findings: [
        { line: 5, column: 8, endLine: 5, endColumn: 17 },
        { line: 5, column: 21, endLine: 5, endColumn: 30 },
      ],
      output:
        "from pyinfra.operations import files, server, systemd\n" +
        "from pyinfra.operations.util import any_changed\n" +
        "def deploy():\n" +
        '    a = files.put(name="A", src="a", dest="/etc/a")\n' +
        '    b = files.put(name="B", src="b", dest="/etc/b")\n' +
        '    systemd.service(\n        name="Restart app",\n        service="app",\n        restarted=True,\n' +
        "        _if=any_changed(a, b),\n    )\n" +
        '    server.shell(name="Log", commands=["logger x"], _if=any_changed(a, b))\n',
    },
    {
      code:
        "from pyinfra.operations import files, systemd\n" +
        'a = files.put(name="A", src="a", dest="/etc/a")\n' +
        'b = files.put(name="B", src="b", dest="/etc/b")\n' +
        "if (a.changed and b.changed):\n" +
        '    systemd.service(name="Restart app", service="app", restarted=True)\n',
      findings: [
        { line: 4, column: 5, endLine: 4, endColumn: 14 },
        { line: 4, column: 19, endLine: 4, endColumn: 28 },
      ],
      output:
        "from pyinfra.operations import files, systemd\n" +
        "from pyinfra.operations.util import all_changed\n" +
        'a = files.put(name="A", src="a", dest="/etc/a")\n' +
        'b = files.put(name="B", src="b", dest="/etc/b")\n' +
        'systemd.service(name="Restart app", service="app", restarted=True, _if=all_changed(a, b))\n',
    },
    {
      // An `else` branch has no `_if` form, so no fix.
      code:
        HEADER + PUT + "if op.changed:\n" + '    server.shell(name="Run", commands=["x"])\n' + "else:\n    pass\n",
      findings: [{ line: 3, column: 4, endLine: 3, endColumn: 14 }],
    },
    {
      // The comment on the `if` line would be lost, so no fix.
      code: HEADER + PUT + "if op.changed:  # run on change\n" + '    server.shell(name="Run", commands=["x"])\n',
      findings: [{ line: 3, column: 4, endLine: 3, endColumn: 14 }],
    },
  ],
});

describe("PIK203 fix", () => {
  it("is safe for `_if=op.changed`", async () => {
    const code = HEADER + PUT + 'server.shell(name="Run", commands=["x"], _if=op.changed)\n';
    const [finding] = await runRule(planTimeChanged, code);
    assert.equal(finding.fix?.applicability, "safe");
  });

  it("is not offered for a read in an `if`", async () => {
    const [finding] = await runRule(planTimeChanged, HEADER + PUT + "if op.changed:\n    pass\n");
    assert.equal(finding.fix, null);
  });
});
