// Pins which literals count as secrets, which are placeholders or safe
// sources, and that no message ever contains the secret itself.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";

import { hardcodedSecret } from "./hardcoded-secret.js";
import { REPOSITORY_ROOT, runRule, testRule } from "./testing.js";

const OPS = "from pyinfra.operations import files, mysql, postgres, server\n";
const HELPER = "from deploys.util.secret import get_secret\n";

// Secret-looking values are assembled at run time, so this file contains no literal that a scanner would flag.
const AWS_KEY = ["AKIA", "Q3EXAMPLE7ABCDEFG"].join("").slice(0, 20);
const GITHUB_TOKEN = ["ghp_", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"].join("");
const PRIVATE_KEY = ["-----BEGIN OPENSSH ", "PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEA\\n"].join("");

testRule(hardcodedSecret, {
  valid: [
    `${OPS}${HELPER}mysql.user(user="app", password=get_secret("mysql-app"))\n`,
    `${OPS}import os\nmysql.user(user="app", password=os.environ["APP_PASSWORD"])\n`,
    `${OPS}import os\nmysql.user(user="app", password=os.getenv("APP_PASSWORD"))\n`,
    `${OPS}from pyinfra import host\nmysql.user(user="app", password=host.data.app_password)\n`,
    // Placeholders and empty values.
    `${OPS}mysql.user(user="app", password="")\n`,
    `${OPS}mysql.user(user="app", password="changeme")\n`,
    `${OPS}mysql.user(user="app", password="CHANGE_ME")\n`,
    `${OPS}mysql.user(user="app", password="<password>")\n`,
    `${OPS}mysql.user(user="app", password="xxxxxx")\n`,
    `${OPS}mysql.user(user="app", password="{{ app_password }}")\n`,
    `${OPS}mysql.user(user="app", password="your-password-here")\n`,
    `token = ""\n`,
    // Names that describe a secret rather than hold one.
    `VAULT_PASSWORD_ENV_VAR = "VAULT_PASSWORD"\n`,
    `password_file = "/run/secrets/db"\n`,
    `secret_name = "mysql-app"\n`,
    `${OPS}server.user(user="deploy", public_keys=["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample deploy"])\n`,
    // Weak names need a random-looking value.
    `${OPS}server.sysctl(key="net.ipv4.ip_forward", value="1")\n`,
    `auth = "basic"\n`,
    // A value read from a name is reported where the name is assigned, not where it is used.
    `${OPS}mysql.user(user="app", password=APP_PASSWORD_FROM_ELSEWHERE)\n`,
    `${OPS}server.shell(commands=[f"mysql -uroot -p{root_password} -e 'select 1'"])\n`,
    `${OPS}server.shell(commands=['mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "select 1"'])\n`,
    `${OPS}server.shell(commands=["mysql -uroot -P 3306 -e 'select 1'"])\n`,
    `${OPS}server.shell(commands=["docker run -u 1000:1000 alpine id"])\n`,
    `${HELPER}token = get_secret("github-token")\n`,
    `${OPS}server.shell(commands=["docker login --username ci --password-stdin < /run/secrets/ci"])\n`,
    `${OPS}server.shell(commands=["curl -H 'Authorization: Bearer $API_TOKEN' https://example.org"])\n`,
    `import os\npassword = os.getenv("DB_PASSWORD", "")\n`,
    `url = "https://example.org/app.git"\n`,
    // Ciphertext that the secret helper decrypts at deploy time.
    `hosts = [("k3s1", {"token": "1$2$bVdg-w3YgXtxvFp_Wpop1U4A1f6kiWG96UORsdwgX5s=$Z0FBQUFBQm9GTzE3dy14ZGtv"})]\n`,
    `db_password = "$ANSIBLE_VAULT;1.1;AES256\\n6638643965"\n`,
  ],
  invalid: [
    {
      code: `${OPS}mysql.user(user="app", password="hunter2-prod")\n`,
      findings: [{ line: 2, column: 33, endLine: 2, endColumn: 47, messageIncludes: "`password` of `mysql.user` is set to a literal secret (12 characters)" }],
    },
    // A project with the default helper's module gets advice to use it.
    {
      code: `${OPS}mysql.user(user="app", password="hunter2-prod")\n`,
      path: join(REPOSITORY_ROOT, "examples", "deploys", "example", "__init__.py"),
      project: { root: join(REPOSITORY_ROOT, "examples") },
      findings: [{ line: 2, column: 33, endLine: 2, endColumn: 47, messageIncludes: "; read it with `get_secret(...)` from `deploys.util.secret`" }],
    },
    // A project without it is not sent to an import that fails.
    {
      code: `${OPS}mysql.user(user="app", password="hunter2-prod")\n`,
      findings: [{ line: 2, column: 33, endLine: 2, endColumn: 47, messageIncludes: "; read it at deploy time instead, for example from the environment or a secret store, and name the function that does it with `secret-helper` in `[tool.pyinfra-kit]`" }],
    },
    // A configured helper is named whether or not its module is a file of the project.
    {
      code: `${OPS}mysql.user(user="app", password="hunter2-prod")\n`,
      config: { secretHelper: "vault_tools.read_secret" },
      findings: [{ line: 2, column: 33, endLine: 2, endColumn: 47, messageIncludes: "; read it with `read_secret(...)` from `vault_tools`" }],
    },
    {
      code: `DB_PASSWORD = "s3cr3t!"\n`,
      findings: [{ line: 1, column: 15, endLine: 1, endColumn: 24, messageIncludes: "`DB_PASSWORD`" }],
    },
    {
      code: `${OPS}server.shell(commands=["id"], _sudo_password="letmein")\n`,
      findings: [{ line: 2, column: 46, endLine: 2, endColumn: 55, messageIncludes: "`_sudo_password`" }],
    },
    {
      code: `${OPS}files.template(src="app.conf.j2", dest="/etc/app.conf", db_password="pa55word")\n`,
      findings: [{ line: 2, column: 69, endLine: 2, endColumn: 79, messageIncludes: "template data `db_password` of `files.template`" }],
    },
    {
      code: `inventory = [("web1", {"ssh_password": "vagrant1"})]\n`,
      findings: [{ line: 1, column: 40, endLine: 1, endColumn: 50, messageIncludes: "`ssh_password`" }],
    },
    {
      code: `config = {}\nconfig["api_token"] = "tok-" "91b2"\n`,
      findings: [{ line: 2, column: 23, endLine: 2, endColumn: 36, messageIncludes: "`api_token`" }],
    },
    {
      code: `def deploy(admin_password="admin123"):\n    pass\n`,
      findings: [{ line: 1, column: 27, endLine: 1, endColumn: 37 }],
    },
    {
      code: `class Settings:\n    secret_key = "d8f0a7c2b9e14f6a8c3d5e7f9a1b2c4d"\n`,
      findings: [{ line: 2, column: 18, endLine: 2, endColumn: 52 }],
    },
    {
      code: `signing = {"key": "Zx9Qm2Lk8Vb4Nc7Rt1Yw5Hd3Gf6Js0Pa"}\n`,
      findings: [{ line: 1, column: 19, endLine: 1, endColumn: 53, messageIncludes: "`key`" }],
    },
    {
      code: `import os\npassword = os.getenv("DB_PASSWORD", "fallback-pw")\n`,
      findings: [{ line: 2, column: 37, endLine: 2, endColumn: 50, messageIncludes: "fallback for `DB_PASSWORD`" }],
    },
    {
      code: `client = make_client("${AWS_KEY}")\n`,
      findings: [{ line: 1, column: 22, endLine: 1, endColumn: 44, messageIncludes: "an AWS access key ID (`AKIA…`, 20 characters)" }],
    },
    {
      code: `headers = ["${GITHUB_TOKEN}"]\n`,
      findings: [{ line: 1, column: 12, endLine: 1, endColumn: 54, messageIncludes: "a GitHub token" }],
    },
    {
      code: `${OPS}files.put(src=StringIO("${PRIVATE_KEY}"), dest="/root/.ssh/id_ed25519")\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 85, messageIncludes: "a private key" }],
    },
    {
      code: `DATABASE = "postgres://app:Tr0ub4dor@db.internal/app"\n`,
      findings: [{ line: 1, column: 12, endLine: 1, endColumn: 54, messageIncludes: "a password in a URL (9 characters)" }],
    },
    {
      code: `${OPS}server.shell(commands=["mysql -uroot -pRootPw42 -e 'CREATE DATABASE app'"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 74, messageIncludes: "a password after `-p`" }],
    },
    {
      code: `${OPS}server.shell("PGPASSWORD=pgpw99 psql -h db -U app -c 'select 1'")\n`,
      findings: [{ line: 2, column: 14, endLine: 2, endColumn: 65, messageIncludes: "environment variable" }],
    },
    {
      code: `${OPS}server.shell(commands=["curl --user admin:adm1nPw https://example.org/api"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 75, messageIncludes: "`curl --user`" }],
    },
    {
      code: `${OPS}mysql.sql(sql="CREATE USER 'app'@'%' IDENTIFIED BY 'appPw!7'")\n`,
      findings: [{ line: 2, column: 15, endLine: 2, endColumn: 62, messageIncludes: "a password in SQL" }],
    },
    {
      code: `${OPS}server.shell(commands=[f"echo 'deploy:Dpl0yPw' | chpasswd && id {user}"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 72, messageIncludes: "chpasswd" }],
    },
    {
      code: `${OPS}server.shell(commands=["sshpass -p 'Sup3rPw' ssh deploy@db true"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 65, messageIncludes: "`sshpass`" }],
    },
    {
      code: `${OPS}server.shell(commands=["app-cli login --token=tk82hf73 --org infra"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 68, messageIncludes: "command-line option" }],
    },
    {
      code: `${OPS}server.shell(commands=["curl -H 'Authorization: Bearer 9f8e7d6c5b4a' https://example.org"])\n`,
      findings: [{ line: 2, column: 24, endLine: 2, endColumn: 90, messageIncludes: "`Authorization` header" }],
    },
  ],
});

describe("PIK401 redaction", () => {
  const secrets: [string, string][] = [
    ["hunter2-prod", `${OPS}mysql.user(user="app", password="hunter2-prod")\n`],
    ["RootPw42", `${OPS}server.shell(commands=["mysql -uroot -pRootPw42 -e 'select 1'"])\n`],
    ["Tr0ub4dor", `DATABASE = "postgres://app:Tr0ub4dor@db.internal/app"\n`],
    [AWS_KEY, `client = make_client("${AWS_KEY}")\n`],
    [GITHUB_TOKEN, `headers = ["${GITHUB_TOKEN}"]\n`],
  ];
  for (const [secret, code] of secrets) {
    it(`keeps a ${secret.length}-character secret out of the message`, async () => {
      const findings = await runRule(hardcodedSecret, code);
      assert.equal(findings.length, 1);
      assert.ok(!findings[0].message.includes(secret), "the message contains the secret");
      assert.ok(!findings[0].message.includes(secret.slice(4, 12)), "the message contains part of the secret");
    });
  }
});

describe("PIK401 secret helper", () => {
  it("skips strings passed to a configured helper", async () => {
    const code = `from infra.vault import fetch\ntoken = fetch("${GITHUB_TOKEN}")\n`;
    const findings = await runRule(hardcodedSecret, code, { config: { secretHelper: "infra.vault.fetch" } });
    assert.equal(findings.length, 0);
  });

  it("names the configured helper in the message", async () => {
    const code = `password = "hunter2-prod"\n`;
    const [finding] = await runRule(hardcodedSecret, code, { config: { secretHelper: "infra.vault.fetch" } });
    assert.ok(finding.message.includes("`fetch(...)` from `infra.vault`"), finding.message);
  });
});
