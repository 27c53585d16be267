// Reads the `mode=` values that pyinfra's file operations accept. pyinfra
// 3.10 (`ensure_mode_int` in pyinfra/operations/util/files.py) turns `644`,
// `"644"`, `"0644"` and `"0o644"` into the octal digits 644, reads an int as
// its decimal digits, and passes symbolic modes such as `"u+x"` to chmod as
// they are.
import type { Node } from "../../python/parser.js";

/** A mode written as a literal in the deploy code. */
export type LiteralMode =
  /** Octal digits: every permission bit is known. */
  | { kind: "octal"; bits: number; text: string }
  /** A symbolic mode: `bits` holds only the permissions it adds. */
  | { kind: "symbolic"; bits: number; text: string }
  /**
   * A Python octal integer such as `0o644`. pyinfra reads its decimal value
   * (420) as octal digits, so it applies another mode or, when the decimal
   * value has an 8 or a 9, rejects it.
   */
  | { kind: "octal-integer"; bits: number; decimal: number; text: string };

export const OTHERS_WRITE = 0o002;
export const OTHERS_ANY = 0o007;
export const GROUP_WRITE = 0o020;
export const GROUP_AND_OTHERS = 0o077;
export const SETUID = 0o4000;
export const SETGID = 0o2000;
export const STICKY = 0o1000;

const WHO_BITS: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 };
const PERMISSION_BITS: Record<string, number> = {
  r: 0o444,
  w: 0o222,
  x: 0o111,
  X: 0o111,
  s: 0o6000,
  t: 0o1000,
};
/** With no `u`, `g`, `o` or `a`, chmod applies the umask; 022 is the usual one. */
const USUAL_UMASK = 0o022;

/** Reads octal digits such as `0644` or `2775`, or returns null. */
function octalDigits(text: string): number | null {
  if (!/^[0-7]{1,4}$/.test(text)) return null;
  return parseInt(text, 8);
}

/**
 * Returns the bits that a symbolic mode such as `u+x,go-w` or `a=rwX` adds,
 * or null when it is not one chmod accepts.
 */
function symbolicBits(text: string): number | null {
  let added = 0;
  for (const clause of text.split(",")) {
    const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!match) return null;
    const who = match[1].replace(/a/g, "ugo");
    const scope =
      who === "" ? 0o7777 & ~USUAL_UMASK : [...who].reduce((bits, letter) => bits | WHO_BITS[letter], 0);
    for (const action of match[2].matchAll(/([-+=])([rwxXst]*)/g)) {
      if (action[1] === "-") continue;
      for (const letter of action[2]) added |= PERMISSION_BITS[letter] & scope;
    }
  }
  return added;
}

/** Reads a `mode=` argument when it is a literal, or returns null. */
export function readLiteralMode(node: Node): LiteralMode | null {
  if (node.type === "integer") {
    const text = node.text.replace(/_/g, "");
    if (/^0[oO][0-7]+$/.test(text)) {
      const value = parseInt(text.slice(2), 8);
      return { kind: "octal-integer", bits: value, decimal: value, text: node.text };
    }
    const bits = /^[0-9]+$/.test(text) ? octalDigits(text) : null;
    return bits === null ? null : { kind: "octal", bits, text: node.text };
  }
  if (node.type !== "string" || node.namedChildren.some((part) => part?.type === "interpolation")) {
    return null;
  }

  const content = node.namedChildren
    .filter((part) => part?.type === "string_content")
    .map((part) => part?.text ?? "")
    .join("");
  const value = content.trim().toLowerCase().replace(/^0o/, "");
  const bits = octalDigits(value);
  if (bits !== null) return { kind: "octal", bits, text: node.text };
  const symbolic = symbolicBits(content.trim());
  return symbolic === null ? null : { kind: "symbolic", bits: symbolic, text: node.text };
}

/** Formats mode bits as chmod digits, such as `755` or `2775`. */
export function formatMode(bits: number): string {
  const digits = (bits & 0o7777).toString(8);
  return bits > 0o777 ? digits : digits.padStart(3, "0");
}
