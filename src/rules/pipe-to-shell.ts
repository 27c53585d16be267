import { shellCommandSources } from "../shell/extract.js";
import type { ShellCommandSource } from "../shell/extract.js";
import { readsScriptFromStdin, shellInvocation } from "../shell/interpreters.js";
import { downloadsToStdout } from "../shell/native-fetch.js";
import { renderWithExpressions } from "../shell/python-template.js";
import type { Pipeline, ShellWord, SimpleCommand } from "../shell/types.js";
import type { Rule, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

const MAX_SHOWN_LENGTH = 60;

/** Commands that run a script file named by their first argument, as `bash <(curl ...)` does. */
const SOURCE_COMMANDS = new Set(["source", "."]);

/** True when a word runs a download that writes to standard output, in `$(...)` or `<(...)`. */
function containsDownload(word: ShellWord | null | undefined): boolean {
  return word?.nested.some(downloadsToStdout) ?? false;
}

/** Returns the text of the script that contains `command`: its `sh -c` script, or the whole command string. */
function scriptText(command: SimpleCommand, source: ShellCommandSource): string {
  return command.wrapper?.script?.parsed.text ?? source.script.text;
}

function shorten(text: string, source: ShellCommandSource): string {
  const shown = renderWithExpressions(text, source.template.interpolations).replace(/\s*\n\s*/g, " ");
  return shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH - 3)}...` : shown;
}

/** Returns the text of a pipeline from its first command to its last. */
function pipelineText(pipeline: Pipeline, source: ShellCommandSource): string {
  const commands = pipeline.stages.flat();
  const first = commands[0];
  const last = commands[commands.length - 1];
  return scriptText(first, source).slice(first.start, last.end);
}

/**
 * Describes how a command runs a downloaded script, or returns null: a pipe
 * from `curl` or `wget` into a shell or interpreter, `bash <(curl ...)`,
 * `sh -c "$(curl ...)"` and `eval "$(curl ...)"`.
 */
function downloadedScript(command: SimpleCommand, source: ShellCommandSource, seen: Set<Pipeline>): string | null {
  const pipeline = command.pipeline;
  if (pipeline && command.stage > 0 && !seen.has(pipeline) && readsScriptFromStdin(command)) {
    const earlier = pipeline.stages.slice(0, command.stage).flat();
    if (earlier.some(downloadsToStdout)) {
      seen.add(pipeline);
      return pipelineText(pipeline, source);
    }
  }
  const shell = shellInvocation(command);
  if (shell?.commandString && containsDownload(shell.commandString)) return command.text;
  // `bash <(curl ...)` and `source <(curl ...)` run the download as their script file.
  const scriptFile = command.argv.slice(1).find((word) => !word.value.startsWith("-"));
  const runsScriptFile = (shell !== null && !shell.commandString) || SOURCE_COMMANDS.has(command.program ?? "");
  if (runsScriptFile && containsDownload(scriptFile)) return command.text;
  if (command.program === "eval" && command.argv.slice(1).some(containsDownload)) return command.text;
  return null;
}

export const pipeToShell: Rule = {
  code: "PIK403",
  name: "pipe-to-shell",
  summary: "A downloaded script run straight from the network",
  severity: "error",
  fix: "none",
  docs: {
    whatItFinds:
      "A `server.shell` command that runs a script it downloads without saving and checking it " +
      "first: `curl ... | sh`, `wget -O- ... | bash`, `curl ... | sudo bash`, `curl ... | python3 -`, " +
      '`bash <(curl ...)`, `sh -c "$(curl ...)"` and `eval "$(curl ...)"`, also inside ' +
      "`sh -c '...'` scripts.",
    whyItMatters:
      "Whatever the server sends runs on the host, usually as root, and differs from run to run: a " +
      "compromised or hijacked download, or one cut off halfway, runs unchecked. A pinned download " +
      "with a checksum fails instead, and running the saved file makes the step repeatable.",
    example:
      "from pyinfra.operations import server\n\n" +
      'server.shell(name="Install Docker", commands=["curl -fsSL https://get.docker.com | sh"], _sudo=True)\n',
    useInstead:
      "from pyinfra.operations import files, server\n\n" +
      "# The SHA-256 of the installer that was reviewed.\n" +
      'INSTALLER_SHA256 = "<sha256 of the reviewed get-docker.sh>"\n\n' +
      "files.download(\n" +
      '    name="Download the Docker installer",\n' +
      '    src="https://get.docker.com",\n' +
      '    dest="/usr/local/src/get-docker.sh",\n' +
      "    sha256sum=INSTALLER_SHA256,\n" +
      "    _sudo=True,\n" +
      ")\n" +
      'server.shell(name="Install Docker", commands=["sh /usr/local/src/get-docker.sh"], _sudo=True)\n',
    fixSafety: "No fix is offered: the checksum of the script is not known to the checker.",
    options: "None.",
    knownLimits:
      "Only commands written in `server.shell` are read; a script run through a variable, through " +
      "`server.script` or through a file that a template writes is not seen. A download is " +
      "recognised from `curl` and `wget` writing to standard output; other tools (`fetch`, " +
      "`httpie`, `python -c urllib...`) are not.",
  },
  check({ file }) {
    const reports: RuleReport[] = [];
    for (const source of shellCommandSources(file)) {
      const seen = new Set<Pipeline>();
      for (const command of source.script.commands) {
        const text = downloadedScript(command, source, seen);
        if (text === null) continue;
        reports.push(
          reportAt(
            source.node,
            `\`${shorten(text, source)}\` runs a downloaded script unchecked; use ` +
              "`files.download(..., sha256sum=...)` and run the saved file",
          ),
        );
      }
    }
    return reports;
  },
};
