import { mutableFactCondition } from "./mutable-fact-condition.js";
import { testRule } from "./testing.js";

const HEADER = "from pyinfra import host\n";

const INSTALLER = '    server.shell(name="Install", commands=["curl -fsSL https://example.org/install.sh | bash"])\n';

/** Returns a deploy that runs `write` and then guards the installer on the `/opt/tool` folder. */
function guardAfter(write: string): string {
  return (
    HEADER +
    "from pyinfra.facts.files import Directory\n" +
    "from pyinfra.operations import files, server\n" +
    `${write}\n` +
    'if not host.get_fact(Directory, path="/opt/tool"):\n' +
    INSTALLER
  );
}

/** The finding on the guard of `guardAfter`. */
const GUARD_FINDING = { line: 5, column: 4, endLine: 5, endColumn: 50, messageIncludes: "branch on `Directory`" };

testRule(mutableFactCondition, {
  valid: [
    // A run-once guard around an installer that no operation replaces.
    HEADER +
      "from pyinfra.facts.files import Directory\n" +
      "from pyinfra.operations import server\n" +
      'if not host.get_fact(Directory, path="/opt/tool"):\n' +
      INSTALLER,
    HEADER +
      "from pyinfra.facts.server import Which\n" +
      "from pyinfra.operations import server\n" +
      'if not host.get_fact(Which, command="brew"):\n' +
      INSTALLER,
    // Parentheses and an `elif` do not change the guard.
    HEADER +
      "from pyinfra.facts.files import Directory\n" +
      "from pyinfra.operations import server\n" +
      'if (not (host.get_fact(Directory, path="/opt/tool"))):\n' +
      INSTALLER,
    HEADER +
      "from pyinfra.facts.server import Arch\n" +
      "from pyinfra.facts.files import Directory\n" +
      "from pyinfra.operations import server\n" +
      'if host.get_fact(Arch) == "armv7l":\n' +
      "    pass\n" +
      'elif not host.get_fact(Directory, path="/opt/tool"):\n' +
      INSTALLER,
    // Facts about the machine do not change during a run.
    HEADER +
      "from pyinfra.facts.server import LinuxName, Arch\n" +
      'if host.get_fact(LinuxName) == "Ubuntu" and host.get_fact(Arch) == "x86_64":\n' +
      "    pass\n",
    HEADER +
      "from pyinfra.facts.server import LinuxDistribution\n" +
      "distro = host.get_fact(LinuxDistribution)\n" +
      'if distro["major"] and distro["major"] >= 22:\n' +
      "    pass\n",
    // A mutable fact that is read but not branched on.
    HEADER +
      "from pyinfra.facts.server import Hostname\n" +
      "from pyinfra.operations import files\n" +
      "hostname = host.get_fact(Hostname)\n" +
      'files.template(name="Write motd", src="motd.j2", dest="/etc/motd", hostname=hostname)\n',
    // The legacy form is PIK104's.
    "if host.fact.file('/etc/app.conf'):\n    pass\n",
    // Inside an operation, facts are read when it runs.
    HEADER +
      "from pyinfra.api import operation\n" +
      "from pyinfra.facts.files import File\n" +
      "@operation()\n" +
      "def ensure_key(path):\n" +
      "    if not host.get_fact(File, path=path):\n" +
      '        yield f"openssl genrsa -out {path}"\n',
    // A `python.call` callback runs during execution.
    HEADER +
      "from pyinfra.facts.server import Which\n" +
      "from pyinfra.operations import python\n" +
      "def report():\n" +
      '    if host.get_fact(Which, command="docker"):\n' +
      '        print("docker is installed")\n' +
      'python.call(name="Report docker", function=report)\n',
    // A lambda passed as `_if` is called during execution.
    HEADER +
      "from pyinfra.facts.files import File\n" +
      "from pyinfra.operations import server\n" +
      "server.shell(\n" +
      '    name="Create key",\n' +
      '    commands=["openssl genrsa"],\n' +
      '    _if=lambda: None if host.get_fact(File, path="/k") else True,\n' +
      ")\n",
    // File facts on platform markers test the machine, not managed state.
    HEADER +
      "from pyinfra.facts.files import File, Directory\n" +
      'if not host.get_fact(File, path="/.dockerenv"):\n' +
      "    pass\n" +
      'if host.get_fact(Directory, "/sys/firmware/efi/"):\n' +
      "    pass\n",
    // `Which` on an init system or a base package manager tests the platform.
    HEADER +
      "from pyinfra.facts.server import Which\n" +
      'if host.get_fact(Which, command="systemctl"):\n' +
      "    pass\n" +
      'elif host.get_fact(Which, "apk"):\n' +
      "    pass\n",
    // A fact name that is not imported from pyinfra does not resolve.
    "from pyinfra import host\nfrom mylib import File\nif host.get_fact(File, path='/x'):\n    pass\n",
    // A star import from a module that has no such fact.
    "from pyinfra import host\nfrom pyinfra.facts.server import *\nif host.get_fact(File, path='/x'):\n    pass\n",
  ],
  invalid: [
    // An earlier operation creates the folder, so the fact read before it is stale.
    {
      code: guardAfter('files.directory(name="Make", path="/opt/tool")'),
      findings: [GUARD_FINDING],
    },
    // The same folder written with a trailing slash, and a file put inside it.
    {
      code: guardAfter('files.directory(name="Make", path="/opt/tool/")'),
      findings: [GUARD_FINDING],
    },
    {
      code: guardAfter('files.put(name="Put", src="a.txt", dest="/opt/tool/a.txt")'),
      findings: [GUARD_FINDING],
    },
    // An earlier package operation may install the command.
    {
      code:
        HEADER +
        "from pyinfra.facts.server import Which\n" +
        "from pyinfra.operations import apt, server\n" +
        'apt.packages(name="Install", packages=["brew"])\n' +
        'if not host.get_fact(Which, command="brew"):\n' +
        INSTALLER,
      findings: [{ line: 5, column: 4, endLine: 5, endColumn: 44, messageIncludes: "branch on `Which`" }],
    },
    // A guarded command with a native form is state an operation manages.
    {
      code:
        HEADER +
        "from pyinfra.facts.files import Directory\n" +
        "from pyinfra.operations import server\n" +
        'if not host.get_fact(Directory, path="/srv/app"):\n' +
        '    server.shell(name="Make", commands=["mkdir -p /srv/app"])\n',
      findings: [{ line: 4, column: 4, endLine: 4, endColumn: 49, messageIncludes: "let `files.directory(...)` manage" }],
    },
    {
      code:
        HEADER +
        "from pyinfra.facts.files import File\n" +
        'if not host.get_fact(File, path="/etc/app/key.pem"):\n' +
        "    pass\n",
      findings: [{ line: 3, column: 4, endLine: 3, endColumn: 52, messageIncludes: "`files.file(...)`" }],
    },
    {
      // Through a local variable, and through the module object.
      code:
        HEADER +
        "from pyinfra.facts import systemd\n" +
        "def deploy():\n" +
        "    status = host.get_fact(systemd.SystemdStatus)\n" +
        '    if status.get("nginx"):\n' +
        "        pass\n",
      findings: [{ line: 5, column: 8, endLine: 5, endColumn: 27, messageIncludes: "`SystemdStatus`" }],
    },
    {
      // `elif`, `while`, a conditional expression and a comprehension `if`.
      code:
        HEADER +
        "from pyinfra.facts.server import Which, Users\n" +
        "from pyinfra.facts.deb import DebPackages\n" +
        "packages = host.get_fact(DebPackages)\n" +
        "if False:\n" +
        "    pass\n" +
        'elif host.get_fact(Which, command="git"):\n' +
        "    pass\n" +
        'while "nginx" in packages:\n' +
        "    break\n" +
        'tool = "docker" if host.get_fact(Which, command="docker") else "podman"\n' +
        'names = [n for n in ["a", "b"] if n in host.get_fact(Users)]\n',
      findings: [
        { line: 7, column: 6, endLine: 7, endColumn: 41, messageIncludes: "`server.packages(...)`" },
        { line: 9, column: 7, endLine: 9, endColumn: 26, messageIncludes: "`apt.packages(...)`" },
        { line: 11, column: 20, endLine: 11, endColumn: 58, messageIncludes: "`Which`" },
        { line: 12, column: 35, endLine: 12, endColumn: 60, messageIncludes: "`server.user(...)`" },
      ],
    },
    {
      // A star import, and a re-exported name that resolves to `crontab.Crontab`.
      code:
        HEADER +
        "from pyinfra.facts.server import *\n" +
        "if host.get_fact(Crontab) and host.get_fact(Mounts):\n" +
        "    pass\n",
      findings: [
        {
          line: 3,
          column: 4,
          endLine: 3,
          endColumn: 52,
          messageIncludes: "branch on `Crontab` and `Mounts` (read before any operation runs); let `crontab.crontab(...)`",
        },
      ],
    },
    {
      // Aliased imports resolve; facts that no operation manages get the general advice.
      code:
        HEADER +
        "from pyinfra.facts.files import Socket as Sock\n" +
        'if host.get_fact(Sock, path="/run/app.sock"):\n' +
        "    pass\n",
      findings: [
        { line: 3, column: 4, endLine: 3, endColumn: 45, messageIncludes: "let an operation manage that state" },
      ],
    },
    {
      // A nested function that is not a callback is still plan-time code.
      code:
        HEADER +
        "from pyinfra.facts.files import Directory\n" +
        "from pyinfra.operations import python\n" +
        "def helper():\n" +
        '    return 1 if host.get_fact(Directory, path="/srv") else 0\n' +
        'python.call(name="Other", function=print)\n',
      findings: [{ line: 5, column: 17, endLine: 5, endColumn: 54, messageIncludes: "`files.directory(...)`" }],
    },
    {
      // A conditional expression that reads the look-up through its variable.
      code:
        HEADER +
        "from pyinfra.facts.files import Link\n" +
        'target = host.get_fact(Link, path="/etc/localtime")\n' +
        'zone = "set" if target else "unset"\n',
      findings: [{ line: 4, column: 17, endLine: 4, endColumn: 23, messageIncludes: "`files.link(...)`" }],
    },
    {
      // `Which` on a tool that deploys install is managed state.
      code:
        HEADER +
        "from pyinfra.facts.server import Which\n" +
        'if not host.get_fact(Which, command="brew"):\n' +
        "    pass\n",
      findings: [{ line: 3, column: 4, endLine: 3, endColumn: 44, messageIncludes: "`Which`" }],
    },
    {
      // Other paths of a file fact are managed state, even under /etc.
      code:
        HEADER +
        "from pyinfra.facts.files import File\n" +
        'if host.get_fact(File, path="/etc/os-release.d/app"):\n' +
        "    pass\n",
      findings: [{ line: 3, column: 4, endLine: 3, endColumn: 53 }],
    },
  ],
});
