import { syntaxError } from "./syntax-error.js";
import { testRule } from "./testing.js";

testRule(syntaxError, {
  valid: [
    "from pyinfra.operations import apt\n",
    "def f():\n    return {'a': (1, [2])}\n",
    "s = '(' + \"[\"  # a bracket in a string ( is fine\n",
  ],
  invalid: [
    {
      code: 'from pyinfra.operations import apt\n\napt.packages(name="x", packages=["curl"]\n',
      findings: [{ line: 3, column: 13, endLine: 3, endColumn: 14, messageIncludes: "`(` is never closed" }],
    },
    {
      code: "def install(:\n    pass\n",
      findings: [{ line: 1, column: 13, endLine: 1, endColumn: 13, messageIncludes: "missing `)`" }],
    },
    {
      code: 'from pyinfra.operations import apt\n\napt.packages(name="x", packages=["curl"]  # noqa\n',
      findings: [{ line: 3, column: 13, endLine: 3, endColumn: 14, messageIncludes: "`(` is never closed" }],
    },
    {
      code: "x = [1, 2\ny = 3\n",
      findings: [{ line: 1, column: 5, endLine: 1, endColumn: 6, messageIncludes: "`[` is never closed" }],
    },
  ],
});
