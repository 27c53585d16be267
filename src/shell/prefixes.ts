// Strips the `sudo` and `env` prefixes of a command so that `argv[0]` is the
// program that does the work. Option lists follow sudo(8) 1.9 and GNU env(1).
import type { ShellWord, SimpleCommand, SudoPrefix } from "./types.js";
import { sliceWord } from "./words.js";

/** sudo options that take a value. */
const SUDO_VALUED_SHORT = new Set([..."gpuUrtTCDR"]);
const SUDO_VALUED_LONG = new Set([
  "--user",
  "--group",
  "--prompt",
  "--other-user",
  "--role",
  "--type",
  "--command-timeout",
  "--close-from",
  "--host",
  "--chdir",
  "--chroot",
]);

const ENV_VALUED_SHORT = new Set([..."uC"]);
const ENV_VALUED_LONG = new Set(["--unset", "--chdir"]);

function isStatic(word: ShellWord): boolean {
  return !word.expands && word.interpolations.length === 0;
}

/** True for a `NAME=value` word, which `sudo` and `env` read as an environment variable. */
export function isAssignment(word: ShellWord): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text);
}

function programName(word: ShellWord | undefined): string | null {
  if (!word || !isStatic(word)) return null;
  const slash = word.value.lastIndexOf("/");
  return slash >= 0 ? word.value.slice(slash + 1) : word.value;
}

/**
 * Reads the options of `sudo` or `env` from `words[1]` on. Returns the
 * position of the first word after them, or null when an option is one this
 * reader does not follow (such as `env -S`), so the prefix stays in place.
 */
function readOptions(
  words: readonly ShellWord[],
  valuedShort: ReadonlySet<string>,
  valuedLong: ReadonlySet<string>,
  onOption: (name: string, value: ShellWord | null) => boolean,
): number | null {
  let position = 1;
  while (position < words.length) {
    const word = words[position];
    const text = word.value;
    if (text === "--") return position + 1;
    if (!text.startsWith("-") || text === "-" || !isStatic(word)) return position;
    if (text.startsWith("--")) {
      const equals = text.indexOf("=");
      const name = equals >= 0 ? text.slice(0, equals) : text;
      let value: ShellWord | null = null;
      if (equals >= 0) value = sliceWord(word, equals + 1);
      else if (valuedLong.has(name)) value = words[++position] ?? null;
      if (!onOption(name, value)) return null;
      position++;
      continue;
    }
    for (let letter = 1; letter < text.length; letter++) {
      const name = `-${text[letter]}`;
      if (!valuedShort.has(text[letter])) {
        if (!onOption(name, null)) return null;
        continue;
      }
      const value = letter + 1 < text.length ? sliceWord(word, letter + 1) : (words[++position] ?? null);
      if (!onOption(name, value)) return null;
      break;
    }
    position++;
  }
  return position;
}

function readSudo(words: readonly ShellWord[]): { sudo: SudoPrefix; rest: number } {
  const sudo: SudoPrefix = { user: null, options: [] };
  const rest = readOptions(words, SUDO_VALUED_SHORT, SUDO_VALUED_LONG, (name, value) => {
    if ((name === "-u" || name === "--user") && value) sudo.user = value;
    else sudo.options.push(value ? `${name} ${value.text}` : name);
    return true;
  });
  return { sudo, rest: rest ?? words.length };
}

function readEnv(words: readonly ShellWord[]): number | null {
  return readOptions(words, ENV_VALUED_SHORT, ENV_VALUED_LONG, (name) => name !== "-S" && name !== "--split-string");
}

/** Fills `argv`, `name`, `program`, `sudo` and `assignments` of a command from its words. */
export function stripPrefixes(command: SimpleCommand, words: ShellWord[]): void {
  let rest = words;
  for (;;) {
    const program = programName(rest[0]);
    let next: number | null = null;
    if (program === "sudo") {
      const read = readSudo(rest);
      command.sudo = read.sudo;
      next = read.rest;
    } else if (program === "env") {
      next = readEnv(rest);
    }
    if (next === null) break;
    rest = rest.slice(next);
    while (rest.length > 0 && isAssignment(rest[0])) {
      command.assignments.push(rest[0]);
      rest = rest.slice(1);
    }
  }
  command.argv = rest;
  command.name = rest[0] && isStatic(rest[0]) ? rest[0].value : null;
  command.program = programName(rest[0]);
}
