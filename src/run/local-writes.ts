import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, relative } from "node:path";

import type { PlannedOperation } from "./types.js";

/**
 * The arguments that name paths an operation writes, for the operations whose
 * writes can be told from their arguments. `files.move` removes its source, so
 * the source counts as a write. Backups (`backup=True`) go beside `path`.
 */
const WRITE_ARGUMENTS: Record<string, readonly string[]> = {
  "files.block": ["path"],
  "files.copy": ["dest"],
  "files.directory": ["path", "force_backup_dir"],
  "files.download": ["dest"],
  "files.file": ["path", "force_backup_dir"],
  "files.flags": ["path"],
  "files.line": ["path"],
  "files.link": ["path", "force_backup_dir"],
  "files.move": ["src", "dest"],
  "files.put": ["dest"],
  "files.replace": ["path"],
  "files.rsync": ["dest"],
  "files.sync": ["dest"],
  "files.template": ["dest"],
  "files.unarchive": ["dest"],
};

/** Arguments that may be left out; every other listed argument must name a path. */
const OPTIONAL_ARGUMENTS = new Set(["force_backup_dir"]);

export interface WriteViolation {
  order: number;
  name: string | null;
  operation: string | null;
  reason: string;
}

/** Resolves symbolic links in the longest existing part of a path, keeping the rest as written. */
function realPath(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length).replace(/^\//, ""));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return path;
  }
}

function isUnder(path: string, prefix: string): boolean {
  const offset = relative(prefix, path);
  return offset === "" || (!offset.startsWith("..") && !isAbsolute(offset));
}

function pathProblem(value: unknown, prefix: string, realPrefix: string): string | null {
  if (typeof value !== "string") return `its path is ${JSON.stringify(value)}, not a string`;
  if (!isAbsolute(value)) return `${value} is relative, so @local resolves it against the working folder`;
  const normalized = normalize(value);
  if (!isUnder(normalized, prefix)) return `${value} is outside ${prefix}`;
  const real = realPath(normalized);
  if (!isUnder(real, realPrefix)) return `${value} resolves through a symbolic link to ${real}`;
  return null;
}

/**
 * Lists the planned operations that may write outside `prefix`: file
 * operations whose path arguments lie elsewhere, and every other operation,
 * because its writes cannot be told from the plan.
 */
export function writesOutsidePrefix(operations: PlannedOperation[], prefix: string): WriteViolation[] {
  const realPrefix = realPath(prefix);
  const violations: WriteViolation[] = [];
  for (const operation of operations) {
    const base = { order: operation.order, name: operation.name, operation: operation.operation };
    const argumentNames = operation.operation ? WRITE_ARGUMENTS[operation.operation] : undefined;
    if (!argumentNames) {
      violations.push({
        ...base,
        reason:
          `pyinfra-kit cannot tell which paths \`${operation.operation ?? "this operation"}\` writes; ` +
          "the local-dir target accepts only file operations with paths under the prefix",
      });
      continue;
    }
    for (const argument of argumentNames) {
      const value = operation.arguments[argument];
      if ((value === undefined || value === null) && OPTIONAL_ARGUMENTS.has(argument)) continue;
      const problem = pathProblem(value, prefix, realPrefix);
      if (problem) violations.push({ ...base, reason: `${argument}: ${problem}` });
    }
  }
  return violations;
}
