import { shellInsteadOfOperation } from "./shell-instead-of-operation.js";
import type { InvalidCase } from "./testing.js";
import { testRule } from "./testing.js";

const IMPORT = "from pyinfra.operations import server\n\n";

/**
 * Builds a case with one command in a one-element list on line 3. The string
 * starts in column 24, after `server.shell(commands=[`, and the finding spans it.
 */
function listCase(command: string, messageIncludes: string): InvalidCase {
  const literal = JSON.stringify(command);
  return {
    code: `${IMPORT}server.shell(commands=[${literal}])\n`,
    findings: [{ line: 3, column: 24, endLine: 3, endColumn: 24 + literal.length, messageIncludes }],
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
    listCase("apt-get install -y nginx", 'apt.packages(packages=["nginx"])'),
    listCase("apt-get remove -y nginx", "present=False"),
    listCase("apt-get purge -y nginx", "purge=True"),
    listCase("apt-get update", "apt.update()"),
    listCase("dnf install -y httpd", "dnf.packages("),
    listCase("yum remove -y httpd", "yum.packages("),
    listCase("apk add --no-cache curl", "apk.packages("),
    listCase("apk del curl", "apk.packages("),
    listCase("pacman -S --noconfirm git", "pacman.packages("),
    listCase("pacman -Syu --noconfirm", "pacman.upgrade()"),
    listCase("pacman -Sy", "pacman.update()"),
    listCase("pacman -R --noconfirm git", "present=False"),
    listCase("zypper install -y nginx", "zypper.packages("),
    listCase("zypper remove -y nginx", "zypper.packages("),
    listCase("pip install requests", "pip.packages("),
    listCase("pip3 uninstall -y requests", "present=False"),
    listCase("npm install -g pm2", "npm.packages("),
    listCase("npm i -g yarn", "npm.packages("),
    listCase("gem install bundler", "gem.packages("),
    listCase("systemctl start redis", "running=True"),
    listCase("systemctl stop redis", "running=False"),
    listCase("systemctl restart nginx", 'systemd.service(service="nginx", restarted=True)'),
    listCase("systemctl reload nginx", "reloaded=True"),
    listCase("systemctl enable nginx", "enabled=True"),
    listCase("systemctl disable nginx", "enabled=False"),
    listCase("systemctl enable --now nginx", "running=True, enabled=True"),
    listCase("systemctl daemon-reload", "systemd.daemon_reload()"),
    listCase("service nginx restart", "server.service("),
    listCase("mkdir -p /srv/app", 'files.directory(path="/srv/app")'),
    listCase("chmod 640 /etc/app/app.conf", "mode=640"),
    listCase("chown -R app:app /srv/app", 'user="app", group="app", recursive=True'),
    listCase("ln -sf /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app", "files.link("),
    listCase("rm -f /etc/nginx/sites-enabled/default", "present=False"),
    listCase("touch /var/log/app.log", "files.file("),
    listCase("echo 'net.ipv4.ip_forward=1' > /etc/sysctl.d/99-forward.conf", "files.put(src=StringIO("),
    listCase("echo 'export EDITOR=vim' >> /etc/profile", "files.line("),
    listCase("sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config", "files.replace("),
    listCase("useradd -m deploy", "server.user("),
    listCase("adduser --system app", "system=True"),
    listCase("usermod -aG docker deploy", "append=True"),
    listCase("groupadd docker", "server.group("),
    listCase("git clone https://github.com/a/b.git /opt/b", "git.repo("),
    listCase("curl -fsSL -o /usr/local/bin/tool https://x.test/tool", "files.download("),
    listCase("curl -O https://x.test/tool.tar.gz", "files.download("),
    listCase("wget -O /tmp/a.zip https://x.test/a.zip", "files.download("),
    listCase("hostnamectl set-hostname web1", "server.hostname("),
    listCase("sysctl -w vm.swappiness=10", "server.sysctl("),
    listCase("modprobe br_netfilter", "server.modprobe("),
    listCase("echo '0 3 * * * /usr/local/bin/backup' | crontab -", "crontab.crontab("),
    listCase("mount -t nfs nas:/export /mnt/nas", "server.mount("),
    listCase("locale-gen en_US.UTF-8", "server.locale("),
    {
      // A string command, with sudo: the finding spans the string and the call carries `_sudo`.
      code: `${IMPORT}server.shell(commands="sudo systemctl restart nginx")\n`,
      findings: [{ line: 3, column: 23, endLine: 3, endColumn: 53, messageIncludes: "_sudo=True" }],
    },
    {
      // One finding for each part of an && chain, all on the string that contains them.
      code: `${IMPORT}server.shell(commands=["apt-get update && apt-get install -y nginx"])\n`,
      findings: [
        { line: 3, column: 24, endLine: 3, endColumn: 68, messageIncludes: "apt.update()" },
        { line: 3, column: 24, endLine: 3, endColumn: 68, messageIncludes: "apt.packages(" },
      ],
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
    },
    {
      // Imported as a function, with the command as the first positional argument.
      code: 'from pyinfra.operations.server import shell\n\nshell("groupadd -r app")\n',
      findings: [{ line: 3, column: 7, endLine: 3, endColumn: 24, messageIncludes: "system=True" }],
    },
  ],
});
