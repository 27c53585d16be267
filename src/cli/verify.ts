import { parseArgs } from "node:util";

import { BridgeError } from "../bridge/bridge.js";
import { TargetSetupError } from "../run/debian-root.js";
import type { ResolvedDeploy } from "../run/deploy-ref.js";
import { DeployReferenceError, keyValuePairs, resolveDeploy } from "../run/deploy-ref.js";
import { HelperStartError } from "../run/helper.js";
import { InventoryTargetError, inventoryHostOf, inventoryHosts } from "../run/inventory-guard.js";
import { MissingInventoryError, defaultInventory } from "../run/plan.js";
import { createProgress } from "../run/progress.js";
import { TargetError, parseTarget } from "../run/targets.js";
import type { Target } from "../run/targets.js";
import { formatVerifyText } from "../run/verify-text.js";
import { LocalWritesError, runVerify } from "../run/verify.js";
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError } from "./errors.js";
import { bridgeErrorMessage } from "./plan.js";

export const VERIFY_HELP = `Usage: pyinfra-kit verify DEPLOY [--target TARGET] [options]

Applies DEPLOY to a disposable target, applies it again, and fails when the
second run changes anything, naming each operation that changed and what it ran.
DEPLOY is a deploy file or a module.function reference, as for \`plan\`.

Targets:
  chroot[:SUITE]        (default) a fresh copy of a Debian root, built once with
                        debootstrap from this machine's apt mirror and cached under
                        $XDG_CACHE_HOME/pyinfra-kit/roots; needs root
  local-dir             @local, for deploys whose every write falls under --prefix;
                        rejected when the plan shows any write elsewhere
  ssh:[USER@]HOST[:PORT]
                        a throwaway machine of yours; needs --i-own-this-host
  docker:IMAGE          a container from IMAGE; needs a running Docker engine
Hosts of the project's inventory are never accepted as a target.

Options:
  --target TARGET       where to apply the deploy (default: chroot)
  --prefix DIR          the folder that local-dir writes are confined to
  --i-own-this-host     confirm that an ssh target is a disposable machine of yours
  --ssh-key PATH        private key for an ssh target
  --known-hosts PATH    known_hosts file for an ssh target
  --mirror URL          Debian mirror for building the chroot root (default: the
                        first Debian archive in this machine's apt sources)
  --keep                leave the copied root or the container in place afterwards
  --inventory INV       the inventory whose hosts are refused as targets
                        (default: inventory.py of the project, if any)
  --data KEY=VALUE      host data for the target, like pyinfra --data (repeatable)
  --arg KEY=VALUE       keyword argument for a function reference (repeatable)
  --chdir DIR           working directory for pyinfra
  --format FORMAT       text (default) or json
  --python PATH         the Python interpreter whose pyinfra runs the deploy
  -h, --help            print this help

Progress goes to stderr: a live line on a terminal, one line per operation elsewhere.
Exit codes: 0 idempotent, 1 a run changed something on the second pass or failed,
2 usage error, or a target that cannot be prepared.
`;

const FORMATS = ["text", "json"] as const;
type Format = (typeof FORMATS)[number];

function projectInventory(deploy: ResolvedDeploy, flag: string | undefined): string | null {
  if (flag) return flag;
  try {
    return defaultInventory(deploy);
  } catch (error) {
    if (error instanceof MissingInventoryError) return null;
    throw error;
  }
}

/** Parses --target, and rejects any target that is a host of the project's inventory. */
async function checkedTarget(text: string, deploy: ResolvedDeploy, flags: {
  prefix?: string;
  iOwnThisHost: boolean;
  inventory: string | null;
  python?: string;
}): Promise<Target> {
  let target: Target | null = null;
  let parseError: TargetError | null = null;
  try {
    target = parseTarget(text, flags);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    parseError = error;
  }
  if (flags.inventory && (parseError || target?.kind === "ssh")) {
    const hosts = await inventoryHosts(deploy, flags.inventory, flags.python);
    const entry = inventoryHostOf(text, target, hosts);
    if (entry) throw new InventoryTargetError(text, entry, flags.inventory);
  }
  if (parseError || !target) throw parseError ?? new TargetError(`--target ${text}: unknown target`);
  return target;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: "string", default: "chroot" },
      prefix: { type: "string" },
      "i-own-this-host": { type: "boolean", default: false },
      "ssh-key": { type: "string" },
      "known-hosts": { type: "string" },
      mirror: { type: "string" },
      keep: { type: "boolean", default: false },
      inventory: { type: "string" },
      data: { type: "string", multiple: true },
      arg: { type: "string", multiple: true },
      chdir: { type: "string" },
      format: { type: "string", default: "text" },
      python: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(VERIFY_HELP);
    return EXIT_CLEAN;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format ${values.format}: unknown format; use one of ${FORMATS.join(", ")}`);
  }
  if (positionals.length !== 1) {
    throw new UsageError("verify takes exactly one DEPLOY (a deploy file or module.function)");
  }

  let result;
  try {
    const deploy = resolveDeploy(positionals[0], {
      chdir: values.chdir,
      functionArguments: keyValuePairs(values.arg, "--arg"),
    });
    const target = await checkedTarget(values.target ?? "chroot", deploy, {
      prefix: values.prefix,
      iOwnThisHost: values["i-own-this-host"] ?? false,
      inventory: projectInventory(deploy, values.inventory),
      python: values.python,
    });
    result = await runVerify({
      deploy,
      target,
      data: keyValuePairs(values.data, "--data"),
      python: values.python,
      mirror: values.mirror,
      keep: values.keep,
      sshKey: values["ssh-key"],
      knownHosts: values["known-hosts"],
      progress: createProgress(process.stderr),
    });
  } catch (error) {
    if (
      error instanceof DeployReferenceError ||
      error instanceof TargetError ||
      error instanceof InventoryTargetError ||
      error instanceof TargetSetupError ||
      error instanceof LocalWritesError ||
      error instanceof HelperStartError
    ) {
      throw new UsageError(error.message);
    }
    if (error instanceof BridgeError) throw new UsageError(bridgeErrorMessage(error));
    throw error;
  }

  if (format === "json") {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } else {
    process.stdout.write(formatVerifyText(result));
  }
  return result.idempotent ? EXIT_CLEAN : EXIT_FINDINGS;
}
