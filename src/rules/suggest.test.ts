import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { closestMatch, didYouMean, editDistance } from "./suggest.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abc", ""), 3);
    assert.equal(editDistance("same", "same"), 0);
  });

  it("counts a swap of adjacent characters as one edit", () => {
    assert.equal(editDistance("_sduo", "_sudo"), 1);
    assert.equal(editDistance("ab", "ba"), 1);
  });
});

describe("closestMatch", () => {
  it("finds a misspelt operation", () => {
    assert.equal(closestMatch("templates", ["put", "template", "directory"]), "template");
  });

  it("finds a module named after a command", () => {
    assert.equal(closestMatch("systemctl", ["server", "systemd", "sysvinit"]), "systemd");
  });

  it("ignores case", () => {
    assert.equal(closestMatch("linuxname", ["LinuxName", "Kernel"]), "LinuxName");
  });

  it("returns null when nothing is close", () => {
    assert.equal(closestMatch("nginx", ["apt", "files", "server"]), null);
  });

  it("skips a candidate equal to the name", () => {
    assert.equal(closestMatch("put", ["put"]), null);
  });

  it("keeps the first of equally close candidates", () => {
    assert.equal(closestMatch("ab", ["ac", "ad"], { maxDistance: 1 }), "ac");
  });

  it("honours maxDistance", () => {
    assert.equal(closestMatch("packges", ["packages"], { maxDistance: 0 }), null);
    assert.equal(closestMatch("packges", ["packages"], { maxDistance: 1 }), "packages");
  });
});

describe("didYouMean", () => {
  it("formats a match and nothing for null", () => {
    assert.equal(didYouMean("files.template"), "; did you mean `files.template`?");
    assert.equal(didYouMean(null), "");
  });
});
