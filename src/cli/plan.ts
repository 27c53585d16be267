import { parseArgs } from "node:util";

import { BridgeError } from "../bridge/bridge.js";
import { DeployReferenceError, keyValuePairs, resolveDeploy } from "../run/deploy-ref.js";
import { HelperStartError } from "../run/helper.js";
import { formatPlanText } from "../run/plan-text.js";
import { MissingInventoryError, defaultInventory, planSucceeded, runPlan } from "../run/plan.js";
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError } from "./errors.js";

export const PLAN_HELP = `Usage: pyinfra-kit plan DEPLOY [options]

Runs pyinfra's own dry run of DEPLOY and prints, per host and operation, whether
it will change, the commands it would run and, for uploads, the diff. Nothing is
changed on any host; facts are read from every host in the inventory.

DEPLOY is a deploy file (deploy.py, deploys/web/deploy.py) or a function
reference (deploys.web.install or deploys.web:install) that is imported from the
working directory and called, as \`pyinfra INVENTORY deploys.web.install\` does.

Options:
  --inventory INV       pyinfra inventory: a file, @local, or a comma-separated host
                        list (default: inventory.py of the project; required without one)
  --limit HOST          plan only this host or group (glob patterns allowed; repeatable)
  --data KEY=VALUE      override host data, like pyinfra --data (repeatable)
  --arg KEY=VALUE       keyword argument for a function reference (repeatable)
  --chdir DIR           working directory for pyinfra (default: working-directory from
                        [tool.pyinfra-kit], else the deploy file's nearest folder with
                        inventory.py, config.py, group_data or inventories, else the
                        project root; the current folder for a function reference)
  --diff                read and print the diff of each upload in text output
                        (JSON output always has the diffs)
  --no-diff             leave diffs out of JSON output too (no extra file reads on the hosts)
  --format FORMAT       text (default) or json
  --python PATH         the Python interpreter whose pyinfra runs the plan
  -h, --help            print this help

Exit codes: 0 planned on every host, 1 a host failed to connect or load the deploy,
2 usage or internal error.
`;

const FORMATS = ["text", "json"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Returns whether the plan reads each upload's current content for a diff: JSON
 * output has the diffs unless `--no-diff`, text output only with `--diff`, as
 * `pyinfra --dry` reads them only with `--diff`.
 */
export function readsDiffs(format: Format, options: { diff?: boolean; noDiff?: boolean }): boolean {
  if (options.noDiff) return false;
  return format === "json" || options.diff === true;
}

/** A helper-side error as one line: `SessionError` carries a complete message by itself. */
export function bridgeErrorMessage(error: BridgeError): string {
  return error.pythonType === "SessionError" ? error.message : `${error.pythonType}: ${error.message}`;
}

export async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      inventory: { type: "string" },
      limit: { type: "string", multiple: true },
      data: { type: "string", multiple: true },
      arg: { type: "string", multiple: true },
      chdir: { type: "string" },
      diff: { type: "boolean", default: false },
      "no-diff": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      python: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(PLAN_HELP);
    return EXIT_CLEAN;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format ${values.format}: unknown format; use one of ${FORMATS.join(", ")}`);
  }
  if (positionals.length !== 1) {
    throw new UsageError("plan takes exactly one DEPLOY (a deploy file or module.function)");
  }

  let plan;
  try {
    const deploy = resolveDeploy(positionals[0], {
      chdir: values.chdir,
      functionArguments: keyValuePairs(values.arg, "--arg"),
    });
    plan = await runPlan({
      deploy,
      inventory: values.inventory ?? defaultInventory(deploy),
      limit: values.limit,
      data: keyValuePairs(values.data, "--data"),
      diff: readsDiffs(format, { diff: values.diff, noDiff: values["no-diff"] }),
      python: values.python,
    });
  } catch (error) {
    if (
      error instanceof DeployReferenceError ||
      error instanceof MissingInventoryError ||
      error instanceof HelperStartError
    ) {
      throw new UsageError(error.message);
    }
    if (error instanceof BridgeError) throw new UsageError(bridgeErrorMessage(error));
    throw error;
  }

  if (format === "json") {
    process.stdout.write(JSON.stringify(plan, null, 2) + "\n");
  } else {
    process.stdout.write(formatPlanText(plan, { diff: values.diff ?? false }));
  }
  return planSucceeded(plan) ? EXIT_CLEAN : EXIT_FINDINGS;
}
