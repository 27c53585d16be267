// Keyword arguments of operation calls and fact look-ups that belong to older
// pyinfra versions.
// PIK104 reports them and PIK102 and PIK105 leave them alone, so each gets
// one finding.
import type { Catalogue, CatalogueParameter } from "../catalogue/types.js";

export type LegacyArgumentForm =
  | "unprefixed-global-argument"
  | "renamed-global-argument"
  | "removed-global-argument"
  | "renamed-operation-argument"
  | "state-host-argument";

export interface LegacyArgument {
  form: LegacyArgumentForm;
  name: string;
  /** The keyword to use instead, or null when the argument has no successor. */
  replacement: string | null;
  /** The origin of the argument, such as "a pyinfra 1.x/2.x global argument". */
  origin: string;
}

/**
 * The global arguments of pyinfra 2.x without their `_` prefix. pyinfra 1.x
 * took them under these names, and 2.x still accepted them with a warning
 * ("Global arguments should be prefixed") until 3.0 removed that fallback.
 */
const UNPREFIXED_GLOBAL_ARGUMENTS: readonly string[] = [
  "sudo",
  "sudo_user",
  "use_sudo_login",
  "use_sudo_password",
  "preserve_sudo_env",
  "su_user",
  "use_su_login",
  "preserve_su_env",
  "su_shell",
  "doas",
  "doas_user",
  "shell_executable",
  "chdir",
  "env",
  "success_exit_codes",
  "timeout",
  "get_pty",
  "stdin",
  "ignore_errors",
  "continue_on_error",
  "precondition",
  "postcondition",
  "on_success",
  "on_error",
  "parallel",
  "run_once",
  "serial",
];

/** Global arguments of pyinfra 2.x that 3.0 renamed. */
const RENAMED_GLOBAL_ARGUMENTS: ReadonlyMap<string, string> = new Map([
  ["_use_sudo_password", "_sudo_password"],
]);

/** Global arguments of pyinfra 2.x that 3.0 removed, with `_if` as the nearest tool for conditions. */
const REMOVED_GLOBAL_ARGUMENTS: readonly string[] = [
  "_precondition",
  "_postcondition",
  "_on_success",
  "_on_error",
];

/** Global arguments that pyinfra 1.0 removed. */
const PRE_1_GLOBAL_ARGUMENTS: readonly string[] = ["op", "hosts", "when"];

/**
 * Names that an operation taking `**kwargs` may well receive as its own data,
 * such as a template variable `env`. For those operations they are not legacy.
 * `state` and `host` passed to `files.template` or `python.call` reach the
 * template or the function, which may use them.
 */
const COMMON_DATA_NAMES: ReadonlySet<string> = new Set([
  "state",
  "host",
  "env",
  "chdir",
  "timeout",
  "stdin",
  "parallel",
  "serial",
  "precondition",
  "postcondition",
  "on_success",
  "on_error",
  "op",
  "hosts",
  "when",
]);

/** The parameters of an operation, or of a fact's `command`, that a call passes keywords to. */
export interface ArgumentTarget {
  parameters: readonly CatalogueParameter[];
}

function acceptsKeyword(target: ArgumentTarget, name: string): boolean {
  return target.parameters.some(
    (parameter) =>
      parameter.name === name && (parameter.kind === "positional_or_keyword" || parameter.kind === "keyword_only"),
  );
}

/** True when the target takes `**kwargs`, such as `files.template` for its template data. */
export function takesVarKeyword(target: ArgumentTarget): boolean {
  return target.parameters.some((parameter) => parameter.kind === "var_keyword");
}

/**
 * Returns the legacy reading of a keyword passed to an operation or a fact,
 * or null when the keyword is not legacy there. A keyword that the target has
 * as a parameter of its own (`env` of `docker.container_exec`) is never legacy.
 */
export function legacyArgument(name: string, target: ArgumentTarget, catalogue: Catalogue): LegacyArgument | null {
  if (acceptsKeyword(target, name) || catalogue.globalArguments.has(name)) return null;
  if (takesVarKeyword(target) && COMMON_DATA_NAMES.has(name)) return null;

  if (name === "state" || name === "host") {
    return { form: "state-host-argument", name, replacement: null, origin: "a pyinfra 1.x argument" };
  }

  const renamed = RENAMED_GLOBAL_ARGUMENTS.get(name);
  if (renamed) {
    return {
      form: "renamed-global-argument",
      name,
      replacement: renamed,
      origin: "a pyinfra 2.x global argument that 3.0 renamed",
    };
  }

  if (REMOVED_GLOBAL_ARGUMENTS.includes(name)) {
    return {
      form: "removed-global-argument",
      name,
      replacement: null,
      origin: "a pyinfra 2.x global argument that 3.0 removed",
    };
  }

  if (PRE_1_GLOBAL_ARGUMENTS.includes(name)) {
    return {
      form: "removed-global-argument",
      name,
      replacement: null,
      origin: "a pyinfra 0.x global argument that 1.0 removed",
    };
  }

  if (UNPREFIXED_GLOBAL_ARGUMENTS.includes(name)) {
    const prefixed = `_${name}`;
    const replacement =
      RENAMED_GLOBAL_ARGUMENTS.get(prefixed) ?? (catalogue.globalArguments.has(prefixed) ? prefixed : null);
    return {
      form: replacement === null ? "removed-global-argument" : "unprefixed-global-argument",
      name,
      replacement,
      origin: "a pyinfra 1.x/2.x global argument",
    };
  }

  // pyinfra 2.0 renamed the `postgresql_*` connection arguments to `psql_*`.
  if (name.startsWith("postgresql_")) {
    const renamedParameter = `psql_${name.slice("postgresql_".length)}`;
    if (acceptsKeyword(target, renamedParameter)) {
      return {
        form: "renamed-operation-argument",
        name,
        replacement: renamedParameter,
        origin: "a pyinfra 1.x argument that 2.0 renamed",
      };
    }
  }
  return null;
}
