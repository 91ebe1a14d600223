"""Parley's command line: thin shells over the library.

Each command parses its options, calls one library function, formats the result and turns the
library's typed errors into ``Error: ...`` with exit status 1. The commands live in one module per
noun (``ingest``, ``docs``, ``extract``, ...) and register themselves on :data:`app`.
"""

from __future__ import annotations

import importlib

from ._common import app, main

# One module per family of commands; each registers its commands on ``app`` when imported.
_COMMAND_MODULES = (
    "ingest",
    "read",
    "extract",
    "actors",
    "signals",
    "analysis",
    "web",
    "languages",
    "demo",
    "admin",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")

__all__ = ["app", "main"]
