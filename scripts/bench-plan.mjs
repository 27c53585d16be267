// Benchmark of `pyinfra-kit plan` and of the chroot target's Debian root.
//
// 1. Plan overhead: times `pyinfra-kit plan DEPLOY` against a plain
//    `.venv/bin/pyinfra INVENTORY DEPLOY --dry` of the same deploy on the same
//    inventory, as whole processes, and `plan --format json` (which reads the
//    diffs) against `pyinfra --dry --diff`. The two commands of a pair alternate
//    (A B A B) after one warm-up run of each. It prints the median times and
//    the median of the per-pair ratios A/B.
// 2. Debian root: builds the root cold with debootstrap into a temporary roots
//    folder (never the user's cache), then times a warm lookup plus the fresh
//    copy that every verify run makes, with `cp -a` and, when installed, with
//    `rsync -a`. Needs root, debootstrap and the Debian mirror; skip it with
//    --no-root.
//
// Usage: npm run build && node scripts/bench-plan.mjs [--runs 9] [--no-root]
//        [--deploy src/run/fixtures/project/idempotent.py] [--inventory @local]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "9" },
    deploy: { type: "string", default: "src/run/fixtures/project/idempotent.py" },
    inventory: { type: "string", default: "@local" },
    "no-root": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const runs = Number(values.runs);
const deployPath = resolve(repo, values.deploy);
const projectFolder = dirname(deployPath);
const python = join(repo, ".venv", "bin", "python");
const pyinfra = join(repo, ".venv", "bin", "pyinfra");
const cli = join(repo, "dist", "src", "cli", "main.js");
// The fixture deploys write under host data `prefix`; point it at a folder that
// does not exist so that both dry runs plan every operation.
const data = `prefix=${join(tmpdir(), "pyinfra-kit-bench-missing")}`;

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a command to completion and returns its wall time in seconds; throws on failure. */
function timed(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error || (result.status !== 0 && !options.allowExit?.includes(result.status))) {
    const detail = result.stderr || result.error;
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${detail}`);
  }
  return seconds;
}

/**
 * Times `pyinfra-kit plan` with `kitArgs` against `pyinfra --dry` with
 * `pyinfraArgs`, alternating, after one warm-up run of each.
 */
function benchPair(kitArgs, pyinfraArgs) {
  const kit = () =>
    timed(process.execPath, [cli, "plan", basename(deployPath), "--inventory", values.inventory,
      "--data", data, ...kitArgs, "--python", python], { cwd: projectFolder });
  const plain = () =>
    timed(pyinfra, [values.inventory, basename(deployPath), "--dry", "--data", data, ...pyinfraArgs], {
      cwd: projectFolder,
      env: { ...process.env, PYINFRA_PROGRESS: "off" },
    });
  kit();
  plain();
  const kitTimes = [];
  const plainTimes = [];
  const ratios = [];
  for (let run = 0; run < runs; run++) {
    const a = kit();
    const b = plain();
    kitTimes.push(a);
    plainTimes.push(b);
    ratios.push(a / b);
  }
  return {
    plan: `pyinfra-kit plan ${kitArgs.join(" ")}`.trim(),
    pyinfra: `pyinfra --dry ${pyinfraArgs.join(" ")}`.trim(),
    plan_median_s: median(kitTimes),
    pyinfra_median_s: median(plainTimes),
    ratio_median: median(ratios),
    ratio_min: Math.min(...ratios),
    ratio_max: Math.max(...ratios),
  };
}

/**
 * Two like-for-like pairs: text output reads no diffs, as `pyinfra --dry`
 * without `--diff`; JSON output reads each upload's diff, as `--dry --diff`.
 */
function benchPlan() {
  return {
    runs,
    deploy: values.deploy,
    inventory: values.inventory,
    pairs: [benchPair([], []), benchPair(["--format", "json"], ["--diff"])],
  };
}

async function benchRoot() {
  const { ensureDebianRoot, copyRoot } = await import(join(repo, "dist", "src", "run", "debian-root.js"));
  const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-bench-roots-"));
  try {
    const cold = await ensureDebianRoot({ rootsFolder: folder });
    const warmLookups = [];
    const cpTimes = [];
    const rsyncTimes = [];
    const hasRsync = spawnSync("rsync", ["--version"], { stdio: "ignore" }).status === 0;
    const copyRuns = Math.min(runs, 5);
    for (let run = 0; run < copyRuns; run++) {
      const started = process.hrtime.bigint();
      await ensureDebianRoot({ rootsFolder: folder });
      warmLookups.push(Number(process.hrtime.bigint() - started) / 1e9);
      const copy = join(folder, `copy-${run}`);
      cpTimes.push(await copyRoot(cold.path, copy));
      rmSync(copy, { recursive: true, force: true });
      if (hasRsync) {
        rsyncTimes.push(timed("rsync", ["-a", `${cold.path}/`, `${copy}/`]));
        rmSync(copy, { recursive: true, force: true });
      }
    }
    const du = spawnSync("du", ["-sm", cold.path], { encoding: "utf8" }).stdout.split("\t")[0];
    return {
      suite: cold.suite,
      mirror: cold.mirror,
      root_size_mb: Number(du),
      cold_build_s: cold.seconds,
      warm_lookup_median_s: median(warmLookups),
      copy_cp_a_median_s: median(cpTimes),
      copy_rsync_a_median_s: hasRsync ? median(rsyncTimes) : null,
      copy_runs: copyRuns,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (!existsSync(cli)) throw new Error("run `npm run build` first");
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
const plan = benchPlan();
const root = values["no-root"] ? null : await benchRoot();

if (values.json) {
  process.stdout.write(JSON.stringify({ machine, plan, root }, null, 2) + "\n");
} else {
  const seconds = (value) => (value === null ? "n/a" : `${value.toFixed(2)} s`);
  const lines = [
    `machine: ${machine}`,
    `plan of ${plan.deploy} on ${plan.inventory}, ${plan.runs} alternating runs after one warm-up each:`,
  ];
  for (const pair of plan.pairs) {
    lines.push(
      `  ${pair.plan.padEnd(32)} median ${seconds(pair.plan_median_s)}`,
      `  ${pair.pyinfra.padEnd(32)} median ${seconds(pair.pyinfra_median_s)}`,
      `  ratio                            median ${pair.ratio_median.toFixed(2)} ` +
        `(min ${pair.ratio_min.toFixed(2)}, max ${pair.ratio_max.toFixed(2)})`,
    );
  }
  if (root) {
    lines.push(
      `Debian ${root.suite} root from ${root.mirror} (${root.root_size_mb} MB):`,
      `  cold build (debootstrap)         ${seconds(root.cold_build_s)}`,
      `  warm lookup                      median ${seconds(root.warm_lookup_median_s)}`,
      `  fresh copy, cp -a                median ${seconds(root.copy_cp_a_median_s)} ` +
        `(${root.copy_runs} runs)`,
      `  fresh copy, rsync -a             median ${seconds(root.copy_rsync_a_median_s)}`,
    );
  }
  process.stdout.write(lines.join("\n") + "\n");
}
