import type { Finding } from "../check/finding.js";
import type { Rule } from "../rules/types.js";

/** One JSON array of findings, the contract of `--format json`. */
export function formatJson(findings: Finding[]): string {
  return JSON.stringify(findings, null, 2) + "\n";
}

function escapeGithub(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeGithubProperty(value: string): string {
  return escapeGithub(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const GITHUB_LEVELS: Record<Finding["severity"], string> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

/** GitHub Actions workflow commands, one `::error` or `::warning` line per finding. */
export function formatGithub(findings: Finding[]): string {
  return findings
    .map((finding) => {
      const level = GITHUB_LEVELS[finding.severity];
      const properties = [
        `file=${escapeGithubProperty(finding.path)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.end_line}`,
        `endColumn=${finding.end_column}`,
        `title=${escapeGithubProperty(`${finding.code} ${finding.name}`)}`,
      ].join(",");
      return `::${level} ${properties}::${escapeGithub(`${finding.code} ${finding.message}`)}\n`;
    })
    .join("");
}

/** A SARIF 2.1.0 log with one run, with rule help taken from the rule documentation. */
export function formatSarif(findings: Finding[], rules: readonly Rule[], version: string): string {
  const used = rules.filter((rule) => findings.some((finding) => finding.code === rule.code));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pyinfra-kit",
            version,
            rules: used.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.docs.whatItFinds },
              help: { text: `${rule.docs.whyItMatters}\n\n${rule.docs.fixSafety}` },
              defaultConfiguration: { level: rule.severity === "info" ? "note" : rule.severity },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.code,
          level: finding.severity === "info" ? "note" : finding.severity,
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.path.split("\\").join("/") },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endLine: finding.end_line,
                  endColumn: finding.end_column,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
