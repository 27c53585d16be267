import { testRule } from "./testing.js";
import { unknownFact } from "./unknown-fact.js";

testRule(unknownFact, {
  valid: [
    "from pyinfra import host\nfrom pyinfra.facts.server import LinuxName\nname = host.get_fact(LinuxName)\n",
    "from pyinfra import host\nfrom pyinfra.facts import server\nname = host.get_fact(server.Kernel)\n",
    // Arguments by position and by keyword, and global arguments.
    'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, "/etc/a")\n',
    'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, path="/etc/a", _sudo=True)\n',
    'from pyinfra.context import host\nfrom pyinfra.facts.server import Which\nw = host.get_fact(Which, command="nginx")\n',
    // Deprecated facts exist; PIK104 reports them.
    "from pyinfra import host\nfrom pyinfra.facts.postgresql import PostgresqlRoles\nr = host.get_fact(PostgresqlRoles)\n",
    // A fact class of the project itself is not checked.
    "from pyinfra import host\nfrom .facts import Custom\nc = host.get_fact(Custom, anything=1)\n",
    "from pyinfra import host\n\nclass Custom:\n    pass\n\nc = host.get_fact(Custom)\n",
    // Splats may fill anything.
    "from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, **arguments)\n",
    // Helper packages are not fact modules.
    "from pyinfra.facts.util.packaging import parse_packages\n",
    // Legacy global arguments are reported by PIK104, not here.
    'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, "/root/.ssh/id_rsa", sudo=True)\n',
  ],
  invalid: [
    {
      code: "from pyinfra import host\nfrom pyinfra.facts.server import LinuxNam\nname = host.get_fact(LinuxNam)\n",
      findings: [{ line: 3, column: 22, endLine: 3, endColumn: 30, messageIncludes: "`LinuxName`" }],
    },
    {
      code: "from pyinfra import host\nfrom pyinfra.facts import server\nk = host.get_fact(server.Kernal)\n",
      findings: [{ line: 3, column: 19, endLine: 3, endColumn: 32, messageIncludes: "`Kernel`" }],
    },
    {
      // The class exists in another module.
      code: "from pyinfra import host\nfrom pyinfra.facts.deb import SystemdStatus\ns = host.get_fact(SystemdStatus)\n",
      findings: [{ line: 3, column: 19, endLine: 3, endColumn: 32, messageIncludes: "it is in `pyinfra.facts.systemd`" }],
    },
    {
      code: "from pyinfra.facts import sytemd\n",
      findings: [{ line: 1, column: 27, endLine: 1, endColumn: 33, messageIncludes: "`pyinfra.facts.systemd`" }],
    },
    {
      code: "from pyinfra.facts.sever import Os\n",
      findings: [{ line: 1, column: 6, endLine: 1, endColumn: 25, messageIncludes: "`pyinfra.facts.server`" }],
    },
    {
      code: 'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, paht="/etc/a")\n',
      findings: [
        { line: 3, column: 19, endLine: 3, endColumn: 23, messageIncludes: "needs the argument `path`" },
        { line: 3, column: 25, endLine: 3, endColumn: 29, messageIncludes: "did you mean `path`?" },
      ],
    },
    {
      code: 'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, "/etc/a", "extra")\n',
      findings: [{ line: 3, column: 35, endLine: 3, endColumn: 42, messageIncludes: "at most 1 argument, got 2" }],
    },
    {
      code: 'from pyinfra import host\nfrom pyinfra.facts.systemd import SystemdEnabled\ns = host.get_fact(SystemdEnabled, _sudoo=True)\n',
      findings: [{ line: 3, column: 35, endLine: 3, endColumn: 41, messageIncludes: "`_sudo`" }],
    },
    {
      code: "from pyinfra import host\nfrom pyinfra.facts.server import Os\nos = host.get_fact(Os, verbose=True)\n",
      findings: [{ line: 3, column: 24, endLine: 3, endColumn: 31, messageIncludes: "it takes no arguments" }],
    },
    {
      code: 'from pyinfra import host\nfrom pyinfra.facts.files import FindInFile\n\ndef check():\n    return host.get_fact(FindInFile, path="/etc/a")\n',
      findings: [{ line: 5, column: 26, endLine: 5, endColumn: 36, messageIncludes: "`pattern`" }],
    },
    {
      code: "from pyinfra.facts.windows import WindowsHome\n",
      findings: [{ line: 1, column: 6, endLine: 1, endColumn: 27, messageIncludes: "`pyinfra-windows` package" }],
    },
  ],
});
