import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

import { importTimeOperation } from "./import-time-operation.js";
import { testRule } from "./testing.js";

// A real project tree, because only `__init__.py` files mark packages:
//   __init__.py, app/__init__.py, deploys/web/__init__.py and deploys/packages/ without one.
const root = mkdtempSync(join(tmpdir(), "pik502-"));
for (const folder of ["app", join("deploys", "web", "tasks"), join("deploys", "packages")]) {
  mkdirSync(join(root, folder), { recursive: true });
}
for (const file of ["__init__.py", join("app", "__init__.py"), join("deploys", "web", "__init__.py")]) {
  writeFileSync(join(root, file), "");
}
after(() => rmSync(root, { recursive: true, force: true }));

const project = { root };
const topLevelOperation = 'from pyinfra.operations import apt\n\napt.packages(name="Install", packages=["nginx"])\n';

testRule(importTimeOperation, {
  valid: [
    // Operations inside functions run when the deploy calls them.
    'from pyinfra.operations import apt\n\ndef install():\n    apt.packages(name="Install", packages=["nginx"])\n',
    'from pyinfra.operations import server\n\nclass Setup:\n    def run(self):\n        server.shell(commands=["ls"])\n',
    'from pyinfra.operations import server\n\nrun = lambda: server.shell(commands=["ls"])\n',
    'from pyinfra.operations import server\n\nif __name__ == "__main__":\n    server.shell(commands=["ls"])\n',
    // Deploy scripts that pyinfra runs directly.
    { code: topLevelOperation, path: "/project/deploy.py" },
    { code: topLevelOperation, path: "/project/tasks/web.py" },
    { code: topLevelOperation, path: "/project/deploys/k3s-node.py" },
    // The project root is not a package even with an `__init__.py`.
    { code: topLevelOperation, path: join(root, "deploy.py"), project },
    // `deploys/packages/` has no `__init__.py`: its files are scripts run as
    // `pyinfra @local deploys/packages/laptop.py`.
    { code: topLevelOperation, path: join(root, "deploys", "packages", "laptop.py"), project },
  ],
  invalid: [
    {
      // The default location is `/project/deploys/example/__init__.py`.
      code: topLevelOperation,
      findings: [{ line: 3, column: 1, endLine: 3, endColumn: 13, messageIncludes: "a package's `__init__.py`" }],
    },
    {
      code: topLevelOperation,
      path: "/project/lib/__init__.py",
      findings: [{ line: 3, column: 1, endLine: 3, endColumn: 13, messageIncludes: "`apt.packages` runs when this module is imported" }],
    },
    {
      // Conditions and loops at the top level still run at import.
      code:
        "from pyinfra import host\nfrom pyinfra.facts.server import Which\nfrom pyinfra.operations import server\n\n" +
        'if not host.get_fact(Which, command="rofi"):\n    server.shell(commands=["brew install rofi"])\n' +
        'for name in ["a", "b"]:\n    server.user(user=name)\n',
      path: join(root, "app", "rofi.py"),
      project,
      findings: [
        { line: 6, column: 5, endLine: 6, endColumn: 17, messageIncludes: "its folder is a Python package" },
        { line: 8, column: 5, endLine: 8, endColumn: 16, messageIncludes: "server.user" },
      ],
    },
    {
      // A subfolder without its own `__init__.py` is still part of the deploy package.
      code: topLevelOperation,
      path: join(root, "deploys", "web", "tasks", "packages.py"),
      project,
      findings: [{ line: 3, column: 1, endLine: 3, endColumn: 13, messageIncludes: "the deploy package `deploys/web`" }],
    },
  ],
});
