import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";

import { cacheFolder } from "../catalogue/load.js";

/** A disposable target that cannot be prepared. The message states what to do next. */
export class TargetSetupError extends Error {
  override name = "TargetSetupError";
}

export interface DebianRoot {
  /** The cached root; never run a deploy in it, only in a copy. */
  path: string;
  suite: string;
  architecture: string;
  mirror: string;
  /** True when this call built the root, false when it was already cached. */
  built: boolean;
  /** Time spent building, or waiting for another process's build, in seconds. */
  seconds: number;
}

export interface DebianRootOptions {
  suite?: string | null;
  mirror?: string | null;
  /** Defaults to `$XDG_CACHE_HOME/pyinfra-kit/roots`. */
  rootsFolder?: string;
  /** Receives one line when a build starts or is awaited. */
  notice?: (message: string) => void;
}

const DEFAULT_MIRROR = "http://deb.debian.org/debian";
/** Packages added to the minbase variant: deploys commonly run operations with `_sudo=True`. */
const EXTRA_PACKAGES = ["sudo"];
const DEFAULT_SUITE = "bookworm";
const LOCK_POLL_MS = 2000;
const LOCK_WAIT_MS = 30 * 60 * 1000;

export function rootsFolder(): string {
  return join(cacheFolder(), "roots");
}

/**
 * Returns the first Debian archive URI that apt on this machine uses (the
 * security archive excluded), read from /etc/apt/sources.list.d/*.sources
 * (deb822) and /etc/apt/sources.list, or deb.debian.org when there is none.
 */
export function aptMirror(aptFolder = "/etc/apt"): string {
  const candidates: string[] = [];
  const listFolder = join(aptFolder, "sources.list.d");
  const files = existsSync(listFolder) ? readdirSync(listFolder).sort() : [];
  for (const file of files.filter((name) => name.endsWith(".sources"))) {
    const text = readFileSync(join(listFolder, file), "utf8");
    for (const match of text.matchAll(/^URIs:\s*(.+)$/gim)) candidates.push(...match[1].split(/\s+/));
  }
  const listFiles = [join(aptFolder, "sources.list"), ...files.filter((name) => name.endsWith(".list"))
    .map((name) => join(listFolder, name))];
  for (const path of listFiles.filter((file) => existsSync(file))) {
    for (const match of readFileSync(path, "utf8").matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)) {
      candidates.push(match[1]);
    }
  }
  const mirror = candidates.find((uri) => /^https?:\/\//.test(uri) && !uri.includes("security"));
  return (mirror ?? DEFAULT_MIRROR).replace(/\/+$/, "");
}

/** Returns the codename of this machine's Debian release, or bookworm on other systems. */
export function defaultSuite(osRelease = "/etc/os-release"): string {
  try {
    const text = readFileSync(osRelease, "utf8");
    if (!/^ID=debian$/m.test(text)) return DEFAULT_SUITE;
    return /^VERSION_CODENAME=(\w+)$/m.exec(text)?.[1] ?? DEFAULT_SUITE;
  } catch {
    return DEFAULT_SUITE;
  }
}

function debianArchitecture(): string {
  const dpkg = spawnSync("dpkg", ["--print-architecture"], { encoding: "utf8" });
  if (dpkg.status === 0 && dpkg.stdout.trim()) return dpkg.stdout.trim();
  const byNode: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "i386", arm: "armhf" };
  return byNode[process.arch] ?? process.arch;
}

function findExecutable(name: string): string | null {
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const folder of folders.filter(Boolean)) {
    const path = join(folder, name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** True when a process with this id exists (also when it belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Takes the build lock (a folder, created atomically) or waits while a live process holds it. */
async function acquireLock(lockPath: string, ready: () => boolean): Promise<"acquired" | "ready"> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockPath);
      writeFileSync(join(lockPath, "pid"), String(process.pid));
      return "acquired";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (ready()) return "ready";
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(lockPath, "pid"), "utf8"));
    } catch {
      // The owner has created the folder but not yet written its pid.
    }
    if (Number.isInteger(owner) && !processAlive(owner)) {
      rmSync(lockPath, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new TargetSetupError(
        `waited ${LOCK_WAIT_MS / 60000} minutes for process ${owner} to build the Debian root ` +
          `(lock ${lockPath}); remove the lock folder if that process is gone`,
      );
    }
    await sleep(LOCK_POLL_MS);
  }
}

function runLogged(command: string, args: string[], logPath: string): Promise<number> {
  const log = openSync(logPath, "w");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", log, log] });
    child.on("error", (error) => {
      closeSync(log);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      closeSync(log);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function logTail(logPath: string, lines = 8): string {
  try {
    return readFileSync(logPath, "utf8").trimEnd().split("\n").slice(-lines).join(" | ");
  } catch {
    return "(no log)";
  }
}

/** Removes half-built roots that a killed build left behind, named `<root>.partial-<pid>`. */
export function removeStalePartials(rootPath: string): void {
  const folder = dirname(rootPath);
  const prefix = `${basename(rootPath)}.partial-`;
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      rmSync(join(folder, name), { recursive: true, force: true });
    }
  }
}

async function buildRoot(root: DebianRoot, logPath: string): Promise<void> {
  const debootstrap = findExecutable("debootstrap");
  if (!debootstrap) {
    throw new TargetSetupError(
      "the chroot target needs debootstrap to build its Debian root, and it is not installed; " +
        "install it with `apt-get install -y debootstrap`, or use --target local-dir",
    );
  }
  removeStalePartials(root.path);
  const partial = `${root.path}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const args = [
    "--variant=minbase",
    `--include=${EXTRA_PACKAGES.join(",")}`,
    `--arch=${root.architecture}`,
    root.suite,
    partial,
    root.mirror,
  ];
  const code = await runLogged(debootstrap, args, logPath);
  if (code !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new TargetSetupError(
      `debootstrap could not build the Debian ${root.suite} root from ${root.mirror} ` +
        `(exit ${code}): ${logTail(logPath)}; check that the mirror is reachable or pass --mirror ` +
        `(full log: ${logPath})`,
    );
  }
  renameSync(partial, root.path);
}

/**
 * Returns the cached Debian root for a suite, building it with debootstrap
 * (minbase variant plus sudo) when it is missing. Concurrent callers share one build
 * through a lock folder; the root is only complete once its `.json` record exists.
 */
export async function ensureDebianRoot(options: DebianRootOptions = {}): Promise<DebianRoot> {
  const suite = options.suite ?? defaultSuite();
  const architecture = debianArchitecture();
  const mirror = (options.mirror ?? aptMirror()).replace(/\/+$/, "");
  const folder = options.rootsFolder ?? rootsFolder();
  const path = join(folder, `debian-${suite}-${architecture}-minbase-sudo`);
  const record = `${path}.json`;
  const root: DebianRoot = { path, suite, architecture, mirror, built: false, seconds: 0 };
  const ready = (): boolean => existsSync(record) && existsSync(join(path, "bin", "sh"));
  if (existsSync(folder)) removeStalePartials(path);
  if (ready()) return root;

  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new TargetSetupError(
      "the chroot target needs root: debootstrap builds the Debian root and chroot enters it; " +
        "run as root, or use --target local-dir",
    );
  }
  mkdirSync(folder, { recursive: true });
  const started = Date.now();
  const lockPath = `${path}.lock`;
  options.notice?.(`building the Debian ${suite} root in ${path} (once; it is cached afterwards)`);
  if ((await acquireLock(lockPath, ready)) === "ready") {
    return { ...root, seconds: (Date.now() - started) / 1000 };
  }
  try {
    if (ready()) return { ...root, seconds: (Date.now() - started) / 1000 };
    rmSync(path, { recursive: true, force: true });
    await buildRoot(root, `${path}.log`);
    const seconds = (Date.now() - started) / 1000;
    const built = { suite, architecture, mirror, built_at: new Date().toISOString(), seconds };
    writeFileSync(record, JSON.stringify(built, null, 2));
    return { ...root, built: true, seconds };
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

/** Copies a root with `cp -a` (owners, modes, device nodes and links kept); returns seconds. */
export async function copyRoot(source: string, destination: string): Promise<number> {
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("cp", ["-a", source, destination], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new TargetSetupError(`cp -a ${source} ${destination} failed: ${stderr.trim()}`));
    });
  });
  return (Date.now() - started) / 1000;
}
