import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** How the Python interpreter was chosen, in the order they are tried. */
export type InterpreterSource = "flag" | "environment" | "venv" | "uv" | "path";

export interface Interpreter {
  /** The command and its leading arguments, for example `["uv", "run", "python"]`. */
  command: string[];
  source: InterpreterSource;
  /** Working directory for the process. */
  cwd: string;
  /** A short description for messages, such as `.venv/bin/python (project virtual environment)`. */
  description: string;
}

function onPath(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Chooses the Python interpreter: `--python`, then `PYINFRA_KIT_PYTHON`, then
 * the project's `.venv/bin/python`, then `uv run python` in a uv project, then
 * `python3`.
 */
export function findInterpreter(projectRoot: string, flag?: string): Interpreter {
  if (flag) {
    return { command: [flag], source: "flag", cwd: projectRoot, description: `${flag} (--python)` };
  }
  const fromEnvironment = process.env.PYINFRA_KIT_PYTHON;
  if (fromEnvironment) {
    return {
      command: [fromEnvironment],
      source: "environment",
      cwd: projectRoot,
      description: `${fromEnvironment} (PYINFRA_KIT_PYTHON)`,
    };
  }
  const venvPython = join(projectRoot, ".venv", "bin", "python");
  if (existsSync(venvPython)) {
    return {
      command: [venvPython],
      source: "venv",
      cwd: projectRoot,
      description: `${venvPython} (project virtual environment)`,
    };
  }
  if (existsSync(join(projectRoot, "uv.lock")) && onPath("uv")) {
    return {
      command: ["uv", "run", "--project", projectRoot, "python"],
      source: "uv",
      cwd: projectRoot,
      description: "uv run python",
    };
  }
  return { command: ["python3"], source: "path", cwd: projectRoot, description: "python3 on PATH" };
}

/**
 * Reads the installed pyinfra version. For an interpreter inside a virtual
 * environment this reads the `pyinfra-X.dist-info` folder name without
 * starting Python; otherwise it asks the interpreter. Returns null when
 * pyinfra is not importable or the interpreter does not start.
 */
export function installedPyinfraVersion(interpreter: Interpreter): string | null {
  if (interpreter.command.length === 1) {
    const fromDistInfo = versionFromVenv(resolve(interpreter.cwd, interpreter.command[0]));
    if (fromDistInfo) return fromDistInfo;
  }
  const [command, ...prefix] = interpreter.command;
  const result = spawnSync(
    command,
    [...prefix, "-c", "import importlib.metadata as m; print(m.version('pyinfra'))"],
    { cwd: interpreter.cwd, encoding: "utf8", timeout: 60_000 },
  );
  if (result.status !== 0) return null;
  const version = result.stdout.trim();
  return version || null;
}

function versionFromVenv(pythonPath: string): string | null {
  const libFolder = join(dirname(dirname(pythonPath)), "lib");
  if (!existsSync(join(dirname(dirname(pythonPath)), "pyvenv.cfg"))) return null;
  let pythonFolders: string[];
  try {
    pythonFolders = readdirSync(libFolder).filter((name) => name.startsWith("python"));
  } catch {
    return null;
  }
  for (const pythonFolder of pythonFolders) {
    const sitePackages = join(libFolder, pythonFolder, "site-packages");
    let entries: string[];
    try {
      entries = readdirSync(sitePackages);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const match = /^pyinfra-([^-]+)\.dist-info$/.exec(entry);
      if (match) return match[1];
    }
  }
  return null;
}
