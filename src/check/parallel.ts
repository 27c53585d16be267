import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { Catalogue } from "../catalogue/types.js";
import type { CatalogueData, CatalogueSource } from "../catalogue/types.js";
import type { ProjectContext, Rule } from "../rules/types.js";
import { TEMPLATE_RULE_CODES } from "../rules/codes.js";
import { scanTemplateReferences } from "../templates/prepare.js";
import type { FileTemplateReferences } from "../templates/prepare.js";
import type { TemplateIndex } from "../templates/types.js";
import type { Config } from "../workspace/config.js";
import { readSource } from "../workspace/files.js";
import { checkSource } from "./engine.js";
import type { Finding } from "./finding.js";
import { unreadableFileFinding } from "./finding.js";
import { recordInputs } from "./inputs.js";
import type { InputProbe } from "./inputs.js";

/** One file to check, and the index of the settings group it belongs to. */
export interface CheckJob {
  displayPath: string;
  absolutePath: string;
  group: number;
  /** The file text when it was already read; otherwise the checker reads the file. */
  text?: string;
  /** Run only the template rules of the group, whose inputs changed while the file did not. */
  templateRulesOnly?: boolean;
}

/** The findings of one file, and the other files its rules read. */
export interface CheckedFile {
  absolutePath: string;
  findings: Finding[];
  probes: InputProbe[];
}

/** Settings shared by the files of one project root. Plain data, so it can cross to a worker. */
export interface CheckGroup {
  ruleCodes: string[];
  config: Config;
  project: ProjectContext;
  templates?: TemplateIndex;
}

/** The catalogue a worker is started with. */
export interface WorkerSetup {
  catalogue: CatalogueData;
  catalogueSource: CatalogueSource;
}

/** A message to a worker: scan files for template references, or check them. */
export type WorkerTask = { kind: "scan" | "check"; jobs: CheckJob[]; groups: CheckGroup[] };

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 48;
const MAX_WORKERS = 8;

/** Returns a job's text: the text it carries, or the file read now. */
function readJob(job: CheckJob): ReturnType<typeof readSource> {
  return job.text === undefined ? readSource(job.absolutePath) : { ok: true, text: job.text };
}

/** Checks jobs one after another in this thread, with `rules`, every rule of the registry. */
export function checkJobsHere(
  jobs: CheckJob[],
  groups: CheckGroup[],
  catalogue: Catalogue,
  rules: readonly Rule[],
): CheckedFile[] {
  const checked: CheckedFile[] = [];
  const settings = groups.map((group) => ({
    rules: rules.filter((rule) => group.ruleCodes.includes(rule.code)),
    catalogue,
    config: group.config,
    project: group.project,
    templates: group.templates,
  }));
  const templateSettings = settings.map((group) => ({
    ...group,
    rules: group.rules.filter((rule) => TEMPLATE_RULE_CODES.has(rule.code)),
  }));
  for (const job of jobs) {
    const read = readJob(job);
    if (!read.ok) {
      checked.push({
        absolutePath: job.absolutePath,
        findings: [unreadableFileFinding(job.displayPath, read.reason)],
        probes: [],
      });
      continue;
    }
    const chosen = (job.templateRulesOnly ? templateSettings : settings)[job.group];
    const { result, probes } = recordInputs(() =>
      checkSource(job.displayPath, job.absolutePath, read.text, chosen),
    );
    checked.push({ absolutePath: job.absolutePath, findings: result, probes });
  }
  return checked;
}

/** Lists the template references of each job's file in this thread. Unreadable files have none. */
export function scanJobsHere(jobs: CheckJob[], groups: CheckGroup[], catalogue: Catalogue): FileTemplateReferences[] {
  const scanned: FileTemplateReferences[] = [];
  for (const job of jobs) {
    const group = groups[job.group];
    const read = readJob(job);
    if (!read.ok) continue;
    const source = { absolutePath: job.absolutePath, displayPath: job.displayPath, text: read.text };
    const settings = {
      catalogue,
      project: group.project,
      workingDirectoryConfigured: group.config.workingDirectory !== null,
    };
    const { result, probes } = recordInputs(() => scanTemplateReferences(source, settings));
    scanned.push({ ...result, probes });
  }
  return scanned;
}

/** Batches per worker in a scan: more start the helper's work sooner, each costs one message. */
const SCAN_BATCHES = 8;

/** Splits jobs into `count` shares of about equal bytes, largest files first. */
function balance(jobs: CheckJob[], count: number): CheckJob[][] {
  const sized = jobs.map((job) => {
    let size = job.text?.length ?? 0;
    if (job.text === undefined) {
      try {
        size = statSync(job.absolutePath).size;
      } catch {
        // An unreadable file is reported by the worker that reads it.
      }
    }
    return { job, size };
  });
  sized.sort((a, b) => b.size - a.size);
  const shares = Array.from({ length: count }, () => ({ jobs: [] as CheckJob[], bytes: 0 }));
  for (const { job, size } of sized) {
    const smallest = shares.reduce((best, share) => (share.bytes < best.bytes ? share : best));
    smallest.jobs.push(job);
    smallest.bytes += size;
  }
  return shares.map((share) => share.jobs);
}

/** One worker thread that runs one task at a time. */
class CheckWorker {
  private readonly worker: Worker;
  private pending: { resolve: (result: unknown) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: setup });
    this.worker.on("message", (result: unknown) => this.settle(null, result));
    this.worker.on("error", (error: Error) => this.settle(error));
    this.worker.on("exit", (code) => {
      if (code !== 0) this.settle(new Error(`a check worker exited with code ${code}`));
    });
  }

  run<T>(task: WorkerTask): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.pending = { resolve: resolve as (result: unknown) => void, reject };
      this.worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private settle(error: Error | null, result?: unknown): void {
    if (error) this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve(result);
  }
}

/**
 * Runs the scan and check tasks of a run, on worker threads when there are
 * enough files to pay for them (one per processor, at most eight), else in
 * this thread. The same workers serve both tasks, so each loads the parsers once.
 */
export class CheckPool {
  private constructor(
    private readonly catalogue: Catalogue,
    private readonly workers: CheckWorker[],
  ) {}

  static open(fileCount: number, catalogue: Catalogue): CheckPool {
    const count = Math.min(availableParallelism(), MAX_WORKERS, Math.floor(fileCount / MIN_FILES_PER_WORKER));
    const setup: WorkerSetup = { catalogue: catalogue.data, catalogueSource: catalogue.source };
    const workers = count < 2 ? [] : Array.from({ length: count }, () => new CheckWorker(setup));
    return new CheckPool(catalogue, workers);
  }

  /**
   * Scans the files for template references. Each worker scans its share in
   * batches and `onBatch` receives each batch as it ends, so that the caller
   * can send its templates to the Python helper while the rest are scanned.
   */
  async scan(
    jobs: CheckJob[],
    groups: CheckGroup[],
    onBatch: (batch: FileTemplateReferences[]) => void = () => {},
  ): Promise<FileTemplateReferences[]> {
    if (this.workers.length === 0) {
      const scanned = scanJobsHere(jobs, groups, this.catalogue);
      onBatch(scanned);
      return scanned;
    }
    const shares = balance(jobs, this.workers.length);
    const scanShare = async (share: CheckJob[], worker: CheckWorker) => {
      const scanned: FileTemplateReferences[] = [];
      const size = Math.max(1, Math.ceil(share.length / SCAN_BATCHES));
      for (let start = 0; start < share.length; start += size) {
        const batch = await worker.run<FileTemplateReferences[]>({
          kind: "scan",
          jobs: share.slice(start, start + size),
          groups,
        });
        onBatch(batch);
        scanned.push(...batch);
      }
      return scanned;
    };
    return (await Promise.all(shares.map((share, index) => scanShare(share, this.workers[index])))).flat();
  }

  async check(jobs: CheckJob[], groups: CheckGroup[]): Promise<CheckedFile[]> {
    if (this.workers.length === 0) {
      // Loaded here, because a run that reuses every result runs no rule.
      const { RULES } = await import("../rules/registry.js");
      return checkJobsHere(jobs, groups, this.catalogue, RULES);
    }
    return (await this.share<CheckedFile>("check", jobs, groups)).flat();
  }

  /** Stops the workers; calling it again does nothing. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.close()));
  }

  private share<T>(kind: WorkerTask["kind"], jobs: CheckJob[], groups: CheckGroup[]): Promise<T[][]> {
    const shares = balance(jobs, this.workers.length);
    return Promise.all(shares.map((share, index) => this.workers[index].run<T[]>({ kind, jobs: share, groups })));
  }
}

/** Checks the jobs with a pool opened for them alone; see `CheckPool`. */
export async function checkJobs(jobs: CheckJob[], groups: CheckGroup[], catalogue: Catalogue): Promise<CheckedFile[]> {
  const pool = CheckPool.open(jobs.length, catalogue);
  try {
    return await pool.check(jobs, groups);
  } finally {
    await pool.close();
  }
}
