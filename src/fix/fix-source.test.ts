// Pins the fix loop: passes, overlap deferral, unparsable fixes, pass limit,
// applicability and line endings. The rules here are small text rules made
// for these tests; the catalogue is the real pyinfra one.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { CheckSettings } from "../check/engine.js";
import type { Applicability, Rule } from "../rules/types.js";
import { testCatalogue } from "../rules/testing.js";
import { DEFAULT_CONFIG } from "../workspace/config.js";
import { fixSource } from "./fix-source.js";

/** A rule that offers to replace each match of `pattern` with `replacement`. */
function replaceRule(code: string, pattern: RegExp, replacement: string, applicability: Applicability = "safe"): Rule {
  return {
    code,
    name: `replace-${code.toLowerCase()}`,
    summary: "test rule",
    severity: "warning",
    fix: "always",
    docs: { whatItFinds: "", whyItMatters: "", example: "", useInstead: "", fixSafety: "", options: "", knownLimits: "" },
    check({ file }) {
      return [...file.text.matchAll(new RegExp(pattern.source, "g"))].map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
        message: `found ${match[0]}`,
        fix: {
          title: `Replace ${match[0]}`,
          applicability,
          edits: [{ start: match.index, end: match.index + match[0].length, content: replacement }],
        },
      }));
    },
  };
}

async function settings(...rules: Rule[]): Promise<CheckSettings> {
  return {
    rules,
    catalogue: await testCatalogue(),
    config: DEFAULT_CONFIG,
    project: { root: "/project", workingDirectory: "/project", sudoForRun: false },
  };
}

const PATH = "/project/deploy.py";

describe("fixSource", () => {
  it("defers an overlapping fix to the next pass", async () => {
    const rules = await settings(replaceRule("T001", /value = 1/, "value = 2"), replaceRule("T002", /value/, "amount"));
    const outcome = fixSource(PATH, PATH, "value = 1\n", rules, { unsafe: false });
    assert.equal(outcome.text, "amount = 2\n");
    assert.equal(outcome.passes, 2);
    assert.deepEqual(outcome.applied.map((fix) => fix.code), ["T001", "T002"]);
    assert.equal(outcome.remaining.length, 0);
  });

  it("drops a fix whose result does not parse", async () => {
    const rules = await settings(replaceRule("T001", /pass/, "pass("), replaceRule("T002", /old/, "new"));
    const outcome = fixSource(PATH, PATH, "old = 1\nif old:\n    pass\n", rules, { unsafe: false });
    assert.equal(outcome.text, "new = 1\nif new:\n    pass\n");
    assert.equal(outcome.dropped.length, 1);
    assert.equal(outcome.dropped[0].code, "T001");
    assert.match(outcome.dropped[0].reason, /would not parse/);
    assert.deepEqual(outcome.remaining.map((finding) => finding.code), ["T001"]);
  });

  it("stops at the pass limit", async () => {
    const rules = await settings(replaceRule("T001", /loop = /, "loop = 0 + "));
    const outcome = fixSource(PATH, PATH, "loop = 0\n", rules, { unsafe: false, maxPasses: 3 });
    assert.equal(outcome.passes, 3);
    assert.equal(outcome.settled, false);
    assert.equal(outcome.text, "loop = 0 + 0 + 0 + 0\n");
  });

  it("applies unsafe fixes only when asked", async () => {
    const rules = await settings(replaceRule("T001", /old/, "new", "unsafe"));
    assert.equal(fixSource(PATH, PATH, "old = 1\n", rules, { unsafe: false }).text, "old = 1\n");
    assert.equal(fixSource(PATH, PATH, "old = 1\n", rules, { unsafe: true }).text, "new = 1\n");
  });

  it("never applies display-only fixes", async () => {
    const rules = await settings(replaceRule("T001", /old/, "new", "display-only"));
    const outcome = fixSource(PATH, PATH, "old = 1\n", rules, { unsafe: true });
    assert.equal(outcome.text, "old = 1\n");
    assert.equal(outcome.passes, 0);
  });

  it("ignores a fix that changes nothing", async () => {
    const rules = await settings(replaceRule("T001", /same/, "same"));
    const outcome = fixSource(PATH, PATH, "same = 1\n", rules, { unsafe: false });
    assert.equal(outcome.applied.length, 0);
    assert.equal(outcome.settled, true);
  });

  it("keeps CRLF line endings", async () => {
    const rules = await settings(replaceRule("T001", /(?<!import os\r?\n)a = 1/, "import os\na = 1"));
    const outcome = fixSource(PATH, PATH, "a = 1\r\nb = 2\r\n", rules, { unsafe: false });
    assert.equal(outcome.text, "import os\r\na = 1\r\nb = 2\r\n");
  });

  it("keeps the final newline", async () => {
    const rules = await settings(replaceRule("T001", /b = 2\n/, "b = 3"));
    const outcome = fixSource(PATH, PATH, "a = 1\nb = 2\n", rules, { unsafe: false });
    assert.equal(outcome.text, "a = 1\nb = 3\n");
  });

  it("keeps a missing final newline missing", async () => {
    const rules = await settings(replaceRule("T001", /b = 2/, "b = 3\n"));
    const outcome = fixSource(PATH, PATH, "a = 1\nb = 2", rules, { unsafe: false });
    assert.equal(outcome.text, "a = 1\nb = 3");
  });

  it("leaves a file with a syntax error alone", async () => {
    const rules = await settings(replaceRule("T001", /old/, "new"));
    const outcome = fixSource(PATH, PATH, "old = (\n", rules, { unsafe: false });
    assert.equal(outcome.text, "old = (\n");
    assert.match(outcome.syntaxError ?? "", /syntax error at 1:/);
  });

  it("changes nothing on a second run", async () => {
    const rules = await settings(replaceRule("T001", /value = 1/, "value = 2"), replaceRule("T002", /value/, "amount"));
    const first = fixSource(PATH, PATH, "value = 1\nvalue = 1\n", rules, { unsafe: false });
    const second = fixSource(PATH, PATH, first.text, rules, { unsafe: false });
    assert.equal(second.text, first.text);
    assert.equal(second.applied.length, 0);
  });
});

describe("fixSource imports", () => {
  it("removes an import two fixes left unused", async () => {
    // Each fix replaces one use of `server`, so neither alone leaves it unused.
    const rules = await settings(replaceRule("T001", /server\.shell\(commands=\["[a-z]+"\]\)/, "pass"));
    const text = 'from pyinfra.operations import files, server\n\nserver.shell(commands=["a"])\nserver.shell(commands=["b"])\nfiles.file(path="/a")\n';
    const outcome = fixSource(PATH, PATH, text, rules, { unsafe: false });
    assert.equal(outcome.text, 'from pyinfra.operations import files\n\npass\npass\nfiles.file(path="/a")\n');
  });

  it("keeps an import that was unused before", async () => {
    const rules = await settings(replaceRule("T001", /old/, "new"));
    const text = "from pyinfra.operations import files\n\nold = 1\n";
    assert.equal(fixSource(PATH, PATH, text, rules, { unsafe: false }).text, "from pyinfra.operations import files\n\nnew = 1\n");
  });
});
