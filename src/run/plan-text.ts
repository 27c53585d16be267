import type { PlanResult, PlannedCommand, PlannedHost, PlannedOperation } from "./types.js";

export interface PlanTextOptions {
  /** Print each upload's diff under its operation. */
  diff: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** `$ ` marks a shell command; `> ` marks an upload, download or Python call. */
export function commandLine(command: PlannedCommand): string {
  return command.kind === "shell" ? `$ ${command.text}` : `> ${command.text}`;
}

function operationNotes(operation: PlannedOperation): string {
  const notes: string[] = [];
  if (!operation.idempotent) notes.push("not idempotent");
  if (operation.conditional) notes.push("has _if");
  if (operation.error) notes.push(`error: ${operation.error}`);
  return notes.join(", ");
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd(),
  );
}

/** The summary line of one host: its counts of operations by change state. */
export function hostSummary(host: PlannedHost): string {
  const { summary } = host;
  return (
    `${host.name}: ${plural(summary.operations, "operation")}, ${summary.change} will change, ` +
    `${summary.no_change} unchanged, ${summary.unknown} unknown`
  );
}

function formatHost(host: PlannedHost, options: PlanTextOptions): string[] {
  const lines = [host.name];
  if (host.status !== "ok") lines.push(`  ${host.status}: ${host.error ?? "no detail"}`);
  if (host.operations.length === 0) {
    lines.push(host.status === "ok" ? "  no operations" : "  no operations were planned");
  } else {
    const header = ["#", "change", "operation", "name", "notes"];
    const rows = host.operations.map((operation) => [
      String(operation.order),
      operation.change,
      operation.operation ?? "?",
      operation.name ?? "",
      operationNotes(operation),
    ]);
    const [headerLine, ...rowLines] = table([header, ...rows]);
    const indent = " ".repeat(headerLine.indexOf("operation") + 2);
    lines.push(`  ${headerLine}`);
    host.operations.forEach((operation, index) => {
      lines.push(`  ${rowLines[index]}`);
      for (const command of operation.commands) lines.push(`${indent}${commandLine(command)}`);
      if (options.diff && operation.diff) {
        for (const diffLine of operation.diff.trimEnd().split("\n")) lines.push(`${indent}${diffLine}`);
      }
    });
  }
  for (const warning of host.warnings) lines.push(`  warning: ${warning}`);
  lines.push(`  ${hostSummary(host)}`);
  return lines;
}

/** Formats a plan as one table per host, with commands under each operation and a summary. */
export function formatPlanText(plan: PlanResult, options: PlanTextOptions): string {
  const lines = [`Plan of ${plan.deploy} on ${plan.inventory} (pyinfra ${plan.pyinfra_version})`, ""];
  for (const host of plan.hosts) lines.push(...formatHost(host, options), "");
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  const failed = plan.hosts.filter((host) => host.status !== "ok").length;
  const changing = plan.hosts.filter((host) => host.summary.change > 0).length;
  lines.push(
    `${plural(plan.hosts.length, "host")}: ${changing} with changes` +
      (failed ? `, ${failed} failed` : "") +
      ".",
  );
  return lines.join("\n") + "\n";
}
