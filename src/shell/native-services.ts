// Service manager commands and the service operations that replace them.
// `running=None` keeps the running state as it is, because
// pyinfra.operations.util.service.handle_service_control only starts or
// stops a service when `running` is True or False.
import { hasOption, pythonString } from "./arguments.js";
import type { ArgumentValue, NativeCall, NativeForm } from "./native-form.js";
import { nativeCall, staticValue } from "./native-form.js";
import { subcommandForm } from "./native-subcommand.js";
import type { SubcommandInput } from "./native-subcommand.js";
import type { ShellWord } from "./types.js";

type ServiceAction = "start" | "stop" | "restart" | "reload";

/** The keyword arguments that make a service operation do what an action does. */
const ACTION_ARGUMENTS: Record<ServiceAction, [string, string][]> = {
  start: [["running", "True"]],
  stop: [["running", "False"]],
  restart: [["restarted", "True"]],
  reload: [["reloaded", "True"]],
};

const SYSTEMCTL_ALLOWED = ["--now", "--user", "--no-block", "-q", "--quiet", "--no-pager"];

/** `systemctl ACTION UNIT` with exactly one unit, the form the operation takes. */
function systemctlForm(
  form: string,
  subcommands: string[],
  argumentsFor: (input: SubcommandInput) => [string, ArgumentValue][] | null,
): NativeForm {
  return subcommandForm({
    form,
    programs: ["systemctl"],
    operation: "systemd.service",
    subcommands,
    allowed: SYSTEMCTL_ALLOWED,
    build(input) {
      if (input.operands.length !== 1) return null;
      const entries = argumentsFor(input);
      if (!entries) return null;
      const userMode = hasOption(input.parsed, "--user") ? "True" : undefined;
      return nativeCall("systemd.service", [
        ["service", input.values.word(input.operands[0])],
        ...entries,
        ["user_mode", userMode],
      ]);
    },
  });
}

function actionForm(action: ServiceAction): NativeForm {
  return systemctlForm(`systemctl ${action} UNIT`, [action], (input) =>
    hasOption(input.parsed, "--now") ? null : ACTION_ARGUMENTS[action],
  );
}

const systemctlEnable = systemctlForm("systemctl enable [--now] UNIT", ["enable"], (input) =>
  hasOption(input.parsed, "--now")
    ? [["running", "True"], ["enabled", "True"]]
    : [["running", "None"], ["enabled", "True"]],
);

const systemctlDisable = systemctlForm("systemctl disable [--now] UNIT", ["disable"], (input) =>
  hasOption(input.parsed, "--now")
    ? [["running", "False"], ["enabled", "False"]]
    : [["running", "None"], ["enabled", "False"]],
);

const systemctlDaemonReload = subcommandForm({
  form: "systemctl daemon-reload",
  programs: ["systemctl"],
  operation: "systemd.daemon_reload",
  subcommands: ["daemon-reload"],
  allowed: ["--user", "-q", "--quiet"],
  build: (input) =>
    input.operands.length === 0
      ? nativeCall("systemd.daemon_reload", [["user_mode", hasOption(input.parsed, "--user") ? "True" : undefined]])
      : null,
});

function isAction(value: string | null): value is ServiceAction {
  return value === "start" || value === "stop" || value === "restart" || value === "reload";
}

/** `service NAME ACTION`, `/etc/init.d/NAME ACTION` and `rc-service NAME ACTION`. */
function initScriptCall(operation: string, service: string | null, action: ShellWord | undefined): NativeCall | null {
  const actionName = staticValue(action);
  if (service === null || !isAction(actionName)) return null;
  return nativeCall(operation, [["service", service], ...ACTION_ARGUMENTS[actionName]]);
}

const serviceForm: NativeForm = {
  form: "service NAME start|stop|restart|reload",
  programs: ["service"],
  operation: "server.service",
  build: ({ args, values }) => (args.length === 2 ? initScriptCall("server.service", values.word(args[0]), args[1]) : null),
};

const initScriptForm: NativeForm = {
  form: "/etc/init.d/NAME start|stop|restart|reload",
  programs: [],
  operation: "sysvinit.service",
  build({ command, args }) {
    const name = command.name ?? "";
    if (!name.startsWith("/etc/init.d/") || args.length !== 1) return null;
    const service = name.slice("/etc/init.d/".length);
    if (!service || service.includes("/")) return null;
    return initScriptCall("sysvinit.service", pythonString(service), args[0]);
  },
};

const rcServiceForm: NativeForm = {
  form: "rc-service NAME start|stop|restart|reload",
  programs: ["rc-service"],
  operation: "openrc.service",
  build: ({ args, values }) => (args.length === 2 ? initScriptCall("openrc.service", values.word(args[0]), args[1]) : null),
};

const updateRcForm: NativeForm = {
  form: "update-rc.d NAME defaults|enable|disable",
  programs: ["update-rc.d"],
  operation: "sysvinit.service",
  build({ args, values }) {
    if (args.length !== 2) return null;
    const action = staticValue(args[1]);
    if (action !== "defaults" && action !== "enable" && action !== "disable") return null;
    return nativeCall("sysvinit.service", [
      ["service", values.word(args[0])],
      ["running", "None"],
      ["enabled", action === "disable" ? "False" : "True"],
    ]);
  },
};

const rcUpdateForm: NativeForm = {
  form: "rc-update add|del NAME [default]",
  programs: ["rc-update"],
  operation: "openrc.service",
  build({ args, values }) {
    const action = staticValue(args[0]);
    const runlevel = args[2] ? staticValue(args[2]) : "default";
    if ((action !== "add" && action !== "del") || args.length < 2 || args.length > 3 || runlevel !== "default") {
      return null;
    }
    return nativeCall("openrc.service", [
      ["service", values.word(args[1])],
      ["running", "None"],
      ["enabled", action === "add" ? "True" : "False"],
    ]);
  },
};

export const SERVICE_FORMS: readonly NativeForm[] = [
  actionForm("start"),
  actionForm("stop"),
  actionForm("restart"),
  actionForm("reload"),
  systemctlEnable,
  systemctlDisable,
  systemctlDaemonReload,
  serviceForm,
  initScriptForm,
  rcServiceForm,
  updateRcForm,
  rcUpdateForm,
];
