"""Walk a parsed Jinja2 template: variable uses, their guards, filters and template references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from jinja2 import nodes

# Tests and filters that make a use of an undefined variable safe.
_DEFINED_TESTS = {"defined"}
_UNDEFINED_TESTS = {"undefined"}
_DEFAULT_FILTERS = {"default", "d"}

# Nodes whose bodies run only sometimes; a self-reference inside one may be a deliberate recursion.
_CONDITIONAL_NODES = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock, nodes.CondExpr)


@dataclass
class Use:
    """One read of a variable: `guard` is `default`, `defined`, `set` or None when the read is unguarded."""

    name: str
    line: int
    guard: str | None
    # The index of this node among the Name nodes of the same name on the same line.
    index_on_line: int = 0


@dataclass
class NamedCall:
    """A filter or test applied in the template, by name."""

    kind: str  # "filter" or "test"
    name: str
    line: int
    index_on_line: int = 0


@dataclass
class Reference:
    """An `include`, `extends`, `import` or `from ... import` of another template."""

    kind: str
    # The template name when it is a constant string, else None.
    name: str | None
    line: int
    with_context: bool
    ignore_missing: bool
    conditional: bool


@dataclass
class Walk:
    uses: list[Use] = field(default_factory=list)
    # Names that the template assigns: `set`, loop targets, macro arguments and the like.
    stored: set[str] = field(default_factory=set)
    calls: list[NamedCall] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def _names_checked_defined(test: nodes.Node) -> set[str]:
    """Return the names that `test` proves defined when it is true, such as `x` in `x is defined and y`."""
    if isinstance(test, nodes.Test) and isinstance(test.node, nodes.Name):
        if test.name in _DEFINED_TESTS:
            return {test.node.name}
    if isinstance(test, nodes.Not):
        return _names_checked_undefined(test.node)
    if isinstance(test, nodes.And):
        return _names_checked_defined(test.left) | _names_checked_defined(test.right)
    return set()


def _names_checked_undefined(test: nodes.Node) -> set[str]:
    """Return the names that `test` proves defined when it is false, such as `x` in `x is undefined`."""
    if isinstance(test, nodes.Test) and isinstance(test.node, nodes.Name):
        if test.name in _UNDEFINED_TESTS:
            return {test.node.name}
    if isinstance(test, nodes.Not):
        return _names_checked_defined(test.node)
    if isinstance(test, nodes.Or):
        return _names_checked_undefined(test.left) | _names_checked_undefined(test.right)
    return set()


class _Walker:
    def __init__(self) -> None:
        self.result = Walk()
        self._line_counts: dict[tuple[str, str, int], int] = {}

    def _next_index(self, kind: str, name: str, line: int) -> int:
        key = (kind, name, line)
        index = self._line_counts.get(key, 0)
        self._line_counts[key] = index + 1
        return index

    def visit(self, node: nodes.Node, guarded: dict[str, str], conditional: bool) -> None:
        if isinstance(node, nodes.Name):
            self._visit_name(node, guarded)
        elif isinstance(node, nodes.If):
            self._visit_if(node, guarded, conditional)
        elif isinstance(node, nodes.CondExpr):
            self.visit(node.test, guarded, conditional)
            defined = _names_checked_defined(node.test)
            self.visit(node.expr1, {**guarded, **dict.fromkeys(defined, "defined")}, True)
            if node.expr2 is not None:
                undefined = _names_checked_undefined(node.test)
                self.visit(node.expr2, {**guarded, **dict.fromkeys(undefined, "defined")}, True)
        elif isinstance(node, nodes.And):
            self.visit(node.left, guarded, conditional)
            defined = _names_checked_defined(node.left)
            self.visit(node.right, {**guarded, **dict.fromkeys(defined, "defined")}, conditional)
        elif isinstance(node, nodes.Test):
            self._visit_test(node, guarded, conditional)
        elif isinstance(node, nodes.Filter):
            self._visit_filter(node, guarded, conditional)
        else:
            self._visit_reference(node, conditional)
            inner = conditional or isinstance(node, _CONDITIONAL_NODES)
            if isinstance(node, nodes.Macro):
                self.result.stored.add(node.name)
            for child in node.iter_child_nodes():
                self.visit(child, guarded, inner)

    def _visit_name(self, node: nodes.Name, guarded: dict[str, str]) -> None:
        index = self._next_index("name", node.name, node.lineno)
        if node.ctx in ("store", "param"):
            self.result.stored.add(node.name)
            # A read after `{% set x = ... %}` in document order gets the assigned value.
            guarded[node.name] = "set"
            return
        guard = guarded.get(node.name)
        self.result.uses.append(Use(node.name, node.lineno, guard, index))

    def _visit_if(self, node: nodes.If, guarded: dict[str, str], conditional: bool) -> None:
        self.visit(node.test, guarded, conditional)
        defined = _names_checked_defined(node.test)
        undefined = _names_checked_undefined(node.test)
        body_guards = {**guarded, **dict.fromkeys(defined, "defined")}
        for child in node.body:
            self.visit(child, body_guards, True)
        # `set` inside the body stays visible after the `if` at the top level of a template.
        for name, guard in body_guards.items():
            if guard == "set":
                guarded[name] = "set"
        else_guards = {**guarded, **dict.fromkeys(undefined, "defined")}
        for branch in node.elif_:
            self.visit(branch, else_guards, True)
        for child in node.else_:
            self.visit(child, else_guards, True)
        for name, guard in else_guards.items():
            if guard == "set":
                guarded[name] = "set"

    def _visit_test(self, node: nodes.Test, guarded: dict[str, str], conditional: bool) -> None:
        self.result.calls.append(
            NamedCall("test", node.name, node.lineno, self._next_index("test", node.name, node.lineno))
        )
        if isinstance(node.node, nodes.Name) and node.name in _DEFINED_TESTS | _UNDEFINED_TESTS:
            index = self._next_index("name", node.node.name, node.node.lineno)
            self.result.uses.append(Use(node.node.name, node.node.lineno, "defined", index))
        else:
            self.visit(node.node, guarded, conditional)
        self._visit_arguments(node, guarded, conditional)

    def _visit_filter(self, node: nodes.Filter, guarded: dict[str, str], conditional: bool) -> None:
        # The filtered value comes before the filter name in the source.
        if node.node is not None:
            if isinstance(node.node, nodes.Name) and node.name in _DEFAULT_FILTERS:
                index = self._next_index("name", node.node.name, node.node.lineno)
                self.result.uses.append(Use(node.node.name, node.node.lineno, "default", index))
            else:
                self.visit(node.node, guarded, conditional)
        self.result.calls.append(
            NamedCall("filter", node.name, node.lineno, self._next_index("filter", node.name, node.lineno))
        )
        self._visit_arguments(node, guarded, conditional)

    def _visit_arguments(self, node: nodes.Filter | nodes.Test, guarded: dict[str, str], conditional: bool) -> None:
        for argument in [*node.args, *node.kwargs]:
            self.visit(argument, guarded, conditional)
        for dynamic in (node.dyn_args, node.dyn_kwargs):
            if dynamic is not None:
                self.visit(dynamic, guarded, conditional)

    def _visit_reference(self, node: nodes.Node, conditional: bool) -> None:
        if isinstance(node, nodes.Include):
            self._add_reference("include", node.template, node, node.with_context, node.ignore_missing, conditional)
        elif isinstance(node, nodes.Extends):
            self._add_reference("extends", node.template, node, True, False, conditional)
        elif isinstance(node, nodes.Import):
            self._add_reference("import", node.template, node, node.with_context, False, conditional)
            self.result.stored.add(node.target)
        elif isinstance(node, nodes.FromImport):
            self._add_reference("import", node.template, node, node.with_context, False, conditional)
            for imported in node.names:
                self.result.stored.add(imported[1] if isinstance(imported, tuple) else imported)

    def _add_reference(
        self,
        kind: str,
        template: nodes.Expr,
        node: nodes.Node,
        with_context: bool,
        ignore_missing: bool,
        conditional: bool,
    ) -> None:
        names: list[str | None]
        if isinstance(template, nodes.Const) and isinstance(template.value, str):
            names = [template.value]
        elif isinstance(template, (nodes.List, nodes.Tuple)) and all(
            isinstance(item, nodes.Const) and isinstance(item.value, str) for item in template.items
        ):
            # `{% include ["a.j2", "b.j2"] %}` renders the first that exists.
            names = [item.value for item in template.items]  # type: ignore[attr-defined]
            ignore_missing = ignore_missing or len(names) > 1
        else:
            names = [None]
        for name in names:
            self.result.references.append(
                Reference(kind, name, node.lineno, with_context, ignore_missing, conditional)
            )


def walk_template(tree: nodes.Template) -> Walk:
    """Collect the variable reads, assignments, filter and test calls and references of a template."""
    walker = _Walker()
    walker.visit(tree, {}, False)
    return walker.result


def iter_names(tree: nodes.Template) -> Iterator[str]:
    """Yield the name of every variable read in the template."""
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load":
            yield node.name
