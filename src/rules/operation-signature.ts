// Reading operation signatures from the catalogue, for the rules that check
// the arguments of operation calls.
import type { Catalogue, CatalogueOperation, CatalogueParameter } from "../catalogue/types.js";

/**
 * Returns the operation that a deprecated operation stands for: the one its
 * `deprecated_for` names, or else an operation of the same name in a module
 * whose name starts the deprecated module's name (`postgres.role` for
 * `postgresql.role`). Returns null when there is none.
 */
export function replacementOperation(
  catalogue: Catalogue,
  operation: CatalogueOperation,
): CatalogueOperation | null {
  if (!operation.is_deprecated) return null;
  if (operation.deprecated_for) return catalogue.operation(operation.deprecated_for) ?? null;

  for (const candidate of catalogue.operationModules) {
    if (candidate === operation.module || !operation.module.startsWith(candidate)) continue;
    const found = catalogue.operation(`${candidate}.${operation.name}`);
    if (found && !found.is_deprecated) return found;
  }
  return null;
}

function onlyForwards(operation: CatalogueOperation): boolean {
  return operation.parameters.every(
    (parameter) => parameter.kind === "var_positional" || parameter.kind === "var_keyword",
  );
}

/**
 * Returns the operation whose parameters a call is checked against: the
 * operation itself, or its replacement when it is a deprecated alias that
 * forwards `*args, **kwargs` to that replacement.
 */
export function effectiveOperation(catalogue: Catalogue, operation: CatalogueOperation): CatalogueOperation {
  if (!onlyForwards(operation)) return operation;
  return replacementOperation(catalogue, operation) ?? operation;
}

/** Parameters that a call can fill by position, in order. */
export function positionalParameters(operation: CatalogueOperation): CatalogueParameter[] {
  return operation.parameters.filter(
    (parameter) => parameter.kind === "positional_only" || parameter.kind === "positional_or_keyword",
  );
}

/** Names that a call can pass by keyword, leaving out `*args` and `**kwargs`. */
export function keywordParameterNames(operation: CatalogueOperation): Set<string> {
  return new Set(
    operation.parameters
      .filter((parameter) => parameter.kind === "positional_or_keyword" || parameter.kind === "keyword_only")
      .map((parameter) => parameter.name),
  );
}
