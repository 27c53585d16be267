// Downloads and clones: `curl`, `wget` and `git clone`, and the
// `files.download` and `git.repo` calls that replace them.
import type { ParsedArguments } from "./arguments.js";
import { hasOption, onlyOptions, optionValue, parseArguments, pythonString } from "./arguments.js";
import type { ArgumentValue, FormInput, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import type { ShellWord, SimpleCommand } from "./types.js";

const CURL_VALUED = [
  "-o", "--output", "-H", "--header", "-u", "--user", "-A", "--user-agent", "-d", "--data",
  "-X", "--request", "--retry", "--connect-timeout", "-m", "--max-time", "--proto", "-e",
  "--referer", "-x", "--proxy", "-w", "--write-out", "-T", "--upload-file", "-C",
  "--continue-at", "--limit-rate", "-b", "--cookie", "-c", "--cookie-jar", "-K", "--config",
  "-r", "--range", "-z", "--time-cond", "--cacert", "-E", "--cert", "--key", "--retry-delay",
];

const WGET_VALUED = [
  "-O", "--output-document", "-P", "--directory-prefix", "-t", "--tries", "-T", "--timeout",
  "--header", "-U", "--user-agent", "-o", "--output-file", "-a", "--append-output",
  "-e", "--execute", "--limit-rate", "--user", "--password",
];

function readCurl(command: SimpleCommand): ParsedArguments {
  return parseArguments(command.argv.slice(1), { valued: CURL_VALUED });
}

function readWget(command: SimpleCommand): ParsedArguments {
  return parseArguments(command.argv.slice(1), { valued: WGET_VALUED });
}

/** True when a file path given to `-o` or `-O` means standard output. */
function isStdout(word: ShellWord | null): boolean {
  return word !== null && (word.value === "-" || word.value === "/dev/stdout");
}

/**
 * True when a command downloads with `curl` or `wget` and writes what it
 * fetched to standard output, where a pipe can take it.
 */
export function downloadsToStdout(command: SimpleCommand): boolean {
  if (command.program === "curl") {
    const parsed = readCurl(command);
    const output = optionValue(parsed, "-o", "--output");
    return hasOption(parsed, "-O", "--remote-name") ? false : output === null || isStdout(output);
  }
  if (command.program === "wget") return isStdout(optionValue(readWget(command), "-O", "--output-document"));
  return false;
}

/** True when a command is a `curl` or `wget` download. */
export function isDownloader(command: SimpleCommand): boolean {
  return command.program === "curl" || command.program === "wget";
}

/** The last part of a URL's path, as `curl -O` and `wget` name the file they save. */
function urlFileName(url: ShellWord): string | null {
  const text = staticValue(url);
  if (text === null) return null;
  const path = text.replace(/[?#].*$/, "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name || null;
}

/** The file of `> FILE` on a command, or null. */
function stdoutFile(command: SimpleCommand): ShellWord | null {
  const redirect = command.redirects.filter((item) => item.operator === ">" && item.descriptor === null).pop();
  return redirect?.target ?? null;
}

/** Python source for `-H "Name: value"` headers as a dict, or undefined when there are none. */
function headersValue(parsed: ParsedArguments, names: string[], input: FormInput): ArgumentValue {
  const headers = parsed.options.filter((option) => names.includes(option.name) && option.value);
  if (headers.length === 0) return undefined;
  const entries: string[] = [];
  for (const header of headers) {
    const text = header.value!.value;
    const colon = text.indexOf(":");
    if (header.value!.expands || colon <= 0) return null;
    const key = input.values.text(text.slice(0, colon).trim());
    const value = input.values.text(text.slice(colon + 1).trim());
    if (key === null || value === null) return null;
    entries.push(`${key}: ${value}`);
  }
  return `{${entries.join(", ")}}`;
}

const CURL_QUIET = ["-L", "--location", "-f", "--fail", "-s", "--silent", "-S", "--show-error", "--create-dirs",
  "--retry", "--retry-delay", "--proto", "--tlsv1.2", "-#", "--progress-bar", "--connect-timeout", "-m", "--max-time"];

const curlForm: NativeForm = {
  form: "curl -o FILE URL",
  programs: ["curl"],
  operation: "files.download",
  build(input) {
    const command = input.command;
    const parsed = readCurl(command);
    const allowed = [...CURL_QUIET, "-o", "--output", "-O", "--remote-name", "-k", "--insecure", "-H", "--header",
      "-x", "--proxy", "--limit-rate"];
    if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 1 || command.pipeline) return null;
    const url = parsed.operands[0];
    const output = optionValue(parsed, "-o", "--output") ?? stdoutFile(command);
    let dest: ArgumentValue = null;
    if (output && !isStdout(output) && output.value !== "/dev/null") dest = input.values.word(output);
    else if (!output && hasOption(parsed, "-O", "--remote-name")) {
      const name = urlFileName(url);
      dest = name ? pythonString(name) : null;
    }
    return nativeCall("files.download", [
      ["src", input.values.word(url)],
      ["dest", dest],
      ["headers", headersValue(parsed, ["-H", "--header"], input)],
      ["insecure", hasOption(parsed, "-k", "--insecure") ? "True" : undefined],
      ["proxy", input.values.optional(optionValue(parsed, "-x", "--proxy"))],
      ["limit_rate", input.values.optional(optionValue(parsed, "--limit-rate"))],
    ]);
  },
};

const wgetForm: NativeForm = {
  form: "wget [-O FILE] URL",
  programs: ["wget"],
  operation: "files.download",
  build(input) {
    const command = input.command;
    const parsed = readWget(command);
    const allowed = ["-q", "--quiet", "-nv", "--no-verbose", "-O", "--output-document", "-P", "--directory-prefix",
      "-t", "--tries", "-T", "--timeout", "--header", "--no-check-certificate", "--limit-rate", "--show-progress"];
    if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 1 || command.pipeline) return null;
    const url = parsed.operands[0];
    const output = optionValue(parsed, "-O", "--output-document");
    const prefix = optionValue(parsed, "-P", "--directory-prefix");
    let dest: ArgumentValue = null;
    if (output) dest = isStdout(output) || output.value === "/dev/null" ? null : input.values.word(output);
    else {
      const name = urlFileName(url);
      const directory = prefix ? staticValue(prefix) : "";
      if (name && directory !== null) dest = pythonString(directory ? `${directory.replace(/\/$/, "")}/${name}` : name);
    }
    return nativeCall("files.download", [
      ["src", input.values.word(url)],
      ["dest", dest],
      ["headers", headersValue(parsed, ["--header"], input)],
      ["insecure", hasOption(parsed, "--no-check-certificate") ? "True" : undefined],
      ["limit_rate", input.values.optional(optionValue(parsed, "--limit-rate"))],
    ]);
  },
};

const gitCloneForm: NativeForm = {
  form: "git clone [-b BRANCH] URL [DIR]",
  programs: ["git"],
  operation: "git.repo",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-b", "--branch", "--depth"] });
    if (staticValue(parsed.operands[0]) !== "clone") return null;
    const allowed = ["-b", "--branch", "--depth", "-q", "--quiet", "--recursive", "--recurse-submodules", "--single-branch"];
    if (!onlyOptions(parsed, allowed)) return null;
    const [, url, directory, extra] = parsed.operands;
    if (!url || extra) return null;
    let dest: ArgumentValue = directory ? input.values.word(directory) : null;
    if (!directory) {
      const name = urlFileName(url)?.replace(/\.git$/, "");
      dest = name ? pythonString(name) : null;
    }
    const depth = staticValue(optionValue(parsed, "--depth"));
    const submodules = hasOption(parsed, "--recursive", "--recurse-submodules") ? "True" : undefined;
    return nativeCall("git.repo", [
      ["src", input.values.word(url)],
      ["dest", dest],
      ["branch", input.values.optional(optionValue(parsed, "-b", "--branch"))],
      ["depth", depth === null ? undefined : /^\d+$/.test(depth) ? depth : null],
      ["update_submodules", submodules],
      ["recursive_submodules", submodules],
    ]);
  },
};

export const FETCH_FORMS: readonly NativeForm[] = [curlForm, wgetForm, gitCloneForm];
