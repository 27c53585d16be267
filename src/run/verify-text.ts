import { commandLine } from "./plan-text.js";
import type { OperationResult, VerifyResult } from "./verify-types.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function runSummary(
  label: string,
  results: OperationResult[],
  seconds: number | undefined,
): string {
  const changed = results.filter((result) => result.changed).length;
  const failed = results.filter((result) => !result.success).length;
  const time = seconds === undefined ? "" : ` in ${seconds.toFixed(1)} s`;
  return (
    `${label}: ${plural(results.length, "operation")} ran${time}, ${changed} changed` +
    (failed ? `, ${failed} failed` : "")
  );
}

interface Titled {
  order: number | null;
  operation: string | null;
  name: string | null;
}

function operationTitle(item: Titled): string {
  return `${item.order ?? "-"}  ${item.operation ?? "?"}  ${item.name ?? "(unnamed)"}`;
}

function verdict(result: VerifyResult): string {
  switch (result.result) {
    case "idempotent":
      return "PASS: the second run changed nothing.";
    case "not-idempotent":
      return (
        `FAIL: ${plural(result.changed_on_second_run.length, "operation")} changed the target ` +
        "on the second run."
      );
    case "first-run-failed":
      return "FAIL: the first run failed, so idempotence was not checked.";
    case "second-run-failed":
      return "FAIL: the second run failed.";
  }
}

/** Formats a verify result: the target, both runs, what changed again, and a verdict line. */
export function formatVerifyText(result: VerifyResult): string {
  const lines = [`Verify of ${result.deploy} on ${result.target.description}`, ""];
  const { timings } = result;
  if (timings.build_root !== undefined) {
    lines.push(`built the Debian root in ${timings.build_root.toFixed(1)} s`);
  }
  if (timings.copy_root !== undefined) {
    lines.push(`copied the root in ${timings.copy_root.toFixed(1)} s`);
  }
  lines.push(runSummary("first run", result.first_run, timings.first_run));
  if (result.first_run.length > 0 && !result.failure?.run.startsWith("first")) {
    lines.push(runSummary("second run", result.second_run, timings.second_run));
  }

  if (result.failure) {
    const where =
      result.failure.order === null ? "while loading the deploy" : `at ${operationTitle(result.failure)}`;
    lines.push("", `The ${result.failure.run} run failed ${where}:`, `  ${result.failure.error}`);
    for (const line of result.failure.output) lines.push(`    ${line}`);
  }

  if (result.changed_on_second_run.length > 0) {
    lines.push("", "Changed on the second run:");
    for (const changed of result.changed_on_second_run) {
      lines.push(`  ${operationTitle(changed)}`);
      for (const command of changed.commands) lines.push(`      ${commandLine(command)}`);
      if (changed.declared_not_idempotent) {
        lines.push("      pyinfra marks this operation as not idempotent");
      }
      if (changed.native_alternative) lines.push(`      use instead: ${changed.native_alternative}`);
    }
  }

  if (result.declared_not_idempotent.length > 0) {
    lines.push("", "Not idempotent by declaration:");
    for (const declared of result.declared_not_idempotent) {
      lines.push(`  ${operationTitle(declared)}: ${declared.reason}`);
      if (declared.native_alternative) lines.push(`      use instead: ${declared.native_alternative}`);
    }
  }

  if (result.warnings.length > 0) {
    lines.push("");
    for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  lines.push("", verdict(result));
  return lines.join("\n") + "\n";
}
