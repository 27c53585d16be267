/**
 * The JSON shapes that the Python helper returns for `plan` and `verify`, and
 * that `pyinfra-kit plan --format json` prints. docs/plan-json.md documents them.
 */

/** A command as pyinfra would run it; `shell` text is the exact shell command. */
export interface PlannedCommand {
  kind: "shell" | "upload" | "download" | "function" | "rsync" | "other";
  text: string;
}

/** Whether an operation will change the host: pyinfra's own change detection. */
export type ChangeState = "yes" | "no" | "unknown";

export interface PlannedOperation {
  /** 1-based position in pyinfra's operation order, shared by all hosts. */
  order: number;
  /** pyinfra's operation hash; the same code gives the same hash on every run. */
  hash: string;
  name: string | null;
  /** `module.operation`, such as `files.line`; null when pyinfra hides the function. */
  operation: string | null;
  /** Arguments by parameter name, with secret values replaced by `***`. */
  arguments: Record<string, unknown>;
  /** pyinfra's `@operation(is_idempotent=...)` flag. */
  idempotent: boolean;
  idempotent_notice: string | null;
  change: ChangeState;
  /** True when the operation has an `_if` condition, evaluated only during the run. */
  conditional: boolean;
  commands: PlannedCommand[];
  /** A unified diff for uploads (`files.put`, `files.template`), else null. */
  diff: string | null;
  /** An error raised while listing the commands, else null. */
  error: string | null;
}

export type HostStatus = "ok" | "connect-error" | "error";

export interface PlanSummary {
  operations: number;
  change: number;
  no_change: number;
  unknown: number;
}

export interface PlannedHost {
  name: string;
  status: HostStatus;
  error: string | null;
  warnings: string[];
  summary: PlanSummary;
  operations: PlannedOperation[];
}

/** What the helper's `plan` method returns. */
export interface BridgePlan {
  version: number;
  pyinfra_version: string;
  hosts: PlannedHost[];
  warnings: string[];
}

/** The JSON that `pyinfra-kit plan --format json` prints. */
export interface PlanResult extends BridgePlan {
  deploy: string;
  inventory: string;
}

/** What the helper's `verify` step `start` returns. */
export interface VerifyStart {
  pyinfra_version: string;
  host: PlannedHost;
  warnings: string[];
}

/** What the helper's `verify` step `run` returns for one operation. */
export interface OperationRun {
  hash: string;
  success: boolean;
  ignored_error: boolean;
  changed: boolean;
  commands: PlannedCommand[];
  output: string[];
  warnings: string[];
}
