// Recognises secrets in deploy code: names that suggest one, literal values
// that are placeholders rather than secrets, known token formats, and
// passwords on shell command lines. Nothing here returns or logs a secret
// except as the value the caller asked to classify.

/** The strength with which a variable, argument or key name suggests a secret. */
export type SecretNameStrength = "strong" | "weak";

const STRONG_WORDS = new Set([
  "apikey",
  "credential",
  "credentials",
  "pass",
  "passphrase",
  "passwd",
  "password",
  "privatekey",
  "pwd",
  "secret",
  "token",
]);
/** Words before `key` that make it a secret key rather than, say, a sysctl or dictionary key. */
const KEY_QUALIFIERS = new Set([
  "access",
  "api",
  "encryption",
  "master",
  "private",
  "secret",
  "signing",
]);
const WEAK_WORDS = new Set(["auth", "key", "salt"]);
/**
 * A last word that makes the name describe something about a secret rather
 * than hold one: `password_file`, `token_url`, `secret_name`.
 */
const DESCRIBING_WORDS = new Set([
  "algorithm", "authentication", "backend", "cmd", "command", "count", "dest", "dir", "directory",
  "enabled", "endpoint", "env", "expires", "expiry", "field", "file", "files", "flag", "format",
  "header", "helper", "hint", "label", "length", "lifetime", "location", "manager", "method",
  "min", "max", "mode", "mount", "name", "names", "option", "owner", "param", "path", "paths",
  "pattern", "policy", "prompt", "provider", "ref", "regex", "required", "source", "src", "store",
  "template", "ttl", "type", "uri", "url", "user", "username", "var", "variable", "version",
]);

/** Splits `DB_PASSWORD`, `apiKey` or `_sudo_password` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

/**
 * Classifies a name by how strongly it suggests a secret. Every literal value
 * of a `strong` name, such as `password`, `token` or `api_key`, is suspect. A
 * `weak` name (`key`, `auth`, `salt`) counts only when its value looks random.
 */
export function secretNameStrength(name: string): SecretNameStrength | null {
  const words = nameWords(name);
  if (words.length === 0 || words.includes("public")) return null;
  if (DESCRIBING_WORDS.has(words[words.length - 1])) return null;

  for (const [index, word] of words.entries()) {
    if (STRONG_WORDS.has(word)) return "strong";
    if (word === "key" && index > 0 && KEY_QUALIFIERS.has(words[index - 1])) return "strong";
  }
  return words.some((word) => WEAK_WORDS.has(word)) ? "weak" : null;
}

const PLACEHOLDER_WORDS = new Set([
  "changeit", "changeme", "default", "dummy", "empty", "example", "false", "fixme", "hidden",
  "no", "none", "notset", "null", "off", "on", "password", "placeholder", "redacted", "replaceme",
  "sample", "secret", "todo", "token", "true", "unset", "yes",
]);
const PLACEHOLDER_PATTERNS = [
  /^(x+|\*+|\.+|-+|_+|#+|0+|\?+)$/i,
  /^<[^<>]*>$/,
  /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/,
  /\{\{.*\}\}/,
  /^\{[A-Za-z0-9_.]*\}$/,
  /^%\(?[A-Za-z0-9_]*\)?s$/,
  /^(your|test|dummy|fake|example|sample)[-_ ]?[a-z_ -]*$/i,
  /^(change|replace)[-_ ]?(me|this|it)\b/i,
];
/**
 * Ciphertext that only the secret helper can open: privy (`1$2$salt$token`),
 * Ansible Vault, SOPS, age and PGP messages.
 */
const ENCRYPTED = [
  /^\d+\$\d+\$[A-Za-z0-9_=+/-]+\$[A-Za-z0-9_=+/-]+$/,
  /^\$ANSIBLE_VAULT;/,
  /^ENC\[[A-Z0-9_]+,data:/,
  /^-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----/,
];
/** A reference to a secret kept elsewhere: 1Password, Vault, SSM, a Docker secret file. */
const SECRET_REFERENCE = /^(op|vault|ssm|secret|env|file|arn|aws-sm|gcp-sm):/i;
const PATH_LIKE = /^(~|\.{1,2})?\/[\w.@/+-]*$/;
const URL_WITHOUT_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@]*(:\d+)?([/?#]\S*)?$/i;
const PUBLIC_KEY =
  /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-|sk-(ssh|ecdsa)-)|-----BEGIN (PUBLIC KEY|CERTIFICATE|PGP PUBLIC)/;
const ENVIRONMENT_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * True when a literal in a secret-named place is not a secret in plain text.
 * That covers empty values and placeholders (`changeme`, `<password>`, `xxx`,
 * `${DB_PASSWORD}`, Jinja and format fields). It also covers ciphertext,
 * references to a secret store, paths, URLs without a password, public keys
 * and names of environment variables.
 */
export function isNonSecretValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === "") return true;
  if (PLACEHOLDER_WORDS.has(trimmed.toLowerCase().replace(/[-_ ]/g, ""))) return true;
  if (PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(trimmed))) return true;
  if (SECRET_REFERENCE.test(trimmed) || PUBLIC_KEY.test(trimmed)) return true;
  if (ENCRYPTED.some((pattern) => pattern.test(trimmed))) return true;
  if (PATH_LIKE.test(trimmed) && trimmed.includes("/") && trimmed.length > 1) return true;
  if (URL_WITHOUT_PASSWORD.test(trimmed)) return true;
  return ENVIRONMENT_NAME.test(trimmed) && trimmed.includes("_");
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}

/**
 * True when a value looks like a random token. That is hex of at least 32
 * characters with 3.0 bits of entropy per character, or base64 of at least
 * 16 characters that mixes upper case, lower case and digits with 3.5 bits
 * per character. Dotted names such as sysctl keys never qualify, and neither
 * do lower-case identifiers.
 */
export function looksRandom(value: string): boolean {
  const entropy = shannonEntropy(value);
  if (/^[0-9a-f]{32,}$/i.test(value)) return entropy >= 3.0;
  if (value.length < 16 || !/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return entropy >= 3.5;
}

/** Stands for an interpolated expression in the text of an f-string. */
export const HOLE = "\u0000";

/** A secret found inside a longer text, with a description that contains no part of it. */
export interface SecretMatch {
  /** The kind of secret, for example "an AWS access key ID". */
  kind: string;
  /** The public part of the format, such as `AKIA`, which messages may show. It may be empty. */
  publicPrefix: string;
  /** The secret itself, for redaction. No message contains it. */
  value: string;
}

interface FormatPattern {
  kind: string;
  pattern: RegExp;
  /** The number of leading characters that belong to the format rather than the secret. */
  prefixLength: number;
}

const FORMAT_PATTERNS: readonly FormatPattern[] = [
  { kind: "an AWS access key ID", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, prefixLength: 4 },
  { kind: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, prefixLength: 4 },
  { kind: "a GitHub token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g, prefixLength: 11 },
  { kind: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, prefixLength: 6 },
  { kind: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, prefixLength: 5 },
  {
    kind: "a Slack webhook URL",
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g,
    prefixLength: 33,
  },
  {
    kind: "a private key",
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
    prefixLength: 11,
  },
  { kind: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, prefixLength: 4 },
  { kind: "a Stripe secret key", pattern: /\b[rs]k_live_[0-9A-Za-z]{20,}\b/g, prefixLength: 8 },
  {
    kind: "an API key",
    pattern: /\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}/g,
    prefixLength: 3,
  },
  { kind: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, prefixLength: 4 },
  {
    kind: "a JSON Web Token",
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    prefixLength: 3,
  },
];

/** Matches `scheme://user:password@host`, with the password in the second group. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/]+):([^\s@/]+)@/gi;

/**
 * Matches every text that one of the patterns above can match: each pattern
 * needs one of these literal parts. Most strings fail this one test.
 */
const ANY_FORMAT_PART = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|-----BEGIN|AIza|k_live_|sk-|npm_|eyJ|:\/\//;

/**
 * Finds secrets in known formats in a text. `HOLE` marks characters that
 * come from an expression rather than the literal, and a match never spans one.
 */
export function findKnownFormats(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  if (!ANY_FORMAT_PART.test(text)) return found;
  for (const { kind, pattern, prefixLength } of FORMAT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ kind, publicPrefix: match[0].slice(0, prefixLength), value: match[0] });
    }
  }
  for (const match of text.matchAll(URL_CREDENTIALS)) {
    const password = match[2];
    if (password.includes(HOLE) || /[$%{]/.test(password) || isNonSecretValue(password)) continue;
    found.push({ kind: "a password in a URL", publicPrefix: "", value: password });
  }
  return found;
}

/** An optionally quoted word, captured as `value`. */
const QUOTED_WORD = String.raw`(?<quote>['"]?)(?<value>[^\s'"]+)\k<quote>`;

/** Builds a pattern whose secret is the optionally quoted word after `before`. */
function beforeWord(before: string, flags = "g"): RegExp {
  return new RegExp(before + QUOTED_WORD, flags);
}

/** Command-line forms that pass a secret, which each pattern captures in the group `value`. */
const SHELL_PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  {
    kind: "a password after `-p`",
    pattern: beforeWord(String.raw`\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^|;&\n]*?\s-p`),
  },
  {
    kind: "a secret in a command-line option",
    pattern: beforeWord(
      String.raw`--(?:password|passwd|token|api-key|apikey|secret|client-secret|auth-token)[= ](?!-)`,
    ),
  },
  {
    kind: "a secret in an environment variable",
    pattern: beforeWord(
      String.raw`\b(?:[A-Z][A-Z0-9_]*)?(?:PASSWORD|PASSWD|_PWD|TOKEN|SECRET|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY)=`,
    ),
  },
  {
    kind: "a password in `curl --user`",
    pattern: /\bcurl\b[^|;&\n]*?\s(?:-u\s*|--user[= ])(?<quote>['"]?)[^\s:'"]+:(?<value>[^\s'"]+)\k<quote>/g,
  },
  { kind: "a password for `sshpass`", pattern: beforeWord(String.raw`\bsshpass\s+-p\s*`) },
  {
    kind: "a password piped to `sudo -S` or `chpasswd`",
    pattern: /\becho\s+(?<quote>['"]?)(?:[^\s:'"|]+:)?(?<value>[^\s'"|]+)\k<quote>\s*\|\s*(?:sudo\s+-S|chpasswd)/g,
  },
  {
    kind: "a password for `htpasswd -b`",
    pattern: beforeWord(String.raw`\bhtpasswd\s+-[a-zA-Z]*b[a-zA-Z]*\s+\S+\s+\S+\s+`),
  },
  {
    kind: "a token in an `Authorization` header",
    pattern: /Authorization:\s*(?:Bearer|token|Basic)\s+(?<value>[A-Za-z0-9._~+/=-]{8,})/gi,
  },
  {
    kind: "a password for `mysqladmin`",
    pattern: beforeWord(String.raw`\bmysqladmin\b[^|;&\n]*\spassword\s+`),
  },
  {
    kind: "a password in SQL",
    pattern: /\bIDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+(?<quote>['"])(?<value>[^'"]+)\k<quote>/gi,
  },
  { kind: "a password in SQL", pattern: /\bPASSWORD\s+(?<quote>['"])(?<value>[^'"]+)\k<quote>/gi },
];

/**
 * Finds secrets passed on a shell command line or in SQL text. Values that
 * come from an interpolation (`HOLE`), a shell variable or a placeholder are skipped.
 */
export function findCommandSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const { kind, pattern } of SHELL_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const value = match.groups?.value ?? "";
      if (value === "" || value.includes(HOLE) || /[$`{%]/.test(value)) continue;
      if (isNonSecretValue(value)) continue;
      found.push({ kind, publicPrefix: "", value });
    }
  }
  return found;
}

/**
 * Describes a secret without revealing it: its length, and the public prefix
 * of its format when there is one, such as `` `AKIA…`, 20 characters ``.
 */
export function redact(value: string, publicPrefix = ""): string {
  const length = `${[...value].length} characters`;
  return publicPrefix ? `\`${publicPrefix}…\`, ${length}` : length;
}
