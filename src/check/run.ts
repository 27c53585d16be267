import { resolve } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import { RULES } from "../rules/registry.js";
import type { Config } from "../workspace/config.js";
import { readConfig } from "../workspace/config.js";
import { findFiles, readSource } from "../workspace/files.js";
import type { SkippedPath } from "../workspace/files.js";
import { prepareTemplates, TEMPLATE_RULE_CODES, TemplateChecker } from "../templates/prepare.js";
import type { PrepassFile } from "../templates/prepare.js";
import type { TemplateIndex } from "../templates/types.js";
import { findUnreferencedTemplates } from "../templates/unreferenced.js";
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
  /** The `--python` interpreter for the template checks; see `findInterpreter` for the default. */
  python?: string;
  /** Receives one-line notices, such as template checks being skipped; default stderr. */
  notice?: (message: string) => void;
}

export interface CheckRunResult {
  findings: Finding[];
  filesChecked: number;
  skipped: SkippedPath[];
  /** Template files under `templates` folders of the checked paths that no operation renders. */
  unreferencedTemplates: string[];
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
export async function runCheck(options: CheckRunOptions): Promise<CheckRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const result: CheckRunResult = { findings: [], filesChecked: 0, skipped: [], unreferencedTemplates: [] };
  const notice = options.notice ?? ((message: string) => process.stderr.write(`pyinfra-kit: ${message}\n`));
  // The Python helper for template checks starts only when a run has templates to check.
  const templateChecker = new TemplateChecker(options.python, notice);

  try {
    for (const [root, { config, paths }] of configsByRoot(options.paths, cwd)) {
      const select = options.select ?? config.select;
      const ignore = options.ignore ?? config.ignore;
      const rules = selectRules(RULES, select, ignore);
      const project = projectContext(root, config);
      const search = findFiles(paths, { extensions: [".py"], exclude: config.exclude, root, cwd });
      result.skipped.push(...search.skipped);

      const readable: PrepassFile[] = [];
      for (const file of search.files) {
        result.filesChecked++;
        const read = readSource(file.absolutePath);
        if (read.ok) readable.push({ ...file, text: read.text });
        else result.findings.push(unreadableFileFinding(file.displayPath, read.reason));
      }

      let templates: TemplateIndex | undefined;
      if (rules.some((rule) => TEMPLATE_RULE_CODES.has(rule.code))) {
        const prepass = await prepareTemplates({
          files: readable,
          catalogue: options.catalogue,
          project,
          workingDirectoryConfigured: config.workingDirectory !== null,
          cwd,
          checker: templateChecker,
        });
        templates = prepass.index;
        // Without Jinja2 the templates that others include are not known.
        if (prepass.index.jinjaChecked || prepass.referenced.size === 0) {
          result.unreferencedTemplates.push(
            ...findUnreferencedTemplates(paths, { exclude: config.exclude, root, cwd }, prepass),
          );
        }
      }

      for (const file of readable) {
        result.findings.push(
          ...checkSource(file.displayPath, file.absolutePath, file.text, {
            rules,
            catalogue: options.catalogue,
            config,
            project,
            templates,
          }),
        );
      }
    }
  } finally {
    await templateChecker.close();
  }
  result.findings.sort(compareFindings);
  return result;
}
