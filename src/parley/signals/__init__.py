"""Negotiation signals and PLOVER/CAMEO event codes.

    from parley.signals import get_coder
    coder = get_coder("rules", language="en")       # a Stage named "parley.signals"
    statement = coder(statement)                      # signals=(...) and event=EventCode(...) set
    result = coder.code_text("We are ready for talks without preconditions.", cue="said")

The codebook (:func:`parley.signals.codebook.load_codebook`) holds the eleven signal codes, the
topics and the PLOVER/CAMEO tables; ``docs/codebook.md`` is generated from it.
"""

from __future__ import annotations

from .codebook import Codebook, load_codebook
from .coder import Coder, CodeRequest, CodeResult, get_coder

__all__ = ["CodeRequest", "CodeResult", "Codebook", "Coder", "get_coder", "load_codebook"]
