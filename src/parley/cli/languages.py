"""Commands: eval crosslang (Russian and Ukrainian; see parley.extract and parley.signals)."""

from __future__ import annotations

from ._common import app  # noqa: F401
