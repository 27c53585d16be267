import type { PlannedCommand } from "./types.js";
import type { TargetKind } from "./targets.js";

/** The verdict of a verify run. */
export type VerifyOutcome = "idempotent" | "not-idempotent" | "first-run-failed" | "second-run-failed";

/** One operation as it ran on the target. */
export interface OperationResult {
  order: number;
  hash: string;
  name: string | null;
  operation: string | null;
  /** pyinfra's own `@operation(is_idempotent=...)` flag. */
  idempotent: boolean;
  success: boolean;
  /** True when the operation failed but `_ignore_errors` let the run go on. */
  ignored_error: boolean;
  changed: boolean;
  /** The commands that ran; empty when the operation changed nothing. */
  commands: PlannedCommand[];
  /** The last lines of the commands' output, prefixed `stdout: ` or `stderr: `. */
  output: string[];
}

/** An operation that changed the target again on the second run. */
export interface ChangedOperation {
  order: number;
  name: string | null;
  operation: string | null;
  commands: PlannedCommand[];
  /** True when pyinfra itself marks the operation as not idempotent, or it is `server.shell`. */
  declared_not_idempotent: boolean;
  /** The native operation that replaces a `server.shell`, as Python source, or null. */
  native_alternative: string | null;
}

/** An operation that pyinfra marks as not idempotent, or a `server.shell`, whether or not it changed. */
export interface DeclaredNotIdempotent {
  order: number;
  name: string | null;
  operation: string | null;
  reason: string;
  native_alternative: string | null;
}

export interface VerifyFailure {
  run: "first" | "second";
  /** `load` when the deploy raised or a fact failed before any operation ran. */
  stage: "load" | "operation";
  order: number | null;
  name: string | null;
  operation: string | null;
  error: string;
  output: string[];
}

/** The JSON that `pyinfra-kit verify --format json` prints; docs/plan-json.md documents it. */
export interface VerifyResult {
  version: number;
  pyinfra_version: string;
  deploy: string;
  target: { kind: TargetKind; description: string; host: string };
  result: VerifyOutcome;
  /** True only when both runs succeeded and the second changed nothing. */
  idempotent: boolean;
  changed_on_second_run: ChangedOperation[];
  declared_not_idempotent: DeclaredNotIdempotent[];
  first_run: OperationResult[];
  second_run: OperationResult[];
  failure: VerifyFailure | null;
  /** Seconds per step: `build_root`, `copy_root`, `first_run`, `second_run`. */
  timings: Record<string, number>;
  warnings: string[];
  notes: string[];
}
