// The results cache of `check`: each file's findings, kept between runs under
// the pyinfra-kit cache folder and reused while the file, the settings and
// every other file its rules read are unchanged.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { BRIDGE_PYTHONPATH } from "../bridge/bridge.js";
import { cacheFolder } from "../catalogue/load.js";
import type { TemplateReference } from "../templates/prepare.js";
import type { TemplateAnalysis, TemplateCheckResponse } from "../templates/types.js";
import { CHECKSUM_FIELD, verifiedText } from "../workspace/checksum.js";
import { SKIPPED_FOLDERS } from "../workspace/files.js";
import type { Finding } from "./finding.js";
import { digestOf, probeHolds } from "./inputs.js";
import type { InputProbe } from "./inputs.js";

/** The layout of the cache files; a file with another number is ignored. */
const CACHE_SCHEMA = 1;

/** Cache files that no run has written for this long are deleted. */
const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;


/** The results of checking one file, and the inputs they depend on. */
export interface CachedFile {
  /** SHA-1 of the file text. */
  digest: string;
  /** Reads of other files made while scanning and checking this one. */
  probes: InputProbe[];
  /** The template operation calls of the file, when its project runs the template rules. */
  references: TemplateReference[] | null;
  /** Findings of every rule except the template rules. */
  findings: Finding[];
  /** Digest of the template results the template findings were made from; see `templateInputsDigest`. */
  templateInputs: string | null;
  templateFindings: Finding[];
}

interface CheckCacheData {
  schema: number;
  key: string;
  files: Record<string, CachedFile>;
}

let toolDigest: string | null = null;

/**
 * Returns a file's path, size, modification time and change time. The change
 * time catches an edit that kept the size and reset the modification time.
 * NOTE: on a file system with whole-second times, a same-size edit within the
 * second of the last run is not seen. Python files are compared by content.
 */
function fileStamp(path: string): string {
  try {
    const stats = statSync(path);
    return `${path}\0${stats.size}\0${stats.mtimeMs}\0${stats.ctimeMs}`;
  } catch {
    return `${path}\0missing`;
  }
}

/** Collects the stamp of every file under a folder, so that any edit changes the list. */
function listFileStamps(folder: string, include: (name: string) => boolean, stamps: string[]): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  // Names in one folder are unique, so no two compare equal.
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      listFileStamps(path, include, stamps);
    } else if (include(entry.name)) {
      stamps.push(fileStamp(path));
    }
  }
}

/**
 * Digest of the installed pyinfra-kit code, JavaScript and Python helper both,
 * so that results made by another build are never reused.
 */
export function pyinfraKitDigest(): string {
  if (toolDigest === null) {
    const stamps: string[] = [];
    listFileStamps(dirname(dirname(fileURLToPath(import.meta.url))), (name) => name.endsWith(".js"), stamps);
    listFileStamps(BRIDGE_PYTHONPATH, (name) => name.endsWith(".py"), stamps);
    toolDigest = digestOf(stamps.join("\n"));
  }
  return toolDigest;
}

/**
 * Digest of every file other than Python source under the folders, by path,
 * size and times, skipping the folders that `findFiles` skips. Jinja2
 * reads templates, and the files they include, from these folders.
 */
export function templateFilesDigest(folders: string[]): string {
  const stamps: string[] = [];
  for (const folder of folders) listFileStamps(folder, (name) => !name.endsWith(".py"), stamps);
  return digestOf(stamps.join("\n"));
}

/**
 * Reads a cache file. A file whose text does not match its checksum, such as
 * one edited by hand or cut short, is ignored like a missing one.
 */
function readCacheFile<T extends { schema: number; key: string }>(path: string, key: string): T | null {
  try {
    const text = verifiedText(readFileSync(path, "utf8"));
    if (text === null) return null;
    const data = JSON.parse(text) as T;
    return data.schema === CACHE_SCHEMA && data.key === key ? data : null;
  } catch {
    // A missing, unreadable or damaged cache file is the same as none.
    return null;
  }
}

/**
 * Writes a cache file through a temporary file and a rename, so that a reader
 * never sees half a file. The `files` or `results` object is written one entry
 * at a time, so that the whole text is never in memory at once, and the
 * checksum of the text goes last.
 */
function writeCacheFile<T extends object>(
  path: string,
  data: T,
  field: keyof T & string,
  notice: (message: string) => void,
): void {
  const { [field]: entries, ...rest } = data;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const descriptor = openSync(temporary, "w");
    const checksum = createHash("sha1");
    const write = (text: string) => {
      writeSync(descriptor, text);
      checksum.update(text);
    };
    try {
      // `rest` contains at least the schema and the key, so its text ends with `}` after a field.
      write(`${JSON.stringify(rest).slice(0, -1)},${JSON.stringify(field)}:{`);
      let separator = "";
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        write(`${separator}${JSON.stringify(key)}:${JSON.stringify(value)}`);
        separator = ",";
      }
      write("}");
      writeSync(descriptor, `${CHECKSUM_FIELD}${checksum.digest("hex")}"}`);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder for the temporary file could not be made, so there is none.
    }
    notice(`results cache not saved to ${path}: ${(error as Error).message}`);
  }
}

/** Sets a cache file's change time to now, so that a file read but not rewritten is not deleted as stale. */
function markUsed(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // A missing file needs no mark, and one that cannot be marked is at worst rebuilt after 30 days.
  }
}

/**
 * Deletes the cache files in a folder that no run has written for 30 days:
 * those of deleted projects, of settings no longer used, of older builds.
 */
export function pruneStaleCacheFiles(folder: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(folder, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
    } catch {
      // Another run deleted or replaced it.
    }
  }
}

/**
 * The cached results of one project root under one set of settings: rule
 * selection, configuration, catalogue and pyinfra-kit build all go into the
 * key, and a run with other settings uses another cache file.
 */
export class CheckCache {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly data: CheckCacheData,
    private readonly notice: (message: string) => void,
  ) {}

  /** `settings` is every value the findings depend on besides the files; it becomes the key. */
  static open(settings: unknown, notice: (message: string) => void, folder = cacheFolder()): CheckCache {
    const key = digestOf(JSON.stringify({ schema: CACHE_SCHEMA, tool: pyinfraKitDigest(), settings }));
    const path = join(folder, "check", `${key}.json`);
    const data = readCacheFile<CheckCacheData>(path, key) ?? { schema: CACHE_SCHEMA, key, files: {} };
    return new CheckCache(path, data, notice);
  }

  /** Returns the results of a file whose text has digest `digest`, when they are still valid. */
  lookup(absolutePath: string, digest: string): CachedFile | null {
    const entry = this.data.files[absolutePath];
    if (!entry || entry.digest !== digest) return null;
    return entry.probes.every(probeHolds) ? entry : null;
  }

  store(absolutePath: string, entry: CachedFile): void {
    this.data.files[absolutePath] = entry;
    this.changed = true;
  }

  save(): void {
    if (!this.changed) return markUsed(this.path);
    this.changed = false;
    writeCacheFile(this.path, this.data, "files", this.notice);
    pruneStaleCacheFiles(dirname(this.path));
  }
}

interface TemplateCacheData {
  schema: number;
  key: string;
  /** `templateFilesDigest` of the folders when the results were made. */
  templateFiles: string;
  pyinfra_version: string;
  jinja2_version: string;
  /** The folder Jinja2 was imported from, and `jinja2Stamps` of it when the results were made. */
  jinja2_folder: string;
  jinja2_stamps: string;
  context_names: string[];
  jinja_globals: string[];
  /** Results by the JSON text of the request that produced them. */
  results: Record<string, { analysis: TemplateAnalysis; stamps: string }>;
}

/**
 * Stamps of a template, of every file it includes, and of the paths where the
 * loader looked for includes it did not find.
 */
function stampsOf(request: TemplateRequestKey, analysis: TemplateAnalysis): string {
  const paths = [request.path ?? "", ...(analysis.status === "ok" ? [...analysis.followed, ...(analysis.absent ?? [])] : [])];
  return paths.map((path) => (path === "" ? "" : fileStamp(path))).join("\n");
}

/**
 * Stamps of the Jinja2 package and of the folder it is installed in, which
 * changes when a package there is installed, upgraded or removed.
 */
function jinja2Stamps(folder: string): string {
  if (folder === "") return "";
  const stamps = [fileStamp(dirname(folder))];
  listFileStamps(folder, (name) => name.endsWith(".py"), stamps);
  return stamps.join("\n");
}

/** The fields of a `templates.check` request that the cache reads. */
export interface TemplateRequestKey {
  key: string;
  path?: string;
  env_kwargs?: string;
}

/**
 * Jinja2 results of one project's templates for one interpreter, reused while
 * no file other than Python source has changed under the template folders.
 * A run whose templates all have results does not start the Python helper.
 */
export class TemplateResultsCache {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly data: TemplateCacheData,
    private readonly notice: (message: string) => void,
  ) {}

  /**
   * @param settings The interpreter, its environment and the pyinfra version; they become the key.
   * @param folders The project root and the folder pyinfra runs from.
   */
  static open(
    settings: unknown,
    folders: string[],
    notice: (message: string) => void,
    folder = cacheFolder(),
  ): TemplateResultsCache {
    const key = digestOf(JSON.stringify({ schema: CACHE_SCHEMA, tool: pyinfraKitDigest(), settings, folders }));
    const path = join(folder, "check", `templates-${key}.json`);
    const filesDigest = templateFilesDigest(folders);
    let data = readCacheFile<TemplateCacheData>(path, key);
    if (data?.templateFiles !== filesDigest || jinja2Stamps(data.jinja2_folder) !== data.jinja2_stamps) data = null;
    const empty: TemplateCacheData = {
      schema: CACHE_SCHEMA,
      key,
      templateFiles: filesDigest,
      pyinfra_version: "",
      jinja2_version: "",
      jinja2_folder: "",
      jinja2_stamps: "",
      context_names: [],
      jinja_globals: [],
      results: {},
    };
    return new TemplateResultsCache(path, data ?? empty, notice);
  }

  /** True when there are results made from the template files as they are now. */
  get hasResults(): boolean {
    return Object.keys(this.data.results).length > 0;
  }

  /** Returns the cached response to `requests`, or null when one of them has no valid result. */
  responseFor(requests: TemplateRequestKey[]): TemplateCheckResponse | null {
    const results: Record<string, TemplateAnalysis> = {};
    for (const request of requests) {
      const cached = this.data.results[JSON.stringify(request)];
      if (!cached || stampsOf(request, cached.analysis) !== cached.stamps) return null;
      results[request.key] = cached.analysis;
    }
    return {
      pyinfra_version: this.data.pyinfra_version,
      jinja2_version: this.data.jinja2_version,
      context_names: this.data.context_names,
      jinja_globals: this.data.jinja_globals,
      results,
    };
  }

  /**
   * Keeps the results of `requests`. A request with `jinja_env_kwargs` is not
   * kept: its loader may read templates from any folder.
   */
  store(requests: TemplateRequestKey[], response: TemplateCheckResponse): void {
    this.data.pyinfra_version = response.pyinfra_version;
    this.data.jinja2_version = response.jinja2_version;
    this.data.jinja2_folder = response.jinja2_folder ?? "";
    this.data.jinja2_stamps = jinja2Stamps(this.data.jinja2_folder);
    this.data.context_names = response.context_names;
    this.data.jinja_globals = response.jinja_globals;
    for (const request of requests) {
      const analysis = response.results[request.key];
      if (!analysis || request.env_kwargs !== undefined) continue;
      this.data.results[JSON.stringify(request)] = { analysis, stamps: stampsOf(request, analysis) };
    }
    this.changed = true;
  }

  save(): void {
    if (!this.changed) return markUsed(this.path);
    this.changed = false;
    writeCacheFile(this.path, this.data, "results", this.notice);
  }
}
