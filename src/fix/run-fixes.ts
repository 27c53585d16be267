import { dirname, resolve, sep } from "node:path";

import type { Catalogue } from "../catalogue/types.js";
import type { CheckSettings } from "../check/engine.js";
import type { Finding } from "../check/finding.js";
import { projectContext } from "../check/project.js";
import { ownProjectRoot } from "../check/run.js";
import { RULES } from "../rules/registry.js";
import { selectRules, TEMPLATE_RULE_CODES } from "../rules/codes.js";
import { prepareTemplates, TemplateChecker } from "../templates/prepare.js";
import { readConfig } from "../workspace/config.js";
import { commandLineRoot } from "../workspace/project.js";
import type { AppliedFix, DroppedFix } from "./fix-source.js";
import { fixSource, isApplied } from "./fix-source.js";
import { readSnapshot, writeFixed } from "./write.js";

export interface FixRunOptions {
  /** Findings of a check run over the same paths; only files with an applicable fix are opened. */
  findings: readonly Finding[];
  /** The paths given on the command line, which decide each file's project root as in a check run. */
  paths: string[];
  catalogue: Catalogue;
  select?: string[];
  ignore?: string[];
  cwd?: string;
  unsafe: boolean;
  /** False for `--diff`: compute the fixed text but write nothing. */
  write: boolean;
  /** The `--python` interpreter for the template checks that template rules read. */
  python?: string;
  /** Receives one-line notices, such as template checks being skipped; default stderr. */
  notice?: (message: string) => void;
}

/** The outcome of fixing one file. */
export interface FileFixResult {
  /** The path as findings show it. */
  path: string;
  /** The text before and after fixing, without a byte order mark. */
  before: string;
  after: string;
  applied: AppliedFix[];
  dropped: DroppedFix[];
  /** True when the fixed text was written to disk. */
  written: boolean;
  /** Reasons the file was not fixed or not written, and a note when fixing did not settle. */
  problems: string[];
}

function containingPath(absolutePath: string, given: string[]): string {
  return given.find((path) => absolutePath === path || absolutePath.startsWith(path + sep)) ?? absolutePath;
}

/** Returns the check settings of a file, from its own project root as a check run chooses it. */
function settingsResolver(options: FixRunOptions, cwd: string): (absolutePath: string) => CheckSettings {
  const given = options.paths.map((path) => resolve(cwd, path));
  const byRoot = new Map<string, CheckSettings>();
  return (absolutePath) => {
    const outerRoot = commandLineRoot(containingPath(absolutePath, given), cwd);
    const root = ownProjectRoot(dirname(absolutePath), outerRoot);
    let settings = byRoot.get(root);
    if (!settings) {
      const config = readConfig(root);
      settings = {
        rules: selectRules(RULES, options.select ?? config.select, options.ignore ?? config.ignore),
        catalogue: options.catalogue,
        config,
        project: projectContext(root, config),
      };
      byRoot.set(root, settings);
    }
    return settings;
  };
}

/**
 * Adds the template analyses of one file's template calls to its settings
 * when a template rule is selected. The analyses are keyed by template, so
 * they stay valid while fixes edit the Python file.
 */
async function withTemplates(
  settings: CheckSettings,
  file: { absolutePath: string; displayPath: string; text: string },
  checker: TemplateChecker,
  cwd: string,
): Promise<CheckSettings> {
  if (!settings.rules.some((rule) => TEMPLATE_RULE_CODES.has(rule.code))) return settings;
  const prepass = await prepareTemplates({
    files: [file],
    catalogue: settings.catalogue,
    project: settings.project,
    workingDirectoryConfigured: settings.config.workingDirectory !== null,
    cwd,
    checker,
  });
  return { ...settings, templates: prepass.index };
}

/**
 * Fixes every file that has a finding with an applicable fix, and writes the
 * results unless `write` is false. Files are read again here, so the
 * snapshot used for the write check is the text that was fixed.
 */
export async function runFixes(options: FixRunOptions): Promise<FileFixResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const settingsFor = settingsResolver(options, cwd);
  const notice = options.notice ?? ((message: string) => process.stderr.write(`pyinfra-kit: ${message}\n`));
  // The Python helper for template checks starts only when a fixed file renders templates.
  const checker = new TemplateChecker(options.python, notice);
  try {
    return await fixFiles(options, cwd, settingsFor, checker);
  } finally {
    await checker.close();
  }
}

async function fixFiles(
  options: FixRunOptions,
  cwd: string,
  settingsFor: (absolutePath: string) => CheckSettings,
  checker: TemplateChecker,
): Promise<FileFixResult[]> {
  const paths = [
    ...new Set(
      options.findings
        .filter((finding) => finding.fix && isApplied(finding.fix.applicability, options))
        .map((finding) => finding.path),
    ),
  ];

  const results: FileFixResult[] = [];
  for (const path of paths) {
    const absolutePath = resolve(cwd, path);
    const read = readSnapshot(absolutePath);
    if (!read.ok) {
      results.push({ path, before: "", after: "", applied: [], dropped: [], written: false, problems: [read.reason] });
      continue;
    }
    const { snapshot } = read;
    const file = { absolutePath, displayPath: path, text: snapshot.text };
    const settings = await withTemplates(settingsFor(absolutePath), file, checker, cwd);
    const outcome = fixSource(path, absolutePath, snapshot.text, settings, { unsafe: options.unsafe });
    const result: FileFixResult = {
      path,
      before: snapshot.text,
      after: outcome.text,
      applied: outcome.applied,
      dropped: outcome.dropped,
      written: false,
      problems: [],
    };
    if (outcome.syntaxError) result.problems.push(`not fixed: the file does not parse (${outcome.syntaxError})`);
    if (!outcome.settled) {
      result.problems.push(
        `fixes were still being offered after ${outcome.passes} passes; the rest were not applied`,
      );
    }
    if (options.write && outcome.text !== snapshot.text) {
      const written = writeFixed(snapshot, outcome.text);
      if (written.written) {
        result.written = true;
      } else {
        result.problems.push(`not written: ${written.message}`);
      }
    }
    results.push(result);
  }
  return results;
}
