// The table of shell command forms that have a native pyinfra operation, and
// the look-up that turns one parsed command into the operation call.
import { PythonValues } from "./arguments.js";
import { WRITE_FORMS } from "./native-content.js";
import { FETCH_FORMS } from "./native-fetch.js";
import { FILE_FORMS } from "./native-files.js";
import type { NativeCall, NativeForm } from "./native-form.js";
import { PACKAGE_FORMS } from "./native-packages.js";
import { SED_FORMS } from "./native-sed.js";
import { SERVICE_FORMS } from "./native-services.js";
import { SYSTEM_FORMS } from "./native-system.js";
import type { ShellTemplate } from "./python-template.js";
import type { SimpleCommand } from "./types.js";

export type { NativeCall, NativeForm } from "./native-form.js";
export { formatCall } from "./native-form.js";

/**
 * Every command form with a native operation. A form whose `programs` is
 * empty matches on the full program path itself, as `/etc/init.d/NAME` does.
 */
export const NATIVE_FORMS: readonly NativeForm[] = [
  ...PACKAGE_FORMS,
  ...SERVICE_FORMS,
  ...FILE_FORMS,
  ...WRITE_FORMS,
  ...SED_FORMS,
  ...SYSTEM_FORMS,
  ...FETCH_FORMS,
];

/** A command matched to its native form. */
export interface NativeEquivalent {
  form: NativeForm;
  call: NativeCall;
}

/**
 * Finds the native operation call that does what `command` does, or returns
 * null when no form matches or the match is not certain. A `sudo` prefix
 * becomes `_sudo=True`, and `sudo -u USER` also `_sudo_user`.
 */
export function nativeEquivalent(command: SimpleCommand, template: ShellTemplate): NativeEquivalent | null {
  if (!command.program || command.context !== "statement") return null;
  const values = new PythonValues(template.interpolations);
  const input = { command, args: command.argv.slice(1), values };
  for (const form of NATIVE_FORMS) {
    if (form.programs.length > 0 && !form.programs.includes(command.program)) continue;
    const call = form.build(input);
    if (!call) continue;
    if (command.sudo && !call.arguments.some(([name]) => name === "_sudo")) {
      const user = command.sudo.user ? values.word(command.sudo.user) : undefined;
      if (user === null) return null;
      call.arguments.push(["_sudo", "True"]);
      if (user) call.arguments.push(["_sudo_user", user]);
    }
    return { form, call };
  }
  return null;
}
