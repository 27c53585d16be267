/** One line of a line diff: kept, removed from the old text or added in the new one. */
interface DiffLine {
  kind: " " | "-" | "+";
  /** The line with its `\n`, so a last line without one differs from the same line with one. */
  text: string;
}

function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/**
 * Computes a shortest line edit script with Myers' O(ND) algorithm. Fixes
 * change few lines, so D and the kept traces stay small.
 */
function diffLines(a: string[], b: string[]): { kind: " " | "-" | "+"; a: number; b: number }[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];

  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next.slice());
        break outer;
      }
    }
    v = next;
  }

  const script: { kind: " " | "-" | "+"; a: number; b: number }[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const previous = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = previous[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      script.push({ kind: " ", a: --x, b: --y });
    }
    if (d === 0) break;
    if (down) script.push({ kind: "+", a: x, b: --y });
    else script.push({ kind: "-", a: --x, b: y });
  }
  while (x > 0 && y > 0) script.push({ kind: " ", a: --x, b: --y });
  return script.reverse();
}

/**
 * Formats a unified diff of two texts with `context` lines around each
 * change, under `--- a/PATH` and `+++ b/PATH` headers. Returns an empty
 * string when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const old = splitLines(before);
  const updated = splitLines(after);
  const lines: DiffLine[] = diffLines(old, updated).map((step) => ({
    kind: step.kind,
    text: step.kind === "+" ? updated[step.b] : old[step.a],
  }));

  const output = [`--- a/${path}`, `+++ b/${path}`];
  let index = 0;
  while (index < lines.length) {
    if (lines[index].kind === " ") {
      index++;
      continue;
    }
    const start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while the next change is within 2 * context kept lines.
    for (let scan = index; scan < lines.length; scan++) {
      if (lines[scan].kind !== " ") end = scan;
      else if (scan - end > 2 * context) break;
    }
    const stop = Math.min(lines.length, end + context + 1);
    output.push(hunkHeader(lines, start, stop));
    for (const line of lines.slice(start, stop)) {
      if (line.text.endsWith("\n")) {
        output.push(`${line.kind}${line.text.slice(0, -1)}`);
      } else {
        output.push(`${line.kind}${line.text}`, "\\ No newline at end of file");
      }
    }
    index = stop;
  }
  return output.join("\n") + "\n";
}

function hunkHeader(lines: DiffLine[], start: number, stop: number): string {
  let oldStart = 1;
  let newStart = 1;
  for (const line of lines.slice(0, start)) {
    if (line.kind !== "+") oldStart++;
    if (line.kind !== "-") newStart++;
  }
  const hunk = lines.slice(start, stop);
  const oldCount = hunk.filter((line) => line.kind !== "+").length;
  const newCount = hunk.filter((line) => line.kind !== "-").length;
  const range = (first: number, count: number) => (count === 0 ? `${first - 1},0` : `${first},${count}`);
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`;
}
