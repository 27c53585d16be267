"""Check and render Jinja2 templates the way pyinfra's `files.template` does.

The Jinja2 environment comes from pyinfra's own `get_template`, so its
options (StrictUndefined, keep_trailing_newline, filters) are those of the
installed pyinfra. The loader is rooted at the folder pyinfra runs from,
which is where `get_template` roots it (the process working directory).
"""

from __future__ import annotations

import ast
import difflib
import inspect
import io
import os
import textwrap
from typing import Any

from jinja2 import Environment, FileSystemLoader, meta, nodes
from jinja2.exceptions import TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path

from .template_positions import TextPositions, TokenIndex, name_position, tokenize
from .template_walk import Reference, Walk, walk_template

# Templates larger than this are not read; no hand-written template comes near it.
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024

# Names that Jinja2 itself provides inside the blocks where they are valid.
_JINJA_SCOPE_NAMES = {"loop", "super", "self", "caller", "varargs", "kwargs"}


def template_context_names() -> list[str]:
    """Read the names that `files.template` adds to the template context from its source.

    pyinfra 3.x calls `data.setdefault("host", host)` and the like on its
    `**data` argument; the names of those calls are the context names.
    """
    from pyinfra.operations import files

    function = getattr(files.template, "_inner", files.template)
    source = textwrap.dedent(inspect.getsource(function))
    definition = ast.parse(source).body[0]
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)) or definition.args.kwarg is None:
        return []
    data_name = definition.args.kwarg.arg
    names = []
    for node in ast.walk(definition):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target = node.func.value
        if node.func.attr != "setdefault" or not (isinstance(target, ast.Name) and target.id == data_name):
            continue
        if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names.append(node.args[0].value)
    return names


def pyinfra_environment(working_directory: str, env_kwargs: dict[str, Any]) -> Environment:
    """Build the Jinja2 environment of pyinfra's `get_template`, with its loader rooted at `working_directory`."""
    from pyinfra.api.util import get_template

    options = dict(env_kwargs)
    options.setdefault("loader", FileSystemLoader(working_directory))
    # An in-memory source is never cached by `get_template`, so each call builds a fresh environment.
    return get_template(io.StringIO(""), options).environment


def parse_env_kwargs(text: str | None) -> dict[str, Any]:
    """Evaluate the `jinja_env_kwargs=` literal of a call; raises ValueError when it is not a literal dict."""
    if not text:
        return {}
    value = ast.literal_eval(text)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise ValueError("`jinja_env_kwargs` is not a dict with string keys")
    return value


def read_template(path: str) -> tuple[str | None, dict[str, Any] | None]:
    """Read a template file as pyinfra would; returns the text, or a status for a file that is not a template."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return None, {"status": "missing", "message": "file not found"}
    except OSError as error:
        return None, {"status": "unreadable", "message": f"cannot read the file: {error.strerror}"}
    if os.path.isdir(path):
        return None, {"status": "unreadable", "message": "is a folder, not a template file"}
    if size > MAX_TEMPLATE_BYTES:
        megabytes = size / 1024 / 1024
        return None, {"status": "too_large", "message": f"file is {megabytes:.1f} MB, over the 2 MB limit"}
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return None, {"status": "unreadable", "message": f"cannot read the file: {error.strerror}"}
    nul = data.find(b"\0")
    if nul >= 0:
        return None, {"status": "binary", "message": f"file contains a NUL byte at offset {nul}"}
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, {
            "status": "binary",
            "message": f"file is not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset {error.start})",
        }


class _TemplateChecker:
    """Checks one root template and the templates it includes, extends and imports."""

    def __init__(self, environment: Environment, working_directory: str) -> None:
        self.environment = environment
        self.working_directory = working_directory
        self.problems: list[dict[str, Any]] = []
        self.variables: dict[str, dict[str, Any]] = {}
        self.used_names: set[str] = set()
        self.followed: list[str] = []
        # Paths the loader looked at for references it did not find: a file created there changes the result.
        self.absent: list[str] = []
        self.dynamic_references = False
        # Real paths of the templates being checked, outermost first, to detect recursion.
        self._active: list[str | None] = []
        self._done: set[str] = set()

    def check(
        self, text: str, path: str | None, with_context: bool = True, inherited: frozenset[str] = frozenset()
    ) -> None:
        """Check one template. `inherited` contains the names that the including template assigns."""
        positions = TextPositions(text)
        try:
            tree = self.environment.parse(text, filename=path)
        except TemplateSyntaxError as error:
            self._syntax_problem(error, path, positions)
            return
        tokens = TokenIndex(tokenize(self.environment, text))
        walk = walk_template(tree)
        self.used_names.update(use.name for use in walk.uses)
        unknown = self._unknown_calls(walk, path, positions, tokens)
        if unknown:
            # The code generator stops at the first unknown filter or test; stand-ins let the
            # rest of the checks run on the whole template.
            tree.set_environment(self._with_stand_ins(unknown))
        self._compile(tree, path, positions)

        if with_context:
            undeclared = meta.find_undeclared_variables(tree) - inherited
            self._record_variables(walk, undeclared, path, positions, tokens)

        self._active.append(os.path.realpath(path) if path else None)
        visible = inherited | walk.stored
        for reference in walk.references:
            self._follow(reference, path, positions, tokens, visible)
        self._active.pop()

    def _syntax_problem(self, error: TemplateSyntaxError, path: str | None, positions: TextPositions) -> None:
        # An error inside an included template names that template's file.
        error_path = error.filename if error.filename and error.filename != "<template>" else path
        if error_path != path and error_path is not None:
            text, _ = read_template(error_path)
            positions = TextPositions(text or "")
        where = positions.whole_line(error.lineno or 1)
        self.problems.append(
            {"code": "PIK506", "kind": "syntax", "path": error_path, "message": error.message or str(error), **where}
        )

    def _unknown_calls(
        self, walk: Walk, path: str | None, positions: TextPositions, tokens: TokenIndex
    ) -> list[tuple[str, str]]:
        unknown: list[tuple[str, str]] = []
        for call in walk.calls:
            known = self.environment.filters if call.kind == "filter" else self.environment.tests
            if call.name in known:
                continue
            unknown.append((call.kind, call.name))
            where = name_position(positions, tokens, call.kind, call.name, call.line, call.index_on_line)
            close = difflib.get_close_matches(call.name, list(known), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            self.problems.append(
                {
                    "code": "PIK506",
                    "kind": f"unknown_{call.kind}",
                    "name": call.name,
                    "path": path,
                    "message": f"`{call.name}` is not a {call.kind} of pyinfra's Jinja2 environment{hint}",
                    **where,
                }
            )
        return unknown

    def _with_stand_ins(self, unknown: list[tuple[str, str]]) -> Environment:
        """Return an overlay of the environment in which every unknown filter and test exists."""
        overlay = self.environment.overlay()
        overlay.filters = dict(self.environment.filters)
        overlay.tests = dict(self.environment.tests)
        for kind, name in unknown:
            table = overlay.filters if kind == "filter" else overlay.tests
            table[name] = lambda *args, **kwargs: None
        return overlay

    def _compile(self, tree: nodes.Template, path: str | None, positions: TextPositions) -> None:
        try:
            tree.environment.compile(tree, filename=path)
        except TemplateSyntaxError as error:
            message = error.message or str(error)
            self.problems.append(
                {
                    "code": "PIK506",
                    "kind": "compile",
                    "path": path,
                    "message": message,
                    **positions.whole_line(error.lineno or 1),
                }
            )

    def _follow(
        self,
        reference: Reference,
        path: str | None,
        positions: TextPositions,
        tokens: TokenIndex,
        visible: frozenset[str],
    ) -> None:
        """Check the template that an include, extends or import names, once per template."""
        if reference.name is None:
            self.dynamic_references = True
            return

        token = tokens.string_on_line(reference.name, reference.line)
        where = (
            positions.span(token.start, token.start + len(token.value))
            if token is not None
            else positions.whole_line(reference.line)
        )
        try:
            filename = self._find(reference.name)
        except TemplateNotFound:
            for candidate in self._candidates(reference.name):
                if candidate not in self.absent:
                    self.absent.append(candidate)
            if not reference.ignore_missing:
                self.problems.append(self._not_found(reference, path, where))
            return

        filename = os.path.abspath(filename)
        if os.path.realpath(filename) in self._active:
            if not reference.conditional:
                self.problems.append(
                    {
                        "code": "PIK506",
                        "kind": "recursion",
                        "path": path,
                        "message": f"`{reference.kind} \"{reference.name}\"` includes the template in itself, "
                        "so rendering never ends",
                        **where,
                    }
                )
            return

        if filename not in self.followed:
            self.followed.append(filename)
        if filename in self._done:
            return
        self._done.add(filename)

        text, status = read_template(filename)
        if text is None:
            assert status is not None
            self.problems.append(
                {
                    "code": "PIK506",
                    "kind": status["status"],
                    "path": path,
                    "message": f"`{reference.kind} \"{reference.name}\"`: {status['message']}",
                    **where,
                }
            )
            return
        # An included template can read the names that the including template assigns.
        self.check(text, filename, reference.with_context, visible)

    def _find(self, name: str) -> str:
        """Find the file that the loader reads for a template name; raises TemplateNotFound."""
        loader = self.environment.loader
        assert loader is not None
        try:
            _source, filename, _uptodate = loader.get_source(self.environment, name)
            return filename
        except UnicodeDecodeError:
            # FileSystemLoader decodes while it looks up; find the file it tried, to report why.
            if not isinstance(loader, FileSystemLoader):
                raise
            for folder in loader.searchpath:
                candidate = os.path.join(folder, *split_template_path(name))
                if os.path.isfile(candidate):
                    return candidate
            raise

    def _candidates(self, name: str) -> list[str]:
        """List the paths where a FileSystemLoader looks for a template name."""
        loader = self.environment.loader
        if not isinstance(loader, FileSystemLoader):
            return []
        try:
            pieces = split_template_path(name)
        except TemplateNotFound:
            # A name with `..` is rejected before any file is read.
            return []
        return [os.path.abspath(os.path.join(folder, *pieces)) for folder in loader.searchpath]

    def _not_found(self, reference: Reference, path: str | None, where: dict[str, int]) -> dict[str, Any]:
        hint = (
            "; Jinja2's FileSystemLoader does not accept `..` in template names"
            if ".." in reference.name.split("/")
            else ""
        )
        return {
            "code": "PIK503",
            "kind": "missing_reference",
            "path": path,
            "message": f"`{reference.kind} \"{reference.name}\"`: no such template under "
            f"{self.working_directory}, where pyinfra's loader looks{hint}",
            **where,
        }

    def _record_variables(
        self, walk: Walk, undeclared: set[str], path: str | None, positions: TextPositions, tokens: TokenIndex
    ) -> None:
        for use in walk.uses:
            if use.name not in undeclared or use.name in _JINJA_SCOPE_NAMES:
                continue
            if use.name in self.environment.globals:
                continue
            known = self.variables.get(use.name)
            # The first unguarded read wins; a guarded read counts only while no unguarded one is known.
            if known is not None and (known["guard"] is None or use.guard is not None):
                continue
            where = name_position(positions, tokens, "name", use.name, use.line, use.index_on_line)
            self.variables[use.name] = {"name": use.name, "path": path, "guard": use.guard, **where}


def check_template(request: dict[str, Any], working_directory: str) -> dict[str, Any]:
    """Check one template of a `templates.check` request."""
    try:
        env_kwargs = parse_env_kwargs(request.get("env_kwargs"))
    except (ValueError, SyntaxError) as error:
        return {"status": "unsupported_env", "message": f"`jinja_env_kwargs` is not a literal dict ({error})"}
    try:
        environment = pyinfra_environment(working_directory, env_kwargs)
    except Exception as error:  # noqa: BLE001 - any error here comes from the user's keyword arguments
        return {"status": "env_error", "message": f"jinja2.Environment rejects `jinja_env_kwargs`: {error}"}

    path = request.get("path")
    text = request.get("text")
    if path is not None:
        text, status = read_template(path)
        if status is not None:
            return status
    assert text is not None
    checker = _TemplateChecker(environment, working_directory)
    checker.check(text, path)
    return {
        "status": "ok",
        "problems": checker.problems,
        "variables": sorted(checker.variables.values(), key=lambda item: (item["path"] or "", item["offset"])),
        "used_names": sorted(checker.used_names),
        "followed": checker.followed,
        "absent": checker.absent,
        "dynamic_references": checker.dynamic_references,
    }


def check_templates(params: dict[str, Any]) -> dict[str, Any]:
    """Handle `templates.check`: every template of a check run in one request."""
    import jinja2
    import pyinfra

    working_directory = os.path.abspath(params["working_directory"])
    results = {}
    for request in params.get("templates", []):
        folder = os.path.abspath(request.get("working_directory") or working_directory)
        try:
            results[request["key"]] = check_template(request, folder)
        except Exception as error:  # noqa: BLE001 - one template must not stop the checks of the others
            results[request["key"]] = {
                "status": "error",
                "message": f"checking it failed with {type(error).__name__}: {error}",
            }
    environment = pyinfra_environment(working_directory, {})
    return {
        "pyinfra_version": pyinfra.__version__,
        "jinja2_version": jinja2.__version__,
        "jinja2_folder": os.path.dirname(os.path.abspath(jinja2.__file__)),
        "context_names": template_context_names(),
        "jinja_globals": sorted(environment.globals),
        "results": results,
    }
