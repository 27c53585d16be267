import { readdirSync, readFileSync, realpathSync, statSync, lstatSync } from "node:fs";
import type { Dirent } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";

import { MissingPathError } from "./errors.js";

/** Folders never searched: tool caches, virtual environments and version control. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  "node_modules",
  "__pycache__",
  ".mypy_cache",
  ".ruff_cache",
  ".pytest_cache",
  "site-packages",
]);

/** Files over this size are reported and not parsed. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface SourceFile {
  absolutePath: string;
  /** The path as shown to the user: relative to the working directory. */
  displayPath: string;
}

/** A path that was skipped, with the reason shown to the user. */
export interface SkippedPath {
  displayPath: string;
  reason: string;
}

export interface FileSearch {
  files: SourceFile[];
  skipped: SkippedPath[];
}

export { MissingPathError };

export function displayPathOf(absolutePath: string, cwd = process.cwd()): string {
  const relativePath = relative(cwd, absolutePath);
  return relativePath === "" ? "." : relativePath.startsWith("..") ? absolutePath : relativePath;
}

interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

function readIgnoreFile(folder: string): Ignore | null {
  try {
    return ignore().add(readFileSync(join(folder, ".gitignore"), "utf8"));
  } catch {
    return null;
  }
}

function isIgnored(layers: IgnoreLayer[], absolutePath: string, isFolder: boolean): boolean {
  for (const layer of layers) {
    const relativePath = relative(layer.base, absolutePath).split(sep).join("/");
    if (!relativePath || relativePath.startsWith("..")) continue;
    if (layer.matcher.ignores(isFolder ? `${relativePath}/` : relativePath)) return true;
  }
  return false;
}

/**
 * Finds the files with one of `extensions` under the given paths. Folders
 * honour `.gitignore` files and the `exclude` patterns (gitignore syntax,
 * relative to `root`); a file named directly on the command line is always
 * included. Symlink loops and broken links are reported in `skipped`.
 */
export function findFiles(
  paths: string[],
  options: { extensions: string[]; exclude: string[]; root: string; cwd?: string },
): FileSearch {
  const cwd = options.cwd ?? process.cwd();
  const search: FileSearch = { files: [], skipped: [] };
  const seenFiles = new Set<string>();
  const excludeLayer: IgnoreLayer | null =
    options.exclude.length > 0 ? { base: options.root, matcher: ignore().add(options.exclude) } : null;

  const addFile = (absolutePath: string) => {
    if (seenFiles.has(absolutePath)) return;
    seenFiles.add(absolutePath);
    search.files.push({ absolutePath, displayPath: displayPathOf(absolutePath, cwd) });
  };

  // `real` is the folder's resolved path, known without a system call for a
  // folder reached through no symlink; `ancestors` contains those of the folders above.
  const visitFolder = (folder: string, real: string | null, layers: IgnoreLayer[], ancestors: Set<string>) => {
    if (real === null) {
      try {
        real = realpathSync(folder);
      } catch {
        search.skipped.push({ displayPath: displayPathOf(folder, cwd), reason: "cannot resolve the folder" });
        return;
      }
    }
    if (ancestors.has(real)) {
      search.skipped.push({
        displayPath: displayPathOf(folder, cwd),
        reason: `symlink loop back to ${displayPathOf(real, cwd)}; skipped`,
      });
      return;
    }

    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      search.skipped.push({
        displayPath: displayPathOf(folder, cwd),
        reason: `cannot list the folder: ${(error as NodeJS.ErrnoException).code ?? error}`,
      });
      return;
    }
    const own = entries.some((entry) => entry.name === ".gitignore") ? readIgnoreFile(folder) : null;
    const nextLayers = own ? [...layers, { base: folder, matcher: own }] : layers;
    const matchers = excludeLayer ? [excludeLayer, ...nextLayers] : nextLayers;
    const nextAncestors = new Set(ancestors).add(real);

    entries.sort(compareNames);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      const linked = entry.isSymbolicLink();
      if (linked) {
        try {
          const target = statSync(path);
          isFolder = target.isDirectory();
          isFile = target.isFile();
        } catch {
          search.skipped.push({ displayPath: displayPathOf(path, cwd), reason: "broken symlink; skipped" });
          continue;
        }
      }
      if (isFolder) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        if (isIgnored(matchers, path, true)) continue;
        visitFolder(path, linked ? null : join(real, entry.name), nextLayers, nextAncestors);
      } else if (isFile && options.extensions.some((extension) => entry.name.endsWith(extension))) {
        if (isIgnored(matchers, path, false)) continue;
        addFile(path);
      }
    }
  };

  for (const given of paths) {
    const absolutePath = resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolutePath);
    } catch {
      try {
        lstatSync(absolutePath);
        search.skipped.push({ displayPath: given, reason: "broken symlink; skipped" });
        continue;
      } catch {
        throw new MissingPathError(given);
      }
    }
    if (stats.isDirectory()) visitFolder(absolutePath, null, [], new Set());
    else addFile(absolutePath);
  }
  return search;
}

/** The text of a file, or the reason it cannot be checked. */
export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a source file as UTF-8, refusing files that are too large, binary or not UTF-8. */
export function readSource(absolutePath: string): ReadResult {
  let bytes: Buffer;
  try {
    const size = statSync(absolutePath).size;
    if (size > MAX_FILE_BYTES) {
      return {
        ok: false,
        reason: `file is ${(size / 1024 / 1024).toFixed(1)} MB, over the 2 MB limit; not checked (exclude it in [tool.pyinfra-kit] exclude)`,
      };
    }
    bytes = readFileSync(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EACCES" ? "permission denied" : (code ?? String(error));
    return { ok: false, reason: `cannot read the file: ${why}` };
  }
  if (bytes.includes(0)) {
    return { ok: false, reason: "file contains NUL bytes and looks binary; not checked" };
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      reason: `file is not valid UTF-8 (invalid byte 0x${bytes[offset].toString(16)} at offset ${offset}); save it as UTF-8`,
    };
  }
}

/** Orders directory entries by name, code unit by code unit, so the order is the same in every locale. */
function compareNames(a: Dirent, b: Dirent): number {
  if (a.name < b.name) return -1;
  if (a.name > b.name) return 1;
  return 0;
}

/** Returns the length of the UTF-8 sequence that `byte` starts, or 0 when it cannot start one. */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte < 0xe0) return 2;
  if (byte >= 0xe0 && byte < 0xf0) return 3;
  if (byte >= 0xf0 && byte < 0xf5) return 4;
  return 0;
}

/** Returns the offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes[index]);
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) {
      if ((bytes[index + next] & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return 0;
}
