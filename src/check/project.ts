import { join, resolve } from "node:path";

import { buildModel } from "../python/model.js";
import { parsePython } from "../python/parser.js";
import type { ProjectContext } from "../rules/types.js";
import type { Config } from "../workspace/config.js";
import { readInput } from "./inputs.js";

/**
 * True when the `config.py` that pyinfra reads from its working directory
 * sets `config.SUDO = True`. pyinfra 3.10 runs the file and then reads only
 * its `config` object, so a bare `SUDO = True` there does not count.
 */
export function configTurnsOnSudo(workingDirectory: string): boolean {
  const path = join(workingDirectory, "config.py");
  const text = readInput(path);
  if (text === null) return false;
  const tree = parsePython(text);
  try {
    return buildModel("config.py", path, text, tree).setsSudo;
  } finally {
    tree.delete();
  }
}

export function projectContext(root: string, config: Config): ProjectContext {
  const workingDirectory = config.workingDirectory ? resolve(root, config.workingDirectory) : root;
  return {
    root,
    workingDirectory,
    sudoForRun: config.sudo || configTurnsOnSudo(workingDirectory),
  };
}
