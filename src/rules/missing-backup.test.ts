// Pins which edits of critical files need `backup=True`, and the fix that adds it.
import { missingBackup } from "./missing-backup.js";
import { testRule } from "./testing.js";

const OPS = "from pyinfra.operations import files\n";

testRule(missingBackup, {
  valid: [
    `${OPS}files.line(path="/etc/ssh/sshd_config", line="^PermitRootLogin", replace="PermitRootLogin no", backup=True)\n`,
    // An explicit `backup=False` is a deliberate choice.
    `${OPS}files.line(path="/etc/fstab", line="tmpfs /tmp", backup=False)\n`,
    // Positional `backup` of `files.line` is the sixth argument.
    `${OPS}files.line("/etc/fstab", "tmpfs /tmp", True, None, "", True)\n`,
    `${OPS}files.line(path="/etc/app.conf", line="debug = false")\n`,
    `${OPS}files.line(path="/etc/ssh/ssh_config", line="HashKnownHosts yes")\n`,
    `${OPS}files.line(path=f"/etc/{name}", line="x")\n`,
    `${OPS}files.line(path="/etc/hosts", line="x", **common)\n`,
    // files.put and files.template have no `backup` parameter.
    `${OPS}files.put(src="sudoers", dest="/etc/sudoers")\n`,
    `${OPS}files.template(src="sshd_config.j2", dest="/etc/ssh/sshd_config")\n`,
  ],
  invalid: [
    {
      code: `${OPS}files.line(path="/etc/ssh/sshd_config", line="^PermitRootLogin", replace="PermitRootLogin no")\n`,
      output: `${OPS}files.line(path="/etc/ssh/sshd_config", line="^PermitRootLogin", replace="PermitRootLogin no", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11, messageIncludes: "`/etc/ssh/sshd_config`" }],
    },
    {
      code: `${OPS}files.replace(path="/etc/sudoers.d/deploy", text="ALL", replace="NOPASSWD: ALL")\n`,
      output: `${OPS}files.replace(path="/etc/sudoers.d/deploy", text="ALL", replace="NOPASSWD: ALL", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 14, messageIncludes: "`/etc/sudoers.d/deploy`" }],
    },
    {
      code: `${OPS}files.block(path="/etc/hosts", content="10.0.0.2 db")\n`,
      output: `${OPS}files.block(path="/etc/hosts", content="10.0.0.2 db", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 12 }],
    },
    {
      code: `${OPS}files.line(f"/etc/pam.d/{service}", "auth required pam_env.so")\n`,
      output: `${OPS}files.line(f"/etc/pam.d/{service}", "auth required pam_env.so", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11, messageIncludes: "`/etc/pam.d/...`" }],
    },
    {
      code: `${OPS}files.line(path="/boot/firmware/config.txt", line="dtoverlay=pcie-32bit-dma")\n`,
      output: `${OPS}files.line(path="/boot/firmware/config.txt", line="dtoverlay=pcie-32bit-dma", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
    {
      code: `${OPS}files.line(path="/etc//fstab", line="tmpfs /tmp tmpfs defaults 0 0")\n`,
      output: `${OPS}files.line(path="/etc//fstab", line="tmpfs /tmp tmpfs defaults 0 0", backup=True)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11, messageIncludes: "`/etc//fstab`" }],
    },
    {
      code: `${OPS}files.line(\n    path="/etc/fstab",\n    line="tmpfs /tmp",\n)\n`,
      output: `${OPS}files.line(\n    path="/etc/fstab",\n    line="tmpfs /tmp",\n    backup=True,\n)\n`,
      findings: [{ line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
  ],
});
