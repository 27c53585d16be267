import { isAbsolute, resolve } from "node:path";

/** A disposable place to apply a deploy to, as named by `verify --target`. */
export type Target =
  | { kind: "chroot"; suite: string | null }
  | { kind: "local-dir"; prefix: string }
  | { kind: "ssh"; host: string; user: string | null; port: number | null }
  | { kind: "docker"; image: string };

export type TargetKind = Target["kind"];

const TARGET_KINDS: readonly string[] = ["chroot", "local-dir", "ssh:HOST", "docker:IMAGE"];

/** A target that cannot be used as given. The message names what to pass instead. */
export class TargetError extends Error {
  override name = "TargetError";
}

export interface TargetFlags {
  prefix?: string;
  iOwnThisHost?: boolean;
}

const SUITE = /^[a-z][a-z0-9-]*$/;

function parseSshHost(text: string): { host: string; user: string | null; port: number | null } {
  let rest = text;
  let user: string | null = null;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    rest = bracketed[1];
    port = bracketed[2] ? Number(bracketed[2]) : null;
  } else if (/^[^:]+:\d+$/.test(rest)) {
    const colon = rest.lastIndexOf(":");
    port = Number(rest.slice(colon + 1));
    rest = rest.slice(0, colon);
  }
  if (!rest || (user !== null && !user)) {
    throw new TargetError(`ssh:${text}: expected ssh:[USER@]HOST[:PORT]`);
  }
  if (port !== null && (port < 1 || port > 65535)) {
    throw new TargetError(`ssh:${text}: port ${port} is outside 1-65535`);
  }
  return { host: rest, user, port };
}

function parseLocalDir(prefix: string | undefined): Target {
  if (!prefix) {
    throw new TargetError(
      "--target local-dir needs --prefix DIR, the folder that all of the deploy's writes fall under",
    );
  }
  if (!isAbsolute(prefix)) {
    throw new TargetError(`--prefix ${prefix}: expected an absolute path`);
  }
  const normalized = resolve(prefix);
  if (normalized === "/") {
    throw new TargetError("--prefix /: the prefix must be a folder below /, not the whole file system");
  }
  return { kind: "local-dir", prefix: normalized };
}

/**
 * Parses `--target`: `chroot` or `chroot:SUITE` (a Debian root made with
 * debootstrap), `local-dir` (with --prefix), `ssh:[USER@]HOST[:PORT]` (with
 * --i-own-this-host) or `docker:IMAGE`.
 */
export function parseTarget(text: string, flags: TargetFlags = {}): Target {
  if (text === "chroot") return { kind: "chroot", suite: null };
  if (text.startsWith("chroot:")) {
    const suite = text.slice("chroot:".length);
    if (!SUITE.test(suite)) {
      throw new TargetError(`--target ${text}: expected a Debian suite name such as chroot:bookworm`);
    }
    return { kind: "chroot", suite };
  }
  if (text === "local-dir") return parseLocalDir(flags.prefix);
  if (text.startsWith("ssh:")) {
    const parsed = parseSshHost(text.slice("ssh:".length));
    if (!flags.iOwnThisHost) {
      throw new TargetError(
        `--target ${text} applies the deploy twice to that machine and leaves it changed; ` +
          "pass --i-own-this-host to confirm that it is a throwaway machine of yours",
      );
    }
    return { kind: "ssh", ...parsed };
  }
  if (text.startsWith("docker:")) {
    const image = text.slice("docker:".length);
    if (!image) throw new TargetError("--target docker: expected docker:IMAGE, such as docker:debian:12");
    return { kind: "docker", image };
  }
  throw new TargetError(
    `--target ${text}: unknown target; use one of ${TARGET_KINDS.join(", ")}`,
  );
}
