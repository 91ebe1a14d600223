"""Statement extraction and speaker attribution: who said what, where, and when.

``Extractor`` is the pipeline stage (documents in, statements out); :func:`extract` runs it on one
document; :func:`get_extractor` picks the extractor of a language. Lexicons live per language in
``lexicons/<language>.yaml``; the cue scorer's weights in ``data/cue_model_<language>.json``
(rebuilt by ``python -m parley.extract.train``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from .._lazy import lazy_module
from ..records import Document, Statement
from .extractor import VERSION, Extractor

#: the Russian and Ukrainian rules (the largest module of the stage), loaded when a document in
#: either language is first read
_slavic = lazy_module("parley.extract.slavic")

__all__ = ["VERSION", "Extractor", "extract", "get_extractor"]


_EXTRACTORS: dict[tuple[str, int], Extractor] = {}


def get_extractor(language: str, registry: Any = None) -> Extractor:
    """The extractor for ``language`` ("en"; other languages when their lexicon exists), reused
    across calls with the same registry. Raises ConfigError for a language without a lexicon."""
    lang = (language or "en").lower().split("-")[0]
    key = (lang, id(registry))
    ex = _EXTRACTORS.get(key)
    if ex is None or ex.registry is not registry:
        ex = _extractor_class(lang)(registry=registry, language=lang)
        _EXTRACTORS[key] = ex
    return ex


#: languages whose extractor extends :class:`Extractor` with rules of their own: the module and
#: the name of the class (the module is loaded when the class is first asked for)
LANGUAGE_EXTRACTORS: dict[str, tuple[ModuleType, str]] = {
    "ru": (_slavic, "SlavicExtractor"),
    "uk": (_slavic, "SlavicExtractor"),
}


def _extractor_class(language: str) -> type[Extractor]:
    found = LANGUAGE_EXTRACTORS.get(language)
    return Extractor if found is None else getattr(*found)


def extract(doc: Document, registry: Any = None) -> list[Statement]:
    """The statements of one document, in the document's language (English by default)."""
    return list(get_extractor(doc.language or "en", registry)(doc))
