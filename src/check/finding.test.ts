// The order of findings in every output, and the removal of repeats.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Finding } from "./finding.js";
import { compareFindings, withoutRepeats } from "./finding.js";

function finding(message: string, path = "templates/inc.j2"): Finding {
  return {
    code: "PIK504",
    name: "template-undefined-variable",
    message,
    severity: "error",
    path,
    line: 1,
    column: 4,
    end_line: 1,
    end_column: 14,
    fix: null,
  };
}

describe("finding order", () => {
  it("ties keep the rules' order", () => {
    const sorted = [finding("b: from deploys/d2.py"), finding("a: from deploys/d1.py")].sort(compareFindings);
    assert.deepEqual(
      sorted.map((item) => item.message),
      ["b: from deploys/d2.py", "a: from deploys/d1.py"],
    );
  });

  it("repeats removed, others kept", () => {
    const sorted = [finding("same"), finding("other"), finding("same"), finding("same", "b.j2")].sort(compareFindings);
    assert.deepEqual(
      withoutRepeats(sorted).map((item) => `${item.path} ${item.message}`),
      ["b.j2 same", "templates/inc.j2 same", "templates/inc.j2 other"],
    );
  });
});
