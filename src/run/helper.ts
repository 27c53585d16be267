import { Bridge } from "../bridge/bridge.js";
import type { Interpreter } from "../workspace/interpreter.js";
import { findInterpreter } from "../workspace/interpreter.js";

/** The Python helper could not start, or its interpreter has no pyinfra. */
export class HelperStartError extends Error {
  override name = "HelperStartError";
}

interface Hello {
  pyinfra_version: string | null;
  executable: string;
}

/** Chooses the interpreter for a project: `--python`, then the usual discovery order. */
export function runInterpreter(projectRoot: string, python?: string): Interpreter {
  return findInterpreter(projectRoot, python);
}

/**
 * Starts a helper process and checks that its interpreter can import pyinfra,
 * so that a missing pyinfra is one clear error instead of a traceback later.
 */
export async function startHelper(interpreter: Interpreter): Promise<Bridge> {
  let bridge: Bridge;
  try {
    bridge = await Bridge.start(interpreter);
  } catch (error) {
    throw new HelperStartError(
      `the Python helper did not start with ${interpreter.description}: ` +
        `${(error as Error).message}; pass --python or set PYINFRA_KIT_PYTHON`,
    );
  }
  const hello = await bridge.request<Hello>("hello");
  if (!hello.pyinfra_version) {
    await bridge.close();
    throw new HelperStartError(
      `pyinfra is not installed in ${interpreter.description}; ` +
        "install it there, run `npm run setup`, or pass --python",
    );
  }
  return bridge;
}

/** Runs `work` with a fresh helper process and always closes the process afterwards. */
export async function withHelper<T>(
  interpreter: Interpreter,
  work: (bridge: Bridge) => Promise<T>,
): Promise<T> {
  const bridge = await startHelper(interpreter);
  try {
    return await work(bridge);
  } finally {
    await bridge.close();
  }
}
