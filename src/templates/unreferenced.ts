// Template files that no operation of the run renders and no rendered
// template includes; the text report names them in its summary line.
import { sep } from "node:path";

import { displayPathOf } from "../workspace/files.js";
import type { SourceFile } from "../workspace/files.js";
import type { TemplatePrepass } from "./prepare.js";

/** The extensions of the template files that `findUnreferencedTemplates` looks at. */
export const TEMPLATE_EXTENSIONS = [".j2", ".jinja", ".jinja2"];

/** Returns the files in `templates` folders, out of files with `TEMPLATE_EXTENSIONS`, that nothing renders. */
export function findUnreferencedTemplates(
  files: SourceFile[],
  cwd: string,
  prepass: Pick<TemplatePrepass, "referenced" | "referencedPrefixes">,
): string[] {
  return files
    .filter((file) => file.absolutePath.split(sep).includes("templates"))
    .filter((file) => !prepass.referenced.has(file.absolutePath))
    .filter((file) => !prepass.referencedPrefixes.some((prefix) => file.absolutePath.startsWith(prefix)))
    .map((file) => displayPathOf(file.absolutePath, cwd));
}
