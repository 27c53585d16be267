import { LEGACY_FIX_BUILDERS } from "../fix/legacy-fixes.js";
import { findLegacyUses } from "./legacy-forms.js";
import type { LegacyForm, LegacyUse } from "./legacy-forms.js";
import type { Fix, Rule, RuleContext } from "./types.js";

/**
 * Builds the fix for one form of legacy use, or returns null to decline.
 * A form without an entry gets no fix.
 */
export type LegacyFixer = (use: LegacyUse, context: RuleContext) => Fix | null;

export const LEGACY_FIXERS: Partial<Record<LegacyForm, LegacyFixer>> = LEGACY_FIX_BUILDERS;

export const legacyApi: Rule = {
  code: "PIK104",
  name: "legacy-api",
  summary: "A pyinfra 1.x/2.x idiom that pyinfra 3 no longer supports",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "Idioms of older pyinfra versions, each named by its form in the message: " +
      "`host.fact.name` (fact-attribute); global arguments without their `_` prefix such as " +
      "`sudo=True` (unprefixed-global-argument), on operations that have no parameter of " +
      "that name; `_use_sudo_password` (renamed-global-argument); global arguments that " +
      "later versions removed, such as `_precondition` (removed-global-argument); " +
      "`postgresql_*` connection arguments (renamed-operation-argument); `state=`/`host=` " +
      "passed to operations (state-host-argument); deploy functions that take `state` and " +
      "`host` parameters (state-host-parameter); `@deploy` without a call " +
      "(bare-deploy-decorator); calls to deprecated operations and facts " +
      "(deprecated-operation, deprecated-fact); the operation name passed as a set in the " +
      'first position, as in `apt.packages({"Install nginx"}, ["nginx"])` (positional-name); ' +
      "and a module-level `SUDO = True`, the 1.x config form that pyinfra 3 ignores " +
      "(bare-config-setting).",
    whyItMatters:
      "pyinfra 3 raises on most of these when it loads the deploy, so nothing runs. Some fail " +
      "quietly: an operation that takes `**kwargs`, such as `files.template`, accepts " +
      "`sudo=True` as template data and writes the file without sudo. Deprecated operations " +
      "and facts still work but print warnings and will be removed.",
    example:
      "from pyinfra.api import deploy\n" +
      "from pyinfra.operations import apt\n\n" +
      "@deploy\n" +
      "def install(state, host):\n" +
      '    if host.fact.linux_name == "Debian":\n' +
      '        apt.packages(name="Install nginx", packages=["nginx"], sudo=True, state=state, host=host)\n',
    useInstead:
      "from pyinfra import host\n" +
      "from pyinfra.api import deploy\n" +
      "from pyinfra.facts.server import LinuxName\n" +
      "from pyinfra.operations import apt\n\n" +
      '@deploy("Install nginx")\n' +
      "def install():\n" +
      '    if host.get_fact(LinuxName) == "Debian":\n' +
      '        apt.packages(name="Install nginx", packages=["nginx"], _sudo=True)\n',
    fixSafety:
      "Safe fixes: `@deploy` becomes `@deploy()`; `sudo=` and the other unprefixed global " +
      "arguments get their `_` prefix, `_use_sudo_password` becomes `_sudo_password` and " +
      "`postgresql_*` arguments their `psql_*` names; `state=state` and `host=host` are removed " +
      "from operation calls. Renaming is unsafe on an operation that takes `**kwargs`, such as " +
      "`files.template`, because it took the old name as data and ran without it. Unsafe fixes: " +
      "`host.fact.name` becomes `host.get_fact(Name)` with the fact class imported, because the " +
      "fact's value may have changed shape since pyinfra 1.x; the `state` and `host` parameters " +
      "of a deploy function are removed and imported from `pyinfra`, because callers that pass " +
      "them must change too; the name set in the first position becomes a `name=` keyword, " +
      "which changes the values the other positional arguments bind to. No fix is offered when the new keyword is already passed, when a " +
      "comment would be lost, or for removed arguments and deprecated operations and facts.",
    options: "None.",
    knownLimits:
      "Only the names listed above are known. Unprefixed names that an operation taking " +
      "`**kwargs` may use as its own data, such as `env` or `timeout` for `files.template`, " +
      "are not reported there. A function that takes only `host` is reported only when it " +
      "is decorated with `@deploy`, because helpers that receive the host are common in 3.x. " +
      "A set in the first position counts as the 0.x name only when its one string contains a " +
      'space, because a set of one package, such as `{"vim"}`, is valid pyinfra 3 code; a set ' +
      "held in a variable is not read.",
  },
  check(context) {
    return findLegacyUses(context.file, context.catalogue)
      .sort((a, b) => a.start - b.start)
      .map((use) => {
        const fixer = LEGACY_FIXERS[use.form];
        return { start: use.start, end: use.end, message: use.message, fix: fixer ? fixer(use, context) : null };
      });
  },
};
