import type { Catalogue } from "../catalogue/types.js";
import type { Node } from "../python/parser.js";
import type { PythonFile } from "../python/model.js";
import type { TemplateIndex } from "../templates/types.js";
import type { Config } from "../workspace/config.js";

export type Severity = "error" | "warning" | "info";

/**
 * How far a fix can be trusted: `safe` keeps behaviour and `--fix` applies it;
 * `unsafe` may change behaviour and needs `--unsafe-fixes`; `display-only` is
 * shown and never applied.
 */
export type Applicability = "safe" | "unsafe" | "display-only";

/** Replaces `text[start, end)` with `content`. Offsets are UTF-16 indexes into the file text. */
export interface TextEdit {
  start: number;
  end: number;
  content: string;
}

export interface Fix {
  /** A short imperative, such as "Use `apt.packages`". */
  title: string;
  applicability: Applicability;
  /** Sorted, non-overlapping edits on the original text. */
  edits: TextEdit[];
}

/** Whether a rule can offer fixes: never, for some findings, or for all of them. */
export type FixAvailability = "none" | "sometimes" | "always";

/** The documentation of a rule, in the sections that `pyinfra-kit rule CODE` prints. */
export interface RuleDocs {
  whatItFinds: string;
  whyItMatters: string;
  /** Python code that produces at least one finding of this rule. */
  example: string;
  /** The example rewritten so that it produces none. */
  useInstead: string;
  fixSafety: string;
  options: string;
  knownLimits: string;
}

/** The project settings that apply to a checked file. */
export interface ProjectContext {
  /** The project root: the nearest folder holding pyproject.toml, inventory.py, config.py or .git. */
  root: string;
  /** The folder pyinfra runs from; relative `files.template` sources are joined to it. */
  workingDirectory: string;
  /** True when `config.py` in the working directory, or the configuration, turns sudo on for the run. */
  sudoForRun: boolean;
}

export interface RuleContext {
  file: PythonFile;
  catalogue: Catalogue;
  config: Config;
  project: ProjectContext;
  /** Results of the Jinja2 template checks of the run; absent when no template rule runs. */
  templates?: TemplateIndex;
}

/** A position in another file than the checked one, such as a template; 1-based, end column exclusive. */
export interface ReportLocation {
  /** The path as shown in findings. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A finding as a rule reports it, before positions and suppressions are applied. */
export interface RuleReport {
  /** Start and end offsets in the file text. */
  start: number;
  end: number;
  message: string;
  fix?: Fix | null;
  /**
   * The position shown for a finding in another file. `start` and `end` then
   * mark the code in the checked file that caused it, for `# noqa`.
   */
  location?: ReportLocation;
  /** Replaces the rule's severity for this finding. */
  severity?: Severity;
}

export interface Rule {
  /** Stable code such as `PIK201`. */
  code: string;
  /** Slug such as `shell-instead-of-operation`; also the module's file name. */
  name: string;
  summary: string;
  severity: Severity;
  fix: FixAvailability;
  docs: RuleDocs;
  check(context: RuleContext): RuleReport[];
}

/** Builds a report that spans a syntax node. */
export function reportAt(node: Node, message: string, fix?: Fix | null): RuleReport {
  return { start: node.startIndex, end: node.endIndex, message, fix: fix ?? null };
}
