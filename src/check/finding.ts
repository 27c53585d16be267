import { SYNTAX_ERROR_CODE } from "../rules/codes.js";
import type { Applicability, Severity } from "../rules/types.js";

export interface FindingEdit {
  /** 1-based line and column where the replaced text starts. */
  start: { line: number; column: number };
  end: { line: number; column: number };
  /** Offsets in the file text, as the fix engine applies them. */
  start_offset: number;
  end_offset: number;
  content: string;
}

export interface FindingFix {
  title: string;
  applicability: Applicability;
  edits: FindingEdit[];
}

/** A finding as every output format reports it. Field names are part of the JSON contract. */
export interface Finding {
  code: string;
  name: string;
  message: string;
  severity: Severity;
  /** The file path relative to the working directory. */
  path: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  fix: FindingFix | null;
}

/**
 * Orders findings by path, position and code. The sort is stable, so findings
 * that tie keep the order in which the rules reported them.
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * Returns sorted findings without repeats, keeping the first of each. A
 * template that several templates include is checked once for each, and its
 * problems would otherwise show once per includer. Only findings that tie in
 * the sort are compared whole.
 */
export function withoutRepeats(sorted: Finding[]): Finding[] {
  const unique: Finding[] = [];
  // The unique findings that tie with the current one in the sort.
  let tied: Finding[] = [];
  for (const finding of sorted) {
    const previous = unique[unique.length - 1];
    if (!previous || compareFindings(previous, finding) !== 0) tied = [];
    else if (tied.some((other) => sameFinding(other, finding))) continue;
    tied.push(finding);
    unique.push(finding);
  }
  return unique;
}

/** True when two findings that tie in the sort are the same in every field. */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.message !== b.message || a.end_line !== b.end_line || a.end_column !== b.end_column) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Builds a finding for a file that could not be read or decoded. */
export function unreadableFileFinding(path: string, reason: string): Finding {
  return {
    code: SYNTAX_ERROR_CODE,
    name: "syntax-error",
    message: reason,
    severity: "error",
    path,
    line: 1,
    column: 1,
    end_line: 1,
    end_column: 1,
    fix: null,
  };
}
