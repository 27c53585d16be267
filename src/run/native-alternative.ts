import { buildModel } from "../python/model.js";
import { initParsers, parsePython } from "../python/parser.js";
import { shellCommandSources } from "../shell/extract.js";
import { formatCall, nativeEquivalent } from "../shell/native-equivalents.js";
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
 * Returns the native pyinfra operation calls that do what a `server.shell`
 * operation does, as Python source joined by `; `, or null when no command
 * has a known equivalent. The command forms are those of rule PIK201
 * (shell-instead-of-operation); call `prepareNativeAlternatives` once first.
 */
export function nativeAlternative(
  operation: Pick<PlannedOperation, "operation" | "arguments">,
): string | null {
  const commands = shellCommands(operation);
  if (commands.length === 0) return null;
  // The planned commands are rendered strings, so they are checked as the
  // literal `commands` list of a `server.shell` call, the form the PIK201
  // table reads. JSON string syntax is valid Python string syntax.
  const source =
    "from pyinfra.operations import server\n" +
    `server.shell(commands=[${commands.map((command) => JSON.stringify(command)).join(", ")}])\n`;
  const file = buildModel("<plan>", "/<plan>.py", source, parsePython(source));
  const calls: string[] = [];
  for (const shellSource of shellCommandSources(file)) {
    for (const command of shellSource.script.commands) {
      const match = nativeEquivalent(command, shellSource.template);
      if (match) calls.push(formatCall(match.call));
    }
  }
  return calls.length > 0 ? [...new Set(calls)].join("; ") : null;
}

/** Loads the tree-sitter grammars that `nativeAlternative` parses commands with. */
export function prepareNativeAlternatives(): Promise<void> {
  return initParsers();
}
