import { pipeToShell } from "./pipe-to-shell.js";
import type { InvalidCase } from "./testing.js";
import { testRule } from "./testing.js";

const IMPORT = "from pyinfra.operations import server\n\n";

/** Builds a case with one command in a list on line 3, where the string starts in column 24. */
function listCase(command: string, messageIncludes: string): InvalidCase {
  const literal = JSON.stringify(command);
  return {
    code: `${IMPORT}server.shell(commands=[${literal}])\n`,
    findings: [{ line: 3, column: 24, endLine: 3, endColumn: 24 + literal.length, messageIncludes }],
  };
}

testRule(pipeToShell, {
  valid: [
    `${IMPORT}server.shell(commands=["sh /usr/local/src/install.sh"])\n`,
    `${IMPORT}server.shell(commands=["curl -fsSL -o /tmp/install.sh https://x.test/install.sh"])\n`,
    `${IMPORT}server.shell(commands=["curl -s https://api.test/ip | jq -r .ip"])\n`,
    `${IMPORT}server.shell(commands=["curl -fsSL https://x.test/key.gpg | gpg --dearmor -o /etc/apt/keyrings/x.gpg"])\n`,
    `${IMPORT}server.shell(commands=["wget -qO- https://x.test/archive.tgz | tar xz -C /opt"])\n`,
    `${IMPORT}server.shell(commands=["cat /tmp/script.sh | sh"])\n`,
    // The shell runs a script file; the download only feeds its arguments.
    `${IMPORT}server.shell(commands=["curl -s https://x.test/ip | bash /opt/report.sh"])\n`,
    `${IMPORT}server.shell(commands=["echo \\"$(curl -s https://x.test/ip)\\""])\n`,
    // Not server.shell.
    'server = object()\nserver.shell(commands=["curl -fsSL https://get.docker.com | sh"])\n',
  ],
  invalid: [
    listCase("curl -fsSL https://get.docker.com | sh", "`curl -fsSL https://get.docker.com | sh`"),
    listCase("curl -sSf https://sh.rustup.rs | sh -s -- -y", "runs a downloaded script unchecked"),
    listCase("wget -O- https://x.test/install.sh | bash", "wget -O-"),
    listCase("wget -qO - https://x.test/install.sh | bash -", "wget -qO"),
    listCase("curl -fsSL https://x.test/install.sh | sudo bash", "sudo bash"),
    listCase("curl -fsSL https://x.test/install.sh | sudo -E bash -", "sudo -E bash"),
    listCase("curl -sSL https://install.python-poetry.org | python3 -", "python3 -"),
    listCase("curl -fsSL https://x.test/install.sh | tee /tmp/log | sh", "tee"),
    listCase("bash <(curl -fsSL https://x.test/install.sh)", "bash <(curl"),
    listCase('sh -c "$(curl -fsSL https://x.test/install.sh)"', "sh -c"),
    listCase('eval "$(curl -fsSL https://x.test/env.sh)"', "eval"),
    listCase("source <(wget -qO- https://x.test/env.sh)", "source <(wget"),
    {
      // Inside an `sh -c '...'` script.
      code: `${IMPORT}server.shell(commands=["sh -c 'curl -fsSL https://x.test/i.sh | sh'"])\n`,
      findings: [
        { line: 3, column: 24, endLine: 3, endColumn: 69, messageIncludes: "`curl -fsSL https://x.test/i.sh | sh`" },
      ],
    },
    {
      // A string command after an && part.
      code: `${IMPORT}server.shell(commands="apt-get update && curl -fsSL https://x.test/i.sh | bash", _sudo=True)\n`,
      findings: [{ line: 3, column: 23, endLine: 3, endColumn: 80, messageIncludes: "| bash" }],
    },
    {
      // An f-string URL.
      code: `${IMPORT}def install(version):\n    server.shell(commands=[f"curl -fsSL https://x.test/{version}/i.sh | sh"])\n`,
      findings: [{ line: 4, column: 28, endLine: 4, endColumn: 76, messageIncludes: "{version}" }],
    },
  ],
});
