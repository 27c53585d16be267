import { missingName } from "./missing-name.js";
import { testRule } from "./testing.js";

testRule(missingName, {
  valid: [
    'from pyinfra.operations import apt\napt.packages(name="Install nginx", packages=["nginx"])\n',
    'from pyinfra.operations import apt\napt.packages(packages=["nginx"], **common)\n',
    // Not a pyinfra operation: `apt` is a local object.
    'apt = object()\napt.packages(packages=["nginx"])\n',
    // `any_changed` lives under `pyinfra.operations` but is a helper, not an operation.
    "from pyinfra.operations.util import any_changed\nfrom pyinfra.operations import files\n" +
      'a = files.put(name="A", src="a", dest="/etc/a")\ncheck = any_changed(a)\n',
    // The pyinfra 0.x name set, which PIK104 turns into `name=`.
    'from pyinfra.operations import apt\napt.packages({"Install vim"}, ["vim"])\n',
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import apt\napt.packages(packages=["nginx"])\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13, messageIncludes: "apt.packages" }],
      output: 'from pyinfra.operations import apt\napt.packages(name="Install apt packages: nginx", packages=["nginx"])\n',
    },
    {
      code: 'import pyinfra.operations.server as srv\n\ndef deploy():\n    srv.shell(commands=["ls"])\n',
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 14, messageIncludes: "server.shell" }],
      output: 'import pyinfra.operations.server as srv\n\ndef deploy():\n    srv.shell(name="Run ls", commands=["ls"])\n',
    },
    {
      code: 'from pyinfra.operations.files import directory\ndirectory("/srv/app")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10, messageIncludes: "files.directory" }],
      output: 'from pyinfra.operations.files import directory\ndirectory("/srv/app", name="Ensure directory /srv/app")\n',
    },
    // One argument per line: the name gets its own line and the comment stays.
    {
      code: 'from pyinfra.operations import files\nfor path in PATHS:\n    files.directory(\n        path,\n        user="app",  # owner\n    )\n',
      findings: [{ line: 3, column: 5, endLine: 3, endColumn: 20 }],
      output:
        'from pyinfra.operations import files\nfor path in PATHS:\n    files.directory(\n        path,\n' +
        '        name=f"Ensure directory {path}",\n        user="app",  # owner\n    )\n',
    },
    {
      code: 'from pyinfra.operations import apt\napt.packages(packages=["nginx"], present=False, _sudo=True)\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
      output:
        'from pyinfra.operations import apt\n' +
        'apt.packages(name="Remove apt packages: nginx", packages=["nginx"], present=False, _sudo=True)\n',
    },
    // An f-string argument is reused inside the name, with its quotes.
    {
      code: "from pyinfra.operations import files\nfiles.put(src='a', dest=f'/etc/{name}/\"x\".conf')\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10 }],
      output:
        "from pyinfra.operations import files\n" +
        "files.put(name=f'Upload /etc/{name}/\"x\".conf', src='a', dest=f'/etc/{name}/\"x\".conf')\n",
    },
    {
      code: "from pyinfra.operations import python\npython.call(function=deploy_app)\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 12 }],
      output: 'from pyinfra.operations import python\npython.call(name="Call deploy_app", function=deploy_app)\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["systemctl daemon-reload", "ls"])\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
      output:
        'from pyinfra.operations import server\n' +
        'server.shell(name="Run systemctl daemon-reload; ls", commands=["systemctl daemon-reload", "ls"])\n',
    },
    {
      code: 'from pyinfra.operations import systemd\nsystemd.service(service="nginx", running=False)\nsystemd.daemon_reload()\n',
      findings: [
        { line: 2, column: 1, endLine: 2, endColumn: 16 },
        { line: 3, column: 1, endLine: 3, endColumn: 22 },
      ],
      output:
        'from pyinfra.operations import systemd\n' +
        'systemd.service(name="Stop service nginx", service="nginx", running=False)\n' +
        'systemd.daemon_reload(name="Reload systemd units")\n',
    },
    // An existing user gains a group: the name must not claim the user is created.
    {
      code: 'from pyinfra.operations import server\nserver.user(user="deploy", groups=["docker"], append=True)\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 12 }],
      output:
        'from pyinfra.operations import server\n' +
        'server.user(name="Ensure user deploy", user="deploy", groups=["docker"], append=True)\n',
    },
    // A list held in a variable is left out of the name rather than printed as a Python list.
    {
      code: "from pyinfra.operations import apt\napt.packages(packages=PACKAGES)\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
      output: 'from pyinfra.operations import apt\napt.packages(name="Install apt packages", packages=PACKAGES)\n',
    },
    {
      code: 'from pyinfra.operations import docker\ndocker.container(container="web", image="nginx")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 17 }],
      output: 'from pyinfra.operations import docker\ndocker.container(name="Docker container web", container="web", image="nginx")\n',
    },
  ],
});
