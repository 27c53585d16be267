import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";

import { Bridge, BridgeError } from "../bridge/bridge.js";
import { projectContext } from "../check/project.js";
import { initParsers } from "../python/parser.js";
import { readConfig } from "../workspace/config.js";
import { displayPathOf } from "../workspace/files.js";
import { findInterpreter } from "../workspace/interpreter.js";
import { findProjectRoot } from "../workspace/project.js";
import { EXIT_CLEAN, EXIT_ERROR, UsageError } from "./errors.js";

export const RENDER_HELP = `Usage: pyinfra-kit render TEMPLATE [options]

Renders a Jinja2 template as \`files.template\` does: with the Jinja2 environment
of the installed pyinfra, its loader rooted at the folder pyinfra runs from, and
\`host\`, \`state\` and \`inventory\` in the context. Prints the result.

Options:
  --data KEY=VALUE      a template variable with a string value; repeat for more
  --data-file FILE      template variables from a JSON or YAML mapping (.json, .yaml, .yml);
                        --data values replace the file's
  --host-data FILE      a group data file such as group_data/all.py, read as pyinfra reads it;
                        its names are \`host.data.NAME\` in the template. Repeat for more
  --strict              fail on an undefined variable, as pyinfra does (StrictUndefined);
                        without it an undefined variable renders as an empty string
  --python PATH         the Python interpreter whose pyinfra and Jinja2 render the template
  -h, --help            print this help

Exit codes: 0 rendered, 2 usage error or template error (printed as path:line: message).
`;

/** The response to `templates.render`. */
type RenderResponse =
  | { output: string; undefined: string[] }
  | { error: { path: string | null; line: number | null; message: string } };

function parseDataPairs(pairs: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    const key = equals > 0 ? pair.slice(0, equals) : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new UsageError(`--data ${pair}: expected KEY=VALUE with KEY a Python identifier, such as port=8080`);
    }
    data[key] = pair.slice(equals + 1);
  }
  return data;
}

function readDataFile(path: string): Record<string, unknown> {
  const extension = extname(path).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(extension)) {
    throw new UsageError(`--data-file ${path}: unknown file type; use a .json, .yaml or .yml file`);
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--data-file ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
  }
  let value: unknown;
  try {
    value = extension === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const kind = extension === ".json" ? "JSON" : "YAML";
    throw new UsageError(`--data-file ${path}: invalid ${kind}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`--data-file ${path}: expected a mapping of variable names to values at the top level`);
  }
  return value as Record<string, unknown>;
}

function existingFile(path: string, flag: string): string {
  const absolutePath = resolve(path);
  if (!existsSync(absolutePath)) throw new UsageError(`${flag} ${path}: file not found`);
  if (statSync(absolutePath).isDirectory()) throw new UsageError(`${flag} ${path}: is a folder, not a file`);
  return absolutePath;
}

export async function renderCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: "string", multiple: true, default: [] },
      "data-file": { type: "string" },
      "host-data": { type: "string", multiple: true, default: [] },
      strict: { type: "boolean", default: false },
      python: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RENDER_HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`render takes one TEMPLATE, got ${positionals.length}; run with --help for the usage`);
  }
  const template = existingFile(positionals[0], "TEMPLATE");
  const data = {
    ...(values["data-file"] ? readDataFile(values["data-file"]) : {}),
    ...parseDataPairs(values.data ?? []),
  };
  const hostDataFiles = (values["host-data"] ?? []).map((path) => existingFile(path, "--host-data"));

  await initParsers();
  const root = findProjectRoot(template);
  const project = projectContext(root, readConfig(root));
  const interpreter = findInterpreter(root, values.python);
  let bridge: Bridge;
  try {
    bridge = await Bridge.start(interpreter);
  } catch (error) {
    throw new UsageError(
      `cannot start ${interpreter.description}: ${(error as Error).message}; run \`npm run setup\` or pass --python`,
    );
  }

  let response: RenderResponse;
  try {
    response = await bridge.request<RenderResponse>("templates.render", {
      path: template,
      working_directory: project.workingDirectory,
      data,
      host_data_files: hostDataFiles,
      strict: values.strict,
    });
  } catch (error) {
    const reason = error instanceof BridgeError ? `${error.pythonType}: ${error.message}` : (error as Error).message;
    throw new UsageError(
      `rendering needs pyinfra and Jinja2 in ${interpreter.description} (${reason}); ` +
        "run `npm run setup` or pass --python",
    );
  } finally {
    await bridge.close();
  }

  if ("error" in response) {
    const { path, line, message } = response.error;
    const where = path ? `${displayPathOf(path)}${line ? `:${line}` : ""}: ` : "";
    process.stderr.write(`${where}${message}\n`);
    return EXIT_ERROR;
  }
  process.stdout.write(response.output);
  if (response.undefined.length > 0) {
    const names = response.undefined.map((name) => `\`${name}\``).join(", ");
    process.stderr.write(
      `pyinfra-kit: undefined, rendered as empty: ${names}; pass --data NAME=VALUE, or --strict to fail as pyinfra does\n`,
    );
  }
  return EXIT_CLEAN;
}
