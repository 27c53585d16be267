// The types of the native-equivalent table: a command form, and the pyinfra
// operation call that does the same work.
import type { PythonValues } from "./arguments.js";
import type { ShellWord, SimpleCommand } from "./types.js";

/** A pyinfra operation call that replaces a shell command. */
export interface NativeCall {
  /** The operation as `module.name` under `pyinfra.operations`, such as `systemd.service`. */
  operation: string;
  /**
   * Keyword arguments in order, each value as Python source:
   * `[["service", '"nginx"'], ["restarted", "True"]]`.
   */
  arguments: [string, string][];
  /** Import statements the argument values need, such as `from io import StringIO`. */
  imports: string[];
  /**
   * The other operation that fits when the command's target could be either,
   * such as `files.directory` for `chmod 600 /srv/data`; a fix then only shows the call.
   */
  alternative?: string;
}

/** What a form builds its call from. */
export interface FormInput {
  command: SimpleCommand;
  /** The words after the program name. */
  args: ShellWord[];
  values: PythonValues;
}

/** One command form that has a native operation. */
export interface NativeForm {
  /** The command form as the docs list it, such as `systemctl restart UNIT`. */
  form: string;
  /** Program names the form applies to, matched against the base name of `argv[0]`. */
  programs: readonly string[];
  /** The operation the form maps to. */
  operation: string;
  /**
   * Builds the call, or returns null when the command is not this form, or
   * when its meaning is not certain (an option the form does not know, a
   * value the shell computes, several targets where the operation takes one).
   */
  build(input: FormInput): NativeCall | null;
}

/** A keyword value: Python source, null when it cannot be expressed, undefined to leave it out. */
export type ArgumentValue = string | null | undefined;

/**
 * Builds a call from keyword entries. Returns null when any value is null,
 * because the call would then not do what the command does.
 */
export function nativeCall(
  operation: string,
  entries: [string, ArgumentValue][],
  imports: string[] = [],
): NativeCall | null {
  const argumentList: [string, string][] = [];
  for (const [name, value] of entries) {
    if (value === null) return null;
    if (value !== undefined) argumentList.push([name, value]);
  }
  return { operation, arguments: argumentList, imports };
}

/** Renders a call as Python source: `systemd.service(service="nginx", restarted=True)`. */
export function formatCall(call: NativeCall): string {
  const argumentsText = call.arguments.map(([name, value]) => `${name}=${value}`).join(", ");
  return `${call.operation}(${argumentsText})`;
}

/** True when a static word starts with `-`, so a command reads it as an option. */
export function looksLikeOption(word: ShellWord): boolean {
  return word.value.startsWith("-") && word.value.length > 1;
}

/** The static value of a word, or null when any part of it is dynamic. */
export function staticValue(word: ShellWord | null | undefined): string | null {
  if (!word || word.expands || word.interpolations.length > 0) return null;
  return word.value;
}
