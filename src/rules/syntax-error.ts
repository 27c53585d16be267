import { firstSyntaxError } from "../python/parser.js";
import type { Rule } from "./types.js";

export const SYNTAX_ERROR_CODE = "PIK100";

export const syntaxError: Rule = {
  code: SYNTAX_ERROR_CODE,
  name: "syntax-error",
  summary: "A Python file that does not parse",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A Python file that does not parse, or that cannot be read as UTF-8 text. " +
      "The finding sits at the first syntax error.",
    whyItMatters:
      "pyinfra imports deploy files; a file that does not parse fails the whole run " +
      "before any host is touched, and no other rule can check it.",
    example: "from pyinfra.operations import apt\n\napt.packages(name=\"Install nginx\", packages=[\"nginx\"]\n",
    useInstead: "from pyinfra.operations import apt\n\napt.packages(name=\"Install nginx\", packages=[\"nginx\"])\n",
    fixSafety: "No fix: the intended code is not known.",
    options: "None.",
    knownLimits:
      "Only the first error of a file is reported. The parser accepts some code that " +
      "CPython rejects, such as a `return` outside a function.",
  },
  check({ file }) {
    const error = firstSyntaxError(file.root);
    if (!error) return [];
    const what = error.isMissing
      ? `missing \`${error.type}\``
      : error.text.trim()
        ? `unexpected \`${error.text.trim().split("\n")[0].slice(0, 40)}\``
        : "invalid syntax";
    return [
      {
        start: error.startIndex,
        end: Math.max(error.endIndex, error.startIndex),
        message: `syntax error: ${what}; the file does not parse, so no other rule checked it`,
      },
    ];
  },
};
