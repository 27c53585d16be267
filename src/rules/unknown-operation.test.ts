import { testRule } from "./testing.js";
import { unknownOperation } from "./unknown-operation.js";

testRule(unknownOperation, {
  valid: [
    // `server.crontab` is an alias that pyinfra 3.10 keeps for `crontab.crontab`.
    'from pyinfra.operations import server\nserver.crontab(name="Back up", command="backup", hour=1)\n',
    'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a")\n',
    'import pyinfra.operations.server as srv\nsrv.shell(commands=["ls"])\n',
    // Helpers under `util` are not operations and are not in the catalogue.
    "from pyinfra.operations.util import any_changed\nany_changed(a, b)\n",
    "from pyinfra.operations import util\nutil.all_changed(a, b)\n",
    // Operations in a package's submodule.
    'from pyinfra.operations.freebsd import service\nservice.service("sshd", running=True)\n',
    'from pyinfra.operations import freebsd\nfreebsd.pkg.install(package="nginx")\n',
    // Deprecated operations exist; PIK104 reports them.
    'from pyinfra.operations import postgresql\npostgresql.sql("SELECT 1")\n',
    // Not pyinfra: a local object named like a module.
    "systemctl = object()\nsystemctl.restart()\n",
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import files\nfiles.templates(src="a.j2", dest="/etc/a")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 16, messageIncludes: "`files.template`" }],
    },
    {
      // The import is reported once; calls through the module add nothing.
      code:
        "from pyinfra.operations import files, systemctl\n\n" +
        'systemctl.service(service="nginx", restarted=True)\n' +
        'systemctl.service(service="redis", restarted=True)\n',
      findings: [
        { line: 1, column: 39, endLine: 1, endColumn: 48, messageIncludes: "`pyinfra.operations.systemd`" },
      ],
    },
    {
      code: 'import pyinfra.operations.aptt\npyinfra.operations.aptt.packages(packages=["a"])\n',
      findings: [{ line: 1, column: 8, endLine: 1, endColumn: 31, messageIncludes: "`pyinfra.operations.apt`" }],
    },
    {
      code: "from pyinfra.operations.serverr import shell\n",
      findings: [{ line: 1, column: 6, endLine: 1, endColumn: 32, messageIncludes: "`pyinfra.operations.server`" }],
    },
    {
      code: "from pyinfra.operations.freebsd import servic\n",
      findings: [
        { line: 1, column: 40, endLine: 1, endColumn: 46, messageIncludes: "`pyinfra.operations.freebsd.service`" },
      ],
    },
    {
      // A module reached without importing it is reported at the call.
      code: 'import pyinfra\npyinfra.operations.serverr.shell(commands=["ls"])\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 33, messageIncludes: "`pyinfra.operations.server`" }],
    },
    {
      code: 'from pyinfra.operations import freebsd\nfreebsd.service("sshd")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 16, messageIncludes: "`freebsd.service.service`" }],
    },
    {
      code: 'from pyinfra.operations.apt import pakages\n\ndef install():\n    pakages(packages=["nginx"])\n',
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 12, messageIncludes: "`apt.packages`" }],
    },
    {
      code: 'from pyinfra.operations import server\nserver.frobnicate(x=1)\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 18, messageIncludes: "`server.frobnicate` is not an operation" }],
    },
    {
      // With no close name, a small module lists its operations.
      code: 'from pyinfra.operations import freebsd\nfreebsd.pkg.packages(packages=["nginx"])\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 21, messageIncludes: "`freebsd.pkg` has `update`" }],
    },
    {
      // A module that an older version removed names what became of it.
      code: 'from pyinfra.operations import init\ninit.d(service="rsyslog", restarted=True)\n',
      findings: [{ line: 1, column: 32, endLine: 1, endColumn: 36, messageIncludes: "2.0 removed it" }],
    },
    {
      // An operation that moved to another module under the same name.
      code: 'from pyinfra.operations import server\nserver.daemon_reload(name="Reload units")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 21, messageIncludes: "`systemd.daemon_reload` has that name" }],
    },
  ],
});
