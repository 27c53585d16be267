import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildModel } from "../python/model.js";
import { initParsers, parsePython } from "../python/parser.js";
import { runRule, testCatalogue, testRule } from "./testing.js";
import { CONFIG_WRITERS, configWritersBefore, unconditionalRestart } from "./unconditional-restart.js";

const HEADER = "from pyinfra.operations import files, server, systemd\n";
const TEMPLATE = 'config = files.template(name="Conf", src="nginx.j2", dest="/etc/nginx/nginx.conf")\n';

testRule(unconditionalRestart, {
  valid: [
    HEADER + TEMPLATE + 'systemd.service(name="Restart", service="nginx", restarted=True, _if=config.did_change)\n',
    HEADER + 'systemd.service(name="Start", service="nginx", running=True, enabled=True)\n',
    HEADER + 'systemd.service(name="Restart", service="nginx", restarted=False)\n',
    // A flag from a variable or from `**kwargs` is not known.
    HEADER + 'systemd.service(name="Restart", service="nginx", restarted=restart)\n',
    HEADER + 'systemd.service(name="Restart", service="nginx", restarted=True, **options)\n',
    // A restart in a branch on a change is PIK203's.
    HEADER + TEMPLATE + "if config.changed:\n" + '    systemd.service(name="Restart", service="nginx", restarted=True)\n',
    // The legacy `init.systemd` is not an operation of pyinfra 3.
    "from pyinfra.operations import init\ninit.systemd(service='nginx', restarted=True)\n",
    'from pyinfra.operations.freebsd import service\nservice.service(srvname="sshd", srvstate="started")\n',
  ],
  invalid: [
    {
      code: HEADER + TEMPLATE + 'systemd.service(name="Restart", service="nginx", restarted=True)\n',
      findings: [
        {
          line: 3,
          column: 50,
          endLine: 3,
          endColumn: 64,
          messageIncludes:
            '`systemd.service(..., restarted=True)` restarts on every run; restart only when ' +
            '`files.template(dest="/etc/nginx/nginx.conf")` changed: `_if=config.did_change`',
        },
      ],
      output:
        HEADER + TEMPLATE + 'systemd.service(name="Restart", service="nginx", restarted=True, _if=config.did_change)\n',
    },
    {
      // The writer has no variable; `reloaded` on `server.service`.
      code:
        HEADER +
        "def deploy(path):\n" +
        '    files.line(name="Tune", path=path, line="x=1")\n' +
        '    server.service(name="Reload", service="app", reloaded=True)\n',
      findings: [
        {
          line: 4,
          column: 50,
          endLine: 4,
          endColumn: 63,
          messageIncludes: "reload only when `files.line(path=...)` changed: assign its result to a variable",
        },
      ],
      // The fix assigns the writer's result to `config` first.
      output:
        HEADER +
        "def deploy(path):\n" +
        '    config = files.line(name="Tune", path=path, line="x=1")\n' +
        '    server.service(name="Reload", service="app", reloaded=True, _if=config.did_change)\n',
    },
    {
      // A writer in another function or after the restart does not count.
      code:
        HEADER +
        "def other():\n" +
        '    files.put(name="Put", src="a", dest="/etc/a")\n' +
        "def deploy():\n" +
        '    systemd.service(name="Restart", service="a", restarted=True)\n' +
        '    files.put(name="Put", src="b", dest="/etc/b")\n',
      findings: [
        { line: 5, column: 50, endLine: 5, endColumn: 64, messageIncludes: "`did_change` of the operation" },
      ],
    },
    {
      // Two writers, positional paths; other service modules.
      code:
        "from pyinfra.operations import files, openrc, launchd, sysvinit\n" +
        'a = files.put("a.conf", "/etc/a.conf")\n' +
        'b = files.template("b.j2", "/etc/b.conf")\n' +
        'openrc.service(name="Restart", service="a", restarted=True)\n' +
        'launchd.service(name="Restart", service="b", restarted=True)\n' +
        'sysvinit.service(name="Reload", service="c", reloaded=True)\n',
      findings: [
        { line: 4, column: 45, endLine: 4, endColumn: 59, messageIncludes: "`_if=any_changed(...)`" },
        { line: 5, column: 46, endLine: 5, endColumn: 60, messageIncludes: "`launchd.service(" },
        { line: 6, column: 46, endLine: 6, endColumn: 59, messageIncludes: "reloads on every run" },
      ],
    },
    {
      // The write happens only in a branch, so `config` may be unbound at the restart: no fix.
      code:
        HEADER +
        "if host.data.get('custom'):\n" +
        '    config = files.put(name="Put", src="a", dest="/etc/a")\n' +
        'systemd.service(name="Restart", service="a", restarted=True)\n',
      findings: [{ line: 4, column: 46, endLine: 4, endColumn: 60 }],
    },
    {
      code:
        "from pyinfra.operations.freebsd import service\n" +
        'service.service(name="Restart", srvname="sshd", srvstate="restarted")\n',
      findings: [
        {
          line: 2,
          column: 49,
          endLine: 2,
          endColumn: 69,
          messageIncludes: '`freebsd.service.service(..., srvstate="restarted")` restarts',
        },
      ],
    },
  ],
});

describe("configWritersBefore", () => {
  it("returns the writer node and its variable", async () => {
    await initParsers();
    const code = HEADER + TEMPLATE + 'systemd.service(name="Restart", service="nginx", restarted=True)\n';
    const file = buildModel("x.py", "/project/x.py", code, parsePython(code));
    const restart = file.operations.find((call) => call.qualifiedName === "systemd.service");
    assert.ok(restart);
    const writers = configWritersBefore(file, restart);
    assert.equal(writers.length, 1);
    assert.equal(writers[0].variable, "config");
    assert.equal(writers[0].target, "/etc/nginx/nginx.conf");
    assert.equal(writers[0].operation.node.text.startsWith("files.template("), true);
  });

  it("matches the parameter positions of the installed pyinfra", async () => {
    const catalogue = await testCatalogue();
    for (const [operation, writer] of CONFIG_WRITERS) {
      const parameters = catalogue.operation(operation)?.parameters ?? [];
      assert.equal(parameters[writer.position]?.name, writer.parameter, operation);
    }
  });
});

describe("PIK204 fix", () => {
  it("is display-only with several writers", async () => {
    const code =
      HEADER +
      'a = files.put(name="A", src="a", dest="/etc/a")\n' +
      'b = files.put(name="B", src="b", dest="/etc/b")\n' +
      'systemd.service(name="Restart", service="app", restarted=True)\n';
    const [finding] = await runRule(unconditionalRestart, code);
    assert.equal(finding.fix?.applicability, "display-only");
    assert.equal(finding.fix?.title, "Pass `_if=any_changed(a, b)` with the writes that should trigger it");
    assert.deepEqual(
      finding.fix?.edits.map((edit) => edit.content),
      ["\nfrom pyinfra.operations.util import any_changed", ", _if=any_changed(a, b)"],
    );
  });
});
