// Pins the mutable fact table to the installed pyinfra: every fact, alias and
// managing operation it names must exist there.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

import { findInterpreter } from "../../workspace/interpreter.js";
import { REPOSITORY_ROOT, testCatalogue } from "../testing.js";
import { FACT_ALIASES, MUTABLE_FACTS, mutableFact } from "./mutable-facts.js";

function splitQualified(qualifiedName: string): [string, string] {
  const dot = qualifiedName.lastIndexOf(".");
  return [qualifiedName.slice(0, dot), qualifiedName.slice(dot + 1)];
}

describe("mutable fact table", () => {
  it("names only facts of the installed pyinfra", async () => {
    const catalogue = await testCatalogue();
    const missing = [...MUTABLE_FACTS.keys()].filter((fact) => !catalogue.fact(...splitQualified(fact)));
    assert.deepEqual(missing, []);
  });

  it("names only operations of the installed pyinfra", async () => {
    const catalogue = await testCatalogue();
    const operations = [...MUTABLE_FACTS.values()].filter((operation) => operation !== null);
    const missing = operations.filter((operation) => !catalogue.operation(operation));
    assert.deepEqual(missing, []);
  });

  it("leaves facts about the machine out", () => {
    const immutable = [
      "server.LinuxName",
      "server.LinuxDistribution",
      "server.Arch",
      "server.Os",
      "server.OsVersion",
      "server.Kernel",
      "server.KernelVersion",
      "server.Home",
      "deb.DebArch",
      "hardware.Cpus",
    ];
    for (const fact of immutable) assert.equal(mutableFact(fact), undefined, fact);
  });

  it("resolves aliases to table entries", () => {
    for (const [alias, target] of FACT_ALIASES) {
      assert.ok(MUTABLE_FACTS.has(target), `${alias} points at ${target}, which is not in the table`);
      assert.equal(mutableFact(alias), MUTABLE_FACTS.get(target), alias);
    }
  });

  it("aliases are the same classes in pyinfra", () => {
    const interpreter = findInterpreter(REPOSITORY_ROOT);
    const pairs = [...FACT_ALIASES].map(([alias, target]) => [splitQualified(alias), splitQualified(target)]);
    const script = [
      "import importlib, json, sys",
      "pairs = json.loads(sys.argv[1])",
      "def load(module, name):",
      "    return getattr(importlib.import_module('pyinfra.facts.' + module), name, None)",
      "print(json.dumps([a[0] + '.' + a[1] for a, t in pairs",
      "    if load(*a) is None or load(*a) is not load(*t)]))",
    ].join("\n");
    const [command, ...leading] = interpreter.command;
    const output = execFileSync(command, [...leading, "-c", script, JSON.stringify(pairs)], {
      cwd: interpreter.cwd,
      encoding: "utf8",
    });
    assert.deepEqual(JSON.parse(output), []);
  });
});
