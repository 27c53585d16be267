// Pins the clean-up of chroot copies that a killed verify run left in the temporary folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { removeOrphanedCopies } from "./prepare-target.js";

function fakeCopy(owner: number | null): string {
  const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-verify-"));
  mkdirSync(join(folder, "root"));
  if (owner !== null) writeFileSync(join(folder, "owner.pid"), String(owner));
  return folder;
}

test("orphaned copies removed", () => {
  const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid;
  const orphan = fakeCopy(deadPid);
  const live = fakeCopy(process.pid);
  const kept = fakeCopy(null);
  try {
    removeOrphanedCopies();
    assert.equal(existsSync(orphan), false);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(kept), true);
  } finally {
    for (const folder of [orphan, live, kept]) rmSync(folder, { recursive: true, force: true });
  }
});
