"""Build the catalogue of operations, facts and global arguments of the installed pyinfra."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pyinfra
import pyinfra.facts
import pyinfra.operations
from pyinfra.api.arguments import all_argument_meta
from pyinfra.api.facts import FactBase, ShortFactBase

# The catalogue layout; bump it when the shape of the output changes so that
# cached catalogues from an older layout are rebuilt.
CATALOGUE_SCHEMA = 2


def _first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    text = inspect.cleandoc(doc)
    return text.split("\n\n", 1)[0].strip()


def _annotation_text(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _parameters(func: Any) -> list[dict[str, Any]]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    parameters = []
    for parameter in signature.parameters.values():
        has_default = parameter.default is not inspect.Parameter.empty
        parameters.append(
            {
                "name": parameter.name,
                "kind": parameter.kind.name.lower(),
                "default": repr(parameter.default) if has_default else None,
                "required": not has_default
                and parameter.kind
                in (
                    inspect.Parameter.POSITIONAL_ONLY,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    inspect.Parameter.KEYWORD_ONLY,
                ),
                "annotation": _annotation_text(parameter.annotation),
            }
        )
    return parameters


def _submodules(package: Any) -> list[str]:
    names = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        leaf = info.name.rsplit(".", 1)[-1]
        # `util` packages hold helpers, not operations or facts.
        if leaf == "util" or ".util." in info.name or leaf.startswith("_"):
            continue
        names.append(info.name)
    return sorted(names)


def _operations(
    errors: list[dict[str, str]], aliases: list[dict[str, str]]
) -> list[dict[str, Any]]:
    operations = []
    prefix = "pyinfra.operations."
    for module_name in _submodules(pyinfra.operations):
        try:
            module = importlib.import_module(module_name)
        except Exception as error:  # a module with a missing optional dependency
            errors.append({"module": module_name, "error": repr(error)})
            continue
        short_module = module_name[len(prefix) :]
        for name, value in vars(module).items():
            if name.startswith("_") or not callable(value) or not hasattr(value, "_inner"):
                continue
            inner = value._inner
            # An operation imported from another module belongs to that module, but
            # callers may still use it under this module's name, such as
            # `server.crontab` for `crontab.crontab`.
            defined_in = getattr(inner, "__module__", None) or ""
            if defined_in != module_name:
                if defined_in.startswith(prefix):
                    aliases.append(
                        {
                            "module": short_module,
                            "name": name,
                            "target": f"{defined_in[len(prefix):]}.{inner.__name__}",
                        }
                    )
                continue
            parameters = _parameters(value)
            operations.append(
                {
                    "module": short_module,
                    "name": name,
                    "parameters": parameters,
                    "takes_var_keyword": any(p["kind"] == "var_keyword" for p in parameters),
                    "takes_var_positional": any(
                        p["kind"] == "var_positional" for p in parameters
                    ),
                    "is_idempotent": bool(getattr(value, "is_idempotent", True)),
                    "idempotent_notice": getattr(value, "idempotent_notice", None),
                    "is_deprecated": bool(getattr(value, "is_deprecated", False)),
                    "deprecated_for": getattr(value, "deprecated_for", None),
                    "summary": _first_paragraph(inspect.getdoc(value)),
                    "doc": inspect.getdoc(value) or "",
                }
            )
    return operations


def _facts(errors: list[dict[str, str]]) -> list[dict[str, Any]]:
    facts = []
    prefix = "pyinfra.facts."
    for module_name in _submodules(pyinfra.facts):
        try:
            module = importlib.import_module(module_name)
        except Exception as error:
            errors.append({"module": module_name, "error": repr(error)})
            continue
        for name, value in vars(module).items():
            if not inspect.isclass(value) or name.startswith("_"):
                continue
            if value in (FactBase, ShortFactBase):
                continue
            if not issubclass(value, (FactBase, ShortFactBase)):
                continue
            # Base classes imported for subclassing belong to their own module.
            if value.__module__ != module_name:
                continue
            command = getattr(value, "command", None)
            parameters = _parameters(command) if callable(command) else []
            parameters = [p for p in parameters if p["name"] != "self"]
            facts.append(
                {
                    "module": module_name[len(prefix) :],
                    "name": name,
                    "parameters": parameters,
                    "is_short": issubclass(value, ShortFactBase),
                    "is_deprecated": bool(getattr(value, "deprecated", False)),
                    "summary": _first_paragraph(inspect.getdoc(value)),
                }
            )
    return facts


def _global_arguments() -> list[dict[str, Any]]:
    arguments = []
    for name, meta in all_argument_meta.items():
        default = meta.default
        arguments.append(
            {
                "name": name,
                "description": getattr(meta, "description", "") or "",
                "default": None if callable(default) else repr(default),
            }
        )
    return arguments


def build_catalogue(_params: dict[str, Any]) -> dict[str, Any]:
    errors: list[dict[str, str]] = []
    aliases: list[dict[str, str]] = []
    return {
        "schema": CATALOGUE_SCHEMA,
        "pyinfra_version": pyinfra.__version__,
        "operations": _operations(errors, aliases),
        "aliases": aliases,
        "facts": _facts(errors),
        "global_arguments": _global_arguments(),
        "import_errors": errors,
    }
