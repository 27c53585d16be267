// Template files that no operation of the run renders and no rendered
// template includes; the text report names them in its summary line.
import { sep } from "node:path";

import { displayPathOf, findFiles } from "../workspace/files.js";
import type { TemplatePrepass } from "./prepare.js";

const TEMPLATE_EXTENSIONS = [".j2", ".jinja", ".jinja2"];

/** Finds `*.j2`, `*.jinja` and `*.jinja2` files in `templates` folders under the paths that nothing renders. */
export function findUnreferencedTemplates(
  paths: string[],
  options: { exclude: string[]; root: string; cwd: string },
  prepass: Pick<TemplatePrepass, "referenced" | "referencedPrefixes">,
): string[] {
  const search = findFiles(paths, { extensions: TEMPLATE_EXTENSIONS, ...options });
  return search.files
    .filter((file) => file.absolutePath.split(sep).includes("templates"))
    .filter((file) => !prepass.referenced.has(file.absolutePath))
    .filter((file) => !prepass.referencedPrefixes.some((prefix) => file.absolutePath.startsWith(prefix)))
    .map((file) => displayPathOf(file.absolutePath, options.cwd));
}
