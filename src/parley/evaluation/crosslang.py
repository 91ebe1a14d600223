"""Cross-language consistency of the pipeline (``parley eval crosslang``): parallel records
extracted and coded through :class:`parley.api.Parley`, scored by
:func:`parley.signals.crosslang.crosslang_agreement`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..api import Parley
from ..signals.crosslang import CrossLangReport
from ..signals.crosslang import crosslang_agreement as _agreement


def crosslang_agreement(path: str | Path, parley: Parley | None = None, *, languages: Sequence[str] | None = None,
                        limit: int | None = None) -> CrossLangReport:
    """Agreement of the document-level signal codes of the parallel records of ``path``, each text
    read by ``parley``'s pipeline (default: one without a store, over the registry of the settings)."""
    parley = parley or Parley(None)
    return _agreement(path, parley.processor(), languages=languages, limit=limit)


__all__ = ["CrossLangReport", "crosslang_agreement"]
