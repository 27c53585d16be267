// Commands that write text into files or the crontab, and `sed -i`; the
// `files` and `crontab` operations that replace them.
import { parseArguments, pythonString } from "./arguments.js";
import type { FormInput, NativeCall, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import type { Redirect, ShellWord, SimpleCommand, SudoPrefix } from "./types.js";

type Destination =
  | { kind: "file"; path: ShellWord; append: boolean; via: "redirect" | "tee"; sudo: SudoPrefix | null }
  | { kind: "crontab"; user: ShellWord | null; sudo: SudoPrefix | null };

const STDOUT_OPERATORS = new Set([">", ">>", ">|", "&>", "&>>"]);

function isStdoutRedirect(redirect: Redirect): boolean {
  return STDOUT_OPERATORS.has(redirect.operator) && (redirect.descriptor === null || redirect.descriptor === "1");
}

/** True when a command's own output is thrown away or not redirected at all. */
function writesNowhere(command: SimpleCommand): boolean {
  return command.redirects.filter(isStdoutRedirect).every((redirect) => redirect.target?.value === "/dev/null");
}

/** Where `tee [-a] FILE` or `crontab [-u USER] -` sends what it reads, or null for anything else. */
function consumerDestination(consumer: SimpleCommand, alone: boolean): Destination | null {
  const parsed = parseArguments(consumer.argv.slice(1), { valued: ["-u"] });
  if (consumer.program === "tee" && alone && writesNowhere(consumer)) {
    if (!parsed.options.every((option) => option.name === "-a" || option.name === "--append")) return null;
    if (parsed.operands.length !== 1) return null;
    const append = parsed.options.length > 0;
    return { kind: "file", path: parsed.operands[0], append, via: "tee", sudo: consumer.sudo };
  }
  if (consumer.program === "crontab") {
    if (!parsed.options.every((option) => option.name === "-u")) return null;
    if (parsed.operands.length > 1 || (parsed.operands[0] && parsed.operands[0].value !== "-")) return null;
    const user = parsed.options.find((option) => option.name === "-u")?.value ?? consumer.sudo?.user ?? null;
    return { kind: "crontab", user, sudo: consumer.sudo };
  }
  return null;
}

/**
 * Where a command's standard output goes: a file by `>` or `>>`, a file by
 * `| tee`, or the crontab by `| crontab -`. Returns null for anything else.
 */
function destinationOf(command: SimpleCommand): Destination | null {
  const redirects = command.redirects.filter(isStdoutRedirect);
  if (redirects.length > 0) {
    const last = redirects[redirects.length - 1];
    if (!last.target || last.target.value === "/dev/null") return null;
    const append = last.operator.endsWith(">>");
    return { kind: "file", path: last.target, append, via: "redirect", sudo: command.sudo };
  }
  const pipeline = command.pipeline;
  const stage = pipeline?.stages[command.stage] ?? [];
  const next = pipeline?.stages[command.stage + 1];
  if (!pipeline || !next || next.length !== 1 || command.stage + 2 !== pipeline.stages.length) return null;
  const others = stage.filter((other) => other !== command);
  // `(crontab -l; echo LINE) | crontab -` keeps the existing lines and adds one.
  const keepsCrontab = others.every((other) => other.program === "crontab" && staticValue(other.argv[1]) === "-l");
  const destination = consumerDestination(next[0], others.length === 0);
  if (!destination || (others.length > 0 && (destination.kind !== "crontab" || !keepsCrontab))) return null;
  return destination;
}

/** The text `echo` prints, or null when the shell could change it (`-e`, backslashes, expansions). */
function echoText(words: readonly ShellWord[]): string | null {
  let newline = true;
  let position = 0;
  while (position < words.length && (words[position].value === "-n" || words[position].value === "-E")) {
    if (words[position].value === "-n") newline = false;
    position++;
  }
  const printed = words.slice(position);
  if (printed.some((word) => word.expands || word.value.includes("\\") || word.value.startsWith("-"))) return null;
  return printed.map((word) => word.value).join(" ") + (newline ? "\n" : "");
}

const PRINTF_ESCAPES: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", '"': '"', "'": "'" };

/** The text `printf FORMAT` or `printf '%s\n' TEXT` prints, or null for other formats. */
function printfText(words: readonly ShellWord[]): string | null {
  if (words.length === 0 || words.some((word) => word.expands)) return null;
  const format = words[0].value;
  if (words.length === 2 && (format === "%s\n" || format === "%s\\n" || format === "%s")) {
    return words[1].value + (format === "%s" ? "" : "\n");
  }
  if (words.length !== 1) return null;
  let text = "";
  for (let i = 0; i < format.length; i++) {
    const char = format[i];
    if (char === "%") {
      if (format[i + 1] !== "%") return null;
      text += "%";
      i++;
    } else if (char === "\\") {
      const escaped = PRINTF_ESCAPES[format[i + 1]];
      if (escaped === undefined) return null;
      text += escaped;
      i++;
    } else text += char;
  }
  return text;
}

/** The body of `cat <<EOF`, or null when the shell expands parts of it. */
function heredocText(command: SimpleCommand): string | null {
  if (command.argv.length !== 1) return null;
  const heredoc = command.redirects.find((redirect) => redirect.heredoc !== null);
  if (!heredoc || heredoc.heredoc === null) return null;
  let body = heredoc.heredoc;
  if (heredoc.heredocStripsTabs) body = body.replace(/^\t+/gm, "");
  if (!heredoc.heredocLiteral && /[$`\\]/.test(body)) return null;
  return body;
}

const REGEX_SPECIALS = /[.[\]*^$\\+?(){}|]/;

function sudoEntries(sudo: SudoPrefix | null, values: FormInput["values"]): [string, string | null][] {
  if (!sudo) return [];
  const entries: [string, string | null][] = [["_sudo", "True"]];
  if (sudo.user) entries.push(["_sudo_user", values.word(sudo.user)]);
  return entries;
}

/** Parses one crontab line into the arguments of `crontab.crontab`. */
function crontabArguments(line: string, values: FormInput["values"]): [string, string | null | undefined][] | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.includes("\n")) return null;
  const fields = trimmed.split(/\s+/);
  if (fields[0].startsWith("@")) {
    const command = trimmed.slice(fields[0].length).trim();
    return command ? [["command", values.text(command)], ["special_time", pythonString(fields[0])]] : null;
  }
  if (fields.length < 6) return null;
  const names = ["minute", "hour", "day_of_month", "month", "day_of_week"];
  const command = trimmed.replace(/^(\S+\s+){5}/, "");
  const timing = names.map((name, index): [string, string | undefined] => [
    name,
    fields[index] === "*" ? undefined : pythonString(fields[index]),
  ]);
  return [["command", values.text(command)], ...timing];
}

function writeCall(text: string, destination: Destination, input: FormInput): NativeCall | null {
  const values = input.values;
  const sudo = sudoEntries(destination.sudo, values);
  if (destination.kind === "crontab") {
    const entries = crontabArguments(text, values);
    if (!entries) return null;
    const user = destination.user ? values.word(destination.user) : undefined;
    return nativeCall("crontab.crontab", [...entries, ["user", user], ...sudo]);
  }
  const path = values.word(destination.path);
  if (!destination.append) {
    const content = values.text(text);
    return nativeCall(
      "files.put",
      [["src", content === null ? null : `StringIO(${content})`], ["dest", path], ...sudo],
      ["from io import StringIO"],
    );
  }
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (!body) return null;
  if (body.includes("\n")) {
    return nativeCall("files.block", [["path", path], ["content", values.text(body)], ...sudo]);
  }
  return nativeCall("files.line", [
    ["path", path],
    ["line", values.text(body)],
    ["escape_regex_characters", REGEX_SPECIALS.test(body) ? "True" : undefined],
    ...sudo,
  ]);
}

function writerForm(
  form: string,
  programs: string[],
  operation: string,
  accepts: (destination: Destination) => boolean,
  read: (input: FormInput) => string | null,
): NativeForm {
  return {
    form,
    programs,
    operation,
    build(input) {
      const destination = destinationOf(input.command);
      if (!destination || !accepts(destination)) return null;
      const text = read(input);
      return text === null ? null : writeCall(text, destination, input);
    },
  };
}

const echo = (input: FormInput): string | null => echoText(input.args);
const printf = (input: FormInput): string | null => printfText(input.args);
const heredoc = (input: FormInput): string | null => heredocText(input.command);
const any = (): boolean => true;

function fileWrite(via: "redirect" | "tee", append: boolean): (destination: Destination) => boolean {
  return (destination) => destination.kind === "file" && destination.via === via && destination.append === append;
}

export const WRITE_FORMS: readonly NativeForm[] = [
  writerForm("echo TEXT > FILE", ["echo"], "files.put", fileWrite("redirect", false), echo),
  writerForm("echo LINE >> FILE", ["echo"], "files.line", fileWrite("redirect", true), echo),
  writerForm("echo TEXT | tee FILE", ["echo"], "files.put", fileWrite("tee", false), echo),
  writerForm("echo LINE | tee -a FILE", ["echo"], "files.line", fileWrite("tee", true), echo),
  writerForm("echo LINE | crontab -", ["echo"], "crontab.crontab", (d) => d.kind === "crontab", echo),
  writerForm("printf FORMAT > FILE", ["printf"], "files.put", any, printf),
  writerForm("cat > FILE <<EOF", ["cat"], "files.put", any, heredoc),
];
