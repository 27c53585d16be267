/** One parameter of an operation or of a fact's `command` method, as `inspect.signature` reports it. */
export interface CatalogueParameter {
  name: string;
  kind:
    | "positional_only"
    | "positional_or_keyword"
    | "var_positional"
    | "keyword_only"
    | "var_keyword";
  /** `repr()` of the default value, or null when there is none. */
  default: string | null;
  required: boolean;
  annotation: string | null;
}

export interface CatalogueOperation {
  /** Module path under `pyinfra.operations`, for example `files` or `freebsd.service`. */
  module: string;
  name: string;
  parameters: CatalogueParameter[];
  takes_var_keyword: boolean;
  takes_var_positional: boolean;
  /** pyinfra's own `@operation(is_idempotent=...)` flag. */
  is_idempotent: boolean;
  idempotent_notice: string | null;
  is_deprecated: boolean;
  deprecated_for: string | null;
  summary: string;
  doc: string;
}

export interface CatalogueFact {
  /** Module path under `pyinfra.facts`, for example `server`. */
  module: string;
  name: string;
  parameters: CatalogueParameter[];
  is_short: boolean;
  is_deprecated: boolean;
  summary: string;
}

export interface CatalogueGlobalArgument {
  name: string;
  description: string;
  default: string | null;
}

/** The catalogue as the bridge produces it and as it is cached on disk. */
export interface CatalogueData {
  schema: number;
  pyinfra_version: string;
  operations: CatalogueOperation[];
  facts: CatalogueFact[];
  global_arguments: CatalogueGlobalArgument[];
  /**
   * Operations that a module exposes under its own name but defines elsewhere,
   * such as `server.crontab` for `crontab.crontab`; `target` is `module.name`.
   */
  aliases: { module: string; name: string; target: string }[];
  import_errors: { module: string; error: string }[];
}

/** Where a catalogue came from: the installed pyinfra, the disk cache, or the bundled baseline. */
export type CatalogueSource = "bridge" | "cache" | "baseline";

/** Indexed view of a catalogue for the rules. */
export class Catalogue {
  readonly version: string;
  readonly source: CatalogueSource;
  readonly operations: ReadonlyMap<string, CatalogueOperation>;
  readonly operationModules: ReadonlySet<string>;
  readonly factsByName: ReadonlyMap<string, CatalogueFact[]>;
  readonly factModules: ReadonlySet<string>;
  readonly globalArguments: ReadonlyMap<string, CatalogueGlobalArgument>;

  constructor(
    readonly data: CatalogueData,
    source: CatalogueSource,
  ) {
    this.version = data.pyinfra_version;
    this.source = source;
    const operations = new Map(data.operations.map((op) => [`${op.module}.${op.name}`, op]));
    for (const alias of data.aliases) {
      const target = operations.get(alias.target);
      if (target && !operations.has(`${alias.module}.${alias.name}`)) {
        operations.set(`${alias.module}.${alias.name}`, target);
      }
    }
    this.operations = operations;
    this.operationModules = new Set(data.operations.map((op) => op.module));
    const facts = new Map<string, CatalogueFact[]>();
    for (const fact of data.facts) {
      const list = facts.get(fact.name) ?? [];
      list.push(fact);
      facts.set(fact.name, list);
    }
    this.factsByName = facts;
    this.factModules = new Set(data.facts.map((fact) => fact.module));
    this.globalArguments = new Map(data.global_arguments.map((arg) => [arg.name, arg]));
  }

  /**
   * Looks up an operation by `module.name`, for example `server.shell`. An alias
   * such as `server.crontab` returns the operation it stands for.
   */
  operation(qualifiedName: string): CatalogueOperation | undefined {
    return this.operations.get(qualifiedName);
  }

  /** Looks up a fact class by module (under `pyinfra.facts`) and class name. */
  fact(module: string, name: string): CatalogueFact | undefined {
    return this.factsByName.get(name)?.find((fact) => fact.module === module);
  }

  operationsInModule(module: string): CatalogueOperation[] {
    return this.data.operations.filter((op) => op.module === module);
  }

  factsInModule(module: string): CatalogueFact[] {
    return this.data.facts.filter((fact) => fact.module === module);
  }
}
