import type { Bridge } from "../bridge/bridge.js";
import type { ResolvedDeploy } from "./deploy-ref.js";
import { TargetSetupError } from "./debian-root.js";
import { runInterpreter, withHelper } from "./helper.js";
import { writesOutsidePrefix } from "./local-writes.js";
import type { WriteViolation } from "./local-writes.js";
import { nativeAlternative, prepareNativeAlternatives } from "./native-alternative.js";
import { prepareTarget } from "./prepare-target.js";
import type { InventoryHost, PrepareOptions } from "./prepare-target.js";
import type { Progress } from "./progress.js";
import { SILENT_PROGRESS } from "./progress.js";
import type { Target } from "./targets.js";
import type { OperationRun, PlannedOperation, VerifyStart } from "./types.js";
import type {
  ChangedOperation,
  DeclaredNotIdempotent,
  OperationResult,
  VerifyFailure,
  VerifyResult,
} from "./verify-types.js";

export const VERIFY_SCHEMA_VERSION = 1;

export interface VerifyOptions extends PrepareOptions {
  deploy: ResolvedDeploy;
  target: Target;
  /** Host data overrides for the target, like `pyinfra --data key=value`. */
  data?: Record<string, string>;
  python?: string;
  progress?: Progress;
}

/** The local-dir plan writes outside the prefix; nothing ran. */
export class LocalWritesError extends Error {
  override name = "LocalWritesError";

  constructor(
    readonly prefix: string,
    readonly violations: WriteViolation[],
  ) {
    const lines = violations.map(
      (violation) =>
        `  ${violation.order} ${violation.operation ?? "?"} (${violation.name ?? "unnamed"}): ` +
        violation.reason,
    );
    super(
      `the deploy may write outside ${prefix}, so the local-dir target will not run it:\n` +
        `${lines.join("\n")}\nuse --target chroot for deploys that write elsewhere`,
    );
  }
}

interface PassResult {
  start: VerifyStart;
  results: OperationResult[];
  failure: VerifyFailure | null;
  warnings: string[];
  seconds: number;
}

interface PassContext {
  bridgeParams: Record<string, unknown>;
  progress: Progress;
  /** Checks the loaded plan before any operation runs; throws to stop. */
  beforeRun?: (start: VerifyStart) => void;
}

function operationLabel(run: string, operation: PlannedOperation, total: number): string {
  const position = `[${operation.order}/${total}]`;
  return `${run} run ${position} ${operation.operation ?? "?"} ${operation.name ?? ""}`.trimEnd();
}

function runOutcome(ran: OperationRun): string {
  if (ran.success) return ran.changed ? "changed" : "no change";
  return ran.ignored_error ? "failed (ignored)" : "FAILED";
}

async function runOperations(bridge: Bridge, run: "first" | "second", start: VerifyStart,
                             context: PassContext, pass: PassResult): Promise<void> {
  const operations = start.host.operations;
  const total = operations.length ? operations[operations.length - 1].order : 0;
  for (const operation of operations) {
    const label = operationLabel(run, operation, total);
    context.progress.start(label);
    const ran = await bridge.request<OperationRun>("verify", { step: "run", hash: operation.hash });
    pass.warnings.push(...ran.warnings);
    context.progress.finish(label, runOutcome(ran));
    pass.results.push({
      order: operation.order,
      hash: operation.hash,
      name: operation.name,
      operation: operation.operation,
      idempotent: operation.idempotent,
      success: ran.success,
      ignored_error: ran.ignored_error,
      changed: ran.changed,
      commands: ran.commands,
      output: ran.output,
    });
    if (!ran.success && !ran.ignored_error) {
      pass.failure = {
        run,
        stage: "operation",
        order: operation.order,
        name: operation.name,
        operation: operation.operation,
        error: `${operation.operation ?? "the operation"} failed on the target`,
        output: ran.output,
      };
      return;
    }
  }
}

/** Runs the deploy once on the target in a fresh helper process, operation by operation. */
async function runPass(interpreterRoot: string, python: string | undefined, run: "first" | "second",
                       context: PassContext): Promise<PassResult> {
  const interpreter = runInterpreter(interpreterRoot, python);
  const started = Date.now();
  return withHelper(interpreter, async (bridge) => {
    const start = await bridge.request<VerifyStart>("verify", { step: "start", ...context.bridgeParams });
    const pass: PassResult = {
      start,
      results: [],
      failure: null,
      warnings: [...start.warnings],
      seconds: 0,
    };
    try {
      pass.warnings.push(...start.host.warnings);
      if (start.host.status === "connect-error") {
        throw new TargetSetupError(
          `could not connect to the target ${start.host.name}: ${start.host.error}`,
        );
      }
      if (start.host.status === "error") {
        pass.failure = {
          run,
          stage: "load",
          order: null,
          name: null,
          operation: null,
          error: start.host.error ?? "the deploy failed to load",
          output: [],
        };
        return pass;
      }
      context.beforeRun?.(start);
      await runOperations(bridge, run, start, context, pass);
      return pass;
    } finally {
      context.progress.close();
      // A helper that already died has reported its own error; do not hide it behind this one.
      await bridge.request("verify", { step: "finish" }).catch(() => undefined);
      pass.seconds = (Date.now() - started) / 1000;
    }
  });
}

function isDeclaredNotIdempotent(operation: Pick<PlannedOperation, "idempotent" | "operation">): boolean {
  return !operation.idempotent || operation.operation === "server.shell";
}

function declaredNotIdempotent(operations: PlannedOperation[]): DeclaredNotIdempotent[] {
  return operations.filter(isDeclaredNotIdempotent).map((operation) => ({
    order: operation.order,
    name: operation.name,
    operation: operation.operation,
    reason:
      operation.operation === "server.shell"
        ? "`server.shell` runs its commands on every run; pyinfra cannot tell whether they are needed"
        : `pyinfra marks \`${operation.operation}\` as not idempotent` +
          (operation.idempotent_notice ? `: ${operation.idempotent_notice}` : ""),
    native_alternative: nativeAlternative(operation),
  }));
}

function changedOnSecondRun(second: PassResult): ChangedOperation[] {
  const planned = new Map(second.start.host.operations.map((operation) => [operation.hash, operation]));
  return second.results
    .filter((result) => result.changed)
    .map((result) => {
      const operation = planned.get(result.hash);
      return {
        order: result.order,
        name: result.name,
        operation: result.operation,
        commands: result.commands,
        declared_not_idempotent: isDeclaredNotIdempotent(result),
        native_alternative: operation ? nativeAlternative(operation) : null,
      };
    });
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}

/**
 * Applies a deploy to a disposable target, applies it again, and reports every
 * operation that changed the target on the second run. The target is prepared
 * before and cleaned up after, also when a run fails.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const { deploy, target } = options;
  const progress = options.progress ?? SILENT_PROGRESS;
  await prepareNativeAlternatives();
  const prepared = await prepareTarget(target, { ...options, notice: (line) => progress.note(line) });
  const [hostName] = prepared.host;
  const timings: Record<string, number> = { ...prepared.timings };
  const warnings: string[] = [];
  try {
    const host: InventoryHost = prepared.host;
    const bridgeParams = {
      cwd: deploy.cwd,
      deploy: deploy.spec,
      hosts: [host],
      data: options.data ?? {},
      secret_helper: deploy.secretHelper,
    };
    const beforeRun =
      target.kind === "local-dir"
        ? (start: VerifyStart): void => {
            const violations = writesOutsidePrefix(start.host.operations, target.prefix);
            if (violations.length > 0) throw new LocalWritesError(target.prefix, violations);
          }
        : undefined;

    const context: PassContext = { bridgeParams, progress, beforeRun };
    const first = await runPass(deploy.projectRoot, options.python, "first", context);
    timings.first_run = first.seconds;
    warnings.push(...first.warnings);
    let second: PassResult | null = null;
    if (!first.failure) {
      // The second pass checks its own plan too: a plan that depends on host state may differ.
      second = await runPass(deploy.projectRoot, options.python, "second", context);
      timings.second_run = second.seconds;
      warnings.push(...second.warnings);
    }

    const changed = second && !second.failure ? changedOnSecondRun(second) : [];
    const failure = first.failure ?? second?.failure ?? null;
    const result = first.failure
      ? "first-run-failed"
      : second?.failure
        ? "second-run-failed"
        : changed.length > 0
          ? "not-idempotent"
          : "idempotent";
    return {
      version: VERIFY_SCHEMA_VERSION,
      pyinfra_version: first.start.pyinfra_version,
      deploy: deploy.label,
      target: { kind: target.kind, description: prepared.description, host: hostName },
      result,
      idempotent: result === "idempotent",
      changed_on_second_run: changed,
      declared_not_idempotent: declaredNotIdempotent(first.start.host.operations),
      first_run: first.results,
      second_run: second?.results ?? [],
      failure,
      timings,
      warnings: unique(warnings),
      notes: prepared.notes,
    };
  } finally {
    await prepared.cleanup();
  }
}
