import type { Node } from "../python/parser.js";

const NOQA = /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;

/** Suppressions by 1-based line: `"all"` for a bare `# noqa`, or the listed codes. */
export type Suppressions = Map<number, "all" | Set<string>>;

/** Reads every `# noqa` and `# noqa: CODE, CODE` comment of a parsed file. */
export function readSuppressions(comments: Node[]): Suppressions {
  const suppressions: Suppressions = new Map();
  for (const comment of comments) {
    const match = NOQA.exec(comment.text);
    if (!match) continue;
    const line = comment.startPosition.row + 1;
    if (!match[1]) {
      suppressions.set(line, "all");
      continue;
    }
    const existing = suppressions.get(line);
    if (existing === "all") continue;
    const codes = existing ?? new Set<string>();
    for (const code of match[1].split(/[\s,]+/)) codes.add(code.toUpperCase());
    suppressions.set(line, codes);
  }
  return suppressions;
}

export function isSuppressed(suppressions: Suppressions, line: number, code: string): boolean {
  const entry = suppressions.get(line);
  return entry === "all" || (entry !== undefined && entry.has(code));
}
