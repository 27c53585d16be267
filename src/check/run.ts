import { existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

import { cacheFolder as defaultCacheFolder } from "../catalogue/load.js";
import type { Catalogue } from "../catalogue/types.js";
import { RULE_CODES, selectRules, SYNTAX_ERROR_CODE, TEMPLATE_RULE_CODES } from "../rules/codes.js";
import type { Config } from "../workspace/config.js";
import { readConfig } from "../workspace/config.js";
import { findFiles, readSource } from "../workspace/files.js";
import type { SkippedPath, SourceFile } from "../workspace/files.js";
import { prepareTemplates, TemplateChecker, templateRequests } from "../templates/prepare.js";
import type { FileTemplateReferences, PrepassFile, TemplateReference } from "../templates/prepare.js";
import type { TemplateIndex } from "../templates/types.js";
import { findUnreferencedTemplates, TEMPLATE_EXTENSIONS } from "../templates/unreferenced.js";
import type { Interpreter } from "../workspace/interpreter.js";
import { commandLineRoot, findProjectRoot, ROOT_MARKERS } from "../workspace/project.js";
import { CheckCache, TemplateResultsCache } from "./cache.js";
import type { CachedFile } from "./cache.js";
import type { Finding } from "./finding.js";
import { compareFindings, unreadableFileFinding, withoutRepeats } from "./finding.js";
import { digestOf } from "./inputs.js";
import type { InputProbe } from "./inputs.js";
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
  /** Reuse the results of unchanged files from earlier runs, and keep this run's; default off. */
  cache?: boolean;
  /** The folder for cached results; default the pyinfra-kit cache folder. */
  cacheFolder?: string;
}

export interface CheckRunResult {
  findings: Finding[];
  filesChecked: number;
  /** Files whose findings came from the results cache, unchanged since an earlier run. */
  filesReused: number;
  skipped: SkippedPath[];
  /** Template files under `templates` folders of the checked paths that no operation renders. */
  unreferencedTemplates: string[];
}

/** The project root and configuration of each checked path, read once per root. */
function configsByRoot(paths: string[], cwd: string): Map<string, { config: Config; paths: string[] }> {
  const groups = new Map<string, { config: Config; paths: string[] }>();
  for (const path of paths) {
    const root = commandLineRoot(path, cwd);
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

/** Splits files by their own project root (see `ownProjectRoot`), looking at each folder once. */
function filesByOwnRoot(files: SourceFile[], outerRoot: string): Map<string, SourceFile[]> {
  const rootOfFolder = new Map<string, string>([[outerRoot, outerRoot]]);
  const prefix = outerRoot.endsWith(sep) ? outerRoot : outerRoot + sep;
  const rootOf = (folder: string): string => {
    let root = rootOfFolder.get(folder);
    if (root === undefined) {
      const parent = dirname(folder);
      if (parent === folder || !folder.startsWith(prefix)) root = outerRoot;
      else root = ROOT_MARKERS.some((marker) => existsSync(join(folder, marker))) ? folder : rootOf(parent);
      rootOfFolder.set(folder, root);
    }
    return root;
  };
  const groups = new Map<string, SourceFile[]>();
  for (const file of files) {
    const root = rootOf(dirname(file.absolutePath));
    const group = groups.get(root) ?? [];
    group.push(file);
    groups.set(root, group);
  }
  return groups;
}

function isMarkedRoot(folder: string): boolean {
  return ["inventory.py", "config.py", ".git"].some((marker) => existsSync(join(folder, marker)));
}

/** One project root of a run: its settings, its readable files and what the cache contains for them. */
interface ProjectRun {
  group: CheckGroup;
  files: PrepassFile[];
  wantsTemplates: boolean;
  cache: CheckCache | null;
  templateResults: TemplateResultsCache | null;
  /** Digests of the file texts, by absolute path, when the cache is on. */
  digests: Map<string, string>;
  /** Still-valid cached results, by absolute path. */
  cached: Map<string, CachedFile>;
}

/**
 * Digest of the parts of the template results that a file's template rules
 * read: the results and reporting call of each template it renders, the host
 * data of the folders it runs from, and the names every template may use.
 */
function templateInputsDigest(index: TemplateIndex | undefined, references: TemplateReference[] | null): string {
  if (!index) return "";
  const parts: unknown[] = [index.jinjaChecked, index.cwd, [...index.contextNames].sort()];
  for (const reference of references ?? []) {
    parts.push([...(index.hostData.get(reference.workingDirectory) ?? new Map())]);
    for (const template of reference.templates) {
      parts.push(template.key, index.analyses.get(template.key) ?? null, index.owners.get(template.key) ?? null);
    }
  }
  return digestOf(JSON.stringify(parts));
}

function isTemplateFinding(finding: Finding): boolean {
  return TEMPLATE_RULE_CODES.has(finding.code);
}

/** Puts the probes of `later` over those of `earlier`, one per kind and path. */
function mergeProbes(earlier: InputProbe[], later: InputProbe[]): InputProbe[] {
  const merged = new Map<string, InputProbe>();
  for (const probe of [...earlier, ...later]) merged.set(`${probe.kind}\0${probe.path}`, probe);
  return [...merged.values()];
}

/** Finds the Python files under the paths and checks each one, on worker threads for large trees. */
export async function runCheck(options: CheckRunOptions): Promise<CheckRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const result: CheckRunResult = {
    findings: [],
    filesChecked: 0,
    filesReused: 0,
    skipped: [],
    unreferencedTemplates: [],
  };
  const notice = options.notice ?? ((message: string) => process.stderr.write(`pyinfra-kit: ${message}\n`));
  // The Python helper for template checks starts only when a run has templates to check.
  const templateChecker = new TemplateChecker(options.interpreter ?? options.python, notice);
  const cacheFolder = options.cache ? (options.cacheFolder ?? defaultCacheFolder()) : null;
  // A cache folder that cannot be written fails every cache file of the run alike, so only the first notice is shown.
  let cacheNoticeShown = false;
  const cacheNotice = (message: string) => {
    if (cacheNoticeShown) return;
    cacheNoticeShown = true;
    notice(message);
  };
  const catalogueDigest = cacheFolder === null ? "" : digestOf(JSON.stringify(options.catalogue.data));
  const groups: CheckGroup[] = [];
  /** The findings of each Python file, by its absolute path, before they are merged and sorted. */
  const bySource: [string, Finding[]][] = [];

  // Templates referenced by any project of the run, so that a template used from a
  // sibling project is not reported as unreferenced.
  const referenced = { referenced: new Set<string>(), referencedPrefixes: [] as string[], complete: true };
  const outerGroups = configsByRoot(options.paths, cwd);
  const templateFiles: SourceFile[] = [];
  let templatesScanned = false;

  // Each project root with its own settings and files. Templates come after every
  // file is read, so that one pool of workers scans the files of all projects.
  const projects: ProjectRun[] = [];
  for (const [outerRoot, outer] of outerGroups) {
    // One search finds the Python files and the template files that may be unreferenced.
    const search = findFiles(outer.paths, {
      extensions: [".py", ...TEMPLATE_EXTENSIONS],
      exclude: outer.config.exclude,
      root: outerRoot,
      cwd,
    });
    result.skipped.push(...search.skipped);
    const isTemplate = (file: SourceFile) => TEMPLATE_EXTENSIONS.some((extension) => file.absolutePath.endsWith(extension));
    templateFiles.push(...search.files.filter(isTemplate));
    const pythonFiles = search.files.filter((file) => !isTemplate(file));

    for (const [root, files] of filesByOwnRoot(pythonFiles, outerRoot)) {
      const config = root === outerRoot ? outer.config : readConfig(root);
      const ruleCodes = selectRules(
        RULE_CODES.map((code) => ({ code })),
        options.select ?? config.select,
        options.ignore ?? config.ignore,
      ).map((rule) => rule.code);
      const readable: PrepassFile[] = [];
      for (const file of files) {
        result.filesChecked++;
        const read = readSource(file.absolutePath);
        if (read.ok) readable.push({ ...file, text: read.text });
        else bySource.push([file.absolutePath, [unreadableFileFinding(file.displayPath, read.reason)]]);
      }
      const group: CheckGroup = { ruleCodes, config, project: projectContext(root, config) };
      groups.push(group);
      const wantsTemplates = ruleCodes.some((code) => TEMPLATE_RULE_CODES.has(code));
      const project: ProjectRun = {
        group,
        files: readable,
        wantsTemplates,
        cache: null,
        templateResults: null,
        digests: new Map(),
        cached: new Map(),
      };
      if (cacheFolder !== null) {
        const settings = { catalogue: catalogueDigest, rules: group.ruleCodes, config, project: group.project, cwd };
        project.cache = CheckCache.open(settings, cacheNotice, cacheFolder);
        for (const file of readable) {
          const digest = digestOf(file.text);
          project.digests.set(file.absolutePath, digest);
          const entry = project.cache.lookup(file.absolutePath, digest);
          if (entry) project.cached.set(file.absolutePath, entry);
        }
        if (wantsTemplates) {
          const interpreter = templateChecker.interpreterFor(root);
          const folders = [...new Set([root, group.project.workingDirectory])];
          const key = {
            interpreter: interpreter.command,
            pythonPath: process.env.PYTHONPATH ?? "",
            pythonHome: process.env.PYTHONHOME ?? "",
            pyinfra: options.catalogue.version,
          };
          project.templateResults = TemplateResultsCache.open(key, folders, cacheNotice, cacheFolder);
        }
      }
      projects.push(project);
    }
  }

  const fresh: CheckJob[] = [];
  projects.forEach((project, group) => {
    for (const file of project.files) if (!project.cached.has(file.absolutePath)) fresh.push({ ...file, group });
  });
  const pool = CheckPool.open(fresh.length, options.catalogue);
  try {
    const scanJobs = fresh.filter((job) => projects[job.group].wantsTemplates);
    const scanned = new Map<string, FileTemplateReferences>();
    // The helper starts while the files are scanned, because starting Python and
    // importing pyinfra takes over a second. Results cached for the same template files need no helper.
    const first = projects.find(
      (project) =>
        project.wantsTemplates &&
        !project.templateResults?.hasResults &&
        project.files.some((file) => file.text.includes("template")),
    );
    if (first) templateChecker.warm(first.group.project.root);
    if (scanJobs.length > 0) {
      // Templates go to the helper batch by batch while the rest are scanned, unless cached results may serve.
      const projectOfPath = new Map(scanJobs.map((job) => [job.absolutePath, projects[job.group]]));
      const sendAhead = (batch: FileTemplateReferences[]) => {
        for (const project of projects) {
          if (!project.wantsTemplates || project.templateResults?.hasResults) continue;
          const own = batch.filter((file) => projectOfPath.get(file.absolutePath) === project);
          if (own.length > 0) templateChecker.sendAhead(project.group.project, templateRequests(own, project.group.project));
        }
      };
      for (const file of await pool.scan(scanJobs, groups, sendAhead)) scanned.set(file.absolutePath, file);
    }

    for (const project of projects) {
      if (!project.wantsTemplates) continue;
      const { group, files } = project;
      const prepass = await prepareTemplates({
        files,
        scanned: files.map(
          (file) =>
            scanned.get(file.absolutePath) ?? {
              absolutePath: file.absolutePath,
              references: project.cached.get(file.absolutePath)?.references ?? [],
            },
        ),
        catalogue: options.catalogue,
        project: group.project,
        workingDirectoryConfigured: group.config.workingDirectory !== null,
        cwd,
        checker: templateChecker,
        results: project.templateResults,
      });
      project.templateResults?.save();
      group.templates = prepass.index;
      for (const path of prepass.referenced) referenced.referenced.add(path);
      referenced.referencedPrefixes.push(...prepass.referencedPrefixes);
      // Without Jinja2 the templates that others include are not known.
      if (!prepass.index.jinjaChecked && prepass.referenced.size > 0) referenced.complete = false;
      templatesScanned = true;
    }
    await templateChecker.close();

    if (templatesScanned && referenced.complete) {
      result.unreferencedTemplates.push(...findUnreferencedTemplates(templateFiles, cwd, referenced));
    }

    // Cached files whose template results changed run the template rules again.
    const jobs = [...fresh];
    projects.forEach((project, group) => {
      for (const file of project.files) {
        const entry = project.cached.get(file.absolutePath);
        if (!entry) continue;
        bySource.push([file.absolutePath, entry.findings]);
        const templatesUnchanged =
          !project.wantsTemplates ||
          entry.findings.some((finding) => finding.code === SYNTAX_ERROR_CODE) ||
          templateInputsDigest(project.group.templates, entry.references) === entry.templateInputs;
        if (templatesUnchanged) {
          bySource.push([file.absolutePath, entry.templateFindings]);
          result.filesReused++;
        } else {
          jobs.push({ ...file, group, templateRulesOnly: true });
        }
      }
    });

    const jobsByPath = new Map(jobs.map((job) => [job.absolutePath, job]));
    const checked = jobs.length > 0 ? await pool.check(jobs, groups) : [];
    // The workers hold most of the run's memory; they end before the results are kept.
    await pool.close();
    for (const file of checked) {
      bySource.push([file.absolutePath, file.findings]);
      const job = jobsByPath.get(file.absolutePath);
      if (!job) continue;
      const project = projects[job.group];
      const digest = project.digests.get(job.absolutePath);
      if (!project.cache || digest === undefined) continue;
      const earlier = project.cached.get(job.absolutePath);
      const references = earlier?.references ?? scanned.get(job.absolutePath)?.references ?? null;
      const templateFindings = file.findings.filter(isTemplateFinding);
      project.cache.store(job.absolutePath, {
        digest,
        probes: earlier
          ? mergeProbes(earlier.probes, file.probes)
          : mergeProbes(scanned.get(job.absolutePath)?.probes ?? [], file.probes),
        references: project.wantsTemplates ? references ?? [] : null,
        findings: earlier ? earlier.findings : file.findings.filter((finding) => !isTemplateFinding(finding)),
        templateInputs: project.wantsTemplates ? templateInputsDigest(project.group.templates, references) : null,
        templateFindings,
      });
    }
    for (const project of projects) project.cache?.save();
  } finally {
    await Promise.all([templateChecker.close(), pool.close()]);
  }
  // Findings go in the order of the Python files that produced them, so that findings at one position keep
  // one order whether a worker or the cache produced them. A template's findings come from the files that render it.
  bySource.sort(([a], [b]) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
  result.findings = withoutRepeats(bySource.flatMap(([, findings]) => findings).sort(compareFindings));
  return result;
}
