"""Commands: signals (see the module of the same name in the library)."""

from __future__ import annotations

from ._common import app  # noqa: F401
