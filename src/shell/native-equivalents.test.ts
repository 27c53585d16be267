// Pins the operation call built for each command form, and checks every call
// against the operations and parameters of the installed pyinfra.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import type { Catalogue } from "../catalogue/types.js";
import { buildModel } from "../python/model.js";
import { parsePython } from "../python/parser.js";
import { testCatalogue } from "../rules/testing.js";
import { shellCommandSources } from "./extract.js";
import type { NativeCall } from "./native-equivalents.js";
import { NATIVE_FORMS, formatCall, nativeEquivalent } from "./native-equivalents.js";

let catalogue: Catalogue;

before(async () => {
  catalogue = await testCatalogue();
});

/** Builds the calls for each command of a `server.shell` call written in Python. */
function callsFor(pythonCommand: string, prelude = ""): (NativeCall | null)[] {
  const code = `from pyinfra.operations import server\n${prelude}server.shell(commands=[${pythonCommand}])\n`;
  const tree = parsePython(code);
  const file = buildModel("deploy.py", "/project/deploy.py", code, tree);
  return shellCommandSources(file).flatMap((source) =>
    source.script.commands
      .filter((command) => command.context === "statement" && !command.script)
      .map((command) => nativeEquivalent(command, source.template)?.call ?? null),
  );
}

function assertKnownToPyinfra(call: NativeCall): void {
  const operation = catalogue.operation(call.operation);
  assert.ok(operation, `${call.operation} is not an operation of the installed pyinfra`);
  const parameters = new Set(operation.parameters.map((parameter) => parameter.name));
  for (const [name] of call.arguments) {
    assert.ok(parameters.has(name) || catalogue.globalArguments.has(name), `${call.operation} has no ${name}`);
  }
}

/** Shell command, as a Python expression, and the call it must give (null for none). */
const CASES: [string, string | null][] = [
  ['"apt-get install -y nginx curl"', 'apt.packages(packages=["nginx", "curl"])'],
  ['"apt install -y --no-install-recommends git"', 'apt.packages(packages=["git"], no_recommends=True)'],
  ['"apt-get -y remove --purge nginx"', 'apt.packages(packages=["nginx"], present=False, purge=True)'],
  ['"apt-get purge -y nginx"', 'apt.packages(packages=["nginx"], present=False, purge=True)'],
  ['"apt-get update"', "apt.update()"],
  ['"apt-get -y upgrade"', "apt.upgrade()"],
  ['"apt full-upgrade -y"', "apt.dist_upgrade()"],
  ['"apt-get install -y ./local.deb"', null],
  ['"dnf install -y httpd"', 'dnf.packages(packages=["httpd"])'],
  ['"yum remove -y httpd"', 'yum.packages(packages=["httpd"], present=False)'],
  ['"dnf -y update"', "dnf.update()"],
  ['"apk add --no-cache bash"', 'apk.packages(packages=["bash"])'],
  ['"apk del bash"', 'apk.packages(packages=["bash"], present=False)'],
  ['"pacman -S --noconfirm --needed git"', 'pacman.packages(packages=["git"])'],
  ['"pacman -Syu --noconfirm"', "pacman.upgrade()"],
  ['"pacman -Sy"', "pacman.update()"],
  ['"pacman -Rns --noconfirm vim"', 'pacman.packages(packages=["vim"], present=False)'],
  ['"pacman -Ss vim"', null],
  ['"zypper -n install nginx"', 'zypper.packages(packages=["nginx"])'],
  ['"zypper remove nginx"', 'zypper.packages(packages=["nginx"], present=False)'],
  ['"pip install requests"', 'pip.packages(packages=["requests"])'],
  ['"pip3 install -U --user httpie"', 'pip.packages(packages=["httpie"], latest=True, pip="pip3", extra_install_args="--user")'],
  ['"python3 -m pip install -r /srv/requirements.txt"', 'pip.packages(requirements="/srv/requirements.txt", pip="python3 -m pip")'],
  ['"pip uninstall -y requests"', 'pip.packages(packages=["requests"], present=False)'],
  ['"pip install -e ."', null],
  ['"npm install -g pm2"', 'npm.packages(packages=["pm2"])'],
  ['"npm i --global yarn"', 'npm.packages(packages=["yarn"])'],
  ['"npm install"', null],
  ['"gem install bundler --no-document"', 'gem.packages(packages=["bundler"])'],
  ['"systemctl restart nginx"', 'systemd.service(service="nginx", restarted=True)'],
  ['"systemctl start redis"', 'systemd.service(service="redis", running=True)'],
  ['"systemctl stop redis"', 'systemd.service(service="redis", running=False)'],
  ['"systemctl reload nginx"', 'systemd.service(service="nginx", reloaded=True)'],
  ['"systemctl enable nginx"', 'systemd.service(service="nginx", running=None, enabled=True)'],
  ['"systemctl enable --now nginx"', 'systemd.service(service="nginx", running=True, enabled=True)'],
  ['"systemctl disable --now nginx"', 'systemd.service(service="nginx", running=False, enabled=False)'],
  ['"systemctl --user restart app"', 'systemd.service(service="app", restarted=True, user_mode=True)'],
  ['"systemctl daemon-reload"', "systemd.daemon_reload()"],
  ['"systemctl restart nginx php-fpm"', null],
  ['"systemctl status nginx"', null],
  ['"service nginx restart"', 'server.service(service="nginx", restarted=True)'],
  ['"/etc/init.d/nginx reload"', 'sysvinit.service(service="nginx", reloaded=True)'],
  ['"rc-service nginx start"', 'openrc.service(service="nginx", running=True)'],
  ['"update-rc.d nginx defaults"', 'sysvinit.service(service="nginx", running=None, enabled=True)'],
  ['"rc-update add nginx default"', 'openrc.service(service="nginx", running=None, enabled=True)'],
  ['"mkdir -p /srv/app"', 'files.directory(path="/srv/app")'],
  ['"mkdir -m 0750 /srv/app"', 'files.directory(path="/srv/app", mode=750)'],
  ['"mkdir -p /srv/a /srv/b"', null],
  ['"install -d -m 0755 -o www-data /srv/www"', 'files.directory(path="/srv/www", user="www-data", mode=755)'],
  ['"chmod 600 /etc/app/secret.env"', 'files.file(path="/etc/app/secret.env", mode=600)'],
  ['"chmod -R 755 /srv/app"', 'files.directory(path="/srv/app", mode=755, recursive=True)'],
  ['"chmod +x /usr/local/bin/tool.sh"', null],
  // A path with no hint of its kind gets files.file, with files.directory as the alternative.
  ['"chmod 600 /etc/app/secret"', 'files.file(path="/etc/app/secret", mode=600)'],
  ['"chown -R www-data:www-data /var/www"', 'files.directory(path="/var/www", user="www-data", group="www-data", recursive=True)'],
  ['"chown root /etc/app.conf"', 'files.file(path="/etc/app.conf", user="root")'],
  ['"chgrp adm /var/log/app.log"', 'files.file(path="/var/log/app.log", group="adm")'],
  ['"ln -sf /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app"', 'files.link(path="/etc/nginx/sites-enabled/app", target="/etc/nginx/sites-available/app")'],
  ['"ln /srv/a.txt /srv/b.txt"', 'files.link(path="/srv/b.txt", target="/srv/a.txt", symbolic=False)'],
  ['"ln -s /opt/tool /usr/local/bin/"', null],
  ['"rm -f /etc/nginx/sites-enabled/default"', 'files.file(path="/etc/nginx/sites-enabled/default", present=False)'],
  ['"rm -rf /srv/old/"', 'files.directory(path="/srv/old/", present=False)'],
  ['"rm -rf /tmp/build"', null],
  ['"rm -rf /tmp/*.log"', null],
  ['"touch /var/log/app.log"', 'files.file(path="/var/log/app.log")'],
  ['"tar -xzf /tmp/app.tgz -C /opt/app"', 'files.unarchive(src="/tmp/app.tgz", dest="/opt/app", remote_src=True)'],
  ['"echo \'deb http://x.test stable main\' > /etc/apt/sources.list.d/x.list"', 'files.put(src=StringIO("deb http://x.test stable main\\n"), dest="/etc/apt/sources.list.d/x.list")'],
  ['"echo vm.swappiness=10 >> /etc/sysctl.conf"', 'files.line(path="/etc/sysctl.conf", line="vm.swappiness=10", escape_regex_characters=True)'],
  ['"echo nameserver 1.1.1.1 | sudo tee /etc/resolv.conf > /dev/null"', 'files.put(src=StringIO("nameserver 1.1.1.1\\n"), dest="/etc/resolv.conf", _sudo=True)'],
  ['"echo blacklist nouveau | tee -a /etc/modprobe.d/nouveau"', 'files.line(path="/etc/modprobe.d/nouveau", line="blacklist nouveau")'],
  ['"printf \'a\\\\nb\\\\n\' > /etc/x.conf"', 'files.put(src=StringIO("a\\nb\\n"), dest="/etc/x.conf")'],
  ['"cat > /etc/motd <<\'EOF\'\\nWelcome\\nEOF"', 'files.put(src=StringIO("Welcome\\n"), dest="/etc/motd")'],
  ['"echo \\"0 3 * * * /usr/local/bin/backup\\" | crontab -u backup -"', 'crontab.crontab(command="/usr/local/bin/backup", minute="0", hour="3", user="backup")'],
  ['"(crontab -l; echo \'@reboot /opt/start\') | crontab -"', 'crontab.crontab(command="/opt/start", special_time="@reboot")'],
  ['"echo $HOME > /tmp/home.txt"', null],
  ['"echo -e \'a\\\\tb\' > /tmp/x.txt"', null],
  ['"sed -i \'s/^#Port 22/Port 2222/\' /etc/ssh/sshd_config"', 'files.replace(path="/etc/ssh/sshd_config", text="^#Port 22", replace="Port 2222")'],
  ['"sed -i -E \'s|a/b|c|g\' /etc/x.conf"', 'files.replace(path="/etc/x.conf", text="a/b", replace="c", flags=["g"], extended_regex=True)'],
  ['"sed -i.bak \'/^#/d\' /etc/x.conf"', 'files.line(path="/etc/x.conf", line="^#", present=False, backup=True)'],
  ['"sed -i \'s/x/& y/\' /etc/x.conf"', null],
  ['"sed \'s/a/b/\' /etc/x.conf"', null],
  ['"useradd -m -s /bin/bash -G sudo,docker deploy"', 'server.user(user="deploy", shell="/bin/bash", groups=["sudo", "docker"], create_home=True)'],
  ['"useradd -r -u 990 svc"', 'server.user(user="svc", uid=990, system=True)'],
  ['"adduser --system --home /srv/app app"', 'server.user(user="app", home="/srv/app", system=True)'],
  ['"adduser deploy docker"', 'server.user(user="deploy", groups=["docker"], append=True)'],
  ['"usermod -aG docker deploy"', 'server.user(user="deploy", groups=["docker"], append=True)'],
  ['"userdel -r olduser"', 'server.user(user="olduser", present=False)'],
  ['"chsh -s /bin/zsh deploy"', 'server.user(user="deploy", shell="/bin/zsh")'],
  ['"groupadd -r -g 500 app"', 'server.group(group="app", system=True, gid=500)'],
  ['"groupdel app"', 'server.group(group="app", present=False)'],
  ['"git clone https://github.com/a/b.git /opt/b"', 'git.repo(src="https://github.com/a/b.git", dest="/opt/b")'],
  ['"git clone --depth 1 -b main https://x.test/r.git"', 'git.repo(src="https://x.test/r.git", dest="r", branch="main", depth=1)'],
  ['"curl -fsSL -o /usr/local/bin/tool https://x.test/tool"', 'files.download(src="https://x.test/tool", dest="/usr/local/bin/tool")'],
  ['"curl -LO https://x.test/a/tool.tar.gz"', 'files.download(src="https://x.test/a/tool.tar.gz", dest="tool.tar.gz")'],
  ['"curl -s https://x.test/tool > /tmp/tool"', 'files.download(src="https://x.test/tool", dest="/tmp/tool")'],
  ['"curl https://x.test/api | jq ."', null],
  ['"wget -q -O /tmp/a.zip https://x.test/a.zip"', 'files.download(src="https://x.test/a.zip", dest="/tmp/a.zip")'],
  ['"wget -P /opt https://x.test/b.tgz"', 'files.download(src="https://x.test/b.tgz", dest="/opt/b.tgz")'],
  ['"hostnamectl set-hostname web1"', 'server.hostname(hostname="web1")'],
  ['"timedatectl set-timezone Europe/Zurich"', 'server.timezone(timezone="Europe/Zurich")'],
  ['"sysctl -w net.ipv4.ip_forward=1"', 'server.sysctl(key="net.ipv4.ip_forward", value=1)'],
  ['"modprobe br_netfilter"', 'server.modprobe(module="br_netfilter")'],
  ['"modprobe -r pcspkr"', 'server.modprobe(module="pcspkr", present=False)'],
  ['"mount -t nfs -o ro,noatime nas:/export /mnt/nas"', 'server.mount(path="/mnt/nas", device="nas:/export", fs_type="nfs", options=["ro", "noatime"])'],
  ['"umount /mnt/nas"', 'server.mount(path="/mnt/nas", mounted=False)'],
  ['"locale-gen en_US.UTF-8"', 'server.locale(locale="en_US.UTF-8")'],
  ['"python3 -m venv /srv/venv"', 'pip.venv(path="/srv/venv", python="python3")'],
  ['"./configure && make"', null],
  ['"certbot renew"', null],
  ['"docker compose up -d"', null],
];

describe("nativeEquivalent", () => {
  for (const [command, expected] of CASES) {
    it(command, () => {
      const calls = callsFor(command);
      const found = calls.find((call) => call !== null) ?? null;
      assert.equal(found ? formatCall(found) : null, expected);
      if (found) assertKnownToPyinfra(found);
    });
  }

  it("adds _sudo and _sudo_user for a sudo prefix", () => {
    const [call] = callsFor('"sudo -u postgres createuser app"');
    assert.equal(call, null);
    const [withSudo] = callsFor('"sudo -u www-data mkdir -p /srv/www/cache"');
    assert.equal(formatCall(withSudo!), 'files.directory(path="/srv/www/cache", _sudo=True, _sudo_user="www-data")');
  });

  it("uses the Python expression of an interpolated value", () => {
    const [whole] = callsFor('f"systemctl restart {service}"', "service = input()\n");
    assert.equal(formatCall(whole!), "systemd.service(service=service, restarted=True)");
    const [mixed] = callsFor('f"mkdir -p /srv/{name}/logs"', "name = input()\n");
    assert.equal(formatCall(mixed!), 'files.directory(path=f"/srv/{name}/logs")');
  });

  it("spreads a space-joined list into packages", () => {
    const [call] = callsFor("f\"apt-get install -y {' '.join(packages)}\"", "packages = input()\n");
    assert.equal(formatCall(call!), "apt.packages(packages=packages)");
  });

  it("declines a value the shell computes", () => {
    assert.deepEqual(callsFor('"systemctl restart $SERVICE"'), [null]);
    assert.deepEqual(callsFor('"mkdir -p ~/.config"'), [null]);
  });

  it("looks inside sh -c scripts", () => {
    const calls = callsFor("\"sh -c 'apt-get update && systemctl restart nginx'\"");
    assert.deepEqual(calls.map((call) => (call ? formatCall(call) : null)), [
      "apt.update()",
      'systemd.service(service="nginx", restarted=True)',
    ]);
  });

  it("lists at least 30 forms, each for an operation of the installed pyinfra", () => {
    assert.ok(NATIVE_FORMS.length >= 30, `only ${NATIVE_FORMS.length} forms`);
    for (const form of NATIVE_FORMS) {
      assert.ok(catalogue.operation(form.operation), `${form.form}: ${form.operation} is not an operation`);
    }
  });
});
