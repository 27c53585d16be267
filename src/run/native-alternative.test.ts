// Pins how verify names the native operation for a `server.shell`, using the PIK201 command table.
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { nativeAlternative, prepareNativeAlternatives } from "./native-alternative.js";

before(() => prepareNativeAlternatives());

const cases: [unknown, string | null][] = [
  [["mkdir -p /srv/app/cache"], 'files.directory(path="/srv/app/cache")'],
  ["systemctl restart nginx", 'systemd.service(service="nginx", restarted=True)'],
  [["apt-get install -y nginx curl", "echo done"], 'apt.packages(packages=["nginx", "curl"])'],
  [["echo $HOME > /etc/home"], null],
  [["make -C /srv/app"], null],
];

for (const [commands, expected] of cases) {
  test(`native alternative of ${JSON.stringify(commands)}`, () => {
    assert.equal(nativeAlternative({ operation: "server.shell", arguments: { commands } }), expected);
  });
}

test("other operations have none", () => {
  assert.equal(nativeAlternative({ operation: "files.line", arguments: { commands: ["mkdir /x"] } }), null);
});
