import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import type { Interpreter } from "../workspace/interpreter.js";

/** The folder that contains the `pyinfra_kit_bridge` package. */
export const BRIDGE_PYTHONPATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "python",
);

/** An error that the Python side raised while handling a request. */
export class BridgeError extends Error {
  constructor(
    message: string,
    readonly pythonType: string,
    readonly pythonTraceback: string,
  ) {
    super(message);
    this.name = "BridgeError";
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A long-lived Python helper process, started with the user's interpreter,
 * that handles JSON-lines requests with the installed pyinfra.
 */
export class Bridge {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = "";
  private exited: Error | null = null;

  private constructor(readonly interpreter: Interpreter) {
    const [command, ...prefix] = interpreter.command;
    this.child = spawn(command, [...prefix, "-m", "pyinfra_kit_bridge"], {
      cwd: interpreter.cwd,
      env: {
        ...process.env,
        PYTHONPATH: [BRIDGE_PYTHONPATH, process.env.PYTHONPATH].filter(Boolean).join(":"),
        PYTHONUNBUFFERED: "1",
        PYTHONDONTWRITEBYTECODE: "1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    createInterface({ input: this.child.stdout }).on("line", (line) => this.receive(line));
    this.child.on("error", (error) => this.fail(error));
    this.child.on("exit", (code, signal) => {
      const detail = this.stderrTail.trim();
      this.fail(
        new Error(
          `the Python helper (${interpreter.description}) exited with ` +
            `${signal ?? `code ${code}`}` +
            (detail ? `: ${detail.split("\n").slice(-3).join(" ")}` : ""),
        ),
      );
    });
  }

  /** Starts the helper and checks that it responds to a `hello` request. */
  static async start(interpreter: Interpreter): Promise<Bridge> {
    const bridge = new Bridge(interpreter);
    await bridge.request("hello", {});
    return bridge;
  }

  request<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(JSON.stringify({ id, method, params }) + "\n");
    });
  }

  /** Closes stdin so that the helper ends, and waits for it. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    await exited;
  }

  private receive(line: string): void {
    let message: { id: number; result?: unknown; error?: Record<string, string> };
    try {
      message = JSON.parse(line);
    } catch {
      this.stderrTail += `\n(unparsed helper output) ${line}`;
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.error) {
      const { message: text, type, traceback } = message.error;
      pending.reject(new BridgeError(text ?? "unknown error", type ?? "Error", traceback ?? ""));
    } else {
      pending.resolve(message.result);
    }
  }

  private fail(error: Error): void {
    this.exited ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
