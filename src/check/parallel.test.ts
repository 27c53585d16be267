// Checking on worker threads gives the same findings as checking in one
// thread, and a folder of several projects reads each project's settings.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { makeProject, runCli } from "../cli/cli-testing.js";
import { RULES } from "../rules/registry.js";
import { testCatalogue } from "../rules/testing.js";
import { DEFAULT_CONFIG } from "../workspace/config.js";
import type { Finding } from "./finding.js";
import { compareFindings } from "./finding.js";
import { checkJobs, checkJobsHere } from "./parallel.js";
import type { CheckGroup, CheckJob } from "./parallel.js";

const DEPLOY = [
  "from pyinfra.operations import apt, server",
  "",
  "def install():",
  '    apt.packages(packages=["nginx"])',
  '    server.shell(name="Restart", commands=["systemctl restart nginx"])',
  "",
].join("\n");

describe("parallel check", () => {
  it("matches the single-thread findings", async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 120; index++) files[`deploys/d${index}/__init__.py`] = DEPLOY;
    const root = makeProject(files);
    const jobs: CheckJob[] = Object.keys(files).map((path) => ({
      displayPath: path,
      absolutePath: join(root, path),
      group: 0,
    }));
    const groups: CheckGroup[] = [
      {
        ruleCodes: RULES.map((rule) => rule.code),
        config: DEFAULT_CONFIG,
        project: { root, workingDirectory: root, sudoForRun: false },
      },
    ];
    const catalogue = await testCatalogue();
    const strip = (findings: Finding[]) =>
      findings.sort(compareFindings).map((finding) => `${finding.path}:${finding.line}:${finding.column} ${finding.code}`);

    const here = strip(checkJobsHere(jobs, groups, catalogue, RULES).flatMap((file) => file.findings));
    const parallel = strip((await checkJobs(jobs, groups, catalogue)).flatMap((file) => file.findings));
    assert.ok(here.length >= 240, `expected findings in every file, got ${here.length}`);
    assert.deepEqual(parallel, here);
  });

  it("reads each project's settings in a folder of projects", () => {
    const unnamed = 'from pyinfra.operations import apt\napt.packages(packages=["curl"], _sudo=True)\n';
    const root = makeProject({
      "one/pyproject.toml": '[tool.pyinfra-kit]\nignore = ["PIK501"]\n',
      "one/deploy.py": unnamed,
      "two/pyproject.toml": "[project]\nname = \"two\"\n",
      "two/deploy.py": unnamed,
    });
    const result = runCli(["check", ".", "--format", "json"], root);
    const paths = (JSON.parse(result.stdout) as Finding[])
      .filter((finding) => finding.code === "PIK501")
      .map((finding) => finding.path);
    assert.deepEqual(paths, [join("two", "deploy.py")]);
  });

  it("counts a template used by a nested project as referenced", () => {
    const root = makeProject({
      "pyproject.toml": '[project]\nname = "outer"\n',
      "deploy.py": 'from pyinfra.operations import apt\napt.packages(name="Install curl", packages=["curl"], _sudo=True)\n',
      "site/inventory.py": 'hosts = ["@local"]\n',
      "site/deploy.py":
        'from pyinfra.operations import files\n' +
        'files.template(name="Write a", src="templates/a.j2", dest="/tmp/a", value=1)\n',
      "site/templates/a.j2": "{{ value }}\n",
    });
    const result = runCli(["check", "."], root);
    assert.doesNotMatch(result.stdout, /not rendered by any operation/);
    assert.match(result.stdout, /files checked|file checked/);
  });

  it("fixes with each project's settings", () => {
    const unnamed = 'from pyinfra.operations import apt\napt.packages(packages=["curl"], _sudo=True)\n';
    const root = makeProject({
      "one/pyproject.toml": '[tool.pyinfra-kit]\nignore = ["PIK501"]\n',
      "one/deploy.py": unnamed,
      "two/pyproject.toml": "[project]\nname = \"two\"\n",
      "two/deploy.py": unnamed,
    });
    runCli(["check", ".", "--fix", "--unsafe-fixes"], root);
    assert.equal(readFileSync(join(root, "one", "deploy.py"), "utf8"), unnamed);
    assert.match(readFileSync(join(root, "two", "deploy.py"), "utf8"), /name=/);
  });
});
