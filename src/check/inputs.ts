// Reads of files other than the one being checked. Rules make them through
// these functions so that a check run can list what each file's findings
// depend on, and a results cache can tell when they are out of date.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";

/** One read of another file and what it found. */
export type InputProbe =
  | { kind: "exists"; path: string; found: boolean }
  | { kind: "folder"; path: string; found: boolean }
  /** `digest` is the SHA-1 of the text, or null when the file could not be read. */
  | { kind: "text"; path: string; digest: string | null };

let recording: Map<string, InputProbe> | null = null;

function note(probe: InputProbe): void {
  recording?.set(`${probe.kind}\0${probe.path}`, probe);
}

export function digestOf(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Runs `work` and returns its result with every probe it made, each path once. */
export function recordInputs<T>(work: () => T): { result: T; probes: InputProbe[] } {
  const outer = recording;
  recording = new Map();
  try {
    const result = work();
    return { result, probes: [...recording.values()] };
  } finally {
    recording = outer;
  }
}

/** True when a file or folder exists at `path`. */
export function inputExists(path: string): boolean {
  const found = existsSync(path);
  note({ kind: "exists", path, found });
  return found;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when `path` is a folder. */
export function inputIsFolder(path: string): boolean {
  const found = isFolder(path);
  note({ kind: "folder", path, found });
  return found;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Returns the text of a file, or null when it cannot be read. */
export function readInput(path: string): string | null {
  const text = readText(path);
  note({ kind: "text", path, digest: text === null ? null : digestOf(text) });
  return text;
}

/** True when the probe would find the same thing now. */
export function probeHolds(probe: InputProbe): boolean {
  switch (probe.kind) {
    case "exists":
      return existsSync(probe.path) === probe.found;
    case "folder":
      return isFolder(probe.path) === probe.found;
    case "text": {
      const text = readText(probe.path);
      return (text === null ? null : digestOf(text)) === probe.digest;
    }
  }
}
