// Errors that the command line reports as a plain message. They live apart from
// the modules that throw them so that the entry point can recognise them without
// loading those modules and their packages at start-up.

/** A configuration file that cannot be used; the message names the file and the key. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A command-line path that does not exist. */
export class MissingPathError extends Error {
  override name = "MissingPathError";
  constructor(readonly path: string) {
    super(`path not found: ${path}; pass an existing file or folder`);
  }
}
