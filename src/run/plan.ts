import { existsSync } from "node:fs";
import { join } from "node:path";

import type { ResolvedDeploy } from "./deploy-ref.js";
import { runInterpreter, withHelper } from "./helper.js";
import type { BridgePlan, PlanResult } from "./types.js";

export interface PlanOptions {
  deploy: ResolvedDeploy;
  /** A pyinfra inventory: a file, `@local`, a comma-separated host list; see `defaultInventory`. */
  inventory: string;
  /** Host or group names (glob patterns allowed), like `pyinfra --limit`. */
  limit?: string[];
  /** Host data overrides, like `pyinfra --data key=value`; values are parsed the same way. */
  data?: Record<string, string>;
  /** False leaves out diffs, which saves one file read per upload. */
  diff?: boolean;
  python?: string;
}

/** The inventory used when none is given, or an error that says what to pass. */
export class MissingInventoryError extends Error {
  override name = "MissingInventoryError";
}

/**
 * Returns `inventory.py` of the working directory or the project root when
 * there is one. There is no fallback to `@local`: planning against the local
 * machine by accident would report facts of the wrong host.
 */
export function defaultInventory(deploy: ResolvedDeploy): string {
  for (const folder of [deploy.cwd, deploy.projectRoot]) {
    const path = join(folder, "inventory.py");
    if (existsSync(path)) return path;
  }
  throw new MissingInventoryError(
    `no inventory: pass --inventory (a file, a host list or @local) or add inventory.py ` +
      `to ${deploy.projectRoot}`,
  );
}

/** Runs pyinfra's change detection for a deploy through the helper and returns the plan. */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const { deploy } = options;
  const interpreter = runInterpreter(deploy.projectRoot, options.python);
  const plan = await withHelper(interpreter, (bridge) =>
    bridge.request<BridgePlan>("plan", {
      cwd: deploy.cwd,
      deploy: deploy.spec,
      inventory: options.inventory,
      limit: options.limit ?? [],
      data: options.data ?? {},
      diff: options.diff ?? true,
      secret_helper: deploy.secretHelper,
    }),
  );
  return { ...plan, deploy: deploy.label, inventory: options.inventory };
}

/** True when every host connected and loaded the deploy without an error. */
export function planSucceeded(plan: BridgePlan): boolean {
  return plan.hosts.every((host) => host.status === "ok");
}
