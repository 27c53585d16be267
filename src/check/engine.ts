import type { Catalogue } from "../catalogue/types.js";
import { buildModel } from "../python/model.js";
import { parsePython } from "../python/parser.js";
import { SYNTAX_ERROR_CODE } from "../rules/codes.js";
import type { Fix, ProjectContext, Rule, RuleReport } from "../rules/types.js";
import type { TemplateIndex } from "../templates/types.js";
import type { Config } from "../workspace/config.js";
import type { Finding, FindingFix } from "./finding.js";
import { compareFindings } from "./finding.js";
import { isSuppressed, readSuppressions } from "./noqa.js";
import { LineIndex } from "./positions.js";

export interface CheckSettings {
  rules: readonly Rule[];
  catalogue: Catalogue;
  config: Config;
  project: ProjectContext;
  /** Template check results of the run, for the template rules. */
  templates?: TemplateIndex;
}

function toFindingFix(fix: Fix | null | undefined, lines: LineIndex): FindingFix | null {
  if (!fix) return null;
  return {
    title: fix.title,
    applicability: fix.applicability,
    edits: [...fix.edits]
      .sort((a, b) => a.start - b.start)
      .map((edit) => ({
        start: lines.position(edit.start),
        end: lines.position(edit.end),
        start_offset: edit.start,
        end_offset: edit.end,
        content: edit.content,
      })),
  };
}

/**
 * Parses one Python file, runs the rules on it and returns its findings,
 * sorted by position. A file with a syntax error gets only the PIK100
 * finding, because the other rules would read a broken tree.
 */
export function checkSource(
  path: string,
  absolutePath: string,
  text: string,
  settings: CheckSettings,
): Finding[] {
  const tree = parsePython(text);
  try {
    const file = buildModel(path, absolutePath, text, tree);
    const lines = new LineIndex(text);
    const suppressions = readSuppressions(file.nodes("comment"));
    const context = {
      file,
      catalogue: settings.catalogue,
      config: settings.config,
      project: settings.project,
      templates: settings.templates,
    };
    const findings: Finding[] = [];

    const syntaxRule = settings.rules.find((rule) => rule.code === SYNTAX_ERROR_CODE);
    const ordered = syntaxRule
      ? [syntaxRule, ...settings.rules.filter((rule) => rule !== syntaxRule)]
      : settings.rules;
    for (const rule of ordered) {
      let reports: RuleReport[];
      try {
        reports = rule.check(context);
      } catch (error) {
        // A rule that crashes on one file must not stop the others, so its error becomes a finding that names the rule.
        reports = [
          {
            start: 0,
            end: 0,
            message: `internal error in rule ${rule.code} (${rule.name}): ${(error as Error).message}; please report it`,
          },
        ];
      }
      for (const report of reports) {
        const start = lines.position(report.start);
        const end = lines.position(report.end);
        // `# noqa` never hides a syntax error, because a file that does not parse cannot run.
        if (rule.code !== SYNTAX_ERROR_CODE && isSuppressed(suppressions, start.line, rule.code)) continue;
        // A finding in another file, such as a template, keeps its own position there.
        const shown = report.location ?? {
          path,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
        };
        findings.push({
          code: rule.code,
          name: rule.name,
          message: report.message,
          severity: report.severity ?? rule.severity,
          path: shown.path,
          line: shown.line,
          column: shown.column,
          end_line: shown.endLine,
          end_column: shown.endColumn,
          fix: toFindingFix(report.fix, lines),
        });
      }
      if (rule.code === SYNTAX_ERROR_CODE && reports.length > 0) break;
    }
    return findings.sort(compareFindings);
  } finally {
    tree.delete();
  }
}
