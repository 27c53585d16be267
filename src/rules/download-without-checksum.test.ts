import { downloadWithoutChecksum } from "./download-without-checksum.js";
import { testRule } from "./testing.js";

const HEADER = "from pyinfra.operations import files\n";

testRule(downloadWithoutChecksum, {
  valid: [
    HEADER + 'files.download(name="Get", src="https://example.com/a", dest="/opt/a", sha256sum="ab12")\n',
    HEADER + 'files.download(name="Get", src="https://example.com/a", dest="/opt/a", sha384sum="ab12")\n',
    HEADER + 'files.download(name="Get", src="https://example.com/a", dest="/opt/a", sha1sum=digest)\n',
    HEADER + 'files.download(name="Get", src="https://example.com/a", dest="/opt/a", md5sum="ab12")\n',
    // A checksum may come through `**kwargs`.
    HEADER + 'files.download(name="Get", src="https://example.com/a", dest="/opt/a", **checks)\n',
    // `sha384sum` is the eighth positional parameter in pyinfra 3.10.
    HEADER + 'files.download("https://example.com/a", "/opt/a", None, None, None, None, False, "ab12")\n',
    // A checksum file is verified by what it checks.
    HEADER + 'files.download(name="Sums", src="https://example.com/v1/SHA256SUMS", dest="/opt/SHA256SUMS")\n',
    HEADER + 'files.download(name="Sum", src="http://example.com/a.tar.gz.sha256", dest="/opt/a.sha256")\n',
    // Not `files.download`.
    "from pyinfra.operations import ssh\nssh.download(hostname='h', filename='/a', local_filename='a')\n",
  ],
  invalid: [
    {
      code: HEADER + 'files.download(name="Get", src="https://example.com/a.tar.gz", dest="/opt/a.tar.gz")\n',
      findings: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 15,
          messageIncludes:
            '`files.download(src="https://example.com/a.tar.gz")` has no checksum; pass `sha256sum`',
        },
      ],
    },
    {
      // Plain http, through an f-string whose start is static.
      code:
        "from pyinfra.operations.files import download\n" +
        "def deploy(version):\n" +
        '    download(name="Get", src=f"http://example.com/{version}.tgz", dest="/opt/a.tgz")\n',
      findings: [
        {
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 13,
          messageIncludes: "`files.download(src=...)` fetches over plain `http://` with no checksum",
        },
      ],
    },
    {
      // `None` and an empty string are no checksum.
      code:
        HEADER +
        'files.download(name="A", src="https://e.com/a", dest="/a", sha256sum=None)\n' +
        'files.download(name="B", src="https://e.com/b", dest="/b", md5sum="")\n',
      findings: [
        { line: 2, column: 1, endLine: 2, endColumn: 15, messageIncludes: "(or `sha384sum`, `sha1sum`, `md5sum`)" },
        { line: 3, column: 1, endLine: 3, endColumn: 15 },
      ],
    },
    {
      // A source through a module constant.
      code:
        HEADER +
        'URL = "HTTP://mirror.example.com/tool"\n' +
        'files.download(name="Tool", src=URL, dest="/usr/local/bin/tool", mode="0755")\n',
      findings: [{ line: 3, column: 1, endLine: 3, endColumn: 15, messageIncludes: "plain `http://`" }],
    },
    {
      // `str.format` and `%` keep the static start of the URL.
      code:
        HEADER +
        'files.download(name="A", src="http://e.com/{}".format(name), dest="/a")\n' +
        'files.download(name="B", src="HTTP://e.com/%s" % name, dest="/b")\n' +
        'files.download(name="C", src="https://e.com/{}".format(name), dest="/c")\n',
      findings: [
        { line: 2, column: 1, endLine: 2, endColumn: 15, messageIncludes: "plain `http://`" },
        { line: 3, column: 1, endLine: 3, endColumn: 15, messageIncludes: "plain `http://`" },
        { line: 4, column: 1, endLine: 4, endColumn: 15, messageIncludes: "`files.download(src=...)` has no checksum" },
      ],
    },
  ],
});
