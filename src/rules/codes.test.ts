// The code list that loads no rule matches the registry.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { RULE_CODES, selectRules, SYNTAX_ERROR_CODE, TEMPLATE_RULE_CODES } from "./codes.js";
import { RULES } from "./registry.js";

describe("rule codes", () => {
  it("lists every registry code in order", () => {
    assert.deepEqual(RULE_CODES, RULES.map((rule) => rule.code));
  });

  it("names registered rules", () => {
    assert.equal(RULES.find((rule) => rule.code === SYNTAX_ERROR_CODE)?.name, "syntax-error");
    const templateRules = RULES.filter((rule) => TEMPLATE_RULE_CODES.has(rule.code)).map((rule) => rule.name);
    assert.deepEqual(templateRules, [
      "template-not-found",
      "template-undefined-variable",
      "template-unused-variable",
      "template-syntax-error",
    ]);
  });

  it("selects by prefix and ignores", () => {
    const codes = RULE_CODES.map((code) => ({ code }));
    const chosen = selectRules(codes, ["PIK5", "pik101"], ["PIK50"]).map((rule) => rule.code);
    assert.deepEqual(chosen, ["PIK101"]);
    assert.equal(selectRules(codes, [], ["ALL"]).length, 0);
    assert.equal(selectRules(codes, ["all"], []).length, RULE_CODES.length);
  });
});
