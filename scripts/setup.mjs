// Creates the project's .venv with the pinned pyinfra. Safe to run again:
// an existing .venv that already has the pinned version is left as it is.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const PYINFRA_VERSION = "3.10.0";
const venv = join(process.cwd(), ".venv");
const python = join(venv, "bin", "python");

function run(command, args) {
  process.stderr.write(`setup: ${command} ${args.join(" ")}\n`);
  execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
}

function onPath(command) {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

function installedPyinfra() {
  if (!existsSync(python)) return null;
  const result = spawnSync(
    python,
    ["-c", "import importlib.metadata as m; print(m.version('pyinfra'))"],
    { encoding: "utf8" },
  );
  return result.status === 0 ? result.stdout.trim() : null;
}

if (installedPyinfra() === PYINFRA_VERSION) {
  process.stderr.write(`setup: .venv already has pyinfra ${PYINFRA_VERSION}\n`);
  process.exit(0);
}

const useUv = onPath("uv");
if (!existsSync(python)) {
  if (useUv) run("uv", ["venv", venv]);
  else run("python3", ["-m", "venv", venv]);
}
if (useUv) {
  run("uv", ["pip", "install", "--python", python, `pyinfra==${PYINFRA_VERSION}`]);
} else {
  run(python, ["-m", "pip", "install", "--quiet", `pyinfra==${PYINFRA_VERSION}`]);
}

const version = installedPyinfra();
if (version !== PYINFRA_VERSION) {
  process.stderr.write(
    `setup: pyinfra ${PYINFRA_VERSION} is not importable from ${python} after install; ` +
      "check the pip output above\n",
  );
  process.exit(1);
}
process.stderr.write(`setup: .venv has pyinfra ${version}\n`);
