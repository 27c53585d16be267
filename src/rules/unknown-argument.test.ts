import { testRule } from "./testing.js";
import { unknownArgument } from "./unknown-argument.js";

testRule(unknownArgument, {
  valid: [
    'from pyinfra.operations import apt\napt.packages(name="Install", packages=["nginx"], _sudo=True, _if=f)\n',
    'from pyinfra.operations import server\nserver.shell("ls", _retries=2, _retry_delay=5, _env={"A": "1"})\n',
    // Extra keywords of `files.template` are template data.
    'from pyinfra.operations import files\nfiles.template("a.j2", "/etc/a", version="1.2", env="prod")\n',
    // `python.call` passes extra keywords to the function.
    "from pyinfra.operations import python\npython.call(function=f, value=1, _sudo=True)\n",
    // `env` is a parameter of `docker.container_exec`, not the old global argument.
    'from pyinfra.operations import docker\ndocker.container_exec(container="c", command="ls", env={"A": "1"})\n',
    // Legacy names are reported by PIK104, not here.
    'from pyinfra.operations import server\nserver.user(user="bob", sudo=True, _use_sudo_password=True, state=state)\n',
    // A deprecated alias is checked against the operation it forwards to.
    'from pyinfra.operations import postgresql\npostgresql.role(role="app", psql_user="admin")\n',
    // Keywords passed through `**kwargs` are not known.
    "from pyinfra.operations import files\nfiles.put(**arguments)\n",
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import apt\napt.packages(name="Install", package=["nginx"])\n',
      findings: [{ line: 2, column: 30, endLine: 2, endColumn: 37, messageIncludes: "`packages`" }],
    },
    {
      // A misspelt global argument in an operation that takes `**kwargs`.
      code: 'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a", _sduo=True)\n',
      findings: [{ line: 2, column: 43, endLine: 2, endColumn: 48, messageIncludes: "`_sudo`" }],
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell(commands=["ls"], _sudo_usr="app")\n',
      findings: [{ line: 2, column: 31, endLine: 2, endColumn: 40, messageIncludes: "`_sudo_user`" }],
    },
    {
      code: 'from pyinfra.operations import server\nserver.shell("ls", "extra", "more")\n',
      findings: [{ line: 2, column: 20, endLine: 2, endColumn: 35, messageIncludes: "at most 1 positional argument, got 3" }],
    },
    {
      code: 'from pyinfra.operations import files\nfiles.put("a", "/b", src="c")\n',
      findings: [{ line: 2, column: 22, endLine: 2, endColumn: 25, messageIncludes: "passed by position and again by keyword" }],
    },
    {
      code: 'from pyinfra.operations import postgresql\npostgresql.role(role="app", rolee=1)\n',
      findings: [{ line: 2, column: 29, endLine: 2, endColumn: 34, messageIncludes: "`role`" }],
    },
    {
      // With no close name, the message names only the problem.
      code: 'from pyinfra.operations import server\n\ndef setup():\n    server.shell(commands=["ls"], colour=True)\n',
      findings: [{ line: 4, column: 35, endLine: 4, endColumn: 41, messageIncludes: "has no argument `colour`" }],
    },
    {
      // A shared ending suggests the parameter, not a global argument of similar spelling.
      code: 'from pyinfra.operations import ssh\nssh.command(hostname="two", command="ls", ssh_user="vagrant")\n',
      findings: [{ line: 2, column: 43, endLine: 2, endColumn: 51, messageIncludes: "did you mean `user`?" }],
    },
    {
      code: 'from pyinfra.operations import postgres\npostgres.load(src="a.sql", database="app")\n',
      findings: [{ line: 2, column: 28, endLine: 2, endColumn: 36, messageIncludes: "did you mean `psql_database`?" }],
    },
  ],
});
