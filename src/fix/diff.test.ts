// Pins the unified diff that `check --diff` prints.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { unifiedDiff } from "./diff.js";

describe("unifiedDiff", () => {
  it("prints nothing for equal texts", () => {
    assert.equal(unifiedDiff("a.py", "x\n", "x\n"), "");
  });

  it("prints one hunk with context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
    const after = "1\n2\n3\n4\nfive\n6\n7\n8\n";
    assert.equal(
      unifiedDiff("a.py", before, after),
      "--- a/a.py\n+++ b/a.py\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
    );
  });

  it("splits distant changes into hunks", () => {
    const lines = Array.from({ length: 20 }, (_, index) => `${index + 1}`);
    const before = lines.join("\n") + "\n";
    const after = ["one", ...lines.slice(1, 19), "twenty"].join("\n") + "\n";
    const diff = unifiedDiff("a.py", before, after);
    assert.deepEqual(diff.split("\n").filter((line) => line.startsWith("@@")), ["@@ -1,4 +1,4 @@", "@@ -17,4 +17,4 @@"]);
  });

  it("shows an inserted line", () => {
    assert.equal(
      unifiedDiff("a.py", "a\nb\n", "import os\na\nb\n"),
      "--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,3 @@\n+import os\n a\n b\n",
    );
  });

  it("marks a missing final newline", () => {
    assert.equal(
      unifiedDiff("a.py", "a\nb", "a\nc"),
      "--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
    );
  });

  it("handles an empty old text", () => {
    assert.equal(unifiedDiff("a.py", "", "a\n"), "--- a/a.py\n+++ b/a.py\n@@ -0,0 +1,1 @@\n+a\n");
  });
});
