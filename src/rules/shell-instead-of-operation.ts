import type { Catalogue } from "../catalogue/types.js";
import { shellNativeFix } from "../fix/shell-native.js";
import { shellCommandSources } from "../shell/extract.js";
import type { ShellCommandSource } from "../shell/extract.js";
import type { NativeCall } from "../shell/native-equivalents.js";
import { nativeEquivalent } from "../shell/native-equivalents.js";
import { renderWithExpressions } from "../shell/python-template.js";
import type { Interpolation } from "../shell/python-template.js";
import type { SimpleCommand } from "../shell/types.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

const MAX_COMMAND_LENGTH = 60;
const MAX_VALUE_LENGTH = 40;

/** The command as written, with each Python value shown as `{expression}`, shortened for a message. */
export function shownCommand(command: SimpleCommand, interpolations: readonly Interpolation[]): string {
  const text = renderWithExpressions(command.text, interpolations).replace(/\s*\n\s*/g, " ");
  return text.length > MAX_COMMAND_LENGTH ? `${text.slice(0, MAX_COMMAND_LENGTH - 3)}...` : text;
}

/** The call as Python source, with long values shown as `...`. */
function shownCall(call: NativeCall): string {
  const shown = call.arguments.map(([name, value]) => {
    const short = value.length > MAX_VALUE_LENGTH || value.includes("\n") ? "..." : value;
    return `${name}=${short}`;
  });
  const shownCall = `${call.operation}(${shown.join(", ")})`;
  // The caller wraps the text in backticks, so the alternative closes and opens its own pair.
  return call.alternative ? `${shownCall}\` or \`${call.alternative}(...)` : shownCall;
}

/** True when the installed pyinfra has the operation and every argument the call passes. */
export function callExists(call: NativeCall, catalogue: Catalogue): boolean {
  const operation = catalogue.operation(call.operation);
  if (!operation) return false;
  const parameters = new Set(operation.parameters.map((parameter) => parameter.name));
  return call.arguments.every(([name]) => parameters.has(name) || catalogue.globalArguments.has(name));
}

export const shellInsteadOfOperation: Rule = {
  code: "PIK201",
  name: "shell-instead-of-operation",
  summary: "A shell command that a native operation can replace",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "A command in `server.shell` that a native pyinfra operation does: package installs " +
      "(`apt-get install`, `dnf`, `apk`, `pacman`, `zypper`, `pip`, `npm -g`, `gem`), service " +
      "control (`systemctl`, `service`), file changes (`mkdir`, `chmod`, `chown`, `ln -s`, `rm`, " +
      "`touch`, `echo ... > file`, `sed -i`), users and groups (`useradd`, `usermod`, `groupadd`), " +
      "downloads and clones (`curl -o`, `wget`, `git clone`) and host settings (`hostnamectl`, " +
      "`sysctl -w`, `modprobe`, `mount`, `locale-gen`, `crontab`). Each command is parsed with the " +
      "Bash grammar, including the parts of `&&` chains, `sh -c '...'` scripts and commands behind " +
      "`sudo` or `env`; the finding names the operation call with the command's own values.",
    whyItMatters:
      "A shell command runs on every deploy and always reports a change, so a dry-run cannot say " +
      "what will change and `_if=op.did_change` chains fire every time. The native operation reads " +
      "the host's state first and acts only when it differs, which makes the deploy idempotent and " +
      "its plan truthful.",
    example:
      "from pyinfra.operations import server\n\n" +
      'server.shell(name="Restart nginx", commands=["systemctl restart nginx"], _sudo=True)\n',
    useInstead:
      "from pyinfra.operations import systemd\n\n" +
      'systemd.service(name="Restart nginx", service="nginx", restarted=True, _sudo=True)\n',
    fixSafety:
      "When every command of a `server.shell` call has a native form and the commands run one " +
      "after another (`&&`, `;` or separate list items), the fix replaces the call with one native " +
      "operation per command, carrying over the call's own arguments such as `name`, `_sudo`, `_if` " +
      "and `_env`, importing the operation modules and dropping an import the file no longer uses. " +
      "The fix is unsafe: the native operation reads the host's state first and acts only when it " +
      "differs, so work the shell did on every run no longer happens. When only some list items of " +
      "the call have native forms, a display-only fix shows them as operations between `server.shell` " +
      "calls that keep the other items, in order. No fix is offered for `||`, pipes and background " +
      "commands inside one item, for a call with a comment, `*args` or `**kwargs`, or when a call " +
      "whose result is assigned would become several operations.",
    options: "None.",
    knownLimits:
      "Commands held in variables or built by function calls are not seen. A command form is " +
      "flagged only when its meaning is certain: unknown options, values the shell computes " +
      "(`$VAR`, globs, `~`), several units or paths where the operation takes one, and symbolic " +
      "`chmod` modes are skipped. Whether `chmod`, `chown` or `rm -r` act on a file or a directory " +
      "is guessed from the path (`-R` or a trailing `/` means a directory, an extension a file); " +
      "paths that give no hint are skipped. An interpolated Python value counts as one shell word, " +
      'except `" ".join(items)`, which becomes `*items` in a list.',
  },
  check({ file, catalogue }) {
    const reports: RuleReport[] = [];
    const sourcesByCall = new Map<number, ShellCommandSource[]>();
    for (const source of shellCommandSources(file)) {
      const list = sourcesByCall.get(source.call.node.startIndex) ?? [];
      list.push(source);
      sourcesByCall.set(source.call.node.startIndex, list);
    }
    // Building a fix rewrites the whole call, so it runs once per call and only for calls with a finding.
    const fixes = new Map<number, ReturnType<typeof shellNativeFix>>();
    const fixFor = (source: ShellCommandSource) => {
      const key = source.call.node.startIndex;
      if (!fixes.has(key)) fixes.set(key, shellNativeFix(source.call, sourcesByCall.get(key)!, file, catalogue));
      return fixes.get(key);
    };
    for (const source of shellCommandSources(file)) {
      for (const command of source.script.commands) {
        const match = nativeEquivalent(command, source.template);
        if (!match || !callExists(match.call, catalogue)) continue;
        const shown = shownCommand(command, source.template.interpolations);
        reports.push(
          reportAt(source.node, `\`${shown}\` in a shell command; use \`${shownCall(match.call)}\``, fixFor(source)),
        );
      }
    }
    return reports;
  },
};
