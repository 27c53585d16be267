import { missingArgument } from "./missing-argument.js";
import { testRule } from "./testing.js";

testRule(missingArgument, {
  valid: [
    'from pyinfra.operations import files\nfiles.template(src="a.j2", dest="/etc/a")\n',
    // Positional arguments fill the required parameters in order.
    'from pyinfra.operations import files\nfiles.put("a", "/etc/a")\n',
    'from pyinfra.operations import server\nserver.shell("ls")\n',
    // Splats may fill anything.
    "from pyinfra.operations import files\nfiles.put(*paths)\n",
    "from pyinfra.operations import files\nfiles.put(**arguments)\n",
    // Operations without required parameters.
    "from pyinfra.operations import apt\napt.update()\n",
    // Unknown operations are PIK101's.
    "from pyinfra.operations import files\nfiles.templates()\n",
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import files\nfiles.template(src="a.j2", user="root")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 15, messageIncludes: "argument `dest`" }],
    },
    {
      code: "from pyinfra.operations import files\nfiles.put()\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10, messageIncludes: "arguments `src` and `dest`" }],
    },
    {
      code: 'from pyinfra.operations import files\nfiles.put("a")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10, messageIncludes: "argument `dest`" }],
    },
    {
      code: 'from pyinfra.operations import server\n\ndef setup():\n    server.shell(name="List")\n',
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 17, messageIncludes: "`commands`" }],
    },
    {
      // A deprecated alias is checked against the operation it forwards to.
      code: "from pyinfra.operations import postgresql\npostgresql.role(present=False)\n",
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 16, messageIncludes: "`role`" }],
    },
  ],
});
