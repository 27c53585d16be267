import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

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

/**
 * Returns the project root of a path given on the command line. It is the
 * `findProjectRoot` of the path, except that a path inside the working
 * directory with no marker above it belongs to the working directory, where
 * pyinfra runs from, so that `check a.py b.py` agrees with `check .`.
 */
export function commandLineRoot(path: string, cwd: string): string {
  const found = findProjectRoot(resolve(cwd, path));
  if (ROOT_MARKERS.some((marker) => existsSync(join(found, marker)))) return found;
  const base = resolve(cwd);
  const absolute = resolve(cwd, path);
  return absolute === base || absolute.startsWith(base + sep) ? base : found;
}
