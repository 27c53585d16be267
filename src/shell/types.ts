// The shape of a parsed shell command line. Offsets are indexes into the text
// of the script that contains the command, and an `sh -c` script has its own text.

/** How a part of a shell word is quoted. */
export type Quoting = "unquoted" | "double" | "single";

/** The operator that joins a command to the one before it; a newline counts as `;`. */
export type Joiner = "&&" | "||" | ";" | "&" | "|";

/** Where a command runs: as a statement of the script, or inside `$(...)`, backticks or `<(...)`. */
export type CommandContext = "statement" | "command-substitution" | "process-substitution";

export interface ShellWord {
  /** The word as written. */
  text: string;
  /**
   * The word after quote removal. A Python value appears as its placeholder
   * token; a shell expansion such as `$HOME` keeps its source text.
   */
  value: string;
  start: number;
  end: number;
  /** Indexes of the Python interpolations that appear in the word. */
  interpolations: number[];
  /**
   * True when the shell changes part of the word when it runs: parameter,
   * command, process and arithmetic substitution, unquoted globs, brace lists
   * and a leading `~`.
   */
  expands: boolean;
  /** True when part of the word is quoted. */
  quoted: boolean;
  /** Commands that run inside `$(...)`, backticks or `<(...)` in the word. */
  nested: SimpleCommand[];
}

/** A redirection such as `> file`, `2>&1` or a here-document. */
export interface Redirect {
  /** The operator: `>`, `>>`, `<`, `&>`, `&>>`, `>&`, `<<`, `<<<` and the like. */
  operator: string;
  /** The file descriptor written before the operator, such as `2`, or null. */
  descriptor: string | null;
  target: ShellWord | null;
  /** The body of a here-document, or null. */
  heredoc: string | null;
  /** True when the here-document delimiter is quoted, so the shell expands nothing in the body. */
  heredocLiteral: boolean;
  /** True for `<<-`, which strips leading tabs from the body. */
  heredocStripsTabs: boolean;
}

/** The `sudo` in front of a command. */
export interface SudoPrefix {
  /** The user of `-u USER` or `--user=USER`, or null for root. */
  user: ShellWord | null;
  /** The other options, as written. */
  options: string[];
}

/** Commands joined by `|`; a stage contains several commands when it is a subshell or a group. */
export interface Pipeline {
  stages: SimpleCommand[][];
}

export interface SimpleCommand {
  /** The command as written, with its prefixes. */
  text: string;
  start: number;
  end: number;
  /** The words after `sudo`, `env` and variable assignments are stripped; `argv[0]` is the program. */
  argv: ShellWord[];
  /** The static value of `argv[0]`, or null when it is dynamic or missing. */
  name: string | null;
  /** The base name of `name`: `apt-get` for `/usr/bin/apt-get`. */
  program: string | null;
  sudo: SudoPrefix | null;
  /** `NAME=value` words set before the program, directly or through `env`. */
  assignments: ShellWord[];
  redirects: Redirect[];
  joiner: Joiner | null;
  context: CommandContext;
  pipeline: Pipeline | null;
  /** The index of this command's stage in `pipeline`. */
  stage: number;
  /** The `sh -c` command whose script contains this command, or null. */
  wrapper: SimpleCommand | null;
  /** For `sh -c '...'`: the word that contains the script, and the script as parsed. */
  script: { word: ShellWord; parsed: ShellScript } | null;
}

/** Where a Python value lands in a script, and how the shell quotes it there. */
export interface InterpolationOccurrence {
  index: number;
  /** How the shell reads the value; `unknown` inside text the grammar could not parse. */
  quoting: Quoting | "unknown";
  start: number;
  end: number;
}

export interface ShellScript {
  text: string;
  /**
   * Every command in document order, including those in substitutions and in
   * `sh -c` scripts, each after the command that contains it.
   */
  commands: SimpleCommand[];
  /** Each place a Python value lands, read in the innermost script that parses it. */
  occurrences: InterpolationOccurrence[];
  /** True when the grammar found a syntax error; commands inside the broken part are left out. */
  hasError: boolean;
}
