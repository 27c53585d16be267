/** A mistake in how the command was called; exits with code 2 and prints the message and a hint. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
