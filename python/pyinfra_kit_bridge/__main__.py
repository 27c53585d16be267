"""JSON-lines server on stdin and stdout.

Each request is one line `{"id": N, "method": "...", "params": {...}}`; each
response is one line `{"id": N, "result": ...}` or `{"id": N, "error": {...}}`.
Anything pyinfra prints goes to stderr so that stdout carries only responses.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any, Callable

from . import PROTOCOL_VERSION

Handler = Callable[[dict[str, Any]], Any]


def _hello(_params: dict[str, Any]) -> dict[str, Any]:
    try:
        import pyinfra

        version = pyinfra.__version__
    except ImportError:
        version = None
    return {
        "protocol": PROTOCOL_VERSION,
        "pyinfra_version": version,
        "python": sys.version.split()[0],
        "executable": sys.executable,
    }


def _catalogue(params: dict[str, Any]) -> Any:
    from .catalogue import build_catalogue

    return build_catalogue(params)


def _check_templates(params: dict[str, Any]) -> Any:
    from .templates import check_templates

    return check_templates(params)


def _render_template(params: dict[str, Any]) -> Any:
    from .template_render import render_template

    return render_template(params)


def _plan(params: dict[str, Any]) -> Any:
    from .plan import plan

    return plan(params)


def _verify(params: dict[str, Any]) -> Any:
    from .verify import verify_step

    return verify_step(params)


HANDLERS: dict[str, Handler] = {
    "hello": _hello,
    "catalogue": _catalogue,
    "plan": _plan,
    "verify": _verify,
    "templates.check": _check_templates,
    "templates.render": _render_template,
}


def _respond(stream: Any, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message, default=str) + "\n")
    stream.flush()


def main() -> None:
    responses = sys.stdout
    # Operations and facts may print; keep stdout for responses only.
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            method = request.get("method")
            handler = HANDLERS.get(method)
            if handler is None:
                known = ", ".join(sorted(HANDLERS))
                raise LookupError(f"unknown method {method!r}; known methods: {known}")
            result = handler(request.get("params") or {})
            _respond(responses, {"id": request_id, "result": result})
        except Exception as error:
            _respond(
                responses,
                {
                    "id": request_id,
                    "error": {
                        "type": type(error).__name__,
                        "message": str(error),
                        "traceback": traceback.format_exc(),
                    },
                },
            )
    # The caller closes the input when it has no more requests, and every session
    # has closed its connections by then. Exiting here skips the interpreter's
    # teardown of pyinfra, gevent and paramiko, which takes about 0.2 s.
    responses.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
