// `sed -i` with one `s` or `/re/d` command, and the `files.replace` and
// `files.line` calls that do the same. pyinfra builds its own sed script from
// `text` and `replace` (pyinfra.operations.util.files._sed_command): it
// escapes `/` in both and `&` in the replacement, so a replacement that uses
// `&` for the matched text has no native form.
import { pythonString } from "./arguments.js";
import type { FormInput, NativeCall, NativeForm } from "./native-form.js";
import { nativeCall } from "./native-form.js";
import type { ShellWord } from "./types.js";

interface SedInvocation {
  inPlace: boolean;
  backup: boolean;
  extended: boolean;
  script: string | null;
  files: ShellWord[];
}

/** Reads the options of GNU sed that `files.replace` can express; null for any other option. */
function readSed(words: readonly ShellWord[]): SedInvocation | null {
  const sed: SedInvocation = { inPlace: false, backup: false, extended: false, script: null, files: [] };
  const operands: ShellWord[] = [];
  for (let position = 0; position < words.length; position++) {
    const word = words[position];
    const text = word.value;
    if (text === "--") {
      operands.push(...words.slice(position + 1));
      break;
    }
    if (text.startsWith("--")) {
      if (text === "--in-place" || text.startsWith("--in-place=")) {
        sed.inPlace = true;
        sed.backup = text.includes("=");
      } else if (text === "--regexp-extended") sed.extended = true;
      else if (text.startsWith("--expression=") && sed.script === null) sed.script = text.slice(13);
      else return null;
      continue;
    }
    if (!text.startsWith("-") || text === "-") {
      operands.push(word);
      continue;
    }
    for (let letter = 1; letter < text.length; letter++) {
      const option = text[letter];
      if (option === "E" || option === "r") sed.extended = true;
      else if (option === "i") {
        sed.inPlace = true;
        sed.backup = letter + 1 < text.length;
        break;
      } else if (option === "e" && sed.script === null) {
        const rest = text.slice(letter + 1);
        sed.script = rest || (words[++position]?.value ?? null);
        break;
      } else return null;
    }
  }
  if (sed.script === null) sed.script = operands.shift()?.value ?? null;
  sed.files = operands;
  return sed;
}

/** Splits `s/PATTERN/REPLACEMENT/FLAGS` at unescaped delimiters. */
function splitSubstitution(script: string): { pattern: string; replacement: string; flags: string } | null {
  if (script[0] !== "s" || script.length < 4) return null;
  const delimiter = script[1];
  if (delimiter === "\\" || delimiter === "\n" || delimiter === " ") return null;
  const parts: string[] = [];
  let current = "";
  let position = 2;
  for (; position < script.length && parts.length < 2; position++) {
    const char = script[position];
    if (char === "\\" && position + 1 < script.length) {
      const next = script[position + 1];
      // `\<delimiter>` is the delimiter itself; pyinfra escapes `/` again when it writes the script.
      current += next === delimiter ? delimiter : char + next;
      position++;
    } else if (char === delimiter) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  if (parts.length < 2) return null;
  return { pattern: parts[0], replacement: parts[1], flags: script.slice(position).trim() };
}

/** Converts a sed replacement to pyinfra's `replace`, or null when it uses `&` for the match. */
function replacementText(replacement: string): string | null {
  let text = "";
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] === "\\" && replacement[i + 1] === "&") {
      text += "&";
      i++;
    } else if (replacement[i] === "\\" && i + 1 < replacement.length) {
      text += replacement[i] + replacement[i + 1];
      i++;
    } else if (replacement[i] === "&") return null;
    else text += replacement[i];
  }
  return text;
}

function buildSed(input: FormInput): NativeCall | null {
  if (input.args.some((word) => word.expands)) return null;
  const sed = readSed(input.args);
  if (!sed || !sed.inPlace || sed.script === null || sed.files.length !== 1) return null;
  const path = input.values.word(sed.files[0]);
  const common: [string, string | undefined][] = [
    ["extended_regex", sed.extended ? "True" : undefined],
    ["backup", sed.backup ? "True" : undefined],
  ];
  const script = sed.script.trim();

  const deletion = /^\/((?:[^/\\]|\\.)+)\/d$/.exec(script);
  if (deletion) {
    const line = deletion[1].replace(/\\\//g, "/");
    return nativeCall("files.line", [["path", path], ["line", input.values.text(line)], ["present", "False"], ...common]);
  }

  const substitution = splitSubstitution(script);
  if (!substitution || !/^[gI0-9]*$/.test(substitution.flags)) return null;
  const replacement = replacementText(substitution.replacement);
  if (replacement === null) return null;
  const flags = [...substitution.flags].map((flag) => pythonString(flag));
  return nativeCall("files.replace", [
    ["path", path],
    ["text", input.values.text(substitution.pattern)],
    ["replace", input.values.text(replacement)],
    ["flags", flags.length > 0 ? `[${flags.join(", ")}]` : undefined],
    ...common,
  ]);
}

export const SED_FORMS: readonly NativeForm[] = [
  { form: "sed -i 's/PATTERN/REPLACEMENT/' FILE", programs: ["sed"], operation: "files.replace", build: buildSed },
  { form: "sed -i '/PATTERN/d' FILE", programs: ["sed"], operation: "files.line", build: buildSed },
];
