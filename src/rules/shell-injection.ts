import { shellCommandSources } from "../shell/extract.js";
import { isShellSafeValue } from "../shell/value-safety.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

const MAX_SHOWN_LENGTH = 40;

function abbreviate(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  return flat.length > MAX_SHOWN_LENGTH ? `${flat.slice(0, MAX_SHOWN_LENGTH - 3)}...` : flat;
}

export const shellInjection: Rule = {
  code: "PIK404",
  name: "shell-injection",
  summary: "A run-time value put into a shell command without quoting",
  severity: "warning",
  fix: "none",
  docs: {
    whatItFinds:
      "A Python value that is not fixed in the source (a function parameter, `host.data.x`, a " +
      "variable built from them, a call) put into a `server.shell` command by an f-string, `%` " +
      "formatting, `.format()` or `+`, where the shell reads it unquoted or inside double quotes. " +
      "The command is parsed with the Bash grammar to see how the shell quotes each spot, also " +
      "inside `sh -c '...'` scripts.",
    whyItMatters:
      "The shell parses the value as code: a space splits it into two arguments, and `;`, `$(...)` " +
      "or a backtick runs another command, as root when the operation uses `_sudo`. Double quotes " +
      "stop word splitting but not `$(...)` and backticks. `shlex.quote` makes any value one " +
      "literal word.",
    example:
      "from pyinfra.operations import server\n\n\n" +
      "def remove_site(name):\n" +
      '    server.shell(name="Remove the site", commands=[f"rm -rf /var/www/{name}"], _sudo=True)\n',
    useInstead:
      "import shlex\n\nfrom pyinfra.operations import server\n\n\n" +
      "def remove_site(name):\n" +
      "    server.shell(\n" +
      '        name="Remove the site",\n' +
      '        commands=[f"rm -rf {shlex.quote(f\'/var/www/{name}\')}"],\n' +
      "        _sudo=True,\n" +
      "    )\n",
    fixSafety: "No fix is offered yet; wrapping a value in `shlex.quote` changes the command text.",
    options: "None.",
    knownLimits:
      "A value inside single quotes is not flagged, although a value that contains a `'` still ends " +
      "the quotes; quote such values with `shlex.quote` and drop the quotes. Values that are fixed " +
      "in the source count as safe: literals, module constants, local names bound only to such " +
      "values or to loops over literal lists, numbers (`int(...)`, `len(...)`, `%d`, `{x:d}`) " +
      "and results of `shlex.quote`, `shlex.join` and `pipes.quote`. Other sanitising functions " +
      "are not known and are flagged. Commands held in variables, and values in text the Bash " +
      "grammar cannot parse, are not checked.",
  },
  check({ file }) {
    const reports: RuleReport[] = [];
    for (const source of shellCommandSources(file)) {
      const reported = new Set<number>();
      for (const occurrence of source.script.occurrences) {
        if (occurrence.quoting !== "unquoted" && occurrence.quoting !== "double") continue;
        if (reported.has(occurrence.index)) continue;
        const interpolation = source.template.interpolations[occurrence.index];
        if (!interpolation || interpolation.numeric) continue;
        if (isShellSafeValue(interpolation.expression, file)) continue;
        reported.add(occurrence.index);
        const displayed = abbreviate(interpolation.expression.text);
        const where = occurrence.quoting === "double" ? "inside double quotes" : "unquoted";
        reports.push(
          reportAt(
            interpolation.node,
            `\`${displayed}\` is put into a shell command ${where}; pass it through \`shlex.quote(${displayed})\``,
          ),
        );
      }
    }
    return reports;
  },
};
