import { firstSyntaxError } from "../python/parser.js";
import { SYNTAX_ERROR_CODE } from "./codes.js";
import type { Rule } from "./types.js";
import { reportAt } from "./types.js";

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Returns the offset of the first bracket in `text` that is never closed, ignoring strings. */
function unclosedBracket(text: string): number | null {
  const open: number[] = [];
  let quote: string | null = null;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quote) {
      if (character === "\\") index++;
      else if (character === quote) quote = null;
      continue;
    }
    if (character === "'" || character === '"') quote = character;
    else if (character === "#") {
      const end = text.indexOf("\n", index);
      if (end < 0) break;
      index = end;
    } else if (character in CLOSERS) open.push(index);
    else if (character === ")" || character === "]" || character === "}") {
      const last = open.pop();
      if (last === undefined || CLOSERS[text[last]] !== character) return last ?? null;
    }
  }
  return open.length > 0 ? open[0] : null;
}


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
    options: "None. A `# noqa` comment does not hide it, because a file that does not parse cannot run.",
    knownLimits:
      "Only the first error of a file is reported. The parser accepts some code that " +
      "CPython rejects, such as a `return` outside a function.",
  },
  check({ file }) {
    const error = firstSyntaxError(file.root);
    if (!error) return [];
    const suffix = "; the file does not parse, so no other rule checked it";
    if (error.isMissing) {
      return [reportAt(error, `syntax error: missing \`${error.type}\`${suffix}`)];
    }
    const unclosed = unclosedBracket(error.text);
    if (unclosed !== null) {
      const start = error.startIndex + unclosed;
      return [
        {
          start,
          end: start + 1,
          message: `syntax error: \`${error.text[unclosed]}\` is never closed${suffix}`,
        },
      ];
    }
    const text = error.text.trim().split("\n")[0].slice(0, 40);
    const what = text ? `unexpected \`${text}\`` : "invalid syntax";
    return [reportAt(error, `syntax error: ${what}${suffix}`)];
  },
};
