import { legacyApi } from "./legacy-api.js";
import { testRule } from "./testing.js";

testRule(legacyApi, {
  valid: [
    // The 3.x form of the config setting, and a SUDO that is not at module level.
    "from pyinfra import config\nconfig.SUDO = True\n",
    "def settings():\n    SUDO = True\n    return SUDO\n",
    'from pyinfra.operations import server\nserver.shell(commands=["ls"], _sudo=True, _sudo_password=p)\n',
    'from pyinfra.api import deploy\n\n@deploy("Install")\ndef install():\n    pass\n',
    "from pyinfra.api import deploy\n\n@deploy()\ndef install():\n    pass\n",
    // `env` and `timeout` are parameters of these operations.
    'from pyinfra.operations import docker\ndocker.container_exec(container="c", command="ls", env={"A": "1"})\n',
    'from pyinfra.operations import runit\nrunit.wait_runsv(timeout=10)\n',
    // Names that template data may well use are not taken as legacy there.
    'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a", env="prod", timeout=30)\n',
    // `state` and `host` reach the template or the function as data.
    'from pyinfra.operations import files, python\nfiles.template(src="a.j2", dest="/etc/a", host=host)\npython.call(function=f, state=state, host=host)\n',
    // A helper that receives the host is ordinary 3.x code.
    'from pyinfra.operations import apt\n\ndef install(host):\n    apt.packages(packages=["nginx"])\n',
    // `state` in a function without operations is someone else's state.
    "def reduce(state, action):\n    return state\n",
    // `host.data` and `host.get_fact` are the 3.x way.
    "from pyinfra import host\nfrom pyinfra.facts.server import LinuxName\nname = host.get_fact(LinuxName)\nx = host.data.x\n",
    // A `fact` attribute of something that is not the host.
    "x = config.fact.linux_name\n",
    // A set of packages, and a name set next to a `name=` keyword, are not the 0.x name form.
    'from pyinfra.operations import apt\napt.packages(name="Install", packages={"vim", "git"})\n',
    'from pyinfra.operations import apt\napt.packages({"vim"}, name="Install vim")\n',
    // A set of one package name, without a space, is valid pyinfra 3 code.
    'from pyinfra.operations import apt\napt.packages({"vim"})\n',
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import apt\napt.packages({"Install vim"}, ["vim"], _sudo=True)\n',
      findings: [
        {
          line: 2,
          column: 14,
          endLine: 2,
          endColumn: 29,
          messageIncludes: 'binds it to `packages` and each later positional argument one parameter too far; pass `name="Install vim"` instead [positional-name]',
        },
      ],
      output: 'from pyinfra.operations import apt\napt.packages(["vim"], _sudo=True, name="Install vim")\n',
    },
    // A trailing comma stays last.
    {
      code: 'from pyinfra.operations import apt\napt.packages({"Install vim"}, ["vim"], _sudo=True,)\n',
      findings: [{ line: 2, column: 14, endLine: 2, endColumn: 29, messageIncludes: "[positional-name]" }],
      output: 'from pyinfra.operations import apt\napt.packages(["vim"], _sudo=True, name="Install vim",)\n',
    },
    // A comment in the set would be lost, so no fix is offered (a case without `output` has none).
    {
      code: 'from pyinfra.operations import apt\napt.packages({\n    "Install vim",  # keep\n}, ["vim"])\n',
      findings: [{ line: 2, column: 14, endLine: 4, endColumn: 2, messageIncludes: "[positional-name]" }],
    },
    // With `name=` passed too, the set is only removed by hand.
    {
      code: 'from pyinfra.operations import apt\napt.packages({"Install vim"}, ["vim"], name="Other")\n',
      findings: [
        { line: 2, column: 14, endLine: 2, endColumn: 29, messageIncludes: "the call passes `name=` as well, so remove the set" },
      ],
    },
    // `**kwargs` may pass a name as well.
    {
      code: 'from pyinfra.operations import apt\napt.packages({"Install vim"}, ["vim"], **options)\n',
      findings: [{ line: 2, column: 14, endLine: 2, endColumn: 29, messageIncludes: "[positional-name]" }],
    },
    // A module constant, parentheses and implicit concatenation.
    {
      code: 'from pyinfra.operations import apt\nNAME = "Install vim"\napt.packages({NAME}, ["vim"])\n',
      findings: [{ line: 3, column: 14, endLine: 3, endColumn: 20, messageIncludes: "pass `name=NAME` instead" }],
      output: 'from pyinfra.operations import apt\nNAME = "Install vim"\napt.packages(["vim"], name=NAME)\n',
    },
    {
      code: 'from pyinfra.operations import apt\napt.packages({("Install" " vim")}, ["vim"])\n',
      findings: [{ line: 2, column: 14, endLine: 2, endColumn: 34, messageIncludes: "[positional-name]" }],
      output: 'from pyinfra.operations import apt\napt.packages(["vim"], name=("Install" " vim"))\n',
    },
    // The set itself in parentheses.
    {
      code: 'from pyinfra.operations import apt\napt.packages(({"Install vim"}))\n',
      findings: [{ line: 2, column: 15, endLine: 2, endColumn: 30, messageIncludes: "[positional-name]" }],
      output: 'from pyinfra.operations import apt\napt.packages(name="Install vim")\n',
    },
    // The 0.x call inside a deploy function also passed `state, host` first.
    {
      code: 'from pyinfra.operations import apt\napt.packages(state, host, {"Install vim"}, ["vim"])\n',
      findings: [
        { line: 2, column: 27, endLine: 2, endColumn: 42, messageIncludes: "`state, host` and a set in the first positions are" },
      ],
      output: 'from pyinfra.operations import apt\napt.packages(["vim"], name="Install vim")\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell({"Run it"})\n',
      findings: [{ line: 2, column: 14, endLine: 2, endColumn: 24, messageIncludes: "binds it to `commands`" }],
      output: 'from pyinfra.operations import server\nserver.shell(name="Run it")\n',
    },
    {
      code: 'from pyinfra.operations import apt\napt.packages(\n    {\n        "Install {}".format(v),\n    },\n    [v],\n)\n',
      findings: [{ line: 3, column: 5, endLine: 5, endColumn: 6, messageIncludes: 'pass `name="Install {}".format(v)` instead' }],
      output: 'from pyinfra.operations import apt\napt.packages(\n    [v],\n    name="Install {}".format(v),\n)\n',
    },
    {
      code: "# config.py\nSUDO = True\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 12, messageIncludes: "[bare-config-setting]" }],
    },
    {
      code: "from pyinfra import host\nif host.fact.linux_name == 'Debian':\n    pass\n",
      findings: [
        { line: 2, column: 4, endLine: 2, endColumn: 24, messageIncludes: "`host.get_fact(LinuxName)`" },
      ],
      output:
        "from pyinfra import host\nfrom pyinfra.facts.server import LinuxName\nif host.get_fact(LinuxName) == 'Debian':\n    pass\n",
    },
    {
      // The call form of a legacy fact with an argument.
      code: "def check(host):\n    return host.fact.file('/etc/app.conf')\n",
      findings: [{ line: 2, column: 12, endLine: 2, endColumn: 43, messageIncludes: "pyinfra.facts.files import File" }],
      output:
        "from pyinfra.facts.files import File\n\ndef check(host):\n    return host.get_fact(File, '/etc/app.conf')\n",
    },
    {
      code: "from pyinfra import host\nx = host.fact.no_such_fact\n",
      findings: [{ line: 2, column: 5, endLine: 2, endColumn: 27, messageIncludes: "[fact-attribute]" }],
    },
    {
      code: 'from pyinfra.operations import apt\napt.packages(packages=["nginx"], sudo=True, sudo_user="app")\n',
      findings: [
        { line: 2, column: 34, endLine: 2, endColumn: 38, messageIncludes: "use `_sudo=` [unprefixed-global-argument]" },
        { line: 2, column: 45, endLine: 2, endColumn: 54, messageIncludes: "use `_sudo_user=`" },
      ],
      output:
        'from pyinfra.operations import apt\napt.packages(packages=["nginx"], _sudo=True, _sudo_user="app")\n',
    },
    {
      // `files.template` takes the old name as template data, silently.
      code: 'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a", sudo=True)\n',
      findings: [{ line: 2, column: 43, endLine: 2, endColumn: 47, messageIncludes: "as data, so it has no effect" }],
      output: 'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a", _sudo=True)\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], ignore_errors=True, env={"A": "1"})\n',
      findings: [
        { line: 2, column: 31, endLine: 2, endColumn: 44, messageIncludes: "`_ignore_errors=`" },
        { line: 2, column: 51, endLine: 2, endColumn: 54, messageIncludes: "`_env=`" },
      ],
      output:
        'from pyinfra.operations import server\nserver.shell(commands=["ls"], _ignore_errors=True, _env={"A": "1"})\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], _use_sudo_password=True)\n',
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 49, messageIncludes: "`_sudo_password=` [renamed-global-argument]" }],
      output: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], _sudo_password=True)\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], use_sudo_password=True)\n',
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 48, messageIncludes: "`_sudo_password=`" }],
      output: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], _sudo_password=True)\n',
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], _precondition="test -f /a")\n',
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 44, messageIncludes: "[removed-global-argument]" }],
    },
    {
      code: 'from pyinfra.operations import postgres\npostgres.role(role="app", postgresql_user="admin")\n',
      findings: [{ line: 2, column: 27, endLine: 2, endColumn: 42, messageIncludes: "`psql_user=` [renamed-operation-argument]" }],
      output: 'from pyinfra.operations import postgres\npostgres.role(role="app", psql_user="admin")\n',
    },
    {
      code:
        "from pyinfra.api import deploy\nfrom pyinfra.operations import apt\n\n" +
        "@deploy\ndef install(state, host):\n" +
        '    apt.packages(packages=["nginx"], state=state, host=host)\n',
      findings: [
        { line: 4, column: 1, endLine: 4, endColumn: 8, messageIncludes: "[bare-deploy-decorator]" },
        { line: 5, column: 13, endLine: 5, endColumn: 24, messageIncludes: "[state-host-parameter]" },
        { line: 6, column: 38, endLine: 6, endColumn: 43, messageIncludes: "[state-host-argument]" },
        { line: 6, column: 51, endLine: 6, endColumn: 55, messageIncludes: "[state-host-argument]" },
      ],
      output:
        'from pyinfra.api import deploy\nfrom pyinfra.operations import apt\n\n@deploy()\ndef install():\n    apt.packages(packages=["nginx"])\n',
    },
    {
      // Without `@deploy`, a function that calls operations and takes `state`.
      code: 'from pyinfra.operations import apt\n\ndef install(state, host=None):\n    apt.packages(packages=["a"])\n',
      findings: [{ line: 3, column: 13, endLine: 3, endColumn: 24, messageIncludes: "`from pyinfra import host, state`" }],
      output: 'from pyinfra.operations import apt\n\ndef install():\n    apt.packages(packages=["a"])\n',
    },
    {
      code: 'from pyinfra.api.deploy import deploy\n\n@deploy("Install")\ndef install(host):\n    pass\n',
      findings: [{ line: 4, column: 13, endLine: 4, endColumn: 17, messageIncludes: "as a parameter" }],
      output: 'from pyinfra.api.deploy import deploy\n\n@deploy("Install")\ndef install():\n    pass\n',
    },
    {
      code: 'from pyinfra.operations import postgresql\npostgresql.sql("SELECT 1", psql_database="app")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 15, messageIncludes: "use `postgres.sql` [deprecated-operation]" }],
    },
    {
      // No `deprecated_for`: the replacement is found in the `postgres` module.
      code: 'from pyinfra.operations import postgresql\npostgresql.database(database="app")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 20, messageIncludes: "use `postgres.database`" }],
    },
    {
      code: "from pyinfra import host\nfrom pyinfra.facts.postgresql import PostgresqlRoles\nroles = host.get_fact(PostgresqlRoles)\n",
      findings: [{ line: 3, column: 23, endLine: 3, endColumn: 38, messageIncludes: "`PostgresRoles` from `pyinfra.facts.postgres`" }],
    },
    {
      // Fact look-ups reject the unprefixed global arguments as well.
      code: 'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, "/root/.ssh/id_rsa", sudo=True)\n',
      findings: [{ line: 3, column: 46, endLine: 3, endColumn: 50, messageIncludes: "use `_sudo=` [unprefixed-global-argument]" }],
      output:
        'from pyinfra import host\nfrom pyinfra.facts.files import File\nf = host.get_fact(File, "/root/.ssh/id_rsa", _sudo=True)\n',
    },
    {
      // The body reads `host`, so it is imported once the parameter is gone.
      code:
        "from pyinfra.api import deploy\nfrom pyinfra.operations import apt\n\n@deploy()\ndef install(state, host):\n" +
        '    if host.data.get("web"):\n        apt.packages(packages=["nginx"], _sudo=True)\n',
      findings: [{ line: 5, column: 13, endLine: 5, endColumn: 24, messageIncludes: "[state-host-parameter]" }],
      output:
        "from pyinfra.api import deploy\nfrom pyinfra.operations import apt\nfrom pyinfra import host\n\n" +
        '@deploy()\ndef install():\n    if host.data.get("web"):\n        apt.packages(packages=["nginx"], _sudo=True)\n',
    },
    {
      // `_sudo=` is passed already: renaming would repeat the keyword, so no fix.
      code: 'from pyinfra.operations import apt\napt.packages(packages=["nginx"], sudo=True, _sudo=True)\n',
      findings: [{ line: 2, column: 34, endLine: 2, endColumn: 38, messageIncludes: "use `_sudo=`" }],
    },
    {
      // Two facts of one module: the existing import gains the second class.
      code:
        "from pyinfra import host\nfrom pyinfra.facts.server import LinuxName\n" +
        'if host.fact.linux_name == "Debian" and host.fact.arch == "x86_64":\n    pass\n',
      findings: [
        { line: 3, column: 4, endLine: 3, endColumn: 24 },
        { line: 3, column: 41, endLine: 3, endColumn: 55 },
      ],
      output:
        "from pyinfra import host\nfrom pyinfra.facts.server import Arch, LinuxName\n" +
        'if host.get_fact(LinuxName) == "Debian" and host.get_fact(Arch) == "x86_64":\n    pass\n',
    },
    {
      code:
        'from pyinfra.operations import apt\n\ndef install(state, host):\n    apt.packages(\n        packages=["nginx"],\n' +
        "        state=state,\n        host=host,\n    )\n",
      findings: [
        { line: 3, column: 13, endLine: 3, endColumn: 24 },
        { line: 6, column: 9, endLine: 6, endColumn: 14 },
        { line: 7, column: 9, endLine: 7, endColumn: 13 },
      ],
      output: 'from pyinfra.operations import apt\n\ndef install():\n    apt.packages(\n        packages=["nginx"],\n    )\n',
    },
    {
      // The comment belongs to the removed argument, so the argument stays.
      code: 'from pyinfra.operations import apt\napt.packages(\n    packages=["nginx"],\n    state=state,  # legacy\n)\n',
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 10, messageIncludes: "[state-host-argument]" }],
    },
  ],
});
