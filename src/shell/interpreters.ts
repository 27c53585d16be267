// Reads where shells and script interpreters take their script from: `-c`,
// a file, or standard input. Options follow the POSIX sh and Bash manuals.
import type { ShellWord, SimpleCommand } from "./types.js";

/** Shells whose `-c` option runs a script given as a word. */
export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh"]);

/** Interpreters that run a script read from standard input when given no script file or `-`. */
const SCRIPT_INTERPRETERS = new Set(["python", "perl", "ruby", "node", "php"]);

/** Interpreter options that run code given on the command line instead of a script. */
const INLINE_CODE_OPTIONS = new Set(["-c", "-m", "-e", "-E", "-r", "--eval"]);

export interface ShellInvocation {
  /** The script word of `-c SCRIPT`, or null when the shell reads a file or standard input. */
  commandString: ShellWord | null;
  /** True when the shell reads its script from standard input (no script file, `-s` or `-`). */
  readsStdin: boolean;
}

/** Reads how a shell command gets its script, or returns null when the command is not a shell. */
export function shellInvocation(command: SimpleCommand): ShellInvocation | null {
  if (!command.program || !SHELLS.has(command.program)) return null;
  const argv = command.argv;
  let readsCommandString = false;
  let readsStdinOption = false;
  let position = 1;
  while (position < argv.length) {
    const option = argv[position].value;
    if (option === "-") return { commandString: null, readsStdin: true };
    if (option === "--") {
      position++;
      break;
    }
    if (option.startsWith("--")) {
      position += option === "--rcfile" || option === "--init-file" ? 2 : 1;
      continue;
    }
    if ((option[0] !== "-" && option[0] !== "+") || option.length < 2) break;
    if (option[0] === "-" && option.includes("c")) readsCommandString = true;
    if (option[0] === "-" && option.includes("s")) readsStdinOption = true;
    // `-o pipefail` and `-O extglob` take the next word as their value.
    position += 1 + [...option.slice(1)].filter((letter) => letter === "o" || letter === "O").length;
  }
  if (readsCommandString) return { commandString: argv[position] ?? null, readsStdin: false };
  return { commandString: null, readsStdin: readsStdinOption || position >= argv.length };
}

/** True when a shell or a script interpreter such as `python3` reads its script from standard input. */
export function readsScriptFromStdin(command: SimpleCommand): boolean {
  const shell = shellInvocation(command);
  if (shell) return shell.readsStdin;
  // `python3.11` and `python3` are both `python`.
  const interpreter = command.program?.replace(/[\d.]+$/, "") ?? "";
  if (!SCRIPT_INTERPRETERS.has(interpreter)) return false;
  for (const word of command.argv.slice(1)) {
    if (word.value === "-") return true;
    if (INLINE_CODE_OPTIONS.has(word.value)) return false;
    if (!word.value.startsWith("-")) return false;
  }
  return true;
}
