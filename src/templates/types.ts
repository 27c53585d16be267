// Results of the Jinja2 template checks, as the Python helper returns them
// and as the template rules read them.

/** A position in a template; columns count UTF-16 code units, like the rest of pyinfra-kit. */
export interface TemplateSpan {
  /** 1-based. */
  line: number;
  column: number;
  end_line: number;
  /** Exclusive. */
  end_column: number;
  /** 0-based offsets into the template text. */
  offset: number;
  end_offset: number;
}

/** A problem found in a template or in one it includes. */
export interface TemplateProblem extends TemplateSpan {
  /** `PIK506` for errors of the template itself, `PIK503` for a missing included template. */
  code: "PIK503" | "PIK506";
  kind: string;
  /** Absolute path of the template file, or null for an inline template. */
  path: string | null;
  message: string;
}

/** The guard that protects a read of a possibly undefined variable. */
export type VariableGuard = "default" | "defined" | "set";

/** A variable that a template reads but does not assign, at its first unguarded read. */
export interface TemplateVariable extends TemplateSpan {
  name: string;
  path: string | null;
  /** Null when the read fails on an undefined value; otherwise how every read is guarded. */
  guard: VariableGuard | null;
}

/** The status of a template that could not be checked, with the reason. */
export type TemplateFailureStatus =
  | "missing"
  | "unreadable"
  | "too_large"
  | "binary"
  | "unsupported_env"
  | "env_error"
  /** The helper failed on this template; the message has the Python error. */
  | "error";

export type TemplateAnalysis =
  | {
      status: "ok";
      problems: TemplateProblem[];
      variables: TemplateVariable[];
      /** Every variable name that the template and the templates it includes read. */
      used_names: string[];
      /** Absolute paths of the templates it includes, extends or imports. */
      followed: string[];
      /** Absolute paths where the loader looked for included templates that it did not find. */
      absent?: string[];
      /** True when an include, extends or import names its template with an expression. */
      dynamic_references: boolean;
    }
  | { status: TemplateFailureStatus; message: string };

/** The response to `templates.check`. */
export interface TemplateCheckResponse {
  pyinfra_version: string;
  jinja2_version: string;
  /** The folder Jinja2 was imported from. */
  jinja2_folder?: string;
  /** Names that `files.template` adds to the template context, read from the installed pyinfra. */
  context_names: string[];
  jinja_globals: string[];
  results: Record<string, TemplateAnalysis>;
}

/** One definition of a host data name, for messages. */
export interface HostDataSource {
  /** Display path of the file that defines it, such as `group_data/all.py`. */
  path: string;
  line: number;
}

/**
 * Template analysis results of one check run, shared by the template rules.
 * Plain data (maps, sets and strings), so that it can be sent to a worker thread.
 */
export interface TemplateIndex {
  /** Analyses by template key; empty when Jinja2 was not available. */
  analyses: ReadonlyMap<string, TemplateAnalysis>;
  /** True when the Python helper checked the templates with Jinja2. */
  jinjaChecked: boolean;
  /** Names always present in the template context: pyinfra's context names and the Jinja2 globals. */
  contextNames: ReadonlySet<string>;
  /**
   * Host data names defined in group data and in the inventory, with where each is defined,
   * by the working directory they were read from.
   */
  hostData: ReadonlyMap<string, ReadonlyMap<string, HostDataSource>>;
  /**
   * The call that reports the problems of each template, as `absolutePath:offset` of the call,
   * so that a template used by several calls is reported once.
   */
  owners: ReadonlyMap<string, string>;
  /** The folder that finding paths are shown relative to. */
  cwd: string;
}
