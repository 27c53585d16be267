import { dirname, join, relative } from "node:path";

import { inputExists, inputIsFolder } from "../check/inputs.js";
import { isProjectPath } from "../templates/paths.js";
import type { TemplateCall, TemplateSource } from "../templates/references.js";
import { analysisOf, describeSource, ownsTemplate, shownPath, templateCalls, templateSpanReport } from "../templates/report.js";
import type { Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

function checkFile(
  context: RuleContext,
  templateCall: TemplateCall,
  source: Extract<TemplateSource, { kind: "file" }>,
): RuleReport | null {
  const { project } = context;
  if (!isProjectPath(source.absolutePath, project)) {
    return {
      ...reportAt(
        templateCall.srcNode,
        `\`${source.written}\` is outside the project (${source.absolutePath} is not under ${project.root}); ` +
          "keep templates inside the project so that every checkout has them. pyinfra-kit does not read it",
      ),
      severity: "warning",
    };
  }
  if (inputIsFolder(source.absolutePath)) {
    return reportAt(templateCall.srcNode, `\`${source.written}\` is a folder; \`src\` must name a template file`);
  }
  if (inputExists(source.absolutePath)) return null;

  if (source.written === source.absolutePath) {
    return reportAt(
      templateCall.srcNode,
      `template \`${shownPath(context, source.absolutePath)}\` not found; create it or correct \`src\``,
    );
  }
  const deployFolder = dirname(context.file.absolutePath);
  const besideDeploy = join(deployFolder, source.written);
  if (inputExists(besideDeploy)) {
    // Right when pyinfra runs from the deploy file's folder, as some example repositories do.
    const message =
      `\`${source.written}\` is not under the folder pyinfra runs from ` +
      `(${shownPath(context, templateCall.workingDirectory)}) but beside the deploy file, so it is found only ` +
      `when pyinfra runs from ${shownPath(context, deployFolder)}; write ` +
      `\`os.path.join(os.path.dirname(__file__), "${source.written}")\`, which is found from any folder, ` +
      `or \`${relative(templateCall.workingDirectory, besideDeploy)}\` to run from ` +
      `${shownPath(context, templateCall.workingDirectory)} only`;
    return { ...reportAt(templateCall.srcNode, message), severity: "warning" };
  }
  return reportAt(
    templateCall.srcNode,
    `\`${source.written}\` not found: pyinfra joins a relative \`src\` to the folder it runs from, ` +
      `which gives ${shownPath(context, source.absolutePath)}`,
  );
}

export const templateNotFound: Rule = {
  code: "PIK503",
  name: "template-not-found",
  summary: "A `files.template` source, or a template it includes, that does not exist",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A `files.template` or `server.script_template` call whose `src` names a template file that does not " +
      "exist, a template outside the project, and an `include`, `extends` or `import` of a template that " +
      "Jinja2's loader cannot find.",
    whyItMatters:
      "pyinfra reads the template only when the operation runs, so a wrong path fails the deploy half-way " +
      "through, after earlier operations have already changed the host. A relative `src` is joined to the " +
      "folder pyinfra runs from, not to the folder of the deploy file, which is the usual cause.",
    example:
      "from pyinfra.operations import files\n\n" +
      'files.template(name="Configure nginx", src="templates/no-such-file.conf.j2", dest="/etc/nginx/nginx.conf")\n',
    useInstead:
      "from io import StringIO\n\nfrom pyinfra.operations import files\n\n" +
      "# A path that exists under the folder pyinfra runs from, or the template text itself.\n" +
      'files.template(\n    name="Configure nginx",\n' +
      '    src=StringIO("worker_processes {{ workers }};\\n"),\n' +
      '    dest="/etc/nginx/nginx.conf",\n    workers=4,\n)\n',
    fixSafety: "No fix is offered: the right path is not known.",
    options:
      "`[tool.pyinfra-kit] working-directory` sets the folder that relative sources are joined to; " +
      "by default it is the project root.",
    knownLimits:
      "Only static sources are checked: string literals, module constants, `os.path.join` of them with " +
      "`os.path.dirname(__file__)`, names assigned one of those in the same function, and both branches " +
      "of `a if condition else b`. Missing included templates are found only when Jinja2 is available.",
  },
  check(context) {
    const reports: RuleReport[] = [];
    for (const templateCall of templateCalls(context)) {
      for (const source of templateCall.sources) {
        if (source.kind === "file") {
          const report = checkFile(context, templateCall, source);
          if (report) reports.push(report);
        }
        const analysis = analysisOf(context, source);
        if (analysis?.status !== "ok" || !ownsTemplate(context, templateCall, source)) continue;
        for (const problem of analysis.problems) {
          if (problem.code !== "PIK503") continue;
          reports.push(
            templateSpanReport({
              context,
              source,
              path: problem.path,
              span: problem,
              anchor: templateCall.srcNode,
              message: `${problem.message} (in ${describeSource(context, source)})`,
            }),
          );
        }
      }
    }
    return reports;
  },
};
