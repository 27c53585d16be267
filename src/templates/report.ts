// Helpers shared by the template rules: the template calls of a file, and
// reports at positions inside templates.
import { isAbsolute } from "node:path";

import type { PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { RuleContext, RuleReport, Severity } from "../rules/types.js";
import { displayPathOf } from "../workspace/files.js";
import type { InlineText } from "./inline.js";
import type { TemplateCall, TemplateSource } from "./references.js";
import { callId, findTemplateCalls } from "./references.js";
import type { TemplateAnalysis, TemplateSpan } from "./types.js";

const callsByFile = new WeakMap<PythonFile, TemplateCall[]>();

/** Returns the template calls of the checked file, found once per file for all template rules. */
export function templateCalls(context: RuleContext): TemplateCall[] {
  let calls = callsByFile.get(context.file);
  if (!calls) {
    const configured = context.config.workingDirectory !== null;
    calls = findTemplateCalls(context.file, context.catalogue, context.project, configured);
    callsByFile.set(context.file, calls);
  }
  return calls;
}

/** Returns the path of a file as findings show it. */
export function shownPath(context: RuleContext, absolutePath: string): string {
  return displayPathOf(absolutePath, context.templates?.cwd ?? context.project.root);
}

/** `files.template` at `deploys/web.py:12`, naming a call in messages. */
export function describeCall(context: RuleContext, templateCall: TemplateCall): string {
  const line = templateCall.call.node.startPosition.row + 1;
  return `\`${templateCall.call.qualifiedName}\` at ${context.file.path}:${line}`;
}

/** Names a template in messages: its `src` as written, or "the inline template". */
export function describeSource(context: RuleContext, source: TemplateSource): string {
  if (source.kind !== "file") return "the inline template";
  // A path resolved from `__file__` is absolute; show it relative to the working directory.
  const shown = isAbsolute(source.written) ? shownPath(context, source.absolutePath) : source.written;
  return `\`${shown}\``;
}

/** Returns the analysis of a source, when the Jinja2 checks ran and checked it. */
export function analysisOf(context: RuleContext, source: TemplateSource): TemplateAnalysis | undefined {
  return context.templates?.analyses.get(source.key);
}

/** True when this call reports the problems of the template itself, which happens once per run. */
export function ownsTemplate(context: RuleContext, templateCall: TemplateCall, source: TemplateSource): boolean {
  const owner = context.templates?.owners.get(source.key);
  return owner === undefined || owner === callId(context.file, templateCall.call);
}

/** Maps a span of an inline template to offsets in the Python file. */
function inlineOffsets(inline: InlineText, span: TemplateSpan): { start: number; end: number } {
  const last = inline.offsets.length - 1;
  const start = inline.offsets[Math.min(span.offset, last)];
  if (span.end_offset <= span.offset) return { start, end: start };
  const end = inline.offsets[Math.min(span.end_offset - 1, last)] + 1;
  return { start, end: Math.max(end, start) };
}

/**
 * Builds a report at a span of a template. A span in a template file is shown
 * there and anchored at `anchor` in the Python file for `# noqa`. A span of an
 * inline template is shown inside the Python string.
 */
export function templateSpanReport(options: {
  context: RuleContext;
  source: TemplateSource;
  /** The template file the span is in, or null for the inline template of `source`. */
  path: string | null;
  span: TemplateSpan;
  anchor: Node;
  message: string;
  severity?: Severity;
}): RuleReport {
  const { context, source, path, span, anchor, message, severity } = options;
  const report: RuleReport = { start: anchor.startIndex, end: anchor.endIndex, message };
  if (severity) report.severity = severity;
  if (path === null && source.kind === "inline") {
    return { ...report, ...inlineOffsets(source.inline, span) };
  }
  report.location = {
    path: shownPath(context, path ?? (source.kind === "file" ? source.absolutePath : context.file.absolutePath)),
    line: span.line,
    column: span.column,
    endLine: span.end_line,
    endColumn: span.end_column,
  };
  return report;
}
