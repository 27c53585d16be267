import type { PythonFile } from "../python/model.js";
import type { Node } from "../python/parser.js";
import { dottedName } from "../python/syntax.js";
import type { TextEdit } from "../rules/types.js";
import { ownLineIndent } from "./arguments.js";


/** A name as an import binds it: `apt` in `from pyinfra.operations import apt`. */
interface ImportedName {
  statement: Node;
  /** The `apt` or `server as srv` node. */
  node: Node;
  /** The name the file uses. */
  bound: string;
}

/** The identifiers of a file that refer to a name, by name, filled in as names are asked for. */
const referenceCache = new WeakMap<PythonFile, Map<string, Node[]>>();

/** The import statements of a file, read from its tree once because every fix of the file reads them. */
interface ImportLayout {
  /** Start and end offsets of every import statement, nested ones and `__future__` ones included. */
  ranges: [number, number][];
  /** Module-level import statements with the names each binds. */
  topLevel: { statement: Node; names: ImportedName[] }[];
}

const layoutCache = new WeakMap<PythonFile, ImportLayout>();

function importLayout(file: PythonFile): ImportLayout {
  let layout = layoutCache.get(file);
  if (!layout) {
    // `from __future__ import` is valid only at the top of a module, so its statements are children of the root.
    const futures = file.root.namedChildren.filter(
      (node): node is Node => node !== null && node.type === "future_import_statement",
    );
    const statements = [...file.imports.statements, ...futures];
    layout = {
      ranges: statements.map((statement) => [statement.startIndex, statement.endIndex]),
      topLevel: file.imports.statements
        .filter((statement) => statement.parent?.type === "module")
        .map((statement) => ({ statement, names: importedNames(statement) })),
    };
    layoutCache.set(file, layout);
  }
  return layout;
}

/** True when an offset is inside an import statement, nested ones included. */
function insideImport(file: PythonFile, offset: number): boolean {
  return importLayout(file).ranges.some(([start, end]) => start <= offset && offset < end);
}

/** True when an identifier names an attribute (`x.name`) or a keyword argument (`name=`). */
function isMemberName(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === "attribute") return parent.childForFieldName("attribute")?.startIndex === node.startIndex;
  if (parent?.type === "keyword_argument") return parent.startIndex === node.startIndex;
  return false;
}

/**
 * Identifiers that read or bind `name` outside import statements, attribute
 * names and keyword names. The source text is searched for the name first, so
 * that only its occurrences are read from the tree.
 */
function references(file: PythonFile, name: string): Node[] {
  let byName = referenceCache.get(file);
  if (!byName) {
    byName = new Map();
    referenceCache.set(file, byName);
  }
  const cached = byName.get(name);
  if (cached) return cached;

  const found: Node[] = [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const match of file.text.matchAll(new RegExp(`(?<!\\w)${escaped}(?!\\w)`, "g"))) {
    const node = file.root.descendantForIndex(match.index, match.index + name.length);
    // Occurrences in strings and comments, or inside a longer non-ASCII name, are other nodes.
    if (node?.type !== "identifier" || node.text !== name) continue;
    if (isMemberName(node) || insideImport(file, match.index)) continue;
    found.push(node);
  }
  byName.set(name, found);
  return found;
}

function topLevelImports(file: PythonFile): Node[] {
  return importLayout(file).topLevel.map((entry) => entry.statement);
}

/** Returns the names bound by the module-level `from ... import` statements. */
function topLevelImportedNames(file: PythonFile): ImportedName[] {
  return importLayout(file).topLevel.flatMap((entry) => entry.names);
}

function fromModule(statement: Node): string | null {
  if (statement.type !== "import_from_statement") return null;
  const module = statement.childForFieldName("module_name");
  return module && module.type !== "relative_import" ? dottedName(module) : null;
}

function importedNames(statement: Node): ImportedName[] {
  if (statement.type !== "import_from_statement") return [];
  return statement.childrenForFieldName("name").flatMap((node) => {
    if (!node) return [];
    const bound = node.type === "aliased_import" ? node.childForFieldName("alias")?.text : dottedName(node);
    return bound && !bound.includes(".") ? [{ statement, node, bound }] : [];
  });
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

/** True when a statement has its lines to itself and no comment inside, so it can be rewritten whole. */
function rewritable(text: string, statement: Node): boolean {
  if (statement.descendantsOfType("comment").length > 0) return false;
  const before = text.slice(lineStart(text, statement.startIndex), statement.startIndex);
  const after = text.slice(statement.endIndex, lineEnd(text, statement.endIndex));
  return /^[ \t]*$/.test(before) && /^[ \t]*(#.*)?\r?$/.test(after);
}

function isSorted(names: string[]): boolean {
  return names.every((name, index) => index === 0 || names[index - 1].toLowerCase() <= name.toLowerCase());
}

function insertSorted(names: string[], added: string[]): string[] {
  if (!isSorted(names)) return [...names, ...added];
  return [...names, ...added].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** Writes `from MODULE import ...` in the layout of the statement it replaces. */
function formatFromImport(module: string, names: string[], original: Node, text: string): string {
  const parenthesized = original.children.some((child) => child?.type === "(");
  const multiLine = original.startPosition.row !== original.endPosition.row;
  if (parenthesized && multiLine) {
    const first = original.childrenForFieldName("name")[0];
    const indent = (first && ownLineIndent(text, first)) || "    ";
    return `from ${module} import (\n${names.map((name) => `${indent}${name},\n`).join("")})`;
  }
  return parenthesized ? `from ${module} import (${names.join(", ")})` : `from ${module} import ${names.join(", ")}`;
}

/** Returns the imported names that the file reads somewhere outside its imports. */
export function usedImportNames(file: PythonFile): Set<string> {
  const used = new Set<string>();
  for (const imported of topLevelImportedNames(file)) {
    if (references(file, imported.bound).length > 0) used.add(imported.bound);
  }
  return used;
}

/** True when `name` occurs in the text as a whole word. */
function containsWord(text: string, name: string): boolean {
  if (!text.includes(name)) return false;
  return new RegExp(`(?<!\\w)${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\w)`).test(text);
}

/** Counts the uses of `name` in inserted text: a word that is not an attribute after a dot. */
function usesIn(content: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\w)`).test(content);
}

/**
 * Collects the import changes of one fix: names it needs imported and names
 * its edits leave unused. `finish` returns the fix's edits together with the
 * import edits, so both are applied in one step.
 */
export class ImportChanges {
  private readonly additions: { module: string; name: string }[] = [];

  constructor(private readonly file: PythonFile) {}

  /**
   * Returns how the fixed code refers to `module.name`: the name the file
   * already binds to it, `alias.name` when the module itself is imported, or
   * `name` with an import added. Returns null when `name` is taken by other code.
   */
  require(module: string, name: string): string | null {
    const target = `${module}.${name}`;
    const direct = this.file.imports.namesBoundTo(target);
    if (direct.length > 0) return direct[0];
    const viaModule = this.file.imports.namesBoundTo(module);
    if (viaModule.length > 0) return `${viaModule[0]}.${name}`;

    const bound = this.file.imports.binding(name);
    if (bound !== undefined && bound !== target) return null;
    if (references(this.file, name).length > 0) return null;
    if (!this.additions.some((entry) => entry.module === module && entry.name === name)) {
      this.additions.push({ module, name });
    }
    return name;
  }

  /**
   * Like `require`, for a name that the fixed code already uses with another
   * binding that the fix removes, such as a `host` parameter: only an import
   * of `name` from another module makes it unavailable.
   */
  requireShadowed(module: string, name: string): string | null {
    const target = `${module}.${name}`;
    const bound = this.file.imports.binding(name);
    if (bound === target) return name;
    if (bound !== undefined) return null;
    if (!this.additions.some((entry) => entry.module === module && entry.name === name)) {
      this.additions.push({ module, name });
    }
    return name;
  }

  /** Start offsets of imported names that were used before the edits and are used nowhere after them. */
  private unusedAfter(edits: TextEdit[]): Set<number> {
    const unused = new Set<number>();
    const text = this.file.text;
    const replaced = edits.map((edit) => text.slice(edit.start, edit.end));
    for (const imported of topLevelImportedNames(this.file)) {
      // A name that no edit replaces keeps all its uses; this skips reading its uses from the tree.
      if (!replaced.some((part) => containsWord(part, imported.bound))) continue;
      const uses = references(this.file, imported.bound);
      const removed = uses.filter((use) =>
        edits.some((edit) => edit.start <= use.startIndex && use.endIndex <= edit.end),
      );
      if (removed.length === 0 || removed.length < uses.length) continue;
      if (edits.some((edit) => usesIn(edit.content, imported.bound))) continue;
      // A name listed in `__all__` is exported even when the file does not use it.
      if (/__all__/.test(text) && new RegExp(`["']${imported.bound}["']`).test(text)) continue;
      unused.add(imported.node.startIndex);
    }
    return unused;
  }

  /** Returns `edits` with the import additions and removals, sorted. */
  finish(edits: TextEdit[]): TextEdit[] {
    return this.withImportEdits(edits, this.unusedAfter(edits));
  }

  /**
   * Returns edits that remove imported names that `used` lists but that the
   * file no longer reads, as when two fixes of one pass each removed some of
   * the uses of one name and neither saw the import left unused.
   */
  removeLeftUnused(used: ReadonlySet<string>): TextEdit[] {
    const unused = new Set<number>();
    for (const imported of topLevelImportedNames(this.file)) {
      if (!used.has(imported.bound) || references(this.file, imported.bound).length > 0) continue;
      if (/__all__/.test(this.file.text) && new RegExp(`["']${imported.bound}["']`).test(this.file.text)) continue;
      unused.add(imported.node.startIndex);
    }
    return unused.size === 0 ? [] : this.withImportEdits([], unused);
  }

  private withImportEdits(edits: TextEdit[], unused: ReadonlySet<number>): TextEdit[] {
    const text = this.file.text;
    const importEdits: TextEdit[] = [];
    const pending = [...this.additions];

    for (const { statement, names } of importLayout(this.file).topLevel) {
      const module = fromModule(statement);
      const removing = names.filter((name) => unused.has(name.node.startIndex));
      const adding = module ? pending.filter((entry) => entry.module === module) : [];
      const hasWildcard = statement.descendantsOfType("wildcard_import").length > 0;
      if ((removing.length === 0 && adding.length === 0) || !module || hasWildcard) continue;
      if (!rewritable(text, statement)) continue;

      for (const entry of adding) pending.splice(pending.indexOf(entry), 1);
      const kept = names.filter((name) => !unused.has(name.node.startIndex)).map((name) => name.node.text);
      const result = insertSorted(kept, adding.map((entry) => entry.name));
      if (result.length === 0) {
        const start = lineStart(text, statement.startIndex);
        const end = Math.min(text.length, lineEnd(text, statement.endIndex) + 1);
        importEdits.push({ start, end, content: "" });
      } else {
        importEdits.push({
          start: statement.startIndex,
          end: statement.endIndex,
          content: formatFromImport(module, result, statement, text),
        });
      }
    }
    if (pending.length > 0) {
      const added = this.newImportLines(pending);
      // The line after which the imports go may be deleted by this fix: they replace it instead.
      const deleted = importEdits.find((edit) => edit.start < added.start && added.start < edit.end);
      if (deleted) deleted.content = added.content.replace(/^\n/, "") + "\n" + deleted.content;
      else importEdits.push(added);
    }

    return [...edits, ...importEdits].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Adds `from MODULE import NAME` lines after the last top-level import, or before the first statement. */
  private newImportLines(pending: { module: string; name: string }[]): TextEdit {
    const text = this.file.text;
    const modules = [...new Set(pending.map((entry) => entry.module))];
    const lines = modules.map((module) => {
      const names = pending.filter((entry) => entry.module === module).map((entry) => entry.name).sort();
      return `from ${module} import ${names.join(", ")}`;
    });
    const futures = this.file.root.namedChildren.filter(
      (node): node is Node => node !== null && node.type === "future_import_statement",
    );
    const imports = [...futures, ...topLevelImports(this.file)].sort((a, b) => a.startIndex - b.startIndex);
    const last = imports[imports.length - 1];
    if (last) {
      const end = lineEnd(text, last.endIndex);
      const at = text[end - 1] === "\r" ? end - 1 : end;
      return { start: at, end: at, content: lines.map((line) => `\n${line}`).join("") };
    }
    const statements = this.file.root.namedChildren.filter((node): node is Node => node !== null && node.type !== "comment");
    const first = statements[0];
    const docstring = first?.type === "expression_statement" && first.namedChildren[0]?.type === "string";
    if (docstring) {
      const end = lineEnd(text, first.endIndex);
      const at = text[end - 1] === "\r" ? end - 1 : end;
      return { start: at, end: at, content: `\n\n${lines.join("\n")}` };
    }
    const at = first ? first.startIndex : text.length;
    return { start: at, end: at, content: `${lines.join("\n")}\n\n` };
  }
}
