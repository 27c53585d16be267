// Template locations: the project's folders and the folder pyinfra runs a
// deploy from.
import { dirname, isAbsolute, join, relative, sep } from "node:path";

import { inputExists } from "../check/inputs.js";
import type { ProjectContext } from "../rules/types.js";

/** Files and folders that pyinfra reads from the folder it runs from. */
const WORKING_DIRECTORY_MARKERS = ["inventory.py", "config.py", "group_data", "inventories"];

/** True when `path` is inside `folder` or is `folder`. */
export function isInside(path: string, folder: string): boolean {
  const relativePath = relative(folder, path);
  return relativePath === "" || (relativePath !== ".." && !relativePath.startsWith(`..${sep}`) && !isAbsolute(relativePath));
}

/** True when a template path is inside the project, so that pyinfra-kit may read it. */
export function isProjectPath(path: string, project: ProjectContext): boolean {
  return isInside(path, project.root) || isInside(path, project.workingDirectory);
}

function hasMarker(folder: string): boolean {
  return WORKING_DIRECTORY_MARKERS.some((marker) => inputExists(join(folder, marker)));
}

/**
 * Returns the folder that pyinfra most likely runs a deploy file from: the
 * configured working directory, else the nearest folder between the file and
 * the project root that contains an inventory, `config.py`, `group_data` or
 * `inventories`, else the project's working directory.
 *
 * NOTE: A repository of separate examples, each run from its own folder with
 * none of those files in it, still resolves templates from the project root.
 */
export function workingDirectoryFor(filePath: string, project: ProjectContext, configured: boolean): string {
  if (configured) return project.workingDirectory;
  for (let folder = dirname(filePath); folder !== project.root && isInside(folder, project.root); folder = dirname(folder)) {
    if (hasMarker(folder)) return folder;
  }
  return project.workingDirectory;
}
