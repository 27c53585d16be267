import type { Fix, TextEdit } from "../rules/types.js";

/** A line ending as a file uses it. */
export type LineEnding = "\n" | "\r\n";

/** Returns the line ending of the first line break, or `\n` for a text without one. */
export function detectLineEnding(text: string): LineEnding {
  const index = text.indexOf("\n");
  return index > 0 && text[index - 1] === "\r" ? "\r\n" : "\n";
}

/** Rewrites the `\n` line breaks of inserted text to the file's line ending. */
export function withLineEnding(content: string, lineEnding: LineEnding): string {
  return lineEnding === "\n" ? content : content.replace(/\r?\n/g, "\r\n");
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.content === b.content;
}

/**
 * True when two edits touch the same text: their ranges intersect, or both
 * start at the same offset (two insertions there could go in either order).
 * An edit that ends where the other starts does not overlap it.
 */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/** Returns the reason a fix's own edits are unusable, or null when they are sorted, in range and disjoint. */
export function invalidEditsReason(fix: Fix, textLength: number): string | null {
  if (fix.edits.length === 0) return "the fix has no edits";
  let previous: TextEdit | null = null;
  for (const edit of [...fix.edits].sort((a, b) => a.start - b.start)) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > textLength) {
      return `edit ${edit.start}-${edit.end} lies outside the text of ${textLength} characters`;
    }
    if (previous && editsOverlap(previous, edit)) {
      return `edits ${previous.start}-${previous.end} and ${edit.start}-${edit.end} overlap`;
    }
    previous = edit;
  }
  return null;
}

/**
 * Picks, in order, the fixes that can be applied together: a fix whose edits
 * overlap an edit of an earlier picked fix waits for the next pass. An edit
 * identical to one already picked (the same import added by two fixes) is
 * shared rather than counted as an overlap.
 */
export function pickCompatible<T extends { fix: Fix }>(candidates: readonly T[]): { picked: T[]; deferred: T[] } {
  const taken: TextEdit[] = [];
  const picked: T[] = [];
  const deferred: T[] = [];
  for (const candidate of candidates) {
    const clashes = candidate.fix.edits.some((edit) =>
      taken.some((other) => editsOverlap(edit, other) && !sameEdit(edit, other)),
    );
    if (clashes) {
      deferred.push(candidate);
      continue;
    }
    picked.push(candidate);
    taken.push(...candidate.fix.edits);
  }
  return { picked, deferred };
}

/**
 * Applies the edits of several compatible fixes to `text` at once. Identical
 * edits are applied once, and inserted line breaks follow `lineEnding`.
 */
export function applyFixes(text: string, fixes: readonly Fix[], lineEnding: LineEnding): string {
  const edits: TextEdit[] = [];
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      if (!edits.some((other) => sameEdit(edit, other))) edits.push(edit);
    }
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);

  const parts: string[] = [];
  let position = 0;
  for (const edit of edits) {
    if (edit.start < position) {
      throw new Error(`edits overlap at offset ${edit.start}; pick fixes with pickCompatible first`);
    }
    parts.push(text.slice(position, edit.start), withLineEnding(edit.content, lineEnding));
    position = edit.end;
  }
  parts.push(text.slice(position));
  return parts.join("");
}

/**
 * Gives `fixed` the final line break state of `original`: a file that ended
 * with a line break still does, and one that did not gains none.
 */
export function keepFinalNewline(original: string, fixed: string, lineEnding: LineEnding): string {
  const hadNewline = original.endsWith("\n");
  if (hadNewline && !fixed.endsWith("\n") && fixed.length > 0) return fixed + lineEnding;
  if (!hadNewline && fixed.endsWith("\n")) return fixed.replace(/\r?\n$/, "");
  return fixed;
}
