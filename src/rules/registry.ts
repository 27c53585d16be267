import { downloadWithoutChecksum } from "./download-without-checksum.js";
import { missingBackup } from "./missing-backup.js";
import { missingName } from "./missing-name.js";
import { missingOwnership } from "./missing-ownership.js";
import { missingSudo } from "./missing-sudo.js";
import { mutableFactCondition } from "./mutable-fact-condition.js";
import { planTimeChanged } from "./plan-time-changed.js";
import { riskyMode } from "./risky-mode.js";
import { syntaxError } from "./syntax-error.js";
import { unconditionalRestart } from "./unconditional-restart.js";
import { hardcodedSecret } from "./hardcoded-secret.js";
import { importTimeOperation } from "./import-time-operation.js";
import { legacyApi } from "./legacy-api.js";
import { missingArgument } from "./missing-argument.js";
import { unknownArgument } from "./unknown-argument.js";
import { unknownFact } from "./unknown-fact.js";
import { unknownOperation } from "./unknown-operation.js";
import { templateNotFound } from "./template-not-found.js";
import { templateSyntaxError } from "./template-syntax-error.js";
import { templateUndefinedVariable } from "./template-undefined-variable.js";
import { templateUnusedVariable } from "./template-unused-variable.js";
import { pipeToShell } from "./pipe-to-shell.js";
import { shellInjection } from "./shell-injection.js";
import { shellInsteadOfOperation } from "./shell-instead-of-operation.js";
import type { Rule } from "./types.js";

/** Every rule, sorted by code. */
export const RULES: readonly Rule[] = [
  syntaxError,
  mutableFactCondition,
  planTimeChanged,
  unconditionalRestart,
  downloadWithoutChecksum,
  missingName,
  missingSudo,
  missingOwnership,
  missingBackup,
  riskyMode,
  hardcodedSecret,
  unknownOperation,
  unknownArgument,
  missingArgument,
  legacyApi,
  unknownFact,
  importTimeOperation,
  templateNotFound,
  templateUndefinedVariable,
  templateUnusedVariable,
  templateSyntaxError,
  shellInsteadOfOperation,
  pipeToShell,
  shellInjection,
].sort((a, b) => (a.code < b.code ? -1 : 1));

export function findRule(codeOrName: string): Rule | undefined {
  const wanted = codeOrName.toUpperCase();
  return RULES.find((rule) => rule.code === wanted || rule.name === codeOrName.toLowerCase());
}
