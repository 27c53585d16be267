// A helper for forms that start with a subcommand, such as `apt-get install`.
import type { ParsedArguments } from "./arguments.js";
import { onlyOptions, parseArguments } from "./arguments.js";
import type { FormInput, NativeCall, NativeForm } from "./native-form.js";
import { staticValue } from "./native-form.js";
import type { ShellWord } from "./types.js";

export interface SubcommandInput extends FormInput {
  parsed: ParsedArguments;
  /** The operands after the subcommand. */
  operands: ShellWord[];
  subcommand: string;
}

export interface SubcommandFormSpec {
  form: string;
  programs: readonly string[];
  operation: string;
  subcommands: readonly string[];
  /** Options that take a value. */
  valued?: readonly string[];
  /** Every option the form understands; any other option makes the form decline. */
  allowed: readonly string[];
  build(input: SubcommandInput): NativeCall | null;
}

/** Builds a form that matches `PROGRAM [OPTIONS] SUBCOMMAND [OPTIONS] OPERANDS`. */
export function subcommandForm(spec: SubcommandFormSpec): NativeForm {
  return {
    form: spec.form,
    programs: spec.programs,
    operation: spec.operation,
    build(input) {
      const parsed = parseArguments(input.args, { valued: spec.valued });
      const subcommand = staticValue(parsed.operands[0]);
      if (subcommand === null || !spec.subcommands.includes(subcommand)) return null;
      if (!onlyOptions(parsed, spec.allowed)) return null;
      return spec.build({ ...input, parsed, operands: parsed.operands.slice(1), subcommand });
    },
  };
}

const PACKAGE_FILE_SUFFIXES = [".deb", ".rpm", ".apk", ".whl", ".gem", ".tgz", ".tar.gz", ".zip"];

/**
 * True when an operand names a package from a repository, not a local file,
 * a URL or a directory, which the package operations do not install.
 */
export function isRepositoryPackage(word: ShellWord): boolean {
  const value = word.value;
  if (value.includes("/") || value === "." || value.startsWith("-")) return false;
  return !PACKAGE_FILE_SUFFIXES.some((suffix) => value.endsWith(suffix));
}
