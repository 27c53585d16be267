// File system commands and the `files` operations that replace them.
import type { ParsedArguments } from "./arguments.js";
import { hasOption, onlyOptions, optionValue, parseArguments } from "./arguments.js";
import type { ArgumentValue, FormInput, NativeCall, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import type { ShellWord } from "./types.js";

type PathKind = "file" | "directory";

/**
 * Guesses whether a path names a file or a directory, because `chmod`,
 * `chown` and `rm` act on both. A trailing `/` means a directory, and an
 * extension in the last part means a file. Returns null when the path gives no hint.
 */
function guessKind(path: string): PathKind | null {
  if (path.endsWith("/")) return "directory";
  const last = path.slice(path.lastIndexOf("/") + 1);
  const dot = last.lastIndexOf(".");
  return dot > 0 && dot < last.length - 1 ? "file" : null;
}

/** Converts a static octal mode such as `0755` to the integer pyinfra uses; symbolic modes give null. */
function modeValue(word: ShellWord | null, input: FormInput): ArgumentValue {
  if (!word) return undefined;
  const text = staticValue(word);
  if (text === null) return input.values.word(word);
  if (!/^[0-7]{3,4}$/.test(text)) return null;
  return String(Number(text));
}

function singleOperand(parsed: ParsedArguments): ShellWord | null {
  return parsed.operands.length === 1 ? parsed.operands[0] : null;
}

const mkdirForm: NativeForm = {
  form: "mkdir [-p] [-m MODE] DIR",
  programs: ["mkdir"],
  operation: "files.directory",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-m", "--mode"] });
    if (!onlyOptions(parsed, ["-p", "--parents", "-m", "--mode", "-v", "--verbose"])) return null;
    const path = singleOperand(parsed);
    if (!path) return null;
    return nativeCall("files.directory", [
      ["path", input.values.word(path)],
      ["mode", modeValue(optionValue(parsed, "-m", "--mode"), input)],
    ]);
  },
};

/**
 * Builds `files.file` or `files.directory` for a path whose kind is guessed or
 * forced by `-R`. A path that gives no hint gets `files.file` with
 * `files.directory` as the alternative, which keeps its fix display-only.
 */
function ownershipCall(input: FormInput, path: ShellWord, recursive: boolean, entries: [string, ArgumentValue][]): NativeCall | null {
  const kind = recursive ? "directory" : guessKind(path.value);
  const call = nativeCall(`files.${kind ?? "file"}`, [
    ["path", input.values.word(path)],
    ...entries,
    ["recursive", recursive ? "True" : undefined],
  ]);
  if (call && !kind) call.alternative = "files.directory";
  return call;
}

const OWNERSHIP_OPTIONS = ["-R", "--recursive", "-v", "--verbose", "-f", "--silent", "--quiet", "-c", "--changes"];

const chmodForm: NativeForm = {
  form: "chmod [-R] MODE PATH",
  programs: ["chmod"],
  operation: "files.file",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, OWNERSHIP_OPTIONS) || parsed.operands.length !== 2) return null;
    const [mode, path] = parsed.operands;
    const recursive = hasOption(parsed, "-R", "--recursive");
    return ownershipCall(input, path, recursive, [["mode", modeValue(mode, input)]]);
  },
};

/** Splits `user:group`, `user.group`, `user:` and `:group` as chown(1) reads them. */
function ownerParts(word: ShellWord, input: FormInput): { user: ArgumentValue; group: ArgumentValue } | null {
  if (word.expands) return null;
  const text = word.value;
  const separator = text.includes(":") ? text.indexOf(":") : text.indexOf(".");
  if (separator < 0) return { user: input.values.text(text), group: undefined };
  const user = text.slice(0, separator);
  const group = text.slice(separator + 1);
  // `user:` means the user's login group, which the operation cannot name without looking it up.
  if (group === "" && text[separator] === ":") return null;
  return {
    user: user ? input.values.text(user) : undefined,
    group: group ? input.values.text(group) : undefined,
  };
}

const chownForm: NativeForm = {
  form: "chown [-R] USER[:GROUP] PATH",
  programs: ["chown"],
  operation: "files.file",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, OWNERSHIP_OPTIONS) || parsed.operands.length !== 2) return null;
    const [owner, path] = parsed.operands;
    const parts = ownerParts(owner, input);
    if (!parts) return null;
    const recursive = hasOption(parsed, "-R", "--recursive");
    return ownershipCall(input, path, recursive, [
      ["user", parts.user],
      ["group", parts.group],
    ]);
  },
};

const chgrpForm: NativeForm = {
  form: "chgrp [-R] GROUP PATH",
  programs: ["chgrp"],
  operation: "files.file",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, OWNERSHIP_OPTIONS) || parsed.operands.length !== 2) return null;
    const [group, path] = parsed.operands;
    const recursive = hasOption(parsed, "-R", "--recursive");
    return ownershipCall(input, path, recursive, [["group", input.values.word(group)]]);
  },
};

const lnForm: NativeForm = {
  form: "ln -s TARGET LINK",
  programs: ["ln"],
  operation: "files.link",
  build(input) {
    const parsed = parseArguments(input.args);
    const allowed = ["-s", "--symbolic", "-f", "--force", "-n", "--no-dereference", "-T", "-v", "--verbose"];
    if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 2) return null;
    const [target, link] = parsed.operands;
    // A link path that names a directory puts the link inside it, under the target's name.
    if (link.value.endsWith("/") || link.value === "." || link.value === "..") return null;
    return nativeCall("files.link", [
      ["path", input.values.word(link)],
      ["target", input.values.word(target)],
      ["symbolic", hasOption(parsed, "-s", "--symbolic") ? undefined : "False"],
    ]);
  },
};

const rmForm: NativeForm = {
  form: "rm [-rf] PATH",
  programs: ["rm"],
  operation: "files.file",
  build(input) {
    const parsed = parseArguments(input.args);
    const allowed = ["-r", "-R", "--recursive", "-f", "--force", "-v", "--verbose", "-d", "--dir"];
    if (!onlyOptions(parsed, allowed)) return null;
    const path = singleOperand(parsed);
    if (!path) return null;
    const recursive = hasOption(parsed, "-r", "-R", "--recursive", "-d", "--dir");
    const kind = recursive ? guessKind(path.value) : "file";
    if (!kind) return null;
    return nativeCall(`files.${kind}`, [
      ["path", input.values.word(path)],
      ["present", "False"],
    ]);
  },
};

const touchForm: NativeForm = {
  form: "touch FILE",
  programs: ["touch"],
  operation: "files.file",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, ["-c", "--no-create"]) || hasOption(parsed, "-c", "--no-create")) return null;
    const path = singleOperand(parsed);
    return path ? nativeCall("files.file", [["path", input.values.word(path)]]) : null;
  },
};

const installDirectoryForm: NativeForm = {
  form: "install -d [-m MODE] [-o USER] [-g GROUP] DIR",
  programs: ["install"],
  operation: "files.directory",
  build(input) {
    const valued = ["-m", "--mode", "-o", "--owner", "-g", "--group"];
    const parsed = parseArguments(input.args, { valued });
    if (!hasOption(parsed, "-d", "--directory") || !onlyOptions(parsed, [...valued, "-d", "--directory", "-v"])) {
      return null;
    }
    const path = singleOperand(parsed);
    if (!path) return null;
    return nativeCall("files.directory", [
      ["path", input.values.word(path)],
      ["user", input.values.optional(optionValue(parsed, "-o", "--owner"))],
      ["group", input.values.optional(optionValue(parsed, "-g", "--group"))],
      ["mode", modeValue(optionValue(parsed, "-m", "--mode"), input)],
    ]);
  },
};

const tarExtractForm: NativeForm = {
  form: "tar -xf ARCHIVE -C DIR",
  programs: ["tar"],
  operation: "files.unarchive",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-f", "--file", "-C", "--directory"] });
    const allowed = ["-x", "--extract", "-z", "-j", "-J", "-v", "-f", "--file", "-C", "--directory"];
    if (!hasOption(parsed, "-x", "--extract") || !onlyOptions(parsed, allowed)) return null;
    const archive = optionValue(parsed, "-f", "--file");
    const directory = optionValue(parsed, "-C", "--directory");
    if (!archive || !directory || parsed.operands.length > 0) return null;
    return nativeCall("files.unarchive", [
      ["src", input.values.word(archive)],
      ["dest", input.values.word(directory)],
      ["remote_src", "True"],
    ]);
  },
};

export const FILE_FORMS: readonly NativeForm[] = [
  mkdirForm,
  chmodForm,
  chownForm,
  chgrpForm,
  lnForm,
  rmForm,
  touchForm,
  installDirectoryForm,
  tarExtractForm,
];
