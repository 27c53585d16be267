import type { Catalogue } from "../catalogue/types.js";
import type { Node } from "../python/parser.js";
import type { OperationCall, PythonFile } from "../python/model.js";
import { staticString, staticStringStart } from "../python/syntax.js";
import type { Rule } from "./types.js";
import { reportAt } from "./types.js";

const DOWNLOAD = "files.download";
const CHECKSUM_PARAMETER = /^(sha\d+|md5)sum$/;
/** The checksum parameters of `files.download` in pyinfra 3.10, for a catalogue that lacks the operation. */
const KNOWN_CHECKSUMS = ["sha384sum", "sha256sum", "sha1sum", "md5sum"];
const LONGEST_SHOWN_SOURCE = 60;
/** Names of checksum and signature files, which verify other files and need no checksum of their own. */
const CHECKSUM_FILE = /(\.(sha1|sha224|sha256|sha384|sha512|md5|sig)|sha\d*sums(\.txt)?|md5sums(\.txt)?)$/i;

interface ChecksumParameter {
  name: string;
  position: number;
}

/** Returns the checksum parameters of `files.download` and their positions in the installed pyinfra. */
function checksumParameters(catalogue: Catalogue): ChecksumParameter[] {
  const parameters = catalogue.operation(DOWNLOAD)?.parameters;
  if (!parameters) return KNOWN_CHECKSUMS.map((name) => ({ name, position: Number.POSITIVE_INFINITY }));
  return parameters
    .map((parameter, position) => ({ name: parameter.name, position }))
    .filter((parameter) => CHECKSUM_PARAMETER.test(parameter.name));
}

/** True for `None` and `""`, which pyinfra treats as no checksum. */
function isEmptyValue(value: Node, file: PythonFile): boolean {
  return value.type === "none" || staticString(value, file.scope) === "";
}

function passesChecksum(call: OperationCall, checksums: ChecksumParameter[], file: PythonFile): boolean {
  return checksums.some(({ name, position }) => {
    const keyword = call.arguments.keywords.get(name);
    if (keyword) return !isEmptyValue(keyword.value, file);
    const positional = call.arguments.positional[position];
    return positional !== undefined && !isEmptyValue(positional, file);
  });
}

/** Returns the static start of a source URL, also through `"...{}".format(x)` and `"...%s" % x`. */
function sourceStart(node: Node | null, file: PythonFile): string {
  if (node?.type === "call") {
    const callee = node.childForFieldName("function");
    if (callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "format") {
      return sourceStart(callee.childForFieldName("object"), file);
    }
  }
  if (node?.type === "binary_operator" && node.childForFieldName("operator")?.text === "%") {
    return sourceStart(node.childForFieldName("left"), file);
  }
  return staticStringStart(node, file.scope) ?? "";
}

interface Source {
  /** `src="..."` for a short static source, else `src=...`. */
  shown: string;
  plainHttp: boolean;
  isChecksumFile: boolean;
}

function readSource(call: OperationCall, file: PythonFile): Source {
  const source = call.arguments.keywords.get("src")?.value ?? call.arguments.positional[0] ?? null;
  const whole = staticString(source, file.scope);
  const plainHttp = sourceStart(source, file).toLowerCase().startsWith("http://");
  const isChecksumFile = whole !== null && CHECKSUM_FILE.test(whole.replace(/[?#].*$/, ""));
  const shown =
    whole === null || whole.length > LONGEST_SHOWN_SOURCE ? "src=..." : `src=${JSON.stringify(whole)}`;
  return { shown, plainHttp, isChecksumFile };
}

export const downloadWithoutChecksum: Rule = {
  code: "PIK402",
  name: "download-without-checksum",
  summary: "`files.download` with no checksum",
  severity: "warning",
  fix: "none",
  docs: {
    whatItFinds:
      "A `files.download` call that passes none of its checksum arguments (`sha256sum`, " +
      "`sha384sum`, `sha1sum`, `md5sum` in pyinfra 3.10). The message also says when the " +
      "source is plain `http://`.",
    whyItMatters:
      "Without a checksum, pyinfra installs whatever the server returns: a compromised mirror, " +
      "a proxy or a moved release puts different content on every host, and nothing fails. " +
      "pyinfra also skips the download when the file already exists, so a host that kept a " +
      "broken or old copy keeps it. With a checksum, pyinfra downloads again when the file on " +
      "the host does not match. Over plain `http://` anyone on the path can change the file.",
    example:
      "from pyinfra.operations import files\n\n" +
      "files.download(\n" +
      '    name="Download the k3s installer",\n' +
      '    src="https://get.k3s.io",\n' +
      '    dest="/usr/local/bin/k3s-install.sh",\n' +
      '    mode="0755",\n' +
      ")\n",
    useInstead:
      "from pyinfra.operations import files\n\n" +
      'RELEASES = "https://github.com/prometheus/node_exporter/releases/download"\n\n' +
      "def install_node_exporter(version: str, sha256sum: str) -> None:\n" +
      "    files.download(\n" +
      '        name="Download node_exporter",\n' +
      '        src=f"{RELEASES}/v{version}/node_exporter-{version}.linux-amd64.tar.gz",\n' +
      '        dest="/opt/node_exporter.tar.gz",\n' +
      "        sha256sum=sha256sum,\n" +
      "    )\n",
    fixSafety: "No fix is offered: the checksum has to come from the publisher of the file.",
    options: "None.",
    knownLimits:
      "A checksum passed through `**kwargs` is not seen, so such calls are not flagged. " +
      "Downloads of checksum and signature files (`.sha256`, `SHA256SUMS`, `.sig` ...) named " +
      "by a static source are not flagged. A " +
      "checksum argument whose value is a variable counts as given, even when it is `None` at " +
      "run time.",
  },
  check({ file, catalogue }) {
    const checksums = checksumParameters(catalogue);
    const names = checksums.map((checksum) => `\`${checksum.name}\``);
    const preferred = names.find((name) => name === "`sha256sum`") ?? names[0];
    const others = names.filter((name) => name !== preferred);

    return file.operations
      .filter((call) => call.qualifiedName === DOWNLOAD && !call.arguments.hasDictionarySplat)
      .filter((call) => !passesChecksum(call, checksums, file))
      .map((call) => ({ call, source: readSource(call, file) }))
      .filter(({ source }) => !source.isChecksumFile)
      .map(({ call, source }) => {
        const { shown, plainHttp } = source;
        const found = plainHttp
          ? `\`${DOWNLOAD}(${shown})\` fetches over plain \`http://\` with no checksum`
          : `\`${DOWNLOAD}(${shown})\` has no checksum`;
        const alternatives = others.length > 0 ? ` (or ${others.join(", ")})` : "";
        return reportAt(call.callee, `${found}; pass ${preferred}${alternatives} with the published hash`);
      });
  },
};
