import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { TargetSetupError, copyRoot, ensureDebianRoot, processAlive } from "./debian-root.js";
import type { Target } from "./targets.js";

/** A pyinfra inventory entry: a host name (with a connector prefix such as `@chroot/`) and its data. */
export type InventoryHost = [name: string, data: Record<string, unknown>];

export interface PreparedTarget {
  host: InventoryHost;
  description: string;
  /** Seconds spent on preparation steps, by name (`build_root`, `copy_root` ...). */
  timings: Record<string, number>;
  /** A note for the user, such as where a kept copy lives. */
  notes: string[];
  /** Removes what preparation created; a no-op for targets that the user owns. */
  cleanup: () => Promise<void>;
}

export interface PrepareOptions {
  mirror?: string;
  /** Leave the copied root (or the container) in place after the run. */
  keep?: boolean;
  sshKey?: string;
  knownHosts?: string;
  notice?: (message: string) => void;
}

const COPY_PREFIX = "pyinfra-kit-verify-";
/** The file in a copy's folder, beside `root/`, that names the process that made the copy. */
const OWNER_FILE = "owner.pid";

function mountsUnder(folder: string): string[] {
  try {
    return readFileSync("/proc/self/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" ")[1] ?? "")
      .map((field) => field.replace(/\\040/g, " "))
      .filter((mountPoint) => mountPoint === folder || mountPoint.startsWith(`${folder}/`));
  } catch {
    return [];
  }
}

/** Removes a copy made by `prepareChroot`, refusing when something is mounted inside it. */
function removeCopy(folder: string): void {
  const base = resolve(tmpdir());
  if (!folder.startsWith(join(base, COPY_PREFIX))) {
    throw new TargetSetupError(`refusing to remove ${folder}: it is not a verify copy under ${base}`);
  }
  const mounts = mountsUnder(folder);
  if (mounts.length > 0) {
    throw new TargetSetupError(
      `left ${folder} in place because the deploy mounted ${mounts.join(", ")} inside it; ` +
        "unmount them and remove the folder",
    );
  }
  rmSync(folder, { recursive: true, force: true });
}

/**
 * Removes copies whose owning process is gone, such as a verify run that was
 * killed before its cleanup ran. Copies without an owner file are left alone.
 */
export function removeOrphanedCopies(): void {
  const base = resolve(tmpdir());
  for (const name of readdirSync(base).filter((entry) => entry.startsWith(COPY_PREFIX))) {
    const folder = join(base, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(folder, OWNER_FILE), "utf8"));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    try {
      removeCopy(folder);
    } catch {
      // A copy with a mount inside stays for the user to inspect; the next run tries again.
    }
  }
}

async function prepareChroot(target: Extract<Target, { kind: "chroot" }>,
                             options: PrepareOptions): Promise<PreparedTarget> {
  const root = await ensureDebianRoot({
    suite: target.suite,
    mirror: options.mirror,
    notice: options.notice,
  });
  removeOrphanedCopies();
  const folder = mkdtempSync(join(resolve(tmpdir()), COPY_PREFIX));
  writeFileSync(join(folder, OWNER_FILE), String(process.pid));
  const copy = join(folder, "root");
  const timings: Record<string, number> = { copy_root: 0 };
  if (root.built) timings.build_root = root.seconds;
  try {
    timings.copy_root = await copyRoot(root.path, copy);
  } catch (error) {
    removeCopy(folder);
    throw error;
  }
  return {
    host: [`@chroot${copy}`, {}],
    description: `chroot: a fresh copy of the Debian ${root.suite} ${root.architecture} root at ${copy}`,
    timings,
    notes: options.keep ? [`kept the target root at ${copy}`] : [],
    cleanup: async () => {
      // A kept copy loses its owner file, so that no later run removes it as orphaned.
      if (options.keep) rmSync(join(folder, OWNER_FILE), { force: true });
      else removeCopy(folder);
    },
  };
}

function dockerEngineError(): string | null {
  const result = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "the docker command is not installed" : result.error.message;
  }
  if (result.status !== 0) {
    const detail = result.stderr.trim().split("\n").filter(Boolean).pop() ?? `exit ${result.status}`;
    return `no Docker engine answers (${detail})`;
  }
  return null;
}

function prepareDocker(target: Extract<Target, { kind: "docker" }>,
                       options: PrepareOptions): PreparedTarget {
  const problem = dockerEngineError();
  if (problem) {
    throw new TargetSetupError(
      `--target docker:${target.image} needs a running Docker engine: ${problem}; ` +
        "start Docker, or use --target chroot",
    );
  }
  // NOTE: this path has not run against a Docker engine; the tests cover only the error
  // for a missing engine. Both passes use one long-running container, so the second pass
  // finds the first pass's changes in place.
  const run = spawnSync("docker", ["run", "-d", target.image, "tail", "-f", "/dev/null"], {
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new TargetSetupError(`docker run ${target.image} failed: ${run.stderr.trim()}`);
  }
  const container = run.stdout.trim();
  return {
    host: [`@docker/${container}`, {}],
    description: `docker: container ${container.slice(0, 12)} from ${target.image}`,
    timings: {},
    notes: options.keep ? [`kept the container ${container.slice(0, 12)}`] : [],
    cleanup: async () => {
      if (!options.keep) spawnSync("docker", ["rm", "-f", container], { stdio: "ignore" });
    },
  };
}

/** Makes the target ready and returns the single pyinfra host that the deploy is applied to. */
export async function prepareTarget(
  target: Target,
  options: PrepareOptions = {},
): Promise<PreparedTarget> {
  switch (target.kind) {
    case "chroot":
      return prepareChroot(target, options);
    case "local-dir":
      mkdirSync(target.prefix, { recursive: true });
      return {
        host: ["@local", {}],
        description: `local-dir: @local, every write under ${target.prefix}`,
        timings: {},
        notes: [],
        cleanup: async () => {},
      };
    case "ssh": {
      const data: Record<string, unknown> = {};
      if (target.user) data.ssh_user = target.user;
      if (target.port) data.ssh_port = target.port;
      if (options.sshKey) data.ssh_key = resolve(options.sshKey);
      if (options.knownHosts) data.ssh_known_hosts_file = resolve(options.knownHosts);
      return {
        host: [target.host, data],
        description: `ssh: ${target.host}, a host the user owns and has declared disposable`,
        timings: {},
        notes: [],
        cleanup: async () => {},
      };
    }
    case "docker":
      return prepareDocker(target, options);
  }
}
