// The modules under `pyinfra.operations` and `pyinfra.facts`, and the ones a
// file imports, for the rules that check names against the catalogue.
import type { Catalogue } from "../catalogue/types.js";
import type { Node } from "../python/parser.js";
import type { PythonFile } from "../python/model.js";
import { dottedName } from "../python/syntax.js";
import { closestMatch } from "./suggest.js";

export type PackageKind = "operations" | "facts";

/** The kind of module that a dotted name under `pyinfra.operations` or `pyinfra.facts` refers to. */
export type ModuleStatus = "module" | "package" | "helper" | "unknown";

export interface ModuleIndex {
  kind: PackageKind;
  /** Modules that contain operations or facts, such as `files` or `freebsd.service`. */
  modules: ReadonlySet<string>;
  /** Packages that contain such modules, such as `freebsd`. */
  packages: ReadonlySet<string>;
}

const indexes = new WeakMap<Catalogue, Map<PackageKind, ModuleIndex>>();

/** Indexes the modules of one package kind in the catalogue, once per catalogue. */
export function moduleIndex(catalogue: Catalogue, kind: PackageKind): ModuleIndex {
  let byKind = indexes.get(catalogue);
  if (!byKind) {
    byKind = new Map();
    indexes.set(catalogue, byKind);
  }
  const cached = byKind.get(kind);
  if (cached) return cached;

  const prefix = `pyinfra.${kind}.`;
  const modules = new Set(kind === "operations" ? catalogue.operationModules : catalogue.factModules);
  // A module that failed to import when the catalogue was built still exists.
  for (const { module } of catalogue.data.import_errors) {
    if (module.startsWith(prefix)) modules.add(module.slice(prefix.length));
  }
  const packages = new Set<string>();
  for (const module of modules) {
    const parts = module.split(".");
    for (let end = 1; end < parts.length; end++) packages.add(parts.slice(0, end).join("."));
  }

  const index: ModuleIndex = { kind, modules, packages };
  byKind.set(kind, index);
  return index;
}

/**
 * True for `util` packages and private modules, which contain helpers rather
 * than operations or facts and which the catalogue leaves out.
 */
export function isHelperModule(module: string): boolean {
  return module.split(".").some((part) => part === "util" || part.startsWith("_"));
}

export function moduleStatus(index: ModuleIndex, module: string): ModuleStatus {
  if (index.modules.has(module)) return "module";
  if (index.packages.has(module)) return "package";
  if (isHelperModule(module)) return "helper";
  return "unknown";
}

const MOVED_TO_PYINFRA_WINDOWS = "because pyinfra 3.0 moved it to the separate `pyinfra-windows` package";

/**
 * Modules that older pyinfra versions had, with what became of them, from
 * pyinfra's changelog: 2.0 removed the legacy `init.*` operations, and 3.0
 * moved the Windows operations and facts out.
 */
const REMOVED_MODULES: Readonly<Record<PackageKind, ReadonlyMap<string, string>>> = {
  operations: new Map([
    [
      "init",
      "because pyinfra 2.0 removed it; use the module of the init system, such as `systemd`, " +
        "`sysvinit`, `openrc` or `upstart`",
    ],
    ["windows", MOVED_TO_PYINFRA_WINDOWS],
    ["windows_files", MOVED_TO_PYINFRA_WINDOWS],
  ]),
  facts: new Map([
    ["windows", MOVED_TO_PYINFRA_WINDOWS],
    ["windows_files", MOVED_TO_PYINFRA_WINDOWS],
  ]),
};

/**
 * Describes a module that does not exist: what became of it in an older
 * version, or the closest existing module, as the end of a message.
 */
export function unknownModuleAdvice(index: ModuleIndex, module: string): string {
  const removed = REMOVED_MODULES[index.kind].get(module);
  if (removed) return `, ${removed}`;
  const match = closestModule(index, module);
  return match === null ? "" : `; did you mean \`pyinfra.${index.kind}.${match}\`?`;
}

/** A module under `pyinfra.<kind>` that an import statement names. */
export interface ImportedModule {
  /** The module path under `pyinfra.<kind>`, such as `systemctl`. */
  module: string;
  /** The dotted name in the import statement. */
  node: Node;
}

function importedName(name: Node): Node | null {
  return name.type === "aliased_import" ? name.childForFieldName("name") : name;
}

/**
 * Lists the modules under `pyinfra.<kind>` that the file's import statements
 * name: `import pyinfra.operations.apt`, `from pyinfra.operations import apt`
 * and `from pyinfra.operations.apt import packages` each name `apt`. Names
 * imported from a module are not listed, because a module may also export
 * helpers that are neither operations nor facts.
 */
export function importedModules(file: PythonFile, index: ModuleIndex): ImportedModule[] {
  const root = `pyinfra.${index.kind}`;
  const found: ImportedModule[] = [];

  for (const statement of file.imports.statements) {
    const names = statement.childrenForFieldName("name").flatMap((name) => {
      const node = name ? importedName(name) : null;
      return node ? [node] : [];
    });

    if (statement.type === "import_statement") {
      for (const node of names) {
        const dotted = dottedName(node);
        if (dotted?.startsWith(`${root}.`)) found.push({ module: dotted.slice(root.length + 1), node });
      }
      continue;
    }

    const moduleNode = statement.childForFieldName("module_name");
    const from = moduleNode ? dottedName(moduleNode) : null;
    if (!moduleNode || !from) continue;
    if (from === root) {
      for (const node of names) {
        const dotted = dottedName(node);
        if (dotted) found.push({ module: dotted, node });
      }
      continue;
    }
    if (!from.startsWith(`${root}.`)) continue;

    const module = from.slice(root.length + 1);
    found.push({ module, node: moduleNode });
    if (index.packages.has(module)) {
      // `from pyinfra.operations.freebsd import service` names the module `freebsd.service`.
      for (const node of names) {
        const dotted = dottedName(node);
        if (dotted) found.push({ module: `${module}.${dotted}`, node });
      }
    }
  }
  return found;
}

/**
 * Returns the existing module closest to an unknown one, compared by its
 * last part among the modules and packages that share its parent: the
 * closest to `freebsd.servic` is `freebsd.service`.
 */
export function closestModule(index: ModuleIndex, module: string): string | null {
  const dot = module.lastIndexOf(".");
  const parent = dot < 0 ? "" : module.slice(0, dot);
  const leaf = module.slice(dot + 1);
  const siblings = new Map<string, string>();
  for (const candidate of [...index.modules, ...index.packages].sort()) {
    const candidateDot = candidate.lastIndexOf(".");
    const candidateParent = candidateDot < 0 ? "" : candidate.slice(0, candidateDot);
    if (candidateParent === parent) siblings.set(candidate.slice(candidateDot + 1), candidate);
  }
  const match = closestMatch(leaf, siblings.keys());
  return match === null ? null : (siblings.get(match) ?? null);
}
