import { missingName } from "./missing-name.js";
import { testRule } from "./testing.js";

testRule(missingName, {
  valid: [
    'from pyinfra.operations import apt\napt.packages(name="Install nginx", packages=["nginx"])\n',
    'from pyinfra.operations import apt\napt.packages(packages=["nginx"], **common)\n',
    // Not a pyinfra operation: `apt` is a local object.
    'apt = object()\napt.packages(packages=["nginx"])\n',
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import apt\napt.packages(packages=["nginx"])\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 13, messageIncludes: "apt.packages" }],
    },
    {
      code: 'import pyinfra.operations.server as srv\n\ndef deploy():\n    srv.shell(commands=["ls"])\n',
      findings: [{ line: 4, column: 5, endLine: 4, endColumn: 14, messageIncludes: "server.shell" }],
    },
    {
      code: 'from pyinfra.operations.files import directory\ndirectory("/srv/app")\n',
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 10, messageIncludes: "files.directory" }],
    },
  ],
});
