// Paths that the run tests share: the repository, its virtual environment's
// Python (the real pyinfra) and the fixture project of small deploys.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root; this module runs from `dist/src/run/`. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const REPO_PYTHON = join(REPO_ROOT, ".venv", "bin", "python");

/** A pyinfra project with one deploy file per case; see its files' docstrings. */
export const FIXTURE_PROJECT = join(REPO_ROOT, "src", "run", "fixtures", "project");

export const CLI = join(REPO_ROOT, "dist", "src", "cli", "main.js");
