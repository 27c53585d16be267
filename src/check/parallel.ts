import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { Catalogue } from "../catalogue/types.js";
import type { CatalogueData, CatalogueSource } from "../catalogue/types.js";
import { RULES } from "../rules/registry.js";
import type { ProjectContext } from "../rules/types.js";
import type { TemplateIndex } from "../templates/types.js";
import type { Config } from "../workspace/config.js";
import { readSource } from "../workspace/files.js";
import { checkSource, unreadableFileFinding } from "./engine.js";
import type { Finding } from "./finding.js";

/** One file to check, and the index of the settings group it belongs to. */
export interface CheckJob {
  displayPath: string;
  absolutePath: string;
  group: number;
  /** The file text when it was already read; otherwise the checker reads the file. */
  text?: string;
}

/** Settings shared by the files of one project root. Plain data, so it can cross to a worker. */
export interface CheckGroup {
  ruleCodes: string[];
  config: Config;
  project: ProjectContext;
  templates?: TemplateIndex;
}

/** The message a worker receives. */
export interface WorkerRequest {
  jobs: CheckJob[];
  groups: CheckGroup[];
  catalogue: CatalogueData;
  catalogueSource: CatalogueSource;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 48;
const MAX_WORKERS = 8;

/** Checks jobs one after another in this thread. */
export function checkJobsHere(jobs: CheckJob[], groups: CheckGroup[], catalogue: Catalogue): Finding[] {
  const findings: Finding[] = [];
  const settings = groups.map((group) => ({
    rules: RULES.filter((rule) => group.ruleCodes.includes(rule.code)),
    catalogue,
    config: group.config,
    project: group.project,
    templates: group.templates,
  }));
  for (const job of jobs) {
    const read = job.text === undefined ? readSource(job.absolutePath) : { ok: true as const, text: job.text };
    if (!read.ok) {
      findings.push(unreadableFileFinding(job.displayPath, read.reason));
      continue;
    }
    findings.push(...checkSource(job.displayPath, job.absolutePath, read.text, settings[job.group]));
  }
  return findings;
}

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

function runWorker(request: WorkerRequest): Promise<Finding[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: request });
    worker.once("message", (findings: Finding[]) => resolve(findings));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`a check worker exited with code ${code}`));
    });
  });
}

/**
 * Checks the jobs, on worker threads when there are enough files to pay for
 * them (one per processor, at most eight), else in this thread.
 */
export async function checkJobs(jobs: CheckJob[], groups: CheckGroup[], catalogue: Catalogue): Promise<Finding[]> {
  const workers = Math.min(availableParallelism(), MAX_WORKERS, Math.floor(jobs.length / MIN_FILES_PER_WORKER));
  if (workers < 2) return checkJobsHere(jobs, groups, catalogue);

  const shares = balance(jobs, workers);
  const results = await Promise.all(
    shares.map((share) =>
      runWorker({ jobs: share, groups, catalogue: catalogue.data, catalogueSource: catalogue.source }),
    ),
  );
  return results.flat();
}
