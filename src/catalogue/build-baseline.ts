// Regenerates the bundled baseline catalogue from the pyinfra in .venv:
// `npm run setup && npm run build && npm run baseline`.
import { Bridge } from "../bridge/bridge.js";
import { findInterpreter } from "../workspace/interpreter.js";
import { BASELINE_PATH, BASELINE_VERSION, writeFileAtomic } from "./load.js";
import type { CatalogueData } from "./types.js";

const bridge = await Bridge.start(findInterpreter(process.cwd()));
try {
  const data = await bridge.request<CatalogueData>("catalogue");
  if (data.pyinfra_version !== BASELINE_VERSION) {
    throw new Error(
      `the interpreter has pyinfra ${data.pyinfra_version}, the baseline is for ` +
        `${BASELINE_VERSION}; run \`npm run setup\` first`,
    );
  }
  writeFileAtomic(BASELINE_PATH, JSON.stringify(data, null, 1) + "\n");
  process.stderr.write(
    `wrote ${BASELINE_PATH}: ${data.operations.length} operations, ${data.facts.length} facts\n`,
  );
} finally {
  await bridge.close();
}
