// Host data names of a project, read statically: module-level assignments
// of group data files and the data dicts of inventory tuples. They explain
// why a template variable is undefined, so reading them never runs code.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

import type { Node } from "../python/parser.js";
import { parsePython } from "../python/parser.js";
import { MAX_FILE_BYTES } from "../workspace/files.js";
import type { HostDataSource } from "./types.js";

function readText(path: string): string | null {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return null;
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function pythonFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith(".py"))
      .sort()
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
}

/** Calls `visit` with each module-level `name = value` assignment target of a file. */
function moduleAssignments(root: Node, visit: (name: Node) => void): void {
  for (const statement of root.namedChildren) {
    if (statement?.type !== "expression_statement") continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== "assignment") continue;
    const left = assignment.childForFieldName("left");
    if (left?.type === "identifier" && !left.text.startsWith("__")) visit(left);
  }
}

/** Calls `visit` with each string key of a dict literal that is the data of an inventory tuple. */
function inventoryDataKeys(root: Node, visit: (key: Node, name: string) => void): void {
  for (const tuple of root.descendantsOfType("tuple")) {
    if (!tuple || tuple.namedChildCount !== 2) continue;
    const data = tuple.namedChildren[1];
    if (data?.type !== "dictionary") continue;
    for (const pair of data.namedChildren) {
      const key = pair?.type === "pair" ? pair.childForFieldName("key") : null;
      if (key?.type !== "string") continue;
      const content = key.namedChildren.filter((part) => part?.type === "string_content");
      if (content.length === 1 && content[0]) visit(key, content[0].text);
    }
  }
}

function readNames(
  path: string,
  collect: (root: Node, add: (node: Node, name: string) => void) => void,
  found: Map<string, HostDataSource>,
  displayPath: (absolutePath: string) => string,
): void {
  const text = readText(path);
  if (text === null) return;
  const tree = parsePython(text);
  try {
    collect(tree.rootNode, (node, name) => {
      if (!found.has(name)) found.set(name, { path: displayPath(path), line: node.startPosition.row + 1 });
    });
  } finally {
    tree.delete();
  }
}

/**
 * Reads the host data names of a project: `group_data/*.py` in the working
 * directory and beside the inventory files, and the data of host and group
 * tuples in `inventory.py` and `inventories/*.py`. The first definition of a
 * name wins.
 */
export function readHostData(
  workingDirectory: string,
  displayPath: (absolutePath: string) => string,
): Map<string, HostDataSource> {
  const found = new Map<string, HostDataSource>();
  const inventories = [join(workingDirectory, "inventory.py"), ...pythonFilesIn(join(workingDirectory, "inventories"))]
    .filter((path) => existsSync(path));
  const groupDataFolders = new Set([join(workingDirectory, "group_data")]);
  for (const inventory of inventories) groupDataFolders.add(join(dirname(inventory), "group_data"));

  for (const folder of groupDataFolders) {
    for (const path of pythonFilesIn(folder)) {
      readNames(path, (root, add) => moduleAssignments(root, (node) => add(node, node.text)), found, displayPath);
    }
  }
  for (const inventory of inventories) readNames(inventory, inventoryDataKeys, found, displayPath);
  return found;
}
