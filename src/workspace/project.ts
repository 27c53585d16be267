import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const ROOT_MARKERS: readonly string[] = ["pyproject.toml", "inventory.py", "config.py", ".git"];

/**
 * Returns the project root for a path: the nearest folder at or above it that
 * holds `pyproject.toml`, `inventory.py`, `config.py` or `.git`. Without any,
 * it is the folder of the path itself.
 */
export function findProjectRoot(path: string): string {
  const start = resolve(path);
  let folder = start;
  try {
    if (!statSync(start).isDirectory()) folder = dirname(start);
  } catch {
    folder = dirname(start);
  }
  const first = folder;
  for (;;) {
    if (ROOT_MARKERS.some((marker) => existsSync(join(folder, marker)))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return first;
    folder = parent;
  }
}
