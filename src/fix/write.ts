import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A file as it was read before fixing: its bytes and metadata, to write it back the same way. */
export interface FileSnapshot {
  /** The path given by the caller. */
  path: string;
  /** The file the path resolves to, so a symlink is kept and its target is written. */
  realPath: string;
  bytes: Buffer;
  /** The text without the byte order mark. */
  text: string;
  hasBom: boolean;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

export type SnapshotResult = { ok: true; snapshot: FileSnapshot } | { ok: false; reason: string };

/** Reads a file for fixing; fails on files that are not UTF-8 text. */
export function readSnapshot(path: string): SnapshotResult {
  let realPath: string;
  let bytes: Buffer;
  let stats;
  try {
    realPath = realpathSync(path);
    stats = statSync(realPath);
    bytes = readFileSync(realPath);
  } catch (error) {
    return { ok: false, reason: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}` };
  }
  const hasBom = bytes.subarray(0, 3).equals(UTF8_BOM);
  let text: string;
  try {
    text = utf8.decode(hasBom ? bytes.subarray(3) : bytes);
  } catch {
    return { ok: false, reason: "the file is not valid UTF-8" };
  }
  return {
    ok: true,
    snapshot: {
      path,
      realPath,
      bytes,
      text,
      hasBom,
      mode: stats.mode & 0o7777,
      uid: stats.uid,
      gid: stats.gid,
      mtimeMs: stats.mtimeMs,
    },
  };
}

/** The result of writing a fixed file: written, or the reason it was not and a message with the next step. */
export type WriteResult = { written: true } | { written: false; reason: "read-only" | "changed" | "failed"; message: string };

/** Encodes fixed text the way the file was encoded: UTF-8, with the byte order mark it had. */
export function encodeLike(snapshot: FileSnapshot, text: string): Buffer {
  const body = Buffer.from(text, "utf8");
  return snapshot.hasBom ? Buffer.concat([UTF8_BOM, body]) : body;
}

function isReadOnly(snapshot: FileSnapshot): boolean {
  if ((snapshot.mode & 0o222) === 0) return true;
  try {
    accessSync(snapshot.realPath, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** True when the file on disk is no longer what the snapshot read. */
function changedOnDisk(snapshot: FileSnapshot): boolean {
  try {
    const stats = statSync(snapshot.realPath);
    if (stats.mtimeMs !== snapshot.mtimeMs || stats.size !== snapshot.bytes.length) return true;
    return !readFileSync(snapshot.realPath).equals(snapshot.bytes);
  } catch {
    return true;
  }
}

function writeTemporary(snapshot: FileSnapshot, bytes: Buffer): string {
  const folder = dirname(snapshot.realPath);
  const temporary = join(folder, `.${basename(snapshot.realPath)}.${randomBytes(6).toString("hex")}.pyinfra-kit.tmp`);
  const descriptor = openSync(temporary, "wx", 0o600);
  try {
    writeSync(descriptor, bytes);
    fchmodSync(descriptor, snapshot.mode);
    try {
      fchownSync(descriptor, snapshot.uid, snapshot.gid);
    } catch {
      // NOTE: only root may give a file to another owner; otherwise the new file belongs to the caller.
    }
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(descriptor);
  return temporary;
}

/**
 * Writes fixed text over the file atomically: a temporary file in the same
 * folder, with the original mode and owner, is renamed over it. A read-only
 * file, or one that changed on disk after the snapshot, is left as it is.
 */
export function writeFixed(snapshot: FileSnapshot, text: string): WriteResult {
  if (isReadOnly(snapshot)) {
    return {
      written: false,
      reason: "read-only",
      message: `the file is read-only (mode ${snapshot.mode.toString(8).padStart(4, "0")}); make it writable to apply the fixes`,
    };
  }
  let temporary: string;
  try {
    temporary = writeTemporary(snapshot, encodeLike(snapshot, text));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      written: false,
      reason: "failed",
      message: `cannot write a temporary file in ${dirname(snapshot.realPath)} (${code}); the file is unchanged`,
    };
  }
  if (changedOnDisk(snapshot)) {
    unlinkSync(temporary);
    return {
      written: false,
      reason: "changed",
      message: "the file changed on disk while it was being fixed; it was not overwritten, run the command again",
    };
  }
  try {
    renameSync(temporary, snapshot.realPath);
  } catch (error) {
    unlinkSync(temporary);
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { written: false, reason: "failed", message: `cannot replace the file (${code}); it is unchanged` };
  }
  return { written: true };
}
