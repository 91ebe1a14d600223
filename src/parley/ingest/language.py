"""Language identification restricted to the languages Parley reads (py3langid).

Restricting the candidates keeps short Ukrainian texts from being labelled Belarusian or Bulgarian
and English ones from being labelled Latin. A cheap letter check separates Ukrainian from Russian
when the model hesitates: ``і ї є ґ`` are Ukrainian-only, ``ы э ъ ё`` Russian-only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from .. import settings
from ..compiled import cached

#: the candidates when none are given: the ``languages`` setting's default
DEFAULT_LANGUAGES: tuple[str, ...] = tuple(
    x.strip() for x in str(settings.default("languages")).split(",") if x.strip()
)

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")


def _model_path() -> Path:
    """py3langid's model file (its name is relative to the package's data folder)."""
    path = Path(MODEL_FILE)
    return path if path.is_absolute() else Path(MODEL_DIR) / path


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    def build() -> LanguageIdentifier:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(languages))
        return ident

    # the model restricted to ``languages``, compiled once (py3langid reads and reshapes it)
    return cached("langid-" + "-".join(languages), [_model_path(), ",".join(languages)], build)


#: What a language label may say besides a code: English names and self-names of the languages
#: Parley reads, and of their neighbours (a label is lower-cased and its region dropped first).
_NAMES = {
    "english": "en", "russian": "ru", "ukrainian": "uk", "belarusian": "be", "polish": "pl",
    "german": "de", "french": "fr", "spanish": "es", "italian": "it", "chinese": "zh",
    "arabic": "ar", "turkish": "tr", "hebrew": "he", "persian": "fa", "georgian": "ka",
    "русский": "ru", "украинский": "uk", "английский": "en", "українська": "uk", "російська": "ru",
    "англійська": "en", "беларуская": "be",
}


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """The closed list of language codes a record may carry: those py3langid knows."""
    return cached("langid-classes", [_model_path()], lambda: frozenset(
        c for c in LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes if c != "zxx"))


def normalize_language(label: str) -> str:
    """A language label as a code from :func:`known_languages`: ``"en-GB"``, ``"EN_us"``,
    ``"English (United Kingdom)"`` and ``"русский"`` all work; anything else raises ValueError
    with a message saying what is accepted. A label is never used as a file name."""
    raw = str(label)
    text = re.sub(r"\s*\(.*\)\s*$", "", raw.strip().lower())
    code = re.split(r"[-_\s]", text, maxsplit=1)[0] if text else ""
    if code in known_languages():
        return code
    if text in _NAMES:
        return _NAMES[text]
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise ValueError(
        f"unknown language {shown!r}: use an ISO 639-1 code such as en, ru or uk (or pass --language)"
    )


def detect_language(text: str, languages: tuple[str, ...] | None = None) -> str | None:
    """The most likely language of ``text`` among ``languages`` (default: the ``languages``
    setting's default, en, ru and uk)."""
    languages = languages or DEFAULT_LANGUAGES
    sample = text[:5000]
    if not sample.strip():
        return None
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if cyr + lat == 0:
        return None
    if cyr > lat and {"ru", "uk"} <= set(languages):
        uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
        if uk and not ru:
            return "uk"
        if ru and not uk:
            return "ru"
    lang, _prob = _identifier(tuple(languages)).classify(sample)
    return lang


def paragraph_languages(text: str, languages: tuple[str, ...] | None = None) -> list[tuple[int, int, str | None]]:
    """Each paragraph's span and language, for documents that mix languages."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        chunk = m.group(0)
        if chunk.strip():
            out.append((m.start(), m.end(), detect_language(chunk, languages)))
    return out
