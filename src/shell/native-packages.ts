// Package manager commands and the package operations that replace them.
import { hasOption, onlyOptions, optionValue, parseArguments, pythonString } from "./arguments.js";
import type { FormInput, NativeCall, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import type { SubcommandInput } from "./native-subcommand.js";
import { isRepositoryPackage, subcommandForm } from "./native-subcommand.js";

const APT = ["apt", "apt-get"];
const APT_VALUED = ["-o", "-c", "-t", "--option", "--config-file", "--target-release"];
const APT_QUIET = ["-y", "--yes", "--assume-yes", "-q", "--quiet", "--force-yes"];

/** Python source for a package list, or null when an operand is not a repository package. */
function packageList({ operands, values }: SubcommandInput): string | null {
  if (operands.length === 0 || !operands.every(isRepositoryPackage)) return null;
  return values.list(operands);
}

const TRUE = "True";
const FALSE = "False";

const aptInstall = subcommandForm({
  form: "apt-get install PACKAGE...",
  programs: APT,
  operation: "apt.packages",
  subcommands: ["install"],
  valued: APT_VALUED,
  allowed: [...APT_QUIET, "--no-install-recommends", "--allow-downgrades"],
  build: (input) =>
    nativeCall("apt.packages", [
      ["packages", packageList(input)],
      ["no_recommends", hasOption(input.parsed, "--no-install-recommends") ? TRUE : undefined],
      ["allow_downgrades", hasOption(input.parsed, "--allow-downgrades") ? TRUE : undefined],
    ]),
});

const aptRemove = subcommandForm({
  form: "apt-get remove|purge PACKAGE...",
  programs: APT,
  operation: "apt.packages",
  subcommands: ["remove", "purge"],
  valued: APT_VALUED,
  allowed: [...APT_QUIET, "--purge"],
  build: (input) =>
    nativeCall("apt.packages", [
      ["packages", packageList(input)],
      ["present", FALSE],
      ["purge", input.subcommand === "purge" || hasOption(input.parsed, "--purge") ? TRUE : undefined],
    ]),
});

/** Builds a form whose subcommand takes no operands and maps to an operation without arguments. */
function bareSubcommand(
  form: string,
  programs: readonly string[],
  subcommands: readonly string[],
  operation: string,
  allowed: readonly string[],
  valued: readonly string[] = [],
): NativeForm {
  return subcommandForm({
    form,
    programs,
    operation,
    subcommands,
    valued,
    allowed,
    build: ({ operands }) => (operands.length === 0 ? nativeCall(operation, []) : null),
  });
}

const aptUpdate = bareSubcommand("apt-get update", APT, ["update"], "apt.update", APT_QUIET, APT_VALUED);
const aptUpgrade = bareSubcommand("apt-get upgrade", APT, ["upgrade"], "apt.upgrade", APT_QUIET, APT_VALUED);
const aptDistUpgrade = bareSubcommand(
  "apt-get dist-upgrade",
  APT,
  ["dist-upgrade", "full-upgrade"],
  "apt.dist_upgrade",
  APT_QUIET,
  APT_VALUED,
);

const RPM_QUIET = ["-y", "--assumeyes", "-q", "--quiet"];

function rpmForms(manager: "dnf" | "yum"): NativeForm[] {
  const operation = `${manager}.packages`;
  const programs = manager === "dnf" ? ["dnf", "microdnf"] : ["yum"];
  return [
    subcommandForm({
      form: `${manager} install PACKAGE...`,
      programs,
      operation,
      subcommands: ["install"],
      allowed: RPM_QUIET,
      build: (input) => nativeCall(operation, [["packages", packageList(input)]]),
    }),
    subcommandForm({
      form: `${manager} remove PACKAGE...`,
      programs,
      operation,
      subcommands: ["remove", "erase"],
      allowed: RPM_QUIET,
      build: (input) => nativeCall(operation, [["packages", packageList(input)], ["present", FALSE]]),
    }),
    bareSubcommand(`${manager} update`, programs, ["update", "upgrade"], `${manager}.update`, RPM_QUIET),
  ];
}

const APK_COMMON = ["--no-cache", "-q", "--quiet", "--no-progress"];

const apkAdd = subcommandForm({
  form: "apk add PACKAGE...",
  programs: ["apk"],
  operation: "apk.packages",
  subcommands: ["add"],
  allowed: [...APK_COMMON, "-U", "--update-cache", "-u", "--upgrade"],
  build: (input) =>
    nativeCall("apk.packages", [
      ["packages", packageList(input)],
      ["update", hasOption(input.parsed, "-U", "--update-cache") ? TRUE : undefined],
      ["upgrade", hasOption(input.parsed, "-u", "--upgrade") ? TRUE : undefined],
    ]),
});

const apkDel = subcommandForm({
  form: "apk del PACKAGE...",
  programs: ["apk"],
  operation: "apk.packages",
  subcommands: ["del"],
  allowed: APK_COMMON,
  build: (input) => nativeCall("apk.packages", [["packages", packageList(input)], ["present", FALSE]]),
});

const apkUpdate = bareSubcommand("apk update", ["apk"], ["update"], "apk.update", APK_COMMON);
const apkUpgrade = bareSubcommand("apk upgrade", ["apk"], ["upgrade"], "apk.upgrade", APK_COMMON);

/**
 * Reads `pacman -S[y][u] [PACKAGE...]` and `pacman -R[s][n] PACKAGE...`.
 * pacman takes its operation as the first letter of a short option cluster.
 */
function buildPacman(input: FormInput): NativeCall | null {
  const parsed = parseArguments(input.args);
  const letters = parsed.options.filter((option) => !option.name.startsWith("--")).map((option) => option.name[1]);
  const long = parsed.options.filter((option) => option.name.startsWith("--")).map((option) => option.name);
  if (!long.every((name) => name === "--noconfirm" || name === "--needed" || name === "--quiet")) return null;
  const operation = letters[0];
  const modifiers = new Set(letters.slice(1));
  const operands = parsed.operands;
  const packages = operands.every(isRepositoryPackage) ? input.values.list(operands) : null;

  if (operation === "S") {
    if ([...modifiers].some((letter) => letter !== "y" && letter !== "u")) return null;
    const refresh = modifiers.has("y");
    const upgrade = modifiers.has("u");
    if (operands.length === 0) {
      if (refresh && upgrade) return nativeCall("pacman.upgrade", []);
      if (refresh) return nativeCall("pacman.update", []);
      return null;
    }
    return nativeCall("pacman.packages", [
      ["packages", packages],
      ["update", refresh ? TRUE : undefined],
      ["upgrade", upgrade ? TRUE : undefined],
    ]);
  }
  if (operation === "R" && operands.length > 0) {
    if ([...modifiers].some((letter) => letter !== "s" && letter !== "n")) return null;
    return nativeCall("pacman.packages", [["packages", packages], ["present", FALSE]]);
  }
  return null;
}

const pacmanForms: NativeForm[] = [
  { form: "pacman -S PACKAGE...", programs: ["pacman"], operation: "pacman.packages", build: buildPacman },
  { form: "pacman -R PACKAGE...", programs: ["pacman"], operation: "pacman.packages", build: buildPacman },
  { form: "pacman -Syu", programs: ["pacman"], operation: "pacman.upgrade", build: buildPacman },
  { form: "pacman -Sy", programs: ["pacman"], operation: "pacman.update", build: buildPacman },
];

const ZYPPER_COMMON = ["-n", "--non-interactive", "-q", "--quiet", "-y", "--no-confirm"];

const zypperForms: NativeForm[] = [
  subcommandForm({
    form: "zypper install PACKAGE...",
    programs: ["zypper"],
    operation: "zypper.packages",
    subcommands: ["install", "in"],
    allowed: [...ZYPPER_COMMON, "-l", "--auto-agree-with-licenses"],
    build: (input) => nativeCall("zypper.packages", [["packages", packageList(input)]]),
  }),
  subcommandForm({
    form: "zypper remove PACKAGE...",
    programs: ["zypper"],
    operation: "zypper.packages",
    subcommands: ["remove", "rm"],
    allowed: ZYPPER_COMMON,
    build: (input) => nativeCall("zypper.packages", [["packages", packageList(input)], ["present", FALSE]]),
  }),
  bareSubcommand("zypper update", ["zypper"], ["update", "up"], "zypper.update", ZYPPER_COMMON),
];

const PIP_PROGRAMS = ["pip", "pip3", "python", "python3"];
const PIP_EXTRA_ARGS = ["--user", "--break-system-packages", "--no-cache-dir", "--pre"];

/** Splits `python3 -m pip ...` into the pip command and its arguments. */
function pipCommand(input: FormInput): { pip: string; args: FormInput["args"] } | null {
  const program = input.command.program ?? "";
  if (program.startsWith("pip")) return { pip: input.command.name ?? program, args: input.args };
  if (staticValue(input.args[0]) !== "-m" || staticValue(input.args[1]) !== "pip") return null;
  return { pip: `${input.command.name} -m pip`, args: input.args.slice(2) };
}

function buildPip(input: FormInput): NativeCall | null {
  const split = pipCommand(input);
  if (!split) return null;
  const parsed = parseArguments(split.args, { valued: ["-r", "--requirement"] });
  const subcommand = staticValue(parsed.operands[0]);
  const operands = parsed.operands.slice(1);
  const pip = split.pip === "pip" ? undefined : pythonString(split.pip);
  if (subcommand === "uninstall") {
    if (!parsed.options.every((option) => ["-y", "--yes", "-q", "--quiet"].includes(option.name))) return null;
    if (operands.length === 0 || !operands.every(isRepositoryPackage)) return null;
    return nativeCall("pip.packages", [["packages", input.values.list(operands)], ["present", FALSE], ["pip", pip]]);
  }
  if (subcommand !== "install") return null;
  const known = ["-q", "--quiet", "-U", "--upgrade", "-r", "--requirement", ...PIP_EXTRA_ARGS];
  if (!parsed.options.every((option) => known.includes(option.name))) return null;
  const requirements = optionValue(parsed, "-r", "--requirement");
  if (operands.length === 0 && !requirements) return null;
  if (!operands.every(isRepositoryPackage)) return null;
  const extra = parsed.options.filter((option) => PIP_EXTRA_ARGS.includes(option.name)).map((option) => option.name);
  return nativeCall("pip.packages", [
    ["packages", operands.length > 0 ? input.values.list(operands) : undefined],
    ["requirements", requirements ? input.values.word(requirements) : undefined],
    ["latest", hasOption(parsed, "-U", "--upgrade") ? TRUE : undefined],
    ["pip", pip],
    ["extra_install_args", extra.length > 0 ? pythonString(extra.join(" ")) : undefined],
  ]);
}

const pipForms: NativeForm[] = [
  { form: "pip install PACKAGE...", programs: PIP_PROGRAMS, operation: "pip.packages", build: buildPip },
  { form: "pip uninstall PACKAGE...", programs: PIP_PROGRAMS, operation: "pip.packages", build: buildPip },
];

/** `python3 -m venv DIR` and `virtualenv DIR`. */
function buildVirtualenv(input: FormInput): NativeCall | null {
  const program = input.command.program ?? "";
  const isModule = staticValue(input.args[0]) === "-m" && staticValue(input.args[1]) === "venv";
  if (program !== "virtualenv" && !(program.startsWith("python") && isModule)) return null;
  const parsed = parseArguments(isModule ? input.args.slice(2) : input.args, { valued: ["-p", "--python"] });
  const allowed = ["--system-site-packages", "--copies", "--always-copy", "-p", "--python"];
  if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 1) return null;
  const python = isModule ? pythonString(input.command.name ?? program) : input.values.optional(optionValue(parsed, "-p", "--python"));
  return nativeCall(isModule ? "pip.venv" : "pip.virtualenv", [
    ["path", input.values.word(parsed.operands[0])],
    ["python", python],
    ["site_packages", hasOption(parsed, "--system-site-packages") ? TRUE : undefined],
    ["always_copy", hasOption(parsed, "--copies", "--always-copy") ? TRUE : undefined],
  ]);
}

const virtualenvForms: NativeForm[] = [
  { form: "python3 -m venv DIR", programs: ["python", "python3"], operation: "pip.venv", build: buildVirtualenv },
  { form: "virtualenv DIR", programs: ["virtualenv"], operation: "pip.virtualenv", build: buildVirtualenv },
];

const npmForms: NativeForm[] = [
  subcommandForm({
    form: "npm install -g PACKAGE...",
    programs: ["npm"],
    operation: "npm.packages",
    subcommands: ["install", "i", "add"],
    allowed: ["-g", "--global", "-q", "--quiet", "--silent"],
    build: (input) =>
      hasOption(input.parsed, "-g", "--global") ? nativeCall("npm.packages", [["packages", packageList(input)]]) : null,
  }),
  subcommandForm({
    form: "npm uninstall -g PACKAGE...",
    programs: ["npm"],
    operation: "npm.packages",
    subcommands: ["uninstall", "remove", "rm", "un"],
    allowed: ["-g", "--global", "-q", "--quiet", "--silent"],
    build: (input) =>
      hasOption(input.parsed, "-g", "--global")
        ? nativeCall("npm.packages", [["packages", packageList(input)], ["present", FALSE]])
        : null,
  }),
];

const gemInstall = subcommandForm({
  form: "gem install PACKAGE...",
  programs: ["gem"],
  operation: "gem.packages",
  subcommands: ["install"],
  allowed: ["--no-document", "-N", "--no-ri", "--no-rdoc", "-q", "--quiet"],
  build: (input) => nativeCall("gem.packages", [["packages", packageList(input)]]),
});

export const PACKAGE_FORMS: readonly NativeForm[] = [
  aptInstall,
  aptRemove,
  aptUpdate,
  aptUpgrade,
  aptDistUpgrade,
  ...rpmForms("dnf"),
  ...rpmForms("yum"),
  apkAdd,
  apkDel,
  apkUpdate,
  apkUpgrade,
  ...pacmanForms,
  ...zypperForms,
  ...pipForms,
  ...virtualenvForms,
  ...npmForms,
  gemInstall,
];
