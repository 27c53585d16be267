// A worker thread that runs scan and check tasks on its share of the files and posts the results back.
import { parentPort, workerData } from "node:worker_threads";

import { Catalogue } from "../catalogue/types.js";
import { initParsers } from "../python/parser.js";
import { RULES } from "../rules/registry.js";
import { checkJobsHere, scanJobsHere } from "./parallel.js";
import type { WorkerSetup, WorkerTask } from "./parallel.js";

const setup = workerData as WorkerSetup;
const catalogue = new Catalogue(setup.catalogue, setup.catalogueSource);
await initParsers();
parentPort?.on("message", (task: WorkerTask) => {
  const result =
    task.kind === "scan"
      ? scanJobsHere(task.jobs, task.groups, catalogue)
      : checkJobsHere(task.jobs, task.groups, catalogue, RULES);
  parentPort?.postMessage(result);
});
