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
 * Orders findings by path, position, code and message, so that a run gives
 * the same order whichever files it checked first or took from the cache.
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  if (a.end_line !== b.end_line) return a.end_line - b.end_line;
  return a.end_column - b.end_column;
}

/**
 * Returns sorted findings without repeats. A template that several templates
 * include is checked once for each, and its problems would otherwise show once per includer.
 */
export function withoutRepeats(sorted: Finding[]): Finding[] {
  const kept: Finding[] = [];
  let previous = "";
  for (const finding of sorted) {
    const text = JSON.stringify(finding);
    if (text !== previous) kept.push(finding);
    previous = text;
  }
  return kept;
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
