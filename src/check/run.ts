import { existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import { RULES } from "../rules/registry.js";
import type { Config } from "../workspace/config.js";
import { readConfig } from "../workspace/config.js";
import { findFiles, readSource } from "../workspace/files.js";
import type { SkippedPath, SourceFile } from "../workspace/files.js";
import { prepareTemplates, TEMPLATE_RULE_CODES, TemplateChecker } from "../templates/prepare.js";
import type { FileTemplateReferences, PrepassFile } from "../templates/prepare.js";
import type { TemplateIndex } from "../templates/types.js";
import { findUnreferencedTemplates } from "../templates/unreferenced.js";
import type { Interpreter } from "../workspace/interpreter.js";
import { findProjectRoot } from "../workspace/project.js";
import { selectRules, unreadableFileFinding } from "./engine.js";
import type { Finding } from "./finding.js";
import { compareFindings } from "./finding.js";
import { CheckPool } from "./parallel.js";
import type { CheckGroup, CheckJob } from "./parallel.js";
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
  /** The interpreter the caller already chose for the catalogue; it wins over `python`. */
  interpreter?: Interpreter;
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

/**
 * Returns the project root of a folder: the nearest folder at or above it that
 * contains a project marker, kept within `outerRoot`, the root of the
 * command-line path. A folder given on the command line may contain several
 * projects, such as a checkout of many repositories.
 */
export function ownProjectRoot(folder: string, outerRoot: string): string {
  const root = findProjectRoot(folder);
  if (root !== outerRoot && !root.startsWith(outerRoot + sep)) return outerRoot;
  if (!existsSync(join(root, "pyproject.toml")) && !isMarkedRoot(root)) return outerRoot;
  return root;
}

/** Splits files by their own project root, computed once per folder. */
function filesByOwnRoot(files: SourceFile[], outerRoot: string): Map<string, SourceFile[]> {
  const rootOfFolder = new Map<string, string>();
  const groups = new Map<string, SourceFile[]>();
  for (const file of files) {
    const folder = dirname(file.absolutePath);
    let root = rootOfFolder.get(folder);
    if (root === undefined) {
      root = ownProjectRoot(folder, outerRoot);
      rootOfFolder.set(folder, root);
    }
    const group = groups.get(root) ?? [];
    group.push(file);
    groups.set(root, group);
  }
  return groups;
}

function isMarkedRoot(folder: string): boolean {
  return ["inventory.py", "config.py", ".git"].some((marker) => existsSync(join(folder, marker)));
}

/** Finds the Python files under the paths and checks each one, on worker threads for large trees. */
export async function runCheck(options: CheckRunOptions): Promise<CheckRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const result: CheckRunResult = { findings: [], filesChecked: 0, skipped: [], unreferencedTemplates: [] };
  const notice = options.notice ?? ((message: string) => process.stderr.write(`pyinfra-kit: ${message}\n`));
  // The Python helper for template checks starts only when a run has templates to check.
  const templateChecker = new TemplateChecker(options.interpreter ?? options.python, notice);
  const jobs: CheckJob[] = [];
  const groups: CheckGroup[] = [];

  // Templates referenced by any project of the run, so that a template used from a
  // sibling project is not reported as unreferenced.
  const referenced = { referenced: new Set<string>(), referencedPrefixes: [] as string[], complete: true };
  const outerGroups = configsByRoot(options.paths, cwd);
  let templatesScanned = false;

  // Each project root with its own settings and files. Templates come after every
  // file is read, so that one pool of workers scans the files of all projects.
  const projects: { group: CheckGroup; files: PrepassFile[]; wantsTemplates: boolean }[] = [];
  for (const [outerRoot, outer] of outerGroups) {
    const search = findFiles(outer.paths, { extensions: [".py"], exclude: outer.config.exclude, root: outerRoot, cwd });
    result.skipped.push(...search.skipped);

    for (const [root, files] of filesByOwnRoot(search.files, outerRoot)) {
      const config = root === outerRoot ? outer.config : readConfig(root);
      const rules = selectRules(RULES, options.select ?? config.select, options.ignore ?? config.ignore);
      const readable: PrepassFile[] = [];
      for (const file of files) {
        result.filesChecked++;
        const read = readSource(file.absolutePath);
        if (read.ok) readable.push({ ...file, text: read.text });
        else result.findings.push(unreadableFileFinding(file.displayPath, read.reason));
      }
      const group = groups.length;
      groups.push({ ruleCodes: rules.map((rule) => rule.code), config, project: projectContext(root, config) });
      for (const file of readable) jobs.push({ ...file, group });
      const wantsTemplates = rules.some((rule) => TEMPLATE_RULE_CODES.has(rule.code));
      projects.push({ group: groups[group], files: readable, wantsTemplates });
    }
  }

  const pool = CheckPool.open(jobs.length, options.catalogue);
  try {
    const scanJobs = jobs.filter((job) => projects[job.group].wantsTemplates);
    const scanned = new Map<string, FileTemplateReferences>();
    if (scanJobs.length > 0) {
      // The helper starts while the files are scanned, because starting Python and
      // importing pyinfra takes over a second.
      const first = projects.find((project) => project.wantsTemplates);
      if (first && scanJobs.some((job) => job.text?.includes("template"))) templateChecker.warm(first.group.project.root);
      for (const file of await pool.scan(scanJobs, groups)) scanned.set(file.absolutePath, file);
    }

    for (const { group, files, wantsTemplates } of projects) {
      if (!wantsTemplates) continue;
      const prepass = await prepareTemplates({
        files,
        scanned: files.flatMap((file) => scanned.get(file.absolutePath) ?? []),
        catalogue: options.catalogue,
        project: group.project,
        workingDirectoryConfigured: group.config.workingDirectory !== null,
        cwd,
        checker: templateChecker,
      });
      group.templates = prepass.index;
      for (const path of prepass.referenced) referenced.referenced.add(path);
      referenced.referencedPrefixes.push(...prepass.referencedPrefixes);
      // Without Jinja2 the templates that others include are not known.
      if (!prepass.index.jinjaChecked && prepass.referenced.size > 0) referenced.complete = false;
      templatesScanned = true;
    }
    await templateChecker.close();

    if (templatesScanned && referenced.complete) {
      for (const [outerRoot, outer] of outerGroups) {
        result.unreferencedTemplates.push(
          ...findUnreferencedTemplates(outer.paths, { exclude: outer.config.exclude, root: outerRoot, cwd }, referenced),
        );
      }
    }

    result.findings.push(...(await pool.check(jobs, groups)));
  } finally {
    await Promise.all([templateChecker.close(), pool.close()]);
  }
  result.findings.sort(compareFindings);
  return result;
}
