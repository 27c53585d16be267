// User, group and host settings commands, and the `server` operations that replace them.
import type { ParsedArguments } from "./arguments.js";
import { hasOption, onlyOptions, optionValue, parseArguments } from "./arguments.js";
import type { ArgumentValue, FormInput, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import type { ShellWord } from "./types.js";

/** Python source for a comma-separated list such as `-G sudo,docker`. */
function commaList(word: ShellWord | null, input: FormInput): ArgumentValue {
  if (!word) return undefined;
  if (word.expands) return null;
  const items = word.value.split(",").filter((item) => item !== "");
  const values = items.map((item) => input.values.text(item));
  return values.some((value) => value === null) ? null : `[${values.join(", ")}]`;
}

/** Returns an integer literal for a static number, the expression for a Python value, else null. */
function integerValue(word: ShellWord | null, input: FormInput): ArgumentValue {
  if (!word) return undefined;
  const text = staticValue(word);
  if (text === null) return input.values.word(word);
  return /^\d+$/.test(text) ? String(Number(text)) : null;
}

function flag(parsed: ParsedArguments, ...names: string[]): ArgumentValue {
  return hasOption(parsed, ...names) ? "True" : undefined;
}

const USERADD_VALUED = ["-d", "--home-dir", "-s", "--shell", "-g", "--gid", "-G", "--groups", "-u", "--uid", "-c", "--comment", "-p", "--password"];

const useraddForm: NativeForm = {
  form: "useradd [OPTIONS] USER",
  programs: ["useradd"],
  operation: "server.user",
  build(input) {
    const parsed = parseArguments(input.args, { valued: USERADD_VALUED });
    const allowed = [...USERADD_VALUED, "-m", "--create-home", "-M", "--no-create-home", "-r", "--system", "-U", "--user-group"];
    if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 1) return null;
    return nativeCall("server.user", [
      ["user", input.values.word(parsed.operands[0])],
      ["home", input.values.optional(optionValue(parsed, "-d", "--home-dir"))],
      ["shell", input.values.optional(optionValue(parsed, "-s", "--shell"))],
      ["group", input.values.optional(optionValue(parsed, "-g", "--gid"))],
      ["groups", commaList(optionValue(parsed, "-G", "--groups"), input)],
      ["uid", integerValue(optionValue(parsed, "-u", "--uid"), input)],
      ["comment", input.values.optional(optionValue(parsed, "-c", "--comment"))],
      ["password", input.values.optional(optionValue(parsed, "-p", "--password"))],
      ["system", flag(parsed, "-r", "--system")],
      ["create_home", flag(parsed, "-m", "--create-home")],
    ]);
  },
};

const ADDUSER_VALUED = ["--home", "--shell", "--uid", "--ingroup", "--gecos", "--comment"];

/** Debian's `adduser USER` and `adduser USER GROUP`; Busybox's short options are not read. */
const adduserForm: NativeForm = {
  form: "adduser [--system] USER | adduser USER GROUP",
  programs: ["adduser"],
  operation: "server.user",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ADDUSER_VALUED });
    const quiet = ["--disabled-password", "--disabled-login", "--quiet", "-q", "--group", "--no-create-home"];
    if (!onlyOptions(parsed, [...ADDUSER_VALUED, ...quiet, "--system"])) return null;
    const [user, group, extra] = parsed.operands;
    if (!user || extra) return null;
    if (group) {
      const groupValue = input.values.word(group);
      if (parsed.options.length > 0 || groupValue === null) return null;
      return nativeCall("server.user", [
        ["user", input.values.word(user)],
        ["groups", `[${groupValue}]`],
        ["append", "True"],
      ]);
    }
    const system = hasOption(parsed, "--system");
    const gecos = optionValue(parsed, "--gecos", "--comment");
    return nativeCall("server.user", [
      ["user", input.values.word(user)],
      ["home", input.values.optional(optionValue(parsed, "--home"))],
      ["shell", input.values.optional(optionValue(parsed, "--shell"))],
      ["group", input.values.optional(optionValue(parsed, "--ingroup"))],
      ["uid", integerValue(optionValue(parsed, "--uid"), input)],
      ["comment", gecos && gecos.value !== "" ? input.values.word(gecos) : undefined],
      ["system", system ? "True" : undefined],
      ["create_home", system || hasOption(parsed, "--no-create-home") ? undefined : "True"],
    ]);
  },
};

const USERMOD_VALUED = ["-d", "--home", "-s", "--shell", "-g", "--gid", "-G", "--groups", "-u", "--uid", "-c", "--comment"];

const usermodForm: NativeForm = {
  form: "usermod [-aG GROUPS] [-s SHELL] USER",
  programs: ["usermod"],
  operation: "server.user",
  build(input) {
    const parsed = parseArguments(input.args, { valued: USERMOD_VALUED });
    if (!onlyOptions(parsed, [...USERMOD_VALUED, "-a", "--append", "-m", "--move-home"])) return null;
    if (parsed.operands.length !== 1 || !parsed.options.some((option) => USERMOD_VALUED.includes(option.name))) {
      return null;
    }
    return nativeCall("server.user", [
      ["user", input.values.word(parsed.operands[0])],
      ["home", input.values.optional(optionValue(parsed, "-d", "--home"))],
      ["shell", input.values.optional(optionValue(parsed, "-s", "--shell"))],
      ["group", input.values.optional(optionValue(parsed, "-g", "--gid"))],
      ["groups", commaList(optionValue(parsed, "-G", "--groups"), input)],
      ["append", flag(parsed, "-a", "--append")],
      ["uid", integerValue(optionValue(parsed, "-u", "--uid"), input)],
      ["comment", input.values.optional(optionValue(parsed, "-c", "--comment"))],
    ]);
  },
};

const userdelForm: NativeForm = {
  form: "userdel USER",
  programs: ["userdel", "deluser"],
  operation: "server.user",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, ["-r", "--remove", "-f", "--force", "--remove-home"])) return null;
    if (parsed.operands.length !== 1) return null;
    return nativeCall("server.user", [["user", input.values.word(parsed.operands[0])], ["present", "False"]]);
  },
};

const chshForm: NativeForm = {
  form: "chsh -s SHELL USER",
  programs: ["chsh"],
  operation: "server.user",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-s", "--shell"] });
    const shell = optionValue(parsed, "-s", "--shell");
    if (!shell || !onlyOptions(parsed, ["-s", "--shell"]) || parsed.operands.length !== 1) return null;
    return nativeCall("server.user", [
      ["user", input.values.word(parsed.operands[0])],
      ["shell", input.values.word(shell)],
    ]);
  },
};

const groupaddForm: NativeForm = {
  form: "groupadd [-r] [-g GID] GROUP",
  programs: ["groupadd", "addgroup"],
  operation: "server.group",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-g", "--gid"] });
    const allowed = ["-g", "--gid", "-r", "--system", "-f", "--force"];
    if (!onlyOptions(parsed, allowed) || parsed.operands.length !== 1) return null;
    return nativeCall("server.group", [
      ["group", input.values.word(parsed.operands[0])],
      ["system", flag(parsed, "-r", "--system")],
      ["gid", integerValue(optionValue(parsed, "-g", "--gid"), input)],
    ]);
  },
};

const groupdelForm: NativeForm = {
  form: "groupdel GROUP",
  programs: ["groupdel"],
  operation: "server.group",
  build(input) {
    if (input.args.length !== 1 || input.args[0].value.startsWith("-")) return null;
    return nativeCall("server.group", [["group", input.values.word(input.args[0])], ["present", "False"]]);
  },
};

/** `PROGRAM SUBCOMMAND VALUE` with nothing else, such as `hostnamectl set-hostname web1`. */
function settingForm(form: string, program: string, subcommand: string, operation: string, parameter: string): NativeForm {
  return {
    form,
    programs: [program],
    operation,
    build(input) {
      if (input.args.length !== 2 || staticValue(input.args[0]) !== subcommand) return null;
      if (input.args[1].value.startsWith("-")) return null;
      return nativeCall(operation, [[parameter, input.values.word(input.args[1])]]);
    },
  };
}

const sysctlForm: NativeForm = {
  form: "sysctl -w KEY=VALUE",
  programs: ["sysctl"],
  operation: "server.sysctl",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!hasOption(parsed, "-w", "--write") || !onlyOptions(parsed, ["-w", "--write", "-q", "--quiet"])) return null;
    const setting = parsed.operands[0];
    if (parsed.operands.length !== 1 || setting.expands || !setting.value.includes("=")) return null;
    const equals = setting.value.indexOf("=");
    const key = setting.value.slice(0, equals);
    const value = setting.value.slice(equals + 1);
    const valueSource = /^\d+$/.test(value) ? String(Number(value)) : input.values.text(value);
    return nativeCall("server.sysctl", [["key", input.values.text(key)], ["value", valueSource]]);
  },
};

const modprobeForm: NativeForm = {
  form: "modprobe [-r] MODULE",
  programs: ["modprobe"],
  operation: "server.modprobe",
  build(input) {
    const parsed = parseArguments(input.args);
    if (!onlyOptions(parsed, ["-r", "--remove", "-v", "--verbose", "-q", "--quiet"])) return null;
    if (parsed.operands.length !== 1) return null;
    return nativeCall("server.modprobe", [
      ["module", input.values.word(parsed.operands[0])],
      ["present", hasOption(parsed, "-r", "--remove") ? "False" : undefined],
    ]);
  },
};

const mountForm: NativeForm = {
  form: "mount [-t TYPE] [-o OPTIONS] DEVICE PATH",
  programs: ["mount"],
  operation: "server.mount",
  build(input) {
    const parsed = parseArguments(input.args, { valued: ["-t", "--types", "-o", "--options"] });
    if (!onlyOptions(parsed, ["-t", "--types", "-o", "--options", "--bind", "-v"])) return null;
    const operands = parsed.operands;
    if (operands.length < 1 || operands.length > 2) return null;
    const path = operands[operands.length - 1];
    const device = operands.length === 2 ? operands[0] : null;
    let options = commaList(optionValue(parsed, "-o", "--options"), input);
    if (hasOption(parsed, "--bind")) {
      if (options === null) return null;
      options = options ? `${options.slice(0, -1)}, "bind"]` : '["bind"]';
    }
    return nativeCall("server.mount", [
      ["path", input.values.word(path)],
      ["device", device ? input.values.word(device) : undefined],
      ["fs_type", input.values.optional(optionValue(parsed, "-t", "--types"))],
      ["options", options],
    ]);
  },
};

const umountForm: NativeForm = {
  form: "umount PATH",
  programs: ["umount"],
  operation: "server.mount",
  build(input) {
    if (input.args.length !== 1 || input.args[0].value.startsWith("-")) return null;
    return nativeCall("server.mount", [["path", input.values.word(input.args[0])], ["mounted", "False"]]);
  },
};

const localeGenForm: NativeForm = {
  form: "locale-gen LOCALE",
  programs: ["locale-gen"],
  operation: "server.locale",
  build(input) {
    if (input.args.length !== 1 || input.args[0].value.startsWith("-")) return null;
    return nativeCall("server.locale", [["locale", input.values.word(input.args[0])]]);
  },
};

export const SYSTEM_FORMS: readonly NativeForm[] = [
  useraddForm,
  adduserForm,
  usermodForm,
  userdelForm,
  chshForm,
  groupaddForm,
  groupdelForm,
  settingForm("hostnamectl set-hostname NAME", "hostnamectl", "set-hostname", "server.hostname", "hostname"),
  settingForm("timedatectl set-timezone ZONE", "timedatectl", "set-timezone", "server.timezone", "timezone"),
  sysctlForm,
  modprobeForm,
  mountForm,
  umountForm,
  localeGenForm,
];
