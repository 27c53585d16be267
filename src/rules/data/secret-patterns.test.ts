// Every known secret format is found, in a string of its own and inside other text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findKnownFormats } from "./secret-patterns.js";

/** One made-up value per format, built from repeated characters. */
const SAMPLES: [kind: string, value: string][] = [
  ["an AWS access key ID", "AKIA" + "Q".repeat(16)],
  ["an AWS access key ID", "ASIA" + "Q".repeat(16)],
  ["a GitHub token", "ghp_" + "a1".repeat(18)],
  ["a GitHub token", "github_pat_" + "a1".repeat(11)],
  ["a GitLab token", "glpat-" + "a1".repeat(10)],
  ["a Slack token", "xoxb-" + "1234567890"],
  ["a Slack webhook URL", "https://hooks.slack.com/services/T0000/B0000/" + "a".repeat(24)],
  ["a private key", "-----BEGIN RSA PRIVATE KEY-----"],
  ["a Google API key", "AIza" + "a".repeat(35)],
  ["a Stripe secret key", "sk_live_" + "a1".repeat(10)],
  ["an API key", "sk-" + "a1".repeat(16)],
  ["an npm token", "npm_" + "a1".repeat(18)],
  ["a JSON Web Token", "eyJ" + "a".repeat(8) + ".eyJ" + "b".repeat(8) + "." + "c".repeat(8)],
  ["a password in a URL", "postgres://app:" + "k".repeat(12) + "@db.internal/app"],
];

describe("findKnownFormats", () => {
  for (const [kind, value] of SAMPLES) {
    it(`finds ${kind} (${value.slice(0, 11)})`, () => {
      assert.deepEqual(findKnownFormats(value).map((match) => match.kind), [kind]);
      assert.deepEqual(findKnownFormats(`token: ${value} end`).map((match) => match.kind), [kind]);
    });
  }

  it("finds nothing in plain text", () => {
    assert.deepEqual(findKnownFormats("Install nginx and curl on https://example.org/docs"), []);
  });
});
