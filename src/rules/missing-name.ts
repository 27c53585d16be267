import { insertFirstKeyword } from "../fix/arguments.js";
import { operationName } from "../fix/operation-name.js";
import type { Rule } from "./types.js";
import { reportAt } from "./types.js";
import { positionalName } from "./legacy-forms.js";

export const missingName: Rule = {
  code: "PIK501",
  name: "missing-name",
  summary: "An operation call without `name=`",
  severity: "warning",
  fix: "always",
  docs: {
    whatItFinds: "A call to a pyinfra operation that passes no `name=` argument.",
    whyItMatters:
      "pyinfra prints the name in its plan and results. Without one it makes up a name " +
      "from the operation and its arguments, which is hard to read in a dry-run and " +
      "changes whenever an argument changes.",
    example: 'from pyinfra.operations import apt\n\napt.packages(packages=["nginx"], _sudo=True)\n',
    useInstead:
      'from pyinfra.operations import apt\n\napt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n',
    fixSafety:
      "The fix adds a `name=` built from the operation and its main argument, such as " +
      '`name="Install apt packages: nginx"` or `name=f"Ensure directory {path}"`. It is unsafe: ' +
      "pyinfra prints the name in its plan and results in place of the one it made up, so logs, " +
      "and scripts that match on operation names, see different text.",
    options: "None.",
    knownLimits:
      "A `name` passed through `**kwargs` is not seen, so such calls are not flagged. A call " +
      "that passes its name as a set in the first position, the pyinfra 0.x form, is left to PIK104.",
  },
  check({ file, catalogue }) {
    return file.operations
      // Helpers under `pyinfra.operations`, such as `util.any_changed`, are not operations and take no name.
      .filter((call) => catalogue.operation(call.qualifiedName) !== undefined)
      .filter((call) => !call.arguments.keywords.has("name") && !call.arguments.hasDictionarySplat)
      // PIK104 reports the pyinfra 0.x name set, which a `name=` added here would not replace.
      .filter((call) => positionalName(call, file) === null)
      .map((call) =>
        reportAt(call.callee, `\`${call.qualifiedName}\` has no \`name=\`; add a name that says what it does`, {
          title: "Add `name=`",
          applicability: "unsafe",
          edits: insertFirstKeyword(file.text, call.arguments, `name=${operationName(call, file, catalogue)}`),
        }),
      );
  },
};
