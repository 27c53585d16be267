// The template pre-pass of a check run: finds every template that the
// checked files render, sends them all to the Python helper in one request,
// and indexes the results for the template rules.
import { dirname, isAbsolute, join } from "node:path";

import { Bridge, BridgeError } from "../bridge/bridge.js";
import type { TemplateResultsCache } from "../check/cache.js";
import type { InputProbe } from "../check/inputs.js";
import type { Catalogue } from "../catalogue/types.js";
import { buildModel } from "../python/model.js";
import { firstSyntaxError, parsePython } from "../python/parser.js";
import type { ProjectContext } from "../rules/types.js";
import { displayPathOf } from "../workspace/files.js";
import { findInterpreter } from "../workspace/interpreter.js";
import type { Interpreter } from "../workspace/interpreter.js";
import { readHostData } from "./host-data.js";
import { isProjectPath } from "./paths.js";
import { callId, findTemplateCalls } from "./references.js";
import type { HostDataSource, TemplateAnalysis, TemplateCheckResponse, TemplateIndex } from "./types.js";

/** A Python file of the run, already read. */
export interface PrepassFile {
  absolutePath: string;
  displayPath: string;
  text: string;
}

/** One template as the `templates.check` request names it. */
export interface TemplateRequest {
  key: string;
  path?: string;
  text?: string;
  env_kwargs?: string;
  /** The loader's folder for this template; default the request's `working_directory`. */
  working_directory: string;
}

/** The results of the template pre-pass for one project. */
export interface TemplatePrepass {
  index: TemplateIndex;
  /** Absolute paths of every template file that an operation renders or a template includes. */
  referenced: Set<string>;
  /** Absolute path prefixes of `src` values that are not static, such as `/project/templates/`. */
  referencedPrefixes: string[];
}

function sentKey(project: ProjectContext, request: TemplateRequest): string {
  return `${project.root}\0${project.workingDirectory}\0${request.key}`;
}

/**
 * Starts the Python helper for template checks on first use and keeps it for
 * the rest of the run. Without an importable pyinfra and Jinja2 it sends one
 * notice and returns no results, so that only the checks that need no Jinja2 run.
 */
export class TemplateChecker {
  private bridge: Promise<Bridge | null> | null = null;
  /** Requests sent ahead, by `sentKey`, with the response that carries their results. */
  private readonly sent = new Map<string, { json: string; response: Promise<TemplateCheckResponse | null> }>();
  private interpreter: Interpreter | null = null;
  private noticeSent = false;

  /**
   * @param python The interpreter the run already chose, or the `--python` path, if given.
   * @param startFolder Where the helper starts and its interpreter is looked up; default the
   *   root of the first project that has templates.
   */
  constructor(
    private readonly python: Interpreter | string | undefined,
    private readonly notice: (message: string) => void,
    private readonly startFolder?: string,
  ) {}

  /**
   * Sends requests ahead of `check`, so that the helper works on them while
   * the caller does other work. A request already sent is not sent again.
   */
  sendAhead(project: ProjectContext, requests: TemplateRequest[]): void {
    const fresh = requests.filter((request) => !this.sent.has(sentKey(project, request)));
    if (fresh.length === 0) return;
    const response = this.request(project, fresh);
    for (const request of fresh) this.sent.set(sentKey(project, request), { json: JSON.stringify(request), response });
  }

  /** Checks the templates, taking the results of requests sent ahead where they match. */
  async check(project: ProjectContext, requests: TemplateRequest[]): Promise<TemplateCheckResponse | null> {
    const early = new Set<Promise<TemplateCheckResponse | null>>();
    const remaining: TemplateRequest[] = [];
    for (const request of requests) {
      const sent = this.sent.get(sentKey(project, request));
      if (sent && sent.json === JSON.stringify(request)) early.add(sent.response);
      else remaining.push(request);
    }
    const pending = [...early];
    if (remaining.length > 0) pending.push(this.request(project, remaining));
    const responses = await Promise.all(pending);
    const [first] = responses;
    if (!first || responses.some((response) => response === null)) return null;

    const results: Record<string, TemplateAnalysis> = {};
    for (const response of responses) {
      for (const request of requests) {
        const analysis = response?.results[request.key];
        if (analysis) results[request.key] = analysis;
      }
    }
    return { ...first, results };
  }

  private async request(project: ProjectContext, requests: TemplateRequest[]): Promise<TemplateCheckResponse | null> {
    const bridge = await this.start(project.root);
    if (!bridge) return null;
    try {
      return await bridge.request<TemplateCheckResponse>("templates.check", {
        working_directory: project.workingDirectory,
        templates: requests,
      });
    } catch (error) {
      this.skip(error as Error);
      return null;
    }
  }

  /** Starts the helper now, without waiting for it, so that it is ready by the first check. */
  warm(root: string): void {
    void this.start(root);
  }

  async close(): Promise<void> {
    const bridge = await this.bridge;
    this.bridge = Promise.resolve(null);
    await bridge?.close();
  }

  /** The interpreter that the helper runs, or will run, under; chosen once per run. */
  interpreterFor(root: string): Interpreter {
    this.interpreter ??=
      typeof this.python === "object" ? this.python : findInterpreter(this.startFolder ?? root, this.python);
    return this.interpreter;
  }

  private start(root: string): Promise<Bridge | null> {
    this.bridge ??= (async () => {
      const interpreter = this.interpreterFor(root);
      try {
        return await Bridge.start(interpreter);
      } catch (error) {
        this.skip(error as Error);
        return null;
      }
    })();
    return this.bridge;
  }

  private skip(error: Error): void {
    if (this.noticeSent) return;
    this.noticeSent = true;
    const interpreter = this.interpreter?.description ?? "the Python interpreter";
    const reason = error instanceof BridgeError ? `${error.pythonType}: ${error.message}` : error.message;
    this.notice(
      `Jinja2 template checks skipped: pyinfra and Jinja2 are not usable with ${interpreter} (${reason}); ` +
        "run `npm run setup` or pass --python",
    );
  }
}

/** One template that a call can render, as plain data. */
export type ReferencedTemplate =
  | { kind: "file"; key: string; written: string; absolutePath: string }
  | { kind: "inline"; key: string; text: string };

/** The parts of one template operation call that the pre-pass reads, as plain data that a worker can send. */
export interface TemplateReference {
  /** `callId` of the call. */
  owner: string;
  /**
   * True when the file has a syntax error. A call of another file then reports
   * the problems of a template they both render, because PIK100 stops the file's other rules.
   */
  inBrokenFile: boolean;
  workingDirectory: string;
  srcPrefix: string | null;
  envKwargs: string | null;
  templates: ReferencedTemplate[];
}

/** The template references of one Python file. */
export interface FileTemplateReferences {
  absolutePath: string;
  references: TemplateReference[];
  /** Reads of other files made while finding the references. */
  probes?: InputProbe[];
}

/** The settings of one project that decide what its template calls name. */
export interface TemplateScanSettings {
  catalogue: Catalogue;
  project: ProjectContext;
  /** True when the configuration names the folder pyinfra runs from. */
  workingDirectoryConfigured: boolean;
}

/** Parses one file and lists the templates its template operation calls render. */
export function scanTemplateReferences(source: PrepassFile, settings: TemplateScanSettings): FileTemplateReferences {
  const scanned: FileTemplateReferences = { absolutePath: source.absolutePath, references: [] };
  // Every template operation call spells `template` somewhere: in its name or its import.
  if (!source.text.includes("template")) return scanned;
  const tree = parsePython(source.text);
  try {
    const file = buildModel(source.displayPath, source.absolutePath, source.text, tree);
    const calls = findTemplateCalls(file, settings.catalogue, settings.project, settings.workingDirectoryConfigured);
    const inBrokenFile = firstSyntaxError(file.root) !== null;
    for (const templateCall of calls) {
      scanned.references.push({
        owner: callId(file, templateCall.call),
        inBrokenFile,
        workingDirectory: templateCall.workingDirectory,
        srcPrefix: templateCall.srcPrefix,
        envKwargs: templateCall.envKwargs,
        templates: templateCall.sources.map((templateSource) =>
          templateSource.kind === "inline"
            ? { kind: "inline", key: templateSource.key, text: templateSource.inline.text }
            : {
                kind: "file",
                key: templateSource.key,
                written: templateSource.written,
                absolutePath: templateSource.absolutePath,
              },
        ),
      });
    }
  } finally {
    tree.delete();
  }
  return scanned;
}

/**
 * Returns the `templates.check` request for one template of a reference, or
 * null for a template file outside the project, which is not read.
 */
function templateRequest(
  reference: TemplateReference,
  template: ReferencedTemplate,
  project: ProjectContext,
): TemplateRequest | null {
  const request: TemplateRequest = { key: template.key, working_directory: reference.workingDirectory };
  if (reference.envKwargs !== null) request.env_kwargs = reference.envKwargs;
  if (template.kind === "inline") request.text = template.text;
  else if (isProjectPath(template.absolutePath, project)) request.path = template.absolutePath;
  else return null;
  return request;
}

/** Returns the `templates.check` requests of scanned files, one per template. */
export function templateRequests(scanned: FileTemplateReferences[], project: ProjectContext): TemplateRequest[] {
  const requests = new Map<string, TemplateRequest>();
  for (const { references } of scanned) {
    for (const reference of references) {
      for (const template of reference.templates) {
        const request = templateRequest(reference, template, project);
        if (request && !requests.has(template.key)) requests.set(template.key, request);
      }
    }
  }
  return [...requests.values()];
}

/**
 * Collects the template references of every file, checks the templates
 * through `checker` when Jinja2 checks are wanted, and builds the index.
 */
export async function prepareTemplates(options: {
  files: PrepassFile[];
  /** The references of `files`, when a caller has already scanned them (on worker threads). */
  scanned?: FileTemplateReferences[];
  catalogue: Catalogue;
  project: ProjectContext;
  /** True when the configuration names the folder pyinfra runs from. */
  workingDirectoryConfigured: boolean;
  /** The folder that finding paths are shown relative to. */
  cwd: string;
  /** Null when no Jinja2 check is selected; the file checks still run. */
  checker: TemplateChecker | null;
  /** Jinja2 results of earlier runs, used instead of the checker when they contain a result for every request. */
  results?: TemplateResultsCache | null;
}): Promise<TemplatePrepass> {
  const requests = new Map<string, TemplateRequest>();
  const owners = new Map<string, string>();
  const referenced = new Set<string>();
  const referencedPrefixes: string[] = [];
  const workingDirectories = new Set<string>();

  const scanned = options.scanned ?? options.files.map((source) => scanTemplateReferences(source, options));
  for (const { absolutePath, references } of scanned) {
    for (const reference of references) {
      workingDirectories.add(reference.workingDirectory);
      if (reference.srcPrefix) {
        referencedPrefixes.push(absolutePrefix(reference.srcPrefix, reference.workingDirectory));
      }
      for (const template of reference.templates) {
        // A template's problems are reported from the first call whose file parses.
        if (!reference.inBrokenFile && !owners.has(template.key)) owners.set(template.key, reference.owner);
        if (template.kind === "file") {
          referenced.add(template.absolutePath);
          // A template beside the deploy file is the one meant when pyinfra runs from that folder.
          referenced.add(join(dirname(absolutePath), template.written));
        }
        const request = templateRequest(reference, template, options.project);
        if (request) requests.set(template.key, request);
      }
    }
  }

  const analyses = new Map<string, TemplateAnalysis>();
  let contextNames: string[] = [];
  let jinjaChecked = false;
  if (options.checker && requests.size > 0) {
    const requestList = [...requests.values()];
    let response = options.results?.responseFor(requestList) ?? null;
    if (!response) {
      response = await options.checker.check(options.project, requestList);
      if (response) options.results?.store(requestList, response);
    }
    if (response) {
      jinjaChecked = true;
      contextNames = [...response.context_names, ...response.jinja_globals];
      for (const [key, analysis] of Object.entries(response.results)) {
        analyses.set(key, analysis);
        if (analysis.status === "ok") for (const path of analysis.followed) referenced.add(path);
      }
    }
  }

  const hostData = new Map<string, Map<string, HostDataSource>>();
  if (jinjaChecked) {
    for (const folder of workingDirectories) {
      hostData.set(folder, readHostData(folder, (path) => displayPathOf(path, options.cwd)));
    }
  }
  return {
    index: {
      analyses,
      jinjaChecked,
      contextNames: new Set(contextNames),
      hostData,
      owners,
      cwd: options.cwd,
    },
    referenced,
    referencedPrefixes,
  };
}

function absolutePrefix(prefix: string, workingDirectory: string): string {
  return isAbsolute(prefix) ? prefix : join(workingDirectory, prefix);
}
