// The minimum work of a cold `check` run: start Node.js, load the grammars in
// one worker thread per processor, read every Python file under a folder and
// parse it once with tree-sitter. No rule runs and nothing is printed, so the
// time of this process is a floor under the time of any check built this way.
// Usage: node scripts/parse-floor.mjs FOLDER
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import { initParsers, parsePython } from "../dist/src/python/parser.js";

if (isMainThread) {
  const folder = process.argv[2];
  if (!folder) {
    console.error("usage: node scripts/parse-floor.mjs FOLDER");
    process.exit(2);
  }
  if (!existsSync(folder)) {
    console.error(`parse-floor: folder not found: ${folder}; pass a folder of Python files, such as bench-tree`);
    process.exit(2);
  }
  const files = readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(".py"))
    .map((name) => join(folder, name));
  const count = Math.min(availableParallelism(), 8);
  const shares = Array.from({ length: count }, (_, share) => files.filter((_, index) => index % count === share));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: share });
          worker.on("message", () => resolve(worker.terminate()));
          worker.on("error", reject);
        }),
    ),
  );
} else {
  await initParsers();
  for (const path of workerData) parsePython(readFileSync(path, "utf8")).delete();
  parentPort.postMessage("parsed");
}
