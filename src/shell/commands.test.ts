// Pins how a shell command line splits into simple commands: words after
// quote removal, joiners, pipelines, redirections, prefixes and `sh -c`.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { initParsers } from "../python/parser.js";
import { parseShellScript } from "./commands.js";
import { placeholder } from "./python-template.js";
import type { SimpleCommand } from "./types.js";

function argv(command: SimpleCommand): string[] {
  return command.argv.map((word) => word.value);
}

function summary(text: string): { joiner: string | null; argv: string[] }[] {
  return parseShellScript(text).commands.map((command) => ({ joiner: command.joiner, argv: argv(command) }));
}

before(async () => {
  await initParsers();
});

describe("parseShellScript joiners", () => {
  it("splits && chains", () => {
    assert.deepEqual(summary("apt-get update && apt-get install -y nginx"), [
      { joiner: null, argv: ["apt-get", "update"] },
      { joiner: "&&", argv: ["apt-get", "install", "-y", "nginx"] },
    ]);
  });

  it("splits ; and newlines", () => {
    assert.deepEqual(summary("mkdir /a; touch /a/b\nls"), [
      { joiner: null, argv: ["mkdir", "/a"] },
      { joiner: ";", argv: ["touch", "/a/b"] },
      { joiner: ";", argv: ["ls"] },
    ]);
  });

  it("splits || and &", () => {
    assert.deepEqual(summary("id deploy || useradd deploy & wait"), [
      { joiner: null, argv: ["id", "deploy"] },
      { joiner: "||", argv: ["useradd", "deploy"] },
      { joiner: "&", argv: ["wait"] },
    ]);
  });

  it("finds commands inside if statements", () => {
    assert.deepEqual(
      summary("if [ ! -d /srv ]; then mkdir /srv; fi").map((command) => command.argv),
      [["mkdir", "/srv"]],
    );
  });
});

describe("parseShellScript pipelines", () => {
  it("groups the stages of a pipe", () => {
    const [curl, sh] = parseShellScript("curl -fsSL https://x.test/install | sh -s -- -y").commands;
    assert.equal(curl.pipeline, sh.pipeline);
    assert.equal(curl.stage, 0);
    assert.equal(sh.stage, 1);
    assert.equal(sh.joiner, "|");
    assert.equal(curl.pipeline?.stages.length, 2);
  });

  it("puts a subshell's commands in one stage", () => {
    const commands = parseShellScript('(crontab -l; echo "* * * * * job") | crontab -').commands;
    assert.deepEqual(commands.map((command) => command.stage), [0, 0, 1]);
    assert.equal(commands[0].pipeline?.stages[0].length, 2);
  });

  it("joins a pipe written after a here-document start", () => {
    const [cat, tee] = parseShellScript("cat <<EOF | tee /etc/motd\nhello\nEOF").commands;
    assert.equal(cat.pipeline, tee.pipeline);
    assert.equal(tee.stage, 1);
    assert.equal(cat.redirects[0].heredoc, "hello\n");
  });
});

describe("parseShellScript words", () => {
  it("removes quotes and backslashes", () => {
    const [command] = parseShellScript(`echo "a b" 'c d' e\\ f "x\\"y" $'t\\n'`).commands;
    assert.deepEqual(argv(command), ["echo", "a b", "c d", "e f", 'x"y', "t\n"]);
    assert.equal(command.argv[1].quoted, true);
    assert.equal(command.argv[3].quoted, false);
  });

  it("marks shell expansions and globs as expanding", () => {
    const [command] = parseShellScript('rm -rf "$DIR" /tmp/*.log ~/x plain "${HOME}/y" $(date)').commands;
    assert.deepEqual(
      command.argv.map((word) => word.expands),
      [false, false, true, true, true, false, true, true],
    );
  });

  it("keeps the commands of a command substitution", () => {
    const commands = parseShellScript('sh -c "$(curl -fsSL https://x.test)"').commands;
    assert.deepEqual(commands.map((command) => [command.program, command.context]), [
      ["sh", "statement"],
      ["curl", "command-substitution"],
    ]);
    assert.equal(commands[0].argv[2].nested[0], commands[1]);
  });

  it("keeps the commands of a process substitution", () => {
    const commands = parseShellScript("bash <(curl -s https://x.test)").commands;
    assert.equal(commands[1].context, "process-substitution");
    assert.equal(commands[0].argv[1].nested[0].program, "curl");
  });
});

describe("parseShellScript redirections", () => {
  it("reads > and >> with their targets", () => {
    const [first, second] = parseShellScript("echo a > /etc/a && echo b >> /etc/b 2>&1").commands;
    assert.deepEqual(first.redirects.map((redirect) => [redirect.operator, redirect.target?.value]), [[">", "/etc/a"]]);
    assert.deepEqual(
      second.redirects.map((redirect) => [redirect.descriptor, redirect.operator, redirect.target?.value]),
      [
        [null, ">>", "/etc/b"],
        ["2", ">&", "1"],
      ],
    );
  });

  it("gives a redirect after && only to the last command", () => {
    const [first, second] = parseShellScript("cd /srv && echo hi > out.txt").commands;
    assert.equal(first.redirects.length, 0);
    assert.equal(second.redirects.length, 1);
    assert.equal(second.text, "echo hi > out.txt");
  });

  it("reads a quoted here-document delimiter as literal", () => {
    const [cat] = parseShellScript("cat > /etc/x <<'EOF'\n$HOME\nEOF").commands;
    const heredoc = cat.redirects.find((redirect) => redirect.heredoc !== null);
    assert.equal(heredoc?.heredocLiteral, true);
    assert.equal(heredoc?.heredoc, "$HOME\n");
  });
});

describe("parseShellScript prefixes", () => {
  it("strips sudo with -u and other options", () => {
    const [command] = parseShellScript("sudo -E -u postgres -H createdb app").commands;
    assert.deepEqual(argv(command), ["createdb", "app"]);
    assert.equal(command.sudo?.user?.value, "postgres");
    assert.deepEqual(command.sudo?.options, ["-E", "-H"]);
  });

  it("strips sudo --user=NAME", () => {
    const [command] = parseShellScript("sudo --user=www-data php artisan migrate").commands;
    assert.equal(command.sudo?.user?.value, "www-data");
    assert.equal(command.program, "php");
  });

  it("strips env and assignments", () => {
    const [command] = parseShellScript("DEBIAN_FRONTEND=noninteractive env -i LANG=C apt-get install -y x").commands;
    assert.deepEqual(argv(command), ["apt-get", "install", "-y", "x"]);
    assert.deepEqual(command.assignments.map((word) => word.value), ["DEBIAN_FRONTEND=noninteractive", "LANG=C"]);
    assert.equal(command.sudo, null);
  });

  it("strips sudo before env", () => {
    const [command] = parseShellScript("sudo env PATH=/opt/bin:$PATH make install").commands;
    assert.equal(command.program, "make");
    assert.notEqual(command.sudo, null);
  });

  it("gives the base name of a program path", () => {
    const [command] = parseShellScript("/usr/bin/systemctl restart nginx").commands;
    assert.equal(command.name, "/usr/bin/systemctl");
    assert.equal(command.program, "systemctl");
  });
});

describe("parseShellScript sh -c", () => {
  it("parses a single-quoted script", () => {
    const commands = parseShellScript("sh -c 'systemctl daemon-reload && systemctl restart app'").commands;
    assert.deepEqual(commands.map(argv), [
      ["sh", "-c", "systemctl daemon-reload && systemctl restart app"],
      ["systemctl", "daemon-reload"],
      ["systemctl", "restart", "app"],
    ]);
    assert.equal(commands[1].wrapper, commands[0]);
    assert.equal(commands[2].joiner, "&&");
    assert.equal(commands[0].script?.parsed.commands.length, 2);
  });

  it("parses a double-quoted script behind sudo and options", () => {
    const commands = parseShellScript('sudo bash -ec "echo \\"a b\\" | tee -a /etc/f"').commands;
    assert.deepEqual(commands.slice(1).map(argv), [
      ["echo", "a b"],
      ["tee", "-a", "/etc/f"],
    ]);
  });

  it("does not unwrap a script the shell computes", () => {
    const commands = parseShellScript('bash -c "$SCRIPT"').commands;
    assert.equal(commands.length, 1);
    assert.equal(commands[0].script, null);
  });
});

describe("parseShellScript placeholders", () => {
  it("reads how the shell quotes each Python value", () => {
    const text = `echo ${placeholder(0)} "${placeholder(1)}" '${placeholder(2)}' "$(ls ${placeholder(3)})"`;
    const script = parseShellScript(text);
    assert.deepEqual(
      script.occurrences.map((occurrence) => [occurrence.index, occurrence.quoting]),
      [
        [0, "unquoted"],
        [1, "double"],
        [2, "single"],
        [3, "unquoted"],
      ],
    );
    assert.deepEqual(script.commands[0].argv[1].interpolations, [0]);
  });

  it("reads a value in an sh -c script by the inner quoting", () => {
    const script = parseShellScript(`sh -c 'rm -rf ${placeholder(0)}'`);
    assert.deepEqual(
      script.occurrences.map((occurrence) => occurrence.quoting),
      ["unquoted"],
    );
  });
});
