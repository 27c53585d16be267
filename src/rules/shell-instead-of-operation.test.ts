import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { shellInsteadOfOperation } from "./shell-instead-of-operation.js";
import type { InvalidCase } from "./testing.js";
import { runRule, testRule } from "./testing.js";

const IMPORT = "from pyinfra.operations import server\n\n";

/**
 * Builds a case with one command in a one-element list on line 3. The string
 * starts in column 24, after `server.shell(commands=[`, and the finding spans it.
 */
function listCase(command: string, messageIncludes: string, fixed?: string): InvalidCase {
  const literal = JSON.stringify(command);
  const module = fixed?.slice(0, fixed.indexOf("."));
  return {
    code: `${IMPORT}server.shell(commands=[${literal}])\n`,
    findings: [{ line: 3, column: 24, endLine: 3, endColumn: 24 + literal.length, messageIncludes }],
    // The fix replaces the call and the `server` import that it no longer needs.
    output: fixed ? `from pyinfra.operations import ${module}\n\n${fixed}\n` : undefined,
  };
}

testRule(shellInsteadOfOperation, {
  valid: [
    `${IMPORT}server.shell(commands=["./configure && make && make install"])\n`,
    `${IMPORT}server.shell(commands=["certbot renew --quiet"])\n`,
    `${IMPORT}server.shell(commands=["docker compose up -d"])\n`,
    `${IMPORT}server.shell(commands=["curl -s https://api.test/ip | jq -r .ip"])\n`,
    `${IMPORT}server.shell(commands=["systemctl status nginx", "journalctl -u nginx -n 20"])\n`,
    // Dynamic commands: the program or the whole command is only known at run time.
    `${IMPORT}def run(command):\n    server.shell(commands=[command])\n`,
    `${IMPORT}def install(manager):\n    server.shell(commands=[f"{manager} install -y nginx"])\n`,
    `${IMPORT}server.shell(commands=["systemctl restart $SERVICE"])\n`,
    `${IMPORT}server.shell(commands=["mkdir -p ~/.config/app"])\n`,
    `${IMPORT}server.shell(commands=["rm -rf /tmp/build-*"])\n`,
    // `rm -r` on a path that may be a file, a link or a directory: no single operation fits.
    `${IMPORT}server.shell(commands=["rm -rf /etc/localtime"])\n`,
    // Forms whose meaning is not certain.
    `${IMPORT}server.shell(commands=["systemctl restart nginx php-fpm"])\n`,
    `${IMPORT}server.shell(commands=["chmod +x /usr/local/bin/tool.sh"])\n`,
    `${IMPORT}server.shell(commands=["apt-get install -y ./package.deb"])\n`,
    `${IMPORT}server.shell(commands=["sed -i 's/a/& b/' /etc/x.conf"])\n`,
    `${IMPORT}server.shell(commands=["npm install"])\n`,
    // A `shell` that is not pyinfra's.
    'server = object()\nserver.shell(commands=["systemctl restart nginx"])\n',
    'from fabric import operations as server\nserver.shell(commands=["apt-get update"])\n',
    // Not server.shell.
    'from pyinfra.operations import server\nserver.script(src="files/restart.sh")\n',
  ],
  invalid: [
    {
      // The path could be a file or a folder, so the fix is shown but not applied.
      code: 'from pyinfra.operations import server\nserver.shell(name="Own", commands=["chown app:app /srv/data"], _sudo=True)\n',
      findings: [{ line: 2, column: 36, endLine: 2, endColumn: 61, messageIncludes: "or `files.directory(...)`" }],
    },
    listCase(
      "apt-get install -y nginx",
      'apt.packages(packages=["nginx"])',
      'apt.packages(packages=["nginx"])',
    ),
    listCase("apt-get remove -y nginx", "present=False", 'apt.packages(packages=["nginx"], present=False)'),
    listCase(
      "apt-get purge -y nginx",
      "purge=True",
      'apt.packages(packages=["nginx"], present=False, purge=True)',
    ),
    listCase("apt-get update", "apt.update()", "apt.update()"),
    listCase("dnf install -y httpd", "dnf.packages(", 'dnf.packages(packages=["httpd"])'),
    listCase("yum remove -y httpd", "yum.packages(", 'yum.packages(packages=["httpd"], present=False)'),
    listCase("apk add --no-cache curl", "apk.packages(", 'apk.packages(packages=["curl"])'),
    listCase("apk del curl", "apk.packages(", 'apk.packages(packages=["curl"], present=False)'),
    listCase("pacman -S --noconfirm git", "pacman.packages(", 'pacman.packages(packages=["git"])'),
    listCase("pacman -Syu --noconfirm", "pacman.upgrade()", "pacman.upgrade()"),
    listCase("pacman -Sy", "pacman.update()", "pacman.update()"),
    listCase(
      "pacman -R --noconfirm git",
      "present=False",
      'pacman.packages(packages=["git"], present=False)',
    ),
    listCase("zypper install -y nginx", "zypper.packages(", 'zypper.packages(packages=["nginx"])'),
    listCase(
      "zypper remove -y nginx",
      "zypper.packages(",
      'zypper.packages(packages=["nginx"], present=False)',
    ),
    listCase("pip install requests", "pip.packages(", 'pip.packages(packages=["requests"])'),
    listCase(
      "pip3 uninstall -y requests",
      "present=False",
      'pip.packages(packages=["requests"], present=False, pip="pip3")',
    ),
    listCase("npm install -g pm2", "npm.packages(", 'npm.packages(packages=["pm2"])'),
    listCase("npm i -g yarn", "npm.packages(", 'npm.packages(packages=["yarn"])'),
    listCase("gem install bundler", "gem.packages(", 'gem.packages(packages=["bundler"])'),
    listCase("systemctl start redis", "running=True", 'systemd.service(service="redis", running=True)'),
    listCase("systemctl stop redis", "running=False", 'systemd.service(service="redis", running=False)'),
    listCase(
      "systemctl restart nginx",
      'systemd.service(service="nginx", restarted=True)',
      'systemd.service(service="nginx", restarted=True)',
    ),
    listCase("systemctl reload nginx", "reloaded=True", 'systemd.service(service="nginx", reloaded=True)'),
    listCase(
      "systemctl enable nginx",
      "enabled=True",
      'systemd.service(service="nginx", running=None, enabled=True)',
    ),
    listCase(
      "systemctl disable nginx",
      "enabled=False",
      'systemd.service(service="nginx", running=None, enabled=False)',
    ),
    listCase(
      "systemctl enable --now nginx",
      "running=True, enabled=True",
      'systemd.service(service="nginx", running=True, enabled=True)',
    ),
    listCase("systemctl daemon-reload", "systemd.daemon_reload()", "systemd.daemon_reload()"),
    listCase("service nginx restart", "server.service(", 'server.service(service="nginx", restarted=True)'),
    listCase("mkdir -p /srv/app", 'files.directory(path="/srv/app")', 'files.directory(path="/srv/app")'),
    listCase("chmod 640 /etc/app/app.conf", "mode=640", 'files.file(path="/etc/app/app.conf", mode=640)'),
    listCase(
      "chown -R app:app /srv/app",
      'user="app", group="app", recursive=True',
      'files.directory(path="/srv/app", user="app", group="app", recursive=True)',
    ),
    listCase(
      "ln -sf /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app",
      "files.link(",
      'files.link(path="/etc/nginx/sites-enabled/app", target="/etc/nginx/sites-available/app")',
    ),
    listCase(
      "rm -f /etc/nginx/sites-enabled/default",
      "present=False",
      'files.file(path="/etc/nginx/sites-enabled/default", present=False)',
    ),
    listCase("touch /var/log/app.log", "files.file(", 'files.file(path="/var/log/app.log")'),
    {
      ...listCase("echo 'net.ipv4.ip_forward=1' > /etc/sysctl.d/99-forward.conf", "files.put(src=StringIO("),
      // The content becomes a `StringIO`, imported on its own line.
      output:
        "from pyinfra.operations import files\nfrom io import StringIO\n\n" +
        'files.put(src=StringIO("net.ipv4.ip_forward=1\\n"), dest="/etc/sysctl.d/99-forward.conf")\n',
    },
    listCase(
      "echo 'export EDITOR=vim' >> /etc/profile",
      "files.line(",
      'files.line(path="/etc/profile", line="export EDITOR=vim")',
    ),
    listCase(
      "sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config",
      "files.replace(",
      'files.replace(path="/etc/ssh/sshd_config", text="^#Port 22", replace="Port 2222")',
    ),
    listCase("useradd -m deploy", "server.user(", 'server.user(user="deploy", create_home=True)'),
    listCase("adduser --system app", "system=True", 'server.user(user="app", system=True)'),
    listCase(
      "usermod -aG docker deploy",
      "append=True",
      'server.user(user="deploy", groups=["docker"], append=True)',
    ),
    listCase("groupadd docker", "server.group(", 'server.group(group="docker")'),
    listCase(
      "git clone https://github.com/a/b.git /opt/b",
      "git.repo(",
      'git.repo(src="https://github.com/a/b.git", dest="/opt/b")',
    ),
    listCase(
      "curl -fsSL -o /usr/local/bin/tool https://x.test/tool",
      "files.download(",
      'files.download(src="https://x.test/tool", dest="/usr/local/bin/tool")',
    ),
    listCase(
      "curl -O https://x.test/tool.tar.gz",
      "files.download(",
      'files.download(src="https://x.test/tool.tar.gz", dest="tool.tar.gz")',
    ),
    listCase(
      "wget -O /tmp/a.zip https://x.test/a.zip",
      "files.download(",
      'files.download(src="https://x.test/a.zip", dest="/tmp/a.zip")',
    ),
    listCase("hostnamectl set-hostname web1", "server.hostname(", 'server.hostname(hostname="web1")'),
    listCase("sysctl -w vm.swappiness=10", "server.sysctl(", 'server.sysctl(key="vm.swappiness", value=10)'),
    listCase("modprobe br_netfilter", "server.modprobe(", 'server.modprobe(module="br_netfilter")'),
    listCase("echo '0 3 * * * /usr/local/bin/backup' | crontab -", "crontab.crontab("),
    listCase(
      "mount -t nfs nas:/export /mnt/nas",
      "server.mount(",
      'server.mount(path="/mnt/nas", device="nas:/export", fs_type="nfs")',
    ),
    listCase("locale-gen en_US.UTF-8", "server.locale(", 'server.locale(locale="en_US.UTF-8")'),
    {
      // A string command, with sudo: the finding spans the string and the call carries `_sudo`.
      code: `${IMPORT}server.shell(commands="sudo systemctl restart nginx")\n`,
      findings: [{ line: 3, column: 23, endLine: 3, endColumn: 53, messageIncludes: "_sudo=True" }],
      output: 'from pyinfra.operations import systemd\n\nsystemd.service(service="nginx", restarted=True, _sudo=True)\n',
    },
    {
      // One finding for each part of an && chain, all on the string that contains them.
      code: `${IMPORT}server.shell(commands=["apt-get update && apt-get install -y nginx"])\n`,
      findings: [
        { line: 3, column: 24, endLine: 3, endColumn: 68, messageIncludes: "apt.update()" },
        { line: 3, column: 24, endLine: 3, endColumn: 68, messageIncludes: "apt.packages(" },
      ],
      // Every command has a native form, so the call becomes one operation per command.
      output: 'from pyinfra.operations import apt\n\napt.update()\napt.packages(packages=["nginx"])\n',
    },
    {
      // Each list element gets its own findings; the first element has no native form.
      code:
        `${IMPORT}server.shell(\n` +
        "    commands=[\n" +
        '        "./configure",\n' +
        '        "mkdir -p /srv/app",\n' +
        '        "systemctl restart app",\n' +
        "    ],\n" +
        ")\n",
      findings: [
        { line: 6, column: 9, endLine: 6, endColumn: 28, messageIncludes: "files.directory(" },
        { line: 7, column: 9, endLine: 7, endColumn: 32, messageIncludes: "systemd.service(" },
      ],
    },
    {
      // Inside `sh -c '...'`.
      code: `${IMPORT}server.shell(commands=["sh -c 'systemctl daemon-reload'"])\n`,
      findings: [{ line: 3, column: 24, endLine: 3, endColumn: 57, messageIncludes: "systemd.daemon_reload()" }],
    },
    {
      // An f-string: the interpolated value becomes the Python expression in the call.
      code: `${IMPORT}def restart(service):\n    server.shell(commands=[f"systemctl restart {service}"])\n`,
      findings: [
        { line: 4, column: 28, endLine: 4, endColumn: 58, messageIncludes: "systemd.service(service=service, restarted=True)" },
      ],
      output: "from pyinfra.operations import systemd\n\ndef restart(service):\n    systemd.service(service=service, restarted=True)\n",
    },
    {
      // Imported as a function, with the command as the first positional argument.
      code: 'from pyinfra.operations.server import shell\n\nshell("groupadd -r app")\n',
      findings: [{ line: 3, column: 7, endLine: 3, endColumn: 24, messageIncludes: "system=True" }],
      // The import line that only brought in `shell` is replaced by the module import.
      output: 'from pyinfra.operations import server\n\nserver.group(group="app", system=True)\n',
    },
    {
      // The call's own arguments carry over to each operation, `name` first; `_sudo` is not repeated.
      code:
        `${IMPORT}op = server.shell(\n` +
        '    name="Restart app",\n' +
        '    commands=["sudo systemctl restart app"],\n' +
        "    _sudo=True,\n" +
        "    _if=config.did_change,\n" +
        ")\n",
      findings: [{ line: 5, column: 15, endLine: 5, endColumn: 43 }],
      output:
        "from pyinfra.operations import systemd\n\n" +
        'op = systemd.service(\n    name="Restart app",\n    service="app",\n    restarted=True,\n' +
        "    _sudo=True,\n    _if=config.did_change,\n)\n",
    },
    {
      // Assigned and split in two: which operation `op` should hold is not known, so no fix.
      code: `${IMPORT}op = server.shell(commands=["apt-get update", "apt-get install -y nginx"])\n`,
      findings: [
        { line: 3, column: 29, endLine: 3, endColumn: 45 },
        { line: 3, column: 47, endLine: 3, endColumn: 73 },
      ],
    },
    {
      // `||` runs the second command only when the first fails, which operations cannot express.
      code: `${IMPORT}server.shell(commands=["systemctl reload nginx || systemctl restart nginx"])\n`,
      findings: [
        { line: 3, column: 24, endLine: 3, endColumn: 75 },
        { line: 3, column: 24, endLine: 3, endColumn: 75 },
      ],
    },
  ],
});

describe("PIK201 partial fix", () => {
  it("is display-only and keeps order", async () => {
    const code = `${IMPORT}server.shell(\n    name="Build",\n    commands=["./configure", "mkdir -p /srv/app", "make"],\n)\n`;
    const findings = await runRule(shellInsteadOfOperation, code);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fix?.applicability, "display-only");
    const edits = findings[0].fix?.edits ?? [];
    assert.deepEqual(
      edits.map((edit) => edit.content),
      [
        "from pyinfra.operations import files, server",
        'server.shell(commands=["./configure"], name="Build")\n' +
          'files.directory(name="Build", path="/srv/app")\n' +
          'server.shell(commands=["make"], name="Build")',
      ],
    );
  });
});
