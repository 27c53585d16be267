import type { Node } from "./parser.js";
import { pythonQuery } from "./parser.js";
import { dottedName } from "./syntax.js";

/**
 * Maps each name that a file binds by import to the dotted path it refers
 * to: `from pyinfra.operations import server as srv` binds `srv` to
 * `pyinfra.operations.server`, and `import pyinfra.operations.apt` binds
 * `pyinfra` to `pyinfra`. Imports anywhere in the file count, including
 * those inside functions.
 */
export class ImportTable {
  private readonly bindings = new Map<string, string>();
  /** Each import statement, for fixes that edit or extend them. */
  readonly statements: Node[] = [];

  static fromTree(root: Node): ImportTable {
    const query = pythonQuery("[(import_statement) (import_from_statement)] @import");
    return ImportTable.fromStatements(query.captures(root).map((capture) => capture.node));
  }

  /** Builds the table from import statements in document order. */
  static fromStatements(statements: Node[]): ImportTable {
    const table = new ImportTable();
    for (const statement of [...statements].sort((a, b) => a.startIndex - b.startIndex)) {
      table.addStatement(statement);
    }
    return table;
  }

  private addStatement(node: Node): void {
    this.statements.push(node);
    if (node.type === "import_statement") {
      for (const name of node.childrenForFieldName("name")) {
        if (!name) continue;
        if (name.type === "aliased_import") {
          const target = dottedName(name.childForFieldName("name")!);
          const alias = name.childForFieldName("alias")?.text;
          if (target && alias) this.bindings.set(alias, target);
        } else {
          // `import a.b.c` binds only `a`, to the package `a`.
          const target = dottedName(name);
          if (target) {
            const head = target.split(".")[0];
            this.bindings.set(head, head);
          }
        }
      }
      return;
    }

    const moduleNode = node.childForFieldName("module_name");
    if (!moduleNode || moduleNode.type === "relative_import") return;
    const module = dottedName(moduleNode);
    if (!module) return;
    for (const name of node.childrenForFieldName("name")) {
      if (!name) continue;
      if (name.type === "aliased_import") {
        const imported = dottedName(name.childForFieldName("name")!);
        const alias = name.childForFieldName("alias")?.text;
        if (imported && alias) this.bindings.set(alias, `${module}.${imported}`);
      } else {
        const imported = dottedName(name);
        if (imported) this.bindings.set(imported, `${module}.${imported}`);
      }
    }
  }

  /** The dotted path a bound name refers to, or undefined when the file does not import it. */
  binding(name: string): string | undefined {
    return this.bindings.get(name);
  }

  /** Every bound name whose target is `target`. */
  namesBoundTo(target: string): string[] {
    return [...this.bindings].filter(([, value]) => value === target).map(([key]) => key);
  }

  /**
   * Resolves an expression such as `srv.shell` or `pyinfra.operations.apt.packages`
   * to its full dotted path through the imports, or null when its head is not imported.
   */
  resolve(node: Node): string | null {
    const dotted = dottedName(node);
    if (!dotted) return null;
    const [head, ...rest] = dotted.split(".");
    const target = this.bindings.get(head);
    if (!target) return null;
    return [target, ...rest].join(".");
  }
}
