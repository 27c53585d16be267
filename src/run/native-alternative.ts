import type { PlannedOperation } from "./types.js";

/** Returns the shell commands of a `server.shell` operation, read from its planned arguments. */
export function shellCommands(operation: Pick<PlannedOperation, "operation" | "arguments">): string[] {
  if (operation.operation !== "server.shell") return [];
  const commands = operation.arguments.commands;
  if (typeof commands === "string") return [commands];
  if (Array.isArray(commands)) return commands.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * Returns the native pyinfra operation that does what a `server.shell`
 * operation does, as Python source, or null when none is known.
 */
export function nativeAlternative(
  operation: Pick<PlannedOperation, "operation" | "arguments">,
): string | null {
  const commands = shellCommands(operation);
  if (commands.length === 0) return null;
  // TODO: no native alternative is named yet. The PIK201 shell-instead-of-operation
  // table has the mapping, but it exports no lookup by command text to call here.
  return null;
}
