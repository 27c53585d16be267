// Rule codes without the rules, for code that chooses rules but runs none,
// so that it does not load every rule.

/** Every rule code, sorted; the registry has one rule for each. */
export const RULE_CODES: readonly string[] = [
  "PIK100", "PIK101", "PIK102", "PIK103", "PIK104", "PIK105",
  "PIK201", "PIK202", "PIK203", "PIK204",
  "PIK301", "PIK302", "PIK303", "PIK304",
  "PIK401", "PIK402", "PIK403", "PIK404",
  "PIK501", "PIK502", "PIK503", "PIK504", "PIK505", "PIK506",
];

/** The code of the rule that reports Python syntax errors and unreadable files. */
export const SYNTAX_ERROR_CODE = "PIK100";

/** Codes of the rules that read the results of the Jinja2 template checks. */
export const TEMPLATE_RULE_CODES: ReadonlySet<string> = new Set(["PIK503", "PIK504", "PIK505", "PIK506"]);

/**
 * Applies `select` and `ignore` (codes or code prefixes, or `ALL`) to a list
 * of rules or anything else with a code.
 */
export function selectRules<T extends { code: string }>(all: readonly T[], select: string[], ignore: string[]): T[] {
  const matches = (item: T, patterns: string[]) =>
    patterns.some((pattern) => pattern.toUpperCase() === "ALL" || item.code.startsWith(pattern.toUpperCase()));
  return all.filter((item) => (select.length === 0 || matches(item, select)) && !matches(item, ignore));
}
