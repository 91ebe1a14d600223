"""Parley's command line: thin shells over the library.

Each command parses its options, calls one library function, formats the result and turns the
library's typed errors into ``Error: ...`` with exit status 1. The commands live in one module per
noun (``ingest``, ``docs``, ``extract``, ...) and register themselves on :data:`app`.

The console script (:func:`main`) imports a command's module only when that command runs
(:class:`~parley.cli._common.LazyGroup`), so ``parley --help`` starts at once; reading
``parley.cli.app`` (tests, ``parley.docgen``) loads every command first.
"""

from __future__ import annotations

from typing import Any

from . import _common
from ._common import COMMANDS, load_commands, main


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, every command registered (documentation, tests)
        load_commands()
        return _common.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "app", "load_commands", "main"]
