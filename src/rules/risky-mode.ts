import { posix } from "node:path";

import type { OperationCall } from "../python/model.js";
import type { Node } from "../python/parser.js";
import type { LiteralMode } from "./data/file-modes.js";
import {
  formatMode,
  GROUP_AND_OTHERS,
  GROUP_WRITE,
  OTHERS_ANY,
  OTHERS_WRITE,
  readLiteralMode,
  SETGID,
  SETUID,
  STICKY,
} from "./data/file-modes.js";
import { operationArgument, writtenPath } from "./data/written-paths.js";
import type { Fix, Rule, RuleContext, RuleReport } from "./types.js";
import { reportAt } from "./types.js";

/** The kind of path that a `mode` argument applies to. */
type Target = "file" | "directory" | "files-in-folder";

/** The mode arguments of each operation and what they apply to. */
const MODE_ARGUMENTS: ReadonlyMap<string, readonly [string, Target][]> = new Map([
  ["files.directory", [["mode", "directory"]]],
  ["files.download", [["mode", "file"]]],
  ["files.file", [["mode", "file"]]],
  ["files.put", [["mode", "file"]]],
  ["files.sync", [["mode", "files-in-folder"], ["dir_mode", "directory"]]],
  ["files.template", [["mode", "file"]]],
  ["gpg.dearmor", [["mode", "file"]]],
  ["gpg.key", [["mode", "file"]]],
]);

const SSH_PRIVATE_KEY = /^(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|ssh_host_[a-z0-9]+_key)$/;
const SECRET_FILE_NAMES = new Set([
  ".env",
  ".htpasswd",
  ".my.cnf",
  ".netrc",
  ".pgpass",
  "gshadow",
  "shadow",
]);
const SECRET_EXTENSIONS = [".key", ".p12", ".pfx", ".jks", ".keystore", ".env"];
const SECRET_WORDS = new Set([
  "credentials",
  "password",
  "passwords",
  "private",
  "privkey",
  "secret",
  "secrets",
  "token",
  "tokens",
]);
/** Folders that contain programs, where a setuid or setgid bit can be intended. */
const PROGRAM_FOLDER = /^\/(usr\/(local\/)?)?(s?bin|lib[a-z0-9]*|libexec)\/|^\/opt\/.+\/s?bin\//;

/** A problem found in a mode, and the narrower mode that avoids it. */
interface ModeProblem {
  description: string;
  /** The bits to clear, or null when the expected mode is a fixed one. */
  clear: number | null;
  expected?: string;
  /** True for a folder that others may need to write in, where the sticky bit is the other way out. */
  stickyAlternative?: boolean;
}

function isSecretFile(name: string): boolean {
  if (name.endsWith(".pub")) return false;
  if (SECRET_FILE_NAMES.has(name)) return true;
  if (SECRET_EXTENSIONS.some((extension) => name.endsWith(extension))) return true;
  return name.split(/[._-]/).some((word) => SECRET_WORDS.has(word.toLowerCase()));
}

/** Checks the mode of a sensitive file, found by its path, which is null when not static. */
function sensitiveFileProblem(
  path: string | null,
  target: Target,
  bits: number,
): ModeProblem | null {
  if (path === null) return null;
  const name = posix.basename(path);
  const inSshFolder = path.includes("/.ssh/") || name === ".ssh" || path.startsWith(".ssh/");

  if (target === "file" && SSH_PRIVATE_KEY.test(name) && bits & GROUP_AND_OTHERS) {
    const description = `lets other users read the SSH private key \`${path}\``;
    return { description, clear: GROUP_AND_OTHERS };
  }
  if (target === "file" && (path === "/etc/sudoers" || path.startsWith("/etc/sudoers.d/"))) {
    if (bits & (OTHERS_ANY | GROUP_WRITE)) {
      const description = `opens the sudoers file \`${path}\` to other users`;
      return { description, clear: null, expected: "440" };
    }
    return null;
  }
  if (target === "file" && isSecretFile(name) && bits & OTHERS_ANY) {
    return { description: `lets every user read the secret file \`${path}\``, clear: OTHERS_ANY };
  }
  if (inSshFolder && bits & (GROUP_WRITE | OTHERS_WRITE)) {
    return {
      description: `lets other users write to \`${path}\`, and sshd then ignores the keys in it`,
      clear: GROUP_WRITE | OTHERS_WRITE,
    };
  }
  return null;
}

/** Returns the first problem of a mode, the most specific first. */
function modeProblem(mode: LiteralMode, target: Target, path: string | null): ModeProblem | null {
  const bits = mode.bits;
  const sensitive = target === "files-in-folder" ? null : sensitiveFileProblem(path, target, bits);
  if (sensitive) return sensitive;

  const where = path ? `\`${path}\`` : "the path";
  if (bits & OTHERS_WRITE && !(target === "directory" && bits & STICKY)) {
    const description =
      target === "directory"
        ? `makes ${where} writable by every user without the sticky bit`
        : `makes ${target === "file" ? where : `the files in ${where}`} writable by every user`;
    return { description, clear: OTHERS_WRITE, stickyAlternative: target === "directory" };
  }
  if (target !== "directory" && bits & (SETUID | SETGID) && !(path && PROGRAM_FOLDER.test(path))) {
    const bitName = bits & SETUID ? "setuid" : "setgid";
    const description = `sets the ${bitName} bit on ${where}, which is not in a program folder`;
    return { description, clear: SETUID | SETGID };
  }
  return null;
}

/** Builds the message for a problem: what the mode does and which mode to use. */
function problemMessage(mode: LiteralMode, problem: ModeProblem): string {
  let expected: string;
  if (problem.expected) expected = `use \`mode="${problem.expected}"\``;
  else if (mode.kind === "octal" && problem.clear !== null && problem.stickyAlternative) {
    // Shared drop folders such as /tmp need others to write, which only the sticky bit makes safe.
    expected =
      `use \`mode="${formatMode(mode.bits | STICKY)}"\` if other users must write in it, ` +
      `else \`mode="${formatMode(mode.bits & ~problem.clear)}"\``;
  } else if (mode.kind === "octal" && problem.clear !== null) {
    expected = `use \`mode="${formatMode(mode.bits & ~problem.clear)}"\``;
  } else expected = "use an octal mode without those permissions";
  return `\`mode=${mode.text}\` ${problem.description}; ${expected}`;
}

/** Reports `0o644`-style integers, which pyinfra does not read as the octal mode they spell. */
function octalIntegerReport(mode: LiteralMode & { kind: "octal-integer" }, node: Node): RuleReport {
  const intended = formatMode(mode.bits);
  const digits = String(mode.decimal);
  const effect = /[89]/.test(digits)
    ? "which pyinfra rejects because it contains a non-octal digit"
    : `so pyinfra applies mode \`${digits}\``;
  const fix: Fix = {
    title: `Write the mode as \`"${intended}"\``,
    applicability: "unsafe",
    edits: [{ start: node.startIndex, end: node.endIndex, content: `"${intended}"` }],
  };
  const message =
    `\`${mode.text}\` is the integer ${mode.decimal} and pyinfra reads an integer as octal ` +
    `digits, ${effect}; write \`"${intended}"\``;
  return reportAt(node, message, fix);
}

function checkCall(call: OperationCall, context: RuleContext): RuleReport[] {
  const modeArguments = MODE_ARGUMENTS.get(call.qualifiedName);
  if (!modeArguments) return [];
  const parameters = context.catalogue.operation(call.qualifiedName)?.parameters ?? [];
  const written = writtenPath(call, context.file);
  const path = written?.value ? posix.normalize(written.value) : null;

  const reports: RuleReport[] = [];
  for (const [name, target] of modeArguments) {
    const position = parameters.findIndex((parameter) => parameter.name === name);
    const node = operationArgument(call, name, position < 0 ? null : position);
    const mode = node ? readLiteralMode(node) : null;
    if (!node || !mode) continue;

    if (mode.kind === "octal-integer") {
      reports.push(octalIntegerReport(mode, node));
      continue;
    }
    const problem = modeProblem(mode, target, path);
    if (problem) reports.push(reportAt(node, problemMessage(mode, problem)));
  }
  return reports;
}

export const riskyMode: Rule = {
  code: "PIK304",
  name: "risky-mode",
  summary: "A world-writable, setuid or otherwise unsafe file mode",
  severity: "warning",
  fix: "sometimes",
  docs: {
    whatItFinds:
      "A literal `mode` (or `dir_mode`) of `files.put`, `files.template`, `files.file`, " +
      "`files.directory`, `files.download`, `files.sync`, `gpg.key` or `gpg.dearmor` that: " +
      "makes a file, or a folder without the sticky bit, writable by every user (`\"777\"`, " +
      '`"666"`, `"o+w"`, `"a+w"`, the integer `777`); sets the setuid or setgid bit on a file ' +
      "outside the program folders (`/usr/bin`, `/usr/local/sbin`, `/usr/lib`, ...); lets " +
      "other users read an SSH private key, read a secret file (`*.key`, `.env`, `.pgpass`, " +
      "names with `secret`, `password`, `token`, ...), open a sudoers file beyond `440`, or " +
      "write into `.ssh`; or is a Python octal integer such as `0o644`, which pyinfra does " +
      "not read as the mode it spells.",
    whyItMatters:
      "A world-writable file lets any local user or compromised service change what root later " +
      "reads or runs. A stray setuid bit runs a file with its owner's rights. Private keys and " +
      "secrets readable by others leak, ssh refuses a private key that others can read, and sshd " +
      "ignores `authorized_keys` in a `.ssh` folder that others can write. pyinfra 3.10 reads an " +
      "integer mode as its decimal digits, so `0o644` (the integer 420) becomes mode `420`, and " +
      "`0o755` (493) is rejected.",
    example:
      "from pyinfra.operations import files\n\n" +
      "files.directory(\n" +
      '    name="Create upload folder",\n' +
      '    path="/srv/app/uploads",\n' +
      '    user="app",\n' +
      '    group="app",\n' +
      '    mode="777",\n' +
      "    _sudo=True,\n" +
      ")\n",
    useInstead:
      "from pyinfra.operations import files\n\n" +
      "files.directory(\n" +
      '    name="Create upload folder",\n' +
      '    path="/srv/app/uploads",\n' +
      '    user="app",\n' +
      '    group="app",\n' +
      '    mode="770",\n' +
      "    _sudo=True,\n" +
      ")\n",
    fixSafety:
      'Only the octal integer form has a fix: it rewrites `0o644` as `"644"`. The fix is unsafe ' +
      "because the mode pyinfra applies changes from the one it applied before.",
    options: "None.",
    knownLimits:
      "Only literal modes are read, so a mode in a variable is not checked. Symbolic modes are " +
      "judged by the permissions they add, because the mode before them is unknown, and a " +
      "clause without `u`, `g`, `o` or `a` is read with the usual umask 022. Secret files are " +
      "recognised by name, so a key stored as `/etc/app/signing` is missed. `files.sync` modes " +
      "are checked for world write access and setuid only, because the names of the files it " +
      "uploads are not known.",
  },
  check(context) {
    return context.file.operations.flatMap((call) => checkCall(call, context));
  },
};
