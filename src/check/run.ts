import { resolve } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import { RULES } from "../rules/registry.js";
import type { Config } from "../workspace/config.js";
import { readConfig } from "../workspace/config.js";
import { findFiles, readSource } from "../workspace/files.js";
import type { SkippedPath } from "../workspace/files.js";
import { findProjectRoot } from "../workspace/project.js";
import { checkSource, selectRules, unreadableFileFinding } from "./engine.js";
import type { Finding } from "./finding.js";
import { compareFindings } from "./finding.js";
import { projectContext } from "./project.js";

export interface CheckRunOptions {
  paths: string[];
  catalogue: Catalogue;
  /** Codes or prefixes from the command line; they replace the configured lists. */
  select?: string[];
  ignore?: string[];
  cwd?: string;
}

export interface CheckRunResult {
  findings: Finding[];
  filesChecked: number;
  skipped: SkippedPath[];
}

/** The project root and configuration of each checked path, read once per root. */
function configsByRoot(paths: string[], cwd: string): Map<string, { config: Config; paths: string[] }> {
  const groups = new Map<string, { config: Config; paths: string[] }>();
  for (const path of paths) {
    const root = findProjectRoot(resolve(cwd, path));
    const group = groups.get(root) ?? { config: readConfig(root), paths: [] };
    group.paths.push(path);
    groups.set(root, group);
  }
  return groups;
}

/** Finds the Python files under the paths and checks each one. */
export function runCheck(options: CheckRunOptions): CheckRunResult {
  const cwd = options.cwd ?? process.cwd();
  const result: CheckRunResult = { findings: [], filesChecked: 0, skipped: [] };

  for (const [root, { config, paths }] of configsByRoot(options.paths, cwd)) {
    const select = options.select ?? config.select;
    const ignore = options.ignore ?? config.ignore;
    const rules = selectRules(RULES, select, ignore);
    const project = projectContext(root, config);
    const search = findFiles(paths, { extensions: [".py"], exclude: config.exclude, root, cwd });
    result.skipped.push(...search.skipped);

    for (const file of search.files) {
      result.filesChecked++;
      const read = readSource(file.absolutePath);
      if (!read.ok) {
        result.findings.push(unreadableFileFinding(file.displayPath, read.reason));
        continue;
      }
      result.findings.push(
        ...checkSource(file.displayPath, file.absolutePath, read.text, {
          rules,
          catalogue: options.catalogue,
          config,
          project,
        }),
      );
    }
  }
  result.findings.sort(compareFindings);
  return result;
}
