import type { Finding } from "../check/finding.js";
import { unifiedDiff } from "./diff.js";
import type { FileFixResult } from "./run-fixes.js";

/** Formats counts per code, most frequent first: `PIK501: 2, PIK301: 1`. */
export function countsByCode(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([code, count]) => `${code}: ${count}`)
    .join(", ");
}

/** Formats a count with its codes after the given word: `3 (PIK501: 2, PIK301: 1)` or `Fixed 0`. */
function counted(word: string, codes: readonly string[], wordFirst: boolean): string {
  const count = wordFirst ? `${word} ${codes.length}` : `${codes.length} ${word}`;
  return codes.length === 0 ? count : `${count} (${countsByCode(codes)})`;
}

/** The fixes that were written, or for `--diff` that would be. */
function effectiveFixes(results: readonly FileFixResult[], write: boolean): string[] {
  return results
    .filter((result) => (write ? result.written : result.after !== result.before))
    .flatMap((result) => result.applied.map((fix) => fix.code));
}

/**
 * The closing line of `--fix`: `Fixed 3 (PIK501: 2, PIK301: 1); 4 remaining (PIK201: 4).`
 * Remaining findings with an unsafe fix are counted when unsafe fixes were off.
 */
export function fixSummaryLine(results: readonly FileFixResult[], remaining: readonly Finding[], unsafe: boolean): string {
  let line =
    `${counted("Fixed", effectiveFixes(results, true), true)}; ` +
    counted("remaining", remaining.map((finding) => finding.code), false);
  const hidden = remaining.filter((finding) => finding.fix?.applicability === "unsafe").length;
  if (!unsafe && hidden > 0) line += `, ${hidden} of them fixable with --unsafe-fixes`;
  return `${line}.`;
}

/** The closing line of `--diff`: `Would fix 3 (PIK501: 2, PIK301: 1).` */
export function diffSummaryLine(results: readonly FileFixResult[]): string {
  return `${counted("Would fix", effectiveFixes(results, false), true)}.`;
}

/** Unified diffs of every file that fixing would change, in path order. */
export function formatDiffs(results: readonly FileFixResult[]): string {
  return [...results]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((result) => unifiedDiff(result.path.split("\\").join("/"), result.before, result.after))
    .join("");
}

/** Lines for stderr about fixes that were dropped and files that were not fixed or not written. */
export function fixProblemLines(results: readonly FileFixResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    for (const problem of result.problems) lines.push(`${result.path}: ${problem}`);
    for (const fix of result.dropped) {
      lines.push(`${result.path}:${fix.line}:${fix.column}: ${fix.code} fix "${fix.title}" dropped: ${fix.reason}`);
    }
  }
  return lines;
}
