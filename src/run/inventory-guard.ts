import type { ResolvedDeploy } from "./deploy-ref.js";
import { runInterpreter, withHelper } from "./helper.js";
import type { Target } from "./targets.js";

/** A host of the project's inventory: its pyinfra name and the address it connects to. */
export interface InventoryEntry {
  name: string;
  address: string;
  groups: string[];
}

/** The target is a host of the inventory; verify never applies a deploy to one. */
export class InventoryTargetError extends Error {
  override name = "InventoryTargetError";

  constructor(target: string, entry: InventoryEntry, inventory: string) {
    super(
      `--target ${target} is the inventory host ${entry.name} (${inventory}); verify applies the ` +
        "deploy twice and leaves the target changed, so it runs only on disposable targets, and " +
        "inventory hosts are the real servers the deploy manages. Use --target chroot, or " +
        "ssh:HOST --i-own-this-host for a throwaway machine that is not in the inventory",
    );
  }
}

/** Lists an inventory's hosts through the helper, without connecting to any of them. */
export async function inventoryHosts(
  deploy: ResolvedDeploy,
  inventory: string,
  python?: string,
): Promise<InventoryEntry[]> {
  const interpreter = runInterpreter(deploy.projectRoot, python);
  const listed = await withHelper(interpreter, (bridge) =>
    bridge.request<{ hosts: InventoryEntry[] }>("verify", {
      step: "inventory",
      cwd: deploy.cwd,
      inventory,
    }),
  );
  return listed.hosts;
}

/**
 * Returns the inventory host that `--target` names, or null. An `ssh:` target
 * matches by host name or address; any other text matches a host name.
 *
 * NOTE: names are compared as written, without DNS. A target given by IP
 * address is not matched to an inventory entry that names the host by DNS name.
 */
export function inventoryHostOf(
  targetText: string,
  target: Target | null,
  hosts: InventoryEntry[],
): InventoryEntry | null {
  const wanted = (target?.kind === "ssh" ? target.host : targetText).toLowerCase();
  return (
    hosts.find(
      (entry) => entry.name.toLowerCase() === wanted || entry.address.toLowerCase() === wanted,
    ) ?? null
  );
}
