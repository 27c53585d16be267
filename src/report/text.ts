import type { Finding } from "../check/finding.js";
import type { CheckRunResult } from "../check/run.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Formats findings as `path:line:col: CODE message` lines and a summary line. */
export function formatText(result: CheckRunResult, options: { statistics: boolean }): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    const marker = finding.fix && finding.fix.applicability !== "display-only" ? " [*]" : "";
    lines.push(`${finding.path}:${finding.line}:${finding.column}: ${finding.code}${marker} ${finding.message}`);
  }
  if (options.statistics && result.findings.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...formatStatistics(result.findings));
  }
  if (lines.length > 0) lines.push("");
  lines.push(summaryLine(result));
  return lines.join("\n") + "\n";
}

export function formatStatistics(findings: Finding[]): string[] {
  const counts = new Map<string, { name: string; count: number; fixable: number }>();
  for (const finding of findings) {
    const entry = counts.get(finding.code) ?? { name: finding.name, count: 0, fixable: 0 };
    entry.count++;
    if (finding.fix && finding.fix.applicability !== "display-only") entry.fixable++;
    counts.set(finding.code, entry);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, entry]) =>
      `${String(entry.count).padStart(5)}  ${code}  ${entry.name}` +
      (entry.fixable ? ` (${entry.fixable} fixable)` : ""),
    );
}

export function summaryLine(result: CheckRunResult): string {
  return findingsSummary(result) + unreferencedTemplatesNote(result.unreferencedTemplates);
}

function findingsSummary(result: CheckRunResult): string {
  const checked = plural(result.filesChecked, "file");
  if (result.filesChecked === 0) return "No Python files found under the given paths.";
  if (result.findings.length === 0) return `All checks passed (${checked} checked).`;
  const files = new Set(result.findings.map((finding) => finding.path)).size;
  const fixable = result.findings.filter(
    (finding) => finding.fix && finding.fix.applicability !== "display-only",
  ).length;
  return (
    `Found ${plural(result.findings.length, "finding")} in ${plural(files, "file")} ` +
    `(${checked} checked)` +
    (fixable ? `; ${fixable} fixable with --fix or --unsafe-fixes ([*]).` : ".")
  );
}

/** Names the template files that no operation renders, at most five of them. */
function unreferencedTemplatesNote(paths: string[] | undefined): string {
  if (!paths || paths.length === 0) return "";
  const shown = paths.slice(0, 5).join(", ");
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : "";
  const verb = paths.length === 1 ? "is" : "are";
  return ` ${plural(paths.length, "template")} ${verb} not rendered by any operation: ${shown}${more}.`;
}
