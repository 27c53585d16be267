import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { workingDirectoryFor } from "../templates/paths.js";
import { readConfig } from "../workspace/config.js";
import { findProjectRoot } from "../workspace/project.js";

/**
 * A deploy in the form the Python helper expects: a deploy file executed the
 * way `pyinfra INVENTORY deploy.py` executes it, or a function imported and
 * called the way `pyinfra INVENTORY deploys.web.install` calls it.
 */
export type DeploySpec =
  | { kind: "file"; path: string }
  | { kind: "function"; reference: string; arguments: Record<string, string> };

export interface ResolvedDeploy {
  spec: DeploySpec;
  /** The DEPLOY argument as given, for messages and output. */
  label: string;
  /** The folder pyinfra runs from: templates and `files.put` sources resolve against it. */
  cwd: string;
  projectRoot: string;
  /** Dotted name of the project's secret helper. */
  secretHelper: string;
}

/** A DEPLOY argument that names nothing runnable. The message names what to pass instead. */
export class DeployReferenceError extends Error {
  override name = "DeployReferenceError";
}

const FUNCTION_REFERENCE = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*[.:][A-Za-z_][\w]*$/;

/**
 * Returns the folder pyinfra runs a deploy file from: `--chdir`, else the
 * folder that the template checks use (the configured working directory, else
 * the nearest folder above the file with an inventory, `config.py`,
 * `group_data` or `inventories`, else the project root). Plan and check then
 * resolve relative template sources alike.
 */
function fileWorkingDirectory(path: string, projectRoot: string, chdir: string | undefined): string {
  if (chdir) return resolve(chdir);
  const configured = readConfig(projectRoot).workingDirectory;
  const workingDirectory = configured ? resolve(projectRoot, configured) : projectRoot;
  const project = { root: projectRoot, workingDirectory, sudoForRun: false };
  return workingDirectoryFor(path, project, configured !== null);
}

/**
 * Returns the folder a function reference is imported from: `--chdir`, else
 * the configured working directory, else the current folder, as
 * `pyinfra INVENTORY module.function` imports from the current folder.
 */
function functionWorkingDirectory(base: string, projectRoot: string, chdir: string | undefined): string {
  if (chdir) return resolve(chdir);
  const configured = readConfig(projectRoot).workingDirectory;
  return configured ? resolve(projectRoot, configured) : base;
}

/**
 * Resolves DEPLOY: a path to a `.py` file, or a `module.function` (or
 * `module:function`) reference importable from the working directory.
 * A folder is rejected because a deploy package runs nothing by itself.
 */
export function resolveDeploy(
  deploy: string,
  options: { cwd?: string; chdir?: string; functionArguments?: Record<string, string> } = {},
): ResolvedDeploy {
  const base = options.cwd ?? process.cwd();
  const path = resolve(base, deploy);

  if (existsSync(path) && statSync(path).isDirectory()) {
    const example = relative(base, path).split("/").filter(Boolean).join(".") || "deploys.web";
    throw new DeployReferenceError(
      `${deploy} is a folder; pass a deploy file (${join(deploy, "deploy.py")}) or a function ` +
        `reference such as ${example}.install`,
    );
  }
  if (deploy.endsWith(".py")) {
    if (!existsSync(path)) throw new DeployReferenceError(`deploy file not found: ${deploy}`);
    const projectRoot = findProjectRoot(dirname(path));
    return {
      spec: { kind: "file", path },
      label: deploy,
      cwd: fileWorkingDirectory(path, projectRoot, options.chdir),
      projectRoot,
      secretHelper: readConfig(projectRoot).secretHelper,
    };
  }
  if (FUNCTION_REFERENCE.test(deploy)) {
    const projectRoot = findProjectRoot(options.chdir ? resolve(options.chdir) : base);
    return {
      spec: { kind: "function", reference: deploy, arguments: options.functionArguments ?? {} },
      label: deploy,
      cwd: functionWorkingDirectory(base, projectRoot, options.chdir),
      projectRoot,
      secretHelper: readConfig(projectRoot).secretHelper,
    };
  }
  throw new DeployReferenceError(
    `${JSON.stringify(deploy)} is neither a .py deploy file nor a module.function reference ` +
      "(for example deploy.py or deploys.web.install)",
  );
}

/** Splits `key=value` arguments of a repeatable flag into a record. */
export function keyValuePairs(values: string[] | undefined, flag: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of values ?? []) {
    const separator = item.indexOf("=");
    if (separator <= 0) {
      throw new DeployReferenceError(`${flag} ${item}: expected key=value`);
    }
    pairs[item.slice(0, separator)] = item.slice(separator + 1);
  }
  return pairs;
}
