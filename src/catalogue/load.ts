import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { Bridge } from "../bridge/bridge.js";
import { verifiedText, withChecksum } from "../workspace/checksum.js";
import type { Interpreter } from "../workspace/interpreter.js";
import { installedPyinfraVersion } from "../workspace/interpreter.js";
import { Catalogue } from "./types.js";
import type { CatalogueData } from "./types.js";

/** The catalogue layout that this code reads; the bridge writes the same number. */
export const CATALOGUE_SCHEMA = 2;

/** The pyinfra version whose catalogue ships in the package. */
export const BASELINE_VERSION = "3.10.0";

export const BASELINE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "catalogue",
  `pyinfra-${BASELINE_VERSION}.json`,
);

/** The pyinfra-kit folder under `$XDG_CACHE_HOME`, or under `~/.cache`. */
export function cacheFolder(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "pyinfra-kit");
}

function cachePath(version: string): string {
  return join(cacheFolder(), "catalogue", `pyinfra-${version}-schema${CATALOGUE_SCHEMA}.json`);
}

const isString = (value: unknown): value is string => typeof value === "string";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isListOf(value: unknown, isItem: (item: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(value) && value.every((item) => isRecord(item) && isItem(item));
}

function isParameterList(value: unknown): boolean {
  return isListOf(value, (parameter) => isString(parameter.name) && isString(parameter.kind));
}

/** True when a catalogue read from disk has every field the rules read, with its type. */
function isCatalogueData(data: unknown): data is CatalogueData {
  if (!isRecord(data) || data.schema !== CATALOGUE_SCHEMA || !isString(data.pyinfra_version)) return false;
  const named = (item: Record<string, unknown>) => isString(item.module) && isString(item.name);
  return (
    isListOf(data.operations, (operation) => named(operation) && isParameterList(operation.parameters)) &&
    isListOf(data.facts, (fact) => named(fact) && isParameterList(fact.parameters)) &&
    isListOf(data.global_arguments, (argument) => isString(argument.name)) &&
    isListOf(data.aliases, (alias) => named(alias) && isString(alias.target)) &&
    isListOf(data.import_errors, (entry) => isString(entry.module))
  );
}

/**
 * Reads a catalogue file. A missing, damaged or older one reads as null, and
 * so does a cache file whose checksum does not match its text.
 */
function readCatalogueFile(path: string, checked: boolean): CatalogueData | null {
  try {
    const text = readFileSync(path, "utf8");
    const json = checked ? verifiedText(text) : text;
    if (json === null) return null;
    const data: unknown = JSON.parse(json);
    return isCatalogueData(data) ? data : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  try {
    renameSync(temporary, path);
  } catch (error) {
    // A folder in the file's place, for example, stops the rename, and the temporary copy must not stay.
    rmSync(temporary, { force: true });
    throw error;
  }
}

export interface LoadCatalogueOptions {
  interpreter: Interpreter;
  /** Receives the one-line notice printed when the baseline is used. */
  notice?: (message: string) => void;
  /** An already running bridge to ask instead of starting one. */
  bridge?: Bridge;
}

/**
 * Loads the catalogue of the installed pyinfra: from the disk cache for that
 * version when present, else from the bridge (and caches it). Without an
 * importable pyinfra, it loads the bundled baseline and sends one notice.
 */
export async function loadCatalogue(options: LoadCatalogueOptions): Promise<Catalogue> {
  const version = installedPyinfraVersion(options.interpreter);
  if (version) {
    const cached = readCatalogueFile(cachePath(version), true);
    if (cached) return new Catalogue(cached, "cache");

    let bridge: Bridge;
    try {
      bridge = options.bridge ?? (await Bridge.start(options.interpreter));
    } catch (error) {
      // pyinfra is installed next to an interpreter that cannot run, such as one without execute permission.
      return loadBaseline(options, `${options.interpreter.description} failed to start (${(error as Error).message})`);
    }
    try {
      const data = await bridge.request<CatalogueData>("catalogue");
      try {
        writeFileAtomic(cachePath(version), withChecksum(JSON.stringify(data)));
      } catch {
        // An unwritable cache only costs speed on the next run.
      }
      return new Catalogue(data, "bridge");
    } finally {
      if (!options.bridge) await bridge.close();
    }
  }

  return loadBaseline(options, `pyinfra is not importable with ${options.interpreter.description}`);
}

/** Loads the bundled catalogue and sends one notice with the reason. */
function loadBaseline(options: LoadCatalogueOptions, reason: string): Catalogue {
  const baseline = readCatalogueFile(BASELINE_PATH, false);
  if (!baseline) {
    throw new Error(
      `the bundled catalogue ${BASELINE_PATH} is missing or unreadable; reinstall pyinfra-kit`,
    );
  }
  options.notice?.(
    `${reason}; checking against the bundled pyinfra ${BASELINE_VERSION} catalogue. ` +
      "Run `npm run setup` or pass --python to use the installed pyinfra.",
  );
  return new Catalogue(baseline, "baseline");
}
