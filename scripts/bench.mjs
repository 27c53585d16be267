// Benchmark of a full `pyinfra-kit check` run as a whole process.
//
// Generates a tree of deploy files (deterministic, about 100 lines each),
// then times `pyinfra-kit check` on it and `ruff check` on the same tree,
// alternating runs, and prints lines per second, peak memory and the ratio:
// cold (no cache), warm with nothing changed, and warm with one file changed.
// It also times the parse floor (scripts/parse-floor.mjs) against cold ruff.
// Usage: npm run bench [-- --files 1000 --runs 5]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "1000" },
    runs: { type: "string", default: "5" },
    tree: { type: "string", default: "bench-tree" },
  },
});
const fileCount = Number(values.files);
const runs = Number(values.runs);
const tree = values.tree;
const RUFF_VERSION = "0.14.10";

/** A small deterministic generator, so every run checks the same tree. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PACKAGES = ["nginx", "curl", "git", "htop", "postgresql", "redis-server", "jq", "unzip", "rsync", "vim"];
const SERVICES = ["nginx", "postgresql", "redis-server", "cron", "ssh", "docker"];

function deployModule(index, next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const service = pick(SERVICES);
  const lines = [
    `"""Deploy ${index}: installs and configures ${service}."""`,
    "",
    "import os",
    "",
    "from pyinfra import host",
    "from pyinfra.api import deploy",
    "from pyinfra.facts.files import File",
    "from pyinfra.facts.server import LinuxName",
    "from pyinfra.operations import apt, files, server, systemd",
    "",
    "from deploys.util.secret import get_secret",
    "",
    `CONFIG_DIR = "/etc/${service}-${index}"`,
    'TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")',
    "",
  ];
  const functions = 3;
  for (let part = 0; part < functions; part++) {
    const packages = [pick(PACKAGES), pick(PACKAGES)];
    lines.push(
      "",
      `@deploy("Set up ${service} part ${part}")`,
      `def install_${part}(version: str = "1.${part}", port: int = ${8000 + part}) -> None:`,
      `    if host.get_fact(LinuxName) == "Debian":`,
      "        apt.packages(",
      `            name="Install ${packages.join(" and ")}",`,
      `            packages=${JSON.stringify(packages)},`,
      "            update=True,",
      "            _sudo=True,",
      "        )",
      "",
      "    files.directory(",
      `        name="Create the ${service} config folder",`,
      "        path=CONFIG_DIR,",
      '        user="root",',
      '        group="root",',
      '        mode="755",',
      "        _sudo=True,",
      "    )",
      "",
      "    config = files.template(",
      `        name="Write the ${service} config",`,
      '        src=os.path.join(TEMPLATES, "app.conf.j2"),',
      `        dest=f"{CONFIG_DIR}/app-${part}.conf",`,
      '        user="root",',
      '        group="root",',
      '        mode="640",',
      "        version=version,",
      "        port=port,",
      `        password=get_secret("${service}"),`,
      "        _sudo=True,",
      "    )",
      "",
      `    if host.get_fact(File, path=f"{CONFIG_DIR}/enabled"):`,
      `        server.shell(name="Restart by hand", commands=["systemctl restart ${service} && mkdir -p /opt/app${index}"])`,
      "",
      "    systemd.service(",
      `        name="Restart ${service}",`,
      `        service="${service}",`,
      "        restarted=True,",
      "        _if=config.did_change,",
      "        _sudo=True,",
      "    )",
      "",
    );
  }
  return lines.join("\n") + "\n";
}

function generateTree() {
  rmSync(tree, { recursive: true, force: true });
  const next = random(12345);
  let lines = 0;
  for (let index = 0; index < fileCount; index++) {
    const folder = join(tree, "deploys", `service_${String(index).padStart(4, "0")}`);
    mkdirSync(join(folder, "templates"), { recursive: true });
    const text = deployModule(index, next);
    lines += text.split("\n").length - 1;
    writeFileSync(join(folder, "__init__.py"), text);
    writeFileSync(join(folder, "templates", "app.conf.j2"), "port={{ port }}\nversion={{ version }}\npassword={{ password }}\n");
  }
  writeFileSync(join(tree, "pyproject.toml"), '[project]\nname = "bench"\nversion = "0"\n');
  mkdirSync(join(tree, "deploys", "util"), { recursive: true });
  writeFileSync(join(tree, "deploys", "__init__.py"), "");
  writeFileSync(join(tree, "deploys", "util", "__init__.py"), "");
  writeFileSync(join(tree, "deploys", "util", "secret.py"), 'import os\n\n\ndef get_secret(name: str) -> str:\n    return os.environ[f"SECRET_{name.upper()}"]\n');
  return lines + 8;
}

/** Runs a command under GNU time and returns wall seconds and peak resident memory in MB. */
function timed(command, args, env = process.env) {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %M", command, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env,
  });
  if (result.error) throw result.error;
  const lastLine = result.stderr.trim().split("\n").pop();
  const [wall, kilobytes] = lastLine.split(" ").map(Number);
  return { wall, memoryMb: kilobytes / 1024, status: result.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (!existsSync("/usr/bin/time")) {
  console.error("bench: /usr/bin/time is missing; install it with `apt-get install time`");
  process.exit(2);
}
const ruff = join(".venv", "bin", "ruff");
if (!existsSync(ruff)) {
  execFileSync(join(".venv", "bin", "python"), ["-m", "pip", "install", "--quiet", `ruff==${RUFF_VERSION}`], {
    stdio: "inherit",
  });
}

const lines = generateTree();
const files = readdirSync(join(tree, "deploys")).length;
console.log(`tree: ${tree}, ${files} deploy folders, ${lines} lines of Python`);

// The project's own pyinfra, as a user with `npm run setup` has it: the catalogue
// comes from it and the template checks run through its Jinja2.
const python = resolve(".venv", "bin", "python");
// Both tools keep their caches in folders of the benchmark's own, made afresh.
const cacheHome = resolve(`${tree}-cache`);
rmSync(cacheHome, { recursive: true, force: true });
const kitEnvironment = { ...process.env, XDG_CACHE_HOME: cacheHome };
const kitArgs = ["dist/src/cli/main.js", "check", tree, "--format", "json", "--python", python];
const ruffArgs = ["check", "--quiet", "--exit-zero", "--cache-dir", join(cacheHome, "ruff"), tree];
const edited = join(tree, "deploys", "service_0000", "__init__.py");
const editedText = readFileSync(edited, "utf8");

/**
 * Times `runs` alternating pairs of pyinfra-kit and ruff runs. `prepare`
 * runs before each timed command, outside the timing.
 */
function measure(label, kitExtra, ruffExtra, prepare = () => {}) {
  const kit = { wall: [], memory: [] };
  const reference = { wall: [], memory: [] };
  const ratios = [];
  for (let run = 0; run < runs; run++) {
    prepare(run);
    const a = timed("node", [...kitArgs, ...kitExtra], kitEnvironment);
    prepare(run);
    const b = timed(ruff, [...ruffArgs, ...ruffExtra]);
    kit.wall.push(a.wall);
    kit.memory.push(a.memoryMb);
    reference.wall.push(b.wall);
    reference.memory.push(b.memoryMb);
    ratios.push(a.wall / b.wall);
  }
  const kitWall = median(kit.wall);
  console.log(`\n${label}`);
  console.log(`  pyinfra-kit check: median ${kitWall.toFixed(2)} s over ${runs} runs ` +
    `(min ${Math.min(...kit.wall).toFixed(2)}, max ${Math.max(...kit.wall).toFixed(2)}), ` +
    `${Math.round(lines / kitWall)} lines/s, peak memory ${median(kit.memory).toFixed(0)} MB ` +
    `(max ${Math.max(...kit.memory).toFixed(0)})`);
  console.log(`  ruff ${RUFF_VERSION} check: median ${median(reference.wall).toFixed(2)} s, ` +
    `peak memory ${median(reference.memory).toFixed(0)} MB`);
  console.log(`  ratio pyinfra-kit / ruff, median of pairs: ${median(ratios).toFixed(2)}x`);
}

/**
 * Times the parse floor (`scripts/parse-floor.mjs`: Node.js start-up, the
 * grammars in each worker thread, and one tree-sitter parse of every file,
 * with no rule) against a cold ruff run, alternating. No check built on
 * tree-sitter in Node.js can be faster than this floor.
 */
function measureFloor() {
  const floorWalls = [];
  const ratios = [];
  for (let run = 0; run < runs; run++) {
    const floorRun = timed("node", ["scripts/parse-floor.mjs", tree]);
    const ruffRun = timed(ruff, [...ruffArgs, "--no-cache"]);
    if (floorRun.status !== 0) {
      throw new Error(`scripts/parse-floor.mjs failed with exit code ${floorRun.status}; run \`npm run build\` and retry`);
    }
    floorWalls.push(floorRun.wall);
    ratios.push(floorRun.wall / ruffRun.wall);
  }
  const wall = median(floorWalls);
  console.log("\nfloor: read and parse every file once, no rule (scripts/parse-floor.mjs)");
  console.log(`  median ${wall.toFixed(2)} s over ${runs} runs (min ${Math.min(...floorWalls).toFixed(2)}, ` +
    `max ${Math.max(...floorWalls).toFixed(2)}), ${Math.round(lines / wall)} lines/s`);
  console.log(`  ratio floor / cold ruff, median of pairs: ${median(ratios).toFixed(2)}x`);
}

// One warm-up of each, so both read the tree from the page cache and the catalogue cache exists.
timed("node", [...kitArgs, "--no-cache"], kitEnvironment);
timed(ruff, [...ruffArgs, "--no-cache"]);

measure("cold: every file checked (--no-cache for both)", ["--no-cache"], ["--no-cache"]);
measureFloor();

// One run of each fills its cache for the runs after it.
timed("node", kitArgs, kitEnvironment);
timed(ruff, ruffArgs);
measure("warm: nothing changed since the last run (both with their caches)", [], []);
measure("warm: one file changed since the last run (both with their caches)", [], [], (run) => {
  writeFileSync(edited, `${editedText}# edit ${run} ${Date.now()}\n`);
});
writeFileSync(edited, editedText);
