// Every registered rule has complete documentation, and its documented
// example and fixed example produce exactly the findings they claim.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { RULES } from "./registry.js";
import { runRule } from "./testing.js";

const SECTIONS = ["whatItFinds", "whyItMatters", "example", "useInstead", "fixSafety", "options", "knownLimits"] as const;

describe("rule registry", () => {
  it("has unique codes and names, sorted by code", () => {
    const codes = RULES.map((rule) => rule.code);
    assert.deepEqual(codes, [...codes].sort());
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(RULES.map((rule) => rule.name)).size, RULES.length);
  });
});

for (const rule of RULES) {
  describe(`${rule.code} ${rule.name} documentation`, () => {
    it("has every section", () => {
      for (const section of SECTIONS) {
        assert.ok(rule.docs[section].trim().length > 0, `${section} is empty`);
      }
      assert.match(rule.code, /^PIK[1-9]\d\d$/);
      assert.match(rule.name, /^[a-z]+(-[a-z]+)*$/);
    });

    it("example produces a finding", async () => {
      const findings = await runRule(rule, rule.docs.example);
      assert.ok(findings.length > 0, "the example produces no finding");
    });

    it("use-instead produces none", async () => {
      const findings = await runRule(rule, rule.docs.useInstead);
      assert.deepEqual(findings.map((finding) => finding.message), []);
    });
  });
}
