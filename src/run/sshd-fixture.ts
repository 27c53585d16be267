// A throwaway OpenSSH server on 127.0.0.1 for tests of the ssh target: its own
// host key, client key, authorized_keys and config in a temporary folder, on a
// free high port. Needs the Debian package openssh-server and root.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SshdFixture {
  port: number;
  user: string;
  clientKey: string;
  knownHosts: string;
  folder: string;
  stop(): Promise<void>;
}

const SSHD = "/usr/sbin/sshd";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("data", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function keygen(path: string): void {
  const args = ["-q", "-t", "ed25519", "-N", "", "-f", path];
  const result = spawnSync("ssh-keygen", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ssh-keygen -f ${path} failed: ${result.stderr}`);
}

/** Starts sshd in the foreground as a child process; `stop` kills that child and removes the folder. */
export async function startSshd(): Promise<SshdFixture> {
  if (spawnSync(SSHD, ["-V"], { encoding: "utf8" }).error) {
    throw new Error(`${SSHD} not found; install it with \`apt-get install -y openssh-server\``);
  }
  const folder = mkdtempSync(join(tmpdir(), "pyinfra-kit-sshd-"));
  const hostKey = join(folder, "host_key");
  const clientKey = join(folder, "client_key");
  keygen(hostKey);
  keygen(clientKey);
  const authorizedKeys = join(folder, "authorized_keys");
  writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const config = join(folder, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${join(folder, "sshd.pid")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "Subsystem sftp internal-sftp",
      "",
    ].join("\n"),
  );
  // sshd refuses to start without its privilege separation folder.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`sshd did not start on 127.0.0.1:${port}: ${stderr.trim()}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    port,
    user: "root",
    clientKey,
    knownHosts: join(folder, "known_hosts"),
    folder,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
