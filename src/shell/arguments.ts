// Reads the options and operands of a command, and turns shell words back
// into Python source for the arguments of a native operation.
import type { Interpolation } from "./python-template.js";
import { findPlaceholders, isSpaceJoin } from "./python-template.js";
import type { ShellWord } from "./types.js";
import { sliceWord } from "./words.js";

export interface ParsedOption {
  /** The option as written without its value: `-o`, `--output`. */
  name: string;
  value: ShellWord | null;
}

export interface ParsedArguments {
  options: ParsedOption[];
  operands: ShellWord[];
}

export interface OptionSpec {
  /** Options that take a value, such as `-o` and `--output`. */
  valued?: readonly string[];
  /** Options read as a whole word, not as a cluster of letters, such as `-rf` in `find`. */
  words?: readonly string[];
}

/**
 * Splits words into options and operands the way getopt_long does: short
 * options cluster (`-fsSL`), a valued short option takes the rest of its word
 * or the next word, `--name=value` and `--name value` both work, options and
 * operands may mix, and `--` ends the options.
 */
export function parseArguments(words: readonly ShellWord[], spec: OptionSpec = {}): ParsedArguments {
  const valued = new Set(spec.valued ?? []);
  const whole = new Set(spec.words ?? []);
  const parsed: ParsedArguments = { options: [], operands: [] };
  for (let position = 0; position < words.length; position++) {
    const word = words[position];
    const text = word.value;
    const isOption = text.length > 1 && text.startsWith("-") && !word.text.startsWith("$");
    if (text === "--") {
      parsed.operands.push(...words.slice(position + 1));
      break;
    }
    if (!isOption) {
      parsed.operands.push(word);
      continue;
    }
    if (text.startsWith("--") || whole.has(text)) {
      const equals = text.indexOf("=");
      const name = equals >= 0 ? text.slice(0, equals) : text;
      let value: ShellWord | null = null;
      if (equals >= 0) value = sliceWord(word, equals + 1);
      else if (valued.has(name)) value = words[++position] ?? null;
      parsed.options.push({ name, value });
      continue;
    }
    for (let letter = 1; letter < text.length; letter++) {
      const name = `-${text[letter]}`;
      if (!valued.has(name)) {
        parsed.options.push({ name, value: null });
        continue;
      }
      const value = letter + 1 < text.length ? sliceWord(word, letter + 1) : (words[++position] ?? null);
      parsed.options.push({ name, value });
      break;
    }
  }
  return parsed;
}

/** True when one of `names` was given. */
export function hasOption(parsed: ParsedArguments, ...names: string[]): boolean {
  return parsed.options.some((option) => names.includes(option.name));
}

/** The value of the last of `names` given, or null. */
export function optionValue(parsed: ParsedArguments, ...names: string[]): ShellWord | null {
  const found = parsed.options.filter((option) => names.includes(option.name) && option.value);
  return found.length > 0 ? found[found.length - 1].value : null;
}

/** True when every option given is one of `allowed`. */
export function onlyOptions(parsed: ParsedArguments, allowed: readonly string[]): boolean {
  return parsed.options.every((option) => allowed.includes(option.name));
}

/** Quotes `value` as a Python string literal. */
export function pythonString(value: string, quote: '"' | "'" = '"'): string {
  let body = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\" || char === quote) body += `\\${char}`;
    else if (char === "\n") body += "\\n";
    else if (char === "\t") body += "\\t";
    else if (char === "\r") body += "\\r";
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, "0")}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** Builds Python source for shell words, given the interpolations of the command's template. */
export class PythonValues {
  constructor(private readonly interpolations: readonly Interpolation[]) {}

  /**
   * Python source for the value of `word`: a string literal, the inserted
   * expression, or an f-string that mixes both. Returns null when the shell
   * computes part of the word (`$VAR`, a glob), which Python cannot express.
   */
  word(word: ShellWord | null | undefined): string | null {
    if (!word || word.expands) return null;
    return this.text(word.value);
  }

  /** Like `word`, but undefined when there is no word, for arguments that are left out then. */
  optional(word: ShellWord | null | undefined): string | null | undefined {
    return word ? this.word(word) : undefined;
  }

  /** Python source for text that may contain placeholders. */
  text(text: string): string | null {
    const tokens = findPlaceholders(text);
    if (tokens.length === 0) return pythonString(text);
    if (tokens.length === 1 && tokens[0].start === 0 && tokens[0].end === text.length) {
      return this.interpolations[tokens[0].index]?.expression.text ?? null;
    }
    for (const quote of ['"', "'"] as const) {
      let body = "";
      let cursor = 0;
      let usable = true;
      for (const token of tokens) {
        const expression = this.interpolations[token.index]?.expression.text;
        if (!expression || expression.includes(quote) || expression.includes("\\") || expression.includes("\n")) {
          usable = false;
          break;
        }
        body += escapeFStringText(text.slice(cursor, token.start), quote);
        body += `{${expression}}`;
        cursor = token.end;
      }
      if (!usable) continue;
      body += escapeFStringText(text.slice(cursor), quote);
      return `f${quote}${body}${quote}`;
    }
    return null;
  }

  /**
   * Python source for a list of words. A word that is exactly `{" ".join(items)}`
   * splits into several shell words, so it becomes `*items`.
   */
  list(words: readonly ShellWord[]): string | null {
    const items: string[] = [];
    for (const word of words) {
      const join = this.spaceJoin(word);
      if (join) {
        items.push(`*${join}`);
        continue;
      }
      const value = this.word(word);
      if (value === null) return null;
      items.push(value);
    }
    if (items.length === 1 && items[0].startsWith("*")) return items[0].slice(1);
    return `[${items.join(", ")}]`;
  }

  /** The `items` of a word that is exactly `{" ".join(items)}`, or null. */
  private spaceJoin(word: ShellWord): string | null {
    const tokens = findPlaceholders(word.value);
    if (tokens.length !== 1 || tokens[0].start !== 0 || tokens[0].end !== word.value.length) return null;
    const expression = this.interpolations[tokens[0].index]?.expression;
    if (!expression || !isSpaceJoin(expression)) return null;
    const argumentsNode = expression.childForFieldName("arguments");
    const items = argumentsNode?.namedChildren.filter((child) => child && child.type !== "comment") ?? [];
    return items.length === 1 && items[0] ? items[0].text : null;
  }
}

function escapeFStringText(text: string, quote: '"' | "'"): string {
  return pythonString(text, quote).slice(1, -1).replace(/\{/g, "{{").replace(/\}/g, "}}");
}
