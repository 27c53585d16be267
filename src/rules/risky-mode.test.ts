// Pins which literal modes are unsafe for the path they apply to, and the
// rewrite of Python octal integers.
import { riskyMode } from "./risky-mode.js";
import { testRule } from "./testing.js";

const OPS = "from pyinfra.operations import files, gpg\n";

testRule(riskyMode, {
  valid: [
    `${OPS}files.put(src="a", dest="/etc/a.conf", mode="644")\n`,
    `${OPS}files.put(src="a", dest="/etc/a.conf", mode=644)\n`,
    `${OPS}files.directory(path="/srv/shared", mode="2775")\n`,
    // The sticky bit keeps other users from deleting each other's files, as in /tmp.
    `${OPS}files.directory(path="/srv/drop", mode="1777")\n`,
    `${OPS}files.put(src="sudo", dest="/usr/local/bin/helper", mode="4755")\n`,
    `${OPS}files.put(src="a", dest="/home/a/.ssh/id_ed25519", mode="600")\n`,
    `${OPS}files.put(src="a", dest="/home/a/.ssh/id_ed25519.pub", mode="644")\n`,
    `${OPS}files.put(src="a", dest="/home/a/.ssh/authorized_keys", mode="644")\n`,
    `${OPS}files.put(src="a", dest="/etc/sudoers.d/app", mode="440")\n`,
    `${OPS}files.put(src="a", dest="/etc/ssl/private/site.key", mode="640")\n`,
    `${OPS}files.put(src="a", dest="/etc/passwd", mode="644")\n`,
    `${OPS}files.file(path="/usr/local/bin/tool", mode="+x")\n`,
    `${OPS}files.file(path="/srv/app/run.sh", mode="u+x,g+x")\n`,
    `${OPS}files.put(src="a", dest="/etc/a.conf", mode=MODE)\n`,
    `${OPS}files.put(src="a", dest="/etc/a.conf", mode=True)\n`,
    `${OPS}files.sync(src="site", dest="/srv/www", mode="644", dir_mode="755")\n`,
    `${OPS}gpg.key(src="https://example.org/key.asc", dest="/etc/apt/keyrings/example.gpg")\n`,
  ],
  invalid: [
    {
      code: `${OPS}files.directory(path="/tmp/paru", mode="777")\n`,
      findings: [
        {
          line: 2,
          column: 40,
          endLine: 2,
          endColumn: 45,
          messageIncludes: 'use `mode="1777"` if other users must write in it, else `mode="775"`',
        },
      ],
    },
    {
      code: `${OPS}files.put(src="a", dest="/etc/a.conf", mode="0666")\n`,
      findings: [{ line: 2, column: 45, endLine: 2, endColumn: 51, messageIncludes: 'use `mode="664"`' }],
    },
    {
      // pyinfra reads the integer 777 as the octal digits 777.
      code: `${OPS}files.file(path="/srv/a.log", mode=777)\n`,
      findings: [{ line: 2, column: 36, endLine: 2, endColumn: 39, messageIncludes: "writable by every user" }],
    },
    {
      code: `${OPS}files.file(path="/srv/a.log", mode="a+w")\n`,
      findings: [{ line: 2, column: 36, endLine: 2, endColumn: 41, messageIncludes: "without those permissions" }],
    },
    {
      code: `${OPS}files.directory(path="/srv/up", mode="o+rwx")\n`,
      findings: [{ line: 2, column: 38, endLine: 2, endColumn: 45, messageIncludes: "sticky bit" }],
    },
    {
      code: `${OPS}files.put(src="a", dest="/etc/app.conf", mode="4755")\n`,
      findings: [{ line: 2, column: 47, endLine: 2, endColumn: 53, messageIncludes: "setuid" }],
    },
    {
      code: `${OPS}files.file(path="/srv/app/run.sh", mode="g+s")\n`,
      findings: [{ line: 2, column: 41, endLine: 2, endColumn: 46, messageIncludes: "setgid" }],
    },
    {
      code: `${OPS}files.put(src="k", dest="/home/a/.ssh/id_rsa", mode="644")\n`,
      findings: [{ line: 2, column: 53, endLine: 2, endColumn: 58, messageIncludes: 'SSH private key `/home/a/.ssh/id_rsa`; use `mode="600"`' }],
    },
    {
      code: `${OPS}files.put(src="s", dest="/etc/sudoers.d/deploy", mode="0644")\n`,
      findings: [{ line: 2, column: 55, endLine: 2, endColumn: 61, messageIncludes: 'use `mode="440"`' }],
    },
    {
      code: `${OPS}files.template(src="env.j2", dest="/srv/app/.env", mode="644")\n`,
      findings: [{ line: 2, column: 57, endLine: 2, endColumn: 62, messageIncludes: 'secret file `/srv/app/.env`; use `mode="640"`' }],
    },
    {
      code: `${OPS}files.put(src="t", dest="/etc/app/api_token", mode="664")\n`,
      findings: [{ line: 2, column: 52, endLine: 2, endColumn: 57, messageIncludes: "secret file" }],
    },
    {
      code: `${OPS}files.directory(path="/home/a/.ssh", mode="775")\n`,
      findings: [{ line: 2, column: 43, endLine: 2, endColumn: 48, messageIncludes: "sshd then ignores" }],
    },
    {
      code: `${OPS}files.sync(src="up", dest="/srv/up", mode="644", dir_mode="777")\n`,
      findings: [{ line: 2, column: 59, endLine: 2, endColumn: 64, messageIncludes: "sticky bit" }],
    },
    {
      code: `${OPS}files.put("a", "/srv/a", None, None, "666")\n`,
      findings: [{ line: 2, column: 38, endLine: 2, endColumn: 43 }],
    },
    {
      code: `${OPS}files.put(src="a", dest="/etc/a.conf", mode=0o644)\n`,
      output: `${OPS}files.put(src="a", dest="/etc/a.conf", mode="644")\n`,
      findings: [{ line: 2, column: 45, endLine: 2, endColumn: 50, messageIncludes: "applies mode `420`" }],
    },
    {
      code: `${OPS}files.file(path="/usr/local/bin/a", mode=0o755)\n`,
      output: `${OPS}files.file(path="/usr/local/bin/a", mode="755")\n`,
      findings: [{ line: 2, column: 42, endLine: 2, endColumn: 47, messageIncludes: "pyinfra rejects" }],
    },
  ],
});
