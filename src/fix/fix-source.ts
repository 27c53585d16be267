import { checkSource } from "../check/engine.js";
import type { CheckSettings } from "../check/engine.js";
import type { Finding } from "../check/finding.js";
import { LineIndex } from "../check/positions.js";
import { buildModel } from "../python/model.js";
import { firstSyntaxError, parsePython } from "../python/parser.js";
import type { Applicability, Fix } from "../rules/types.js";
import {
  applyFixes,
  detectLineEnding,
  invalidEditsReason,
  keepFinalNewline,
  pickCompatible,
} from "./edits.js";
import { ImportChanges, usedImportNames } from "./imports.js";

/** Passes after which fixing stops even if fixes keep coming, so a rule that re-fires cannot loop. */
export const MAX_FIX_PASSES = 10;

export interface FixOptions {
  /** Apply unsafe fixes as well as safe ones. */
  unsafe: boolean;
  maxPasses?: number;
}

/** A fix that was applied, by the finding that offered it. */
export interface AppliedFix {
  code: string;
  title: string;
  applicability: Applicability;
  /** 1-based position of the finding in the text the fix was applied to. */
  line: number;
  column: number;
}

/** A fix that was not applied because it would break the file or was malformed. */
export interface DroppedFix extends AppliedFix {
  reason: string;
}

export interface FixOutcome {
  /** The fixed text; equal to the input when nothing was applied. */
  text: string;
  applied: AppliedFix[];
  dropped: DroppedFix[];
  /** Findings of the fixed text, from the last pass. */
  remaining: Finding[];
  passes: number;
  /** False when fixes were still coming after the last allowed pass. */
  settled: boolean;
  /** Set when the input does not parse, so no fix was tried. */
  syntaxError: string | null;
}

interface Candidate {
  finding: Finding;
  fix: Fix;
}

/** Returns true when a fix of this applicability is applied under the options. */
export function isApplied(applicability: Applicability, options: Pick<FixOptions, "unsafe">): boolean {
  return applicability === "safe" || (applicability === "unsafe" && options.unsafe);
}

/** Converts the fix of a finding back to the rule's form, with offsets into the text. */
function fixOf(finding: Finding): Fix | null {
  if (!finding.fix) return null;
  return {
    title: finding.fix.title,
    applicability: finding.fix.applicability,
    edits: finding.fix.edits.map((edit) => ({
      start: edit.start_offset,
      end: edit.end_offset,
      content: edit.content,
    })),
  };
}

/** Identifies a fix by what it replaces and with what, so a dropped fix is not retried at a shifted offset. */
function fixKey(code: string, fix: Fix, text: string): string {
  const edits = fix.edits.map((edit) => `${text.slice(edit.start, edit.end)}\u0000${edit.content}`);
  return [code, fix.title, ...edits].join("\u0001");
}

function describe(candidate: Candidate): AppliedFix {
  return {
    code: candidate.finding.code,
    title: candidate.fix.title,
    applicability: candidate.fix.applicability,
    line: candidate.finding.line,
    column: candidate.finding.column,
  };
}

function syntaxErrorAt(text: string): string | null {
  const tree = parsePython(text);
  try {
    const error = firstSyntaxError(tree.rootNode);
    if (!error) return null;
    const { line, column } = new LineIndex(text).position(error.startIndex);
    return `syntax error at ${line}:${column}`;
  } finally {
    tree.delete();
  }
}

/**
 * Applies the picked fixes and keeps only those whose result parses: when the
 * whole set breaks the file, fixes are added one at a time and each one that
 * breaks it is dropped.
 */
function applyParsing(
  text: string,
  picked: Candidate[],
  lineEnding: ReturnType<typeof detectLineEnding>,
): { text: string; kept: Candidate[]; broken: { candidate: Candidate; error: string }[] } {
  const all = applyFixes(text, picked.map((candidate) => candidate.fix), lineEnding);
  if (syntaxErrorAt(all) === null) return { text: all, kept: picked, broken: [] };

  const kept: Candidate[] = [];
  const broken: { candidate: Candidate; error: string }[] = [];
  let current = text;
  for (const candidate of picked) {
    const trial = applyFixes(text, [...kept, candidate].map((entry) => entry.fix), lineEnding);
    const error = syntaxErrorAt(trial);
    if (error === null) {
      kept.push(candidate);
      current = trial;
    } else {
      broken.push({ candidate, error });
    }
  }
  return { text: current, kept, broken };
}

function withModel<T>(path: string, absolutePath: string, text: string, read: (file: ReturnType<typeof buildModel>) => T): T {
  const tree = parsePython(text);
  try {
    return read(buildModel(path, absolutePath, text, tree));
  } finally {
    tree.delete();
  }
}

/**
 * Removes imports that the input read and the fixed text no longer does.
 * Each fix removes the imports it leaves unused, but two fixes of one pass
 * that each remove some uses of a name both still see the other's use.
 */
function removeImportsLeftUnused(
  path: string,
  absolutePath: string,
  input: string,
  fixed: string,
  lineEnding: ReturnType<typeof detectLineEnding>,
): string {
  const used = withModel(path, absolutePath, input, usedImportNames);
  const edits = withModel(path, absolutePath, fixed, (file) => new ImportChanges(file).removeLeftUnused(used));
  if (edits.length === 0) return fixed;
  const cleaned = applyFixes(fixed, [{ title: "Remove unused imports", applicability: "safe", edits }], lineEnding);
  return syntaxErrorAt(cleaned) === null ? cleaned : fixed;
}

/**
 * Fixes one file's text in passes. Each pass checks the current text, picks
 * the applicable fixes whose edits do not overlap, applies them and drops any
 * that leave the file unparsable. Passes repeat until no fix applies or
 * `maxPasses` is reached. Inserted line breaks follow the file's line ending,
 * and the final line break is kept as it was.
 */
export function fixSource(
  path: string,
  absolutePath: string,
  input: string,
  settings: CheckSettings,
  options: FixOptions,
): FixOutcome {
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  const lineEnding = detectLineEnding(input);
  const outcome: FixOutcome = {
    text: input,
    applied: [],
    dropped: [],
    remaining: [],
    passes: 0,
    settled: true,
    syntaxError: syntaxErrorAt(input),
  };
  if (outcome.syntaxError !== null) {
    outcome.remaining = checkSource(path, absolutePath, input, settings);
    return outcome;
  }

  const failed = new Set<string>();
  let text = input;
  let findings = checkSource(path, absolutePath, text, settings);
  for (;;) {
    const candidates: Candidate[] = [];
    for (const finding of findings) {
      // A finding shown in another file, such as a template, is not fixed here.
      if (finding.path !== path) continue;
      const fix = fixOf(finding);
      if (!fix || !isApplied(fix.applicability, options)) continue;
      if (failed.has(fixKey(finding.code, fix, text))) continue;
      const invalid = invalidEditsReason(fix, text.length);
      if (invalid !== null) {
        failed.add(fixKey(finding.code, fix, text));
        outcome.dropped.push({ ...describe({ finding, fix }), reason: `invalid fix: ${invalid}` });
        continue;
      }
      candidates.push({ finding, fix });
    }
    if (candidates.length === 0) break;
    if (outcome.passes === maxPasses) {
      outcome.settled = false;
      break;
    }
    outcome.passes++;

    candidates.sort(
      (a, b) => Math.min(...a.fix.edits.map((e) => e.start)) - Math.min(...b.fix.edits.map((e) => e.start)),
    );
    const { picked } = pickCompatible(candidates);
    const result = applyParsing(text, picked, lineEnding);
    for (const { candidate, error } of result.broken) {
      failed.add(fixKey(candidate.finding.code, candidate.fix, text));
      outcome.dropped.push({ ...describe(candidate), reason: `the fixed file would not parse (${error})` });
    }
    if (result.text === text) {
      // Fixes whose edits change nothing would be offered again on every pass.
      for (const candidate of result.kept) failed.add(fixKey(candidate.finding.code, candidate.fix, text));
      continue;
    }
    outcome.applied.push(...result.kept.map(describe));
    text = result.text;
    findings = checkSource(path, absolutePath, text, settings);
  }

  // `findings` belong to `text`; the clean-up below may change it once more.
  const checked = text;
  if (text !== input) text = removeImportsLeftUnused(path, absolutePath, input, text, lineEnding);
  const finalText = text === input ? input : keepFinalNewline(input, text, lineEnding);
  if (finalText !== checked) findings = checkSource(path, absolutePath, finalText, settings);
  outcome.text = finalText;
  outcome.remaining = findings;
  return outcome;
}
