// A worker thread that checks its share of the files and posts the findings back.
import { parentPort, workerData } from "node:worker_threads";

import { Catalogue } from "../catalogue/types.js";
import { initParsers } from "../python/parser.js";
import { checkJobsHere } from "./parallel.js";
import type { WorkerRequest } from "./parallel.js";

const request = workerData as WorkerRequest;
await initParsers();
const findings = checkJobsHere(request.jobs, request.groups, new Catalogue(request.catalogue, request.catalogueSource));
parentPort?.postMessage(findings);
