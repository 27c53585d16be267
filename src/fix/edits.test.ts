// Pins how fixes are picked, combined and applied as text edits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Fix } from "../rules/types.js";
import {
  applyFixes,
  detectLineEnding,
  editsOverlap,
  invalidEditsReason,
  keepFinalNewline,
  pickCompatible,
} from "./edits.js";

function fix(title: string, ...edits: [number, number, string][]): { fix: Fix } {
  return {
    fix: { title, applicability: "safe", edits: edits.map(([start, end, content]) => ({ start, end, content })) },
  };
}

describe("editsOverlap", () => {
  it("intersecting ranges overlap", () => {
    assert.equal(editsOverlap({ start: 0, end: 5, content: "" }, { start: 4, end: 8, content: "" }), true);
  });
  it("touching ranges do not overlap", () => {
    assert.equal(editsOverlap({ start: 0, end: 5, content: "" }, { start: 5, end: 8, content: "" }), false);
  });
  it("insertions at one offset overlap", () => {
    assert.equal(editsOverlap({ start: 3, end: 3, content: "a" }, { start: 3, end: 3, content: "b" }), true);
  });
  it("insertion inside a replacement overlaps", () => {
    assert.equal(editsOverlap({ start: 2, end: 6, content: "" }, { start: 4, end: 4, content: "x" }), true);
  });
});

describe("pickCompatible", () => {
  it("defers a fix that overlaps an earlier one", () => {
    const first = fix("first", [0, 3, "abc"]);
    const second = fix("second", [2, 5, "xyz"]);
    const third = fix("third", [6, 7, "q"]);
    const { picked, deferred } = pickCompatible([first, second, third]);
    assert.deepEqual(picked, [first, third]);
    assert.deepEqual(deferred, [second]);
  });
  it("shares an identical edit between fixes", () => {
    const importEdit: [number, number, string] = [0, 0, "import os\n"];
    const first = fix("first", importEdit, [10, 12, "a"]);
    const second = fix("second", importEdit, [20, 22, "b"]);
    const { picked } = pickCompatible([first, second]);
    assert.equal(picked.length, 2);
  });
});

describe("applyFixes", () => {
  it("applies edits of several fixes", () => {
    const text = "aaa bbb ccc";
    const result = applyFixes(text, [fix("a", [0, 3, "x"]).fix, fix("c", [8, 11, "z"]).fix], "\n");
    assert.equal(result, "x bbb z");
  });
  it("applies a shared edit once", () => {
    const text = "body\n";
    const shared: [number, number, string] = [0, 0, "head\n"];
    const result = applyFixes(text, [fix("a", shared).fix, fix("b", shared, [4, 4, "!"]).fix], "\n");
    assert.equal(result, "head\nbody!\n");
  });
  it("converts inserted line breaks to CRLF", () => {
    const result = applyFixes("a\r\nb\r\n", [fix("a", [3, 3, "x\ny\n"]).fix], "\r\n");
    assert.equal(result, "a\r\nx\r\ny\r\nb\r\n");
  });
  it("rejects overlapping edits", () => {
    assert.throws(() => applyFixes("abcdef", [fix("a", [0, 3, "x"]).fix, fix("b", [2, 4, "y"]).fix], "\n"));
  });
});

describe("invalidEditsReason", () => {
  it("accepts sorted disjoint edits", () => {
    assert.equal(invalidEditsReason(fix("a", [0, 1, "x"], [2, 3, "y"]).fix, 5), null);
  });
  it("rejects overlapping edits of one fix", () => {
    assert.match(invalidEditsReason(fix("a", [0, 3, "x"], [2, 4, "y"]).fix, 5) ?? "", /overlap/);
  });
  it("rejects an edit past the end", () => {
    assert.match(invalidEditsReason(fix("a", [3, 9, "x"]).fix, 5) ?? "", /outside/);
  });
  it("rejects a fix without edits", () => {
    assert.match(invalidEditsReason(fix("a").fix, 5) ?? "", /no edits/);
  });
});

describe("line endings", () => {
  it("detects CRLF from the first line", () => {
    assert.equal(detectLineEnding("a\r\nb\n"), "\r\n");
  });
  it("defaults to LF", () => {
    assert.equal(detectLineEnding("a"), "\n");
  });
  it("adds back a lost final newline", () => {
    assert.equal(keepFinalNewline("a\n", "b", "\n"), "b\n");
  });
  it("keeps a missing final newline missing", () => {
    assert.equal(keepFinalNewline("a", "a\nb\n", "\n"), "a\nb");
  });
  it("keeps a CRLF final newline", () => {
    assert.equal(keepFinalNewline("a\r\n", "b", "\r\n"), "b\r\n");
  });
});
