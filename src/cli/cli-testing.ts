// Helpers for tests that run the command line as a user would.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { REPOSITORY_ROOT } from "../rules/testing.js";

export const CLI = join(REPOSITORY_ROOT, "dist", "src", "cli", "main.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pyinfra-kit ARGS` in `cwd` with the repository's .venv as the interpreter. */
export function runCli(args: string[], cwd: string, environment: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      PYINFRA_KIT_PYTHON: join(REPOSITORY_ROOT, ".venv", "bin", "python"),
      ...environment,
    },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Creates a temporary project from a map of relative paths to contents. */
export function makeProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "pyinfra-kit-test-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
