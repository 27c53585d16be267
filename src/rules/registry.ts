import { missingName } from "./missing-name.js";
import { syntaxError } from "./syntax-error.js";
import type { Rule } from "./types.js";

/** Every rule, sorted by code. */
export const RULES: readonly Rule[] = [
  syntaxError,
  missingName,
].sort((a, b) => (a.code < b.code ? -1 : 1));

export function findRule(codeOrName: string): Rule | undefined {
  const wanted = codeOrName.toUpperCase();
  return RULES.find((rule) => rule.code === wanted || rule.name === codeOrName.toLowerCase());
}
