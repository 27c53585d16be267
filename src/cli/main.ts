#!/usr/bin/env node
import { readFileSync } from "node:fs";

import { ConfigError } from "../workspace/config.js";
import { MissingPathError } from "../workspace/files.js";
import { CHECK_HELP, checkCommand } from "./check.js";
import { EXIT_ERROR, UsageError } from "./errors.js";
import { planCommand } from "./plan.js";
import { renderCommand } from "./render.js";
import { ruleCommand } from "./rule.js";
import { verifyCommand } from "./verify.js";

type Command = (argv: string[]) => Promise<number> | number;

/** Subcommands by name; each returns the exit code. */
const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: checkCommand, summary: "check deploy code and print findings" },
  rule: { run: ruleCommand, summary: "explain a rule" },
  render: { run: renderCommand, summary: "render a Jinja2 template as files.template does" },
  plan: { run: planCommand, summary: "dry-run a deploy and show what would change" },
  verify: { run: verifyCommand, summary: "apply a deploy twice to a disposable target" },
};

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return `Usage: pyinfra-kit COMMAND [options]\n\nCommands:\n${lines.join("\n")}\n\n` +
    "Run `pyinfra-kit COMMAND --help` for the options of a command.\n";
}

function packageVersion(): string {
  const path = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help") {
    process.stdout.write(mainHelp());
    return name ? 0 : EXIT_ERROR;
  }
  if (name === "--version") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  return command.run(rest);
}

function isArgumentError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof MissingPathError || error instanceof ConfigError) {
    process.stderr.write(`pyinfra-kit: error: ${error.message}\n`);
  } else if (isArgumentError(error)) {
    process.stderr.write(`pyinfra-kit: error: ${(error as Error).message}; run with --help for the options\n`);
  } else {
    process.stderr.write(`pyinfra-kit: internal error: ${(error as Error).stack ?? error}\n`);
  }
  process.exitCode = EXIT_ERROR;
}

export { CHECK_HELP };
