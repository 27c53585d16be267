import { shellInjection } from "./shell-injection.js";
import { testRule } from "./testing.js";

const IMPORT = "from pyinfra.operations import server\n";

testRule(shellInjection, {
  valid: [
    // Static values: literals, constants, local names bound to literals, loops over literal lists.
    `${IMPORT}server.shell(commands=["rm -rf /srv/old"])\n`,
    `${IMPORT}ROOT = "/srv"\nserver.shell(commands=[f"rm -rf {ROOT}/old"])\n`,
    `${IMPORT}def clean():\n    path = "/srv/old"\n    server.shell(commands=[f"rm -rf {path}"])\n`,
    `${IMPORT}for name in ["a", "b"]:\n    server.shell(commands=[f"mkdir -p /srv/{name}"])\n`,
    `${IMPORT}SITES = ("a", "b")\ndef f():\n    for site in SITES:\n        server.shell(commands=[f"touch /srv/{site}"])\n`,
    `${IMPORT}PACKAGES = ["a", "b"]\nserver.shell(commands=[f"paru -S {' '.join(PACKAGES)}"])\n`,
    // Quoted with shlex, through any import form.
    `import shlex\n${IMPORT}def f(path):\n    server.shell(commands=[f"rm -rf {shlex.quote(path)}"])\n`,
    `from shlex import quote\n${IMPORT}def f(path):\n    server.shell(commands=["rm -rf " + quote(path)])\n`,
    `import shlex\n${IMPORT}def f(path):\n    safe = shlex.quote(path)\n    server.shell(commands=[f"rm -rf {safe}"])\n`,
    // Numbers.
    `${IMPORT}def f(port):\n    server.shell(commands=[f"ufw allow {int(port)}"])\n`,
    `${IMPORT}def f(port):\n    server.shell(commands=["ufw allow %d" % port])\n`,
    `${IMPORT}def f(port):\n    server.shell(commands=[f"ufw allow {port:d}"])\n`,
    `${IMPORT}def f(items):\n    server.shell(commands=[f"echo {len(items)}"])\n`,
    // Inside single quotes.
    `${IMPORT}def f(message):\n    server.shell(commands=[f"logger '{message}'"])\n`,
    // A value that is not put into the command text.
    `${IMPORT}def f(user):\n    server.shell(commands=["whoami"], _sudo_user=user)\n`,
    // Not server.shell.
    'server = object()\ndef f(path):\n    server.shell(commands=[f"rm -rf {path}"])\n',
  ],
  invalid: [
    {
      code: `${IMPORT}def f(path):\n    server.shell(commands=[f"rm -rf {path}"])\n`,
      findings: [{ line: 3, column: 37, endLine: 3, endColumn: 43, messageIncludes: "`path` is put into a shell command unquoted" }],
    },
    {
      code: `${IMPORT}from pyinfra import host\nserver.shell(commands=[f"useradd {host.data.app_user}"])\n`,
      findings: [{ line: 3, column: 34, endLine: 3, endColumn: 54, messageIncludes: "host.data.app_user" }],
    },
    {
      // Double quotes still expand `$(...)` and backticks.
      code: `${IMPORT}def f(message):\n    server.shell(commands=[f'logger "{message}"'])\n`,
      findings: [{ line: 3, column: 38, endLine: 3, endColumn: 47, messageIncludes: "inside double quotes" }],
    },
    {
      code: `${IMPORT}def f(a, b):\n    server.shell(commands=["cp %s %s" % (a, b)])\n`,
      findings: [
        { line: 3, column: 42, endLine: 3, endColumn: 43, messageIncludes: "`a`" },
        { line: 3, column: 45, endLine: 3, endColumn: 46, messageIncludes: "`b`" },
      ],
    },
    {
      code: `${IMPORT}def f(name):\n    server.shell(commands=["systemctl restart {}".format(name)])\n`,
      findings: [{ line: 3, column: 58, endLine: 3, endColumn: 62, messageIncludes: "`name`" }],
    },
    {
      code: `${IMPORT}def f(name):\n    server.shell(commands="userdel " + name)\n`,
      findings: [{ line: 3, column: 40, endLine: 3, endColumn: 44, messageIncludes: "`name`" }],
    },
    {
      // A local name bound to a parameter, and a call result.
      code:
        `${IMPORT}def f(site):\n` +
        '    root = "/srv/" + site\n' +
        "    owner = get_owner()\n" +
        '    server.shell(commands=[f"chown {owner} {root}"])\n',
      findings: [
        { line: 5, column: 36, endLine: 5, endColumn: 43, messageIncludes: "`owner`" },
        { line: 5, column: 44, endLine: 5, endColumn: 50, messageIncludes: "`root`" },
      ],
    },
    {
      // Single quotes around the value end inside an `sh -c '...'` script, where it lands unquoted.
      code: `${IMPORT}def f(path):\n    server.shell(commands=[f"sh -c 'rm -rf {path}'"])\n`,
      findings: [{ line: 3, column: 44, endLine: 3, endColumn: 50, messageIncludes: "unquoted" }],
    },
    {
      // A join of a parameter: the finding spans the whole `{...}` of the f-string.
      code: `${IMPORT}def f(packages):\n    server.shell(commands=[f"paru -S {' '.join(packages)}"])\n`,
      findings: [{ line: 3, column: 38, endLine: 3, endColumn: 58, messageIncludes: "' '.join(packages)" }],
    },
    {
      // A for loop over a parameter.
      code: `${IMPORT}def f(packages):\n    for package in packages:\n        server.shell(commands=[f"pip install {package}"])\n`,
      findings: [{ line: 4, column: 46, endLine: 4, endColumn: 55, messageIncludes: "`package`" }],
    },
  ],
});
