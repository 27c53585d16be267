#!/usr/bin/env node
import { readFileSync } from "node:fs";

import { ConfigError, MissingPathError } from "../workspace/errors.js";
import { EXIT_ERROR, UsageError } from "./errors.js";

type Command = (argv: string[]) => Promise<number> | number;

/**
 * Subcommands by name; each returns the exit code. Each command module is
 * imported only when it runs, because loading all of them costs more start-up
 * time than some commands take.
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  check: {
    load: async () => (await import("./check.js")).checkCommand,
    summary: "check deploy code and print findings",
  },
  rule: { load: async () => (await import("./rule.js")).ruleCommand, summary: "explain a rule" },
  render: {
    load: async () => (await import("./render.js")).renderCommand,
    summary: "render a Jinja2 template as files.template does",
  },
  plan: {
    load: async () => (await import("./plan.js")).planCommand,
    summary: "dry-run a deploy and show what would change",
  },
  verify: {
    load: async () => (await import("./verify.js")).verifyCommand,
    summary: "apply a deploy twice to a disposable target",
  },
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
  const run = await command.load();
  return run(rest);
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

