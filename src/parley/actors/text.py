"""Normalising names for lookup: one key function shared by the registry's tables and the queries.

``norm("Russia's Foreign Minister Sergey Lavrov")`` and ``norm("russia foreign minister
sergey lavrov")`` give the same key; so do ``"Erdoğan"``/``"Erdogan"``, ``"Пётр"``/``"Петр"`` and
``"Прем'єр"``/``"Премʼєр"``. Cyrillic letters keep their diacritics (``й``, ``ї`` are letters of
their own); only Latin letters are folded to ASCII.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_APOSTROPHES = "'’ʼ`ʹ‘"
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])[" + _APOSTROPHES + r"]s\b")
_APOS = re.compile("[" + _APOSTROPHES + "]")
_NON_WORD = re.compile(r"[\W_]+")
_LATIN_RE = re.compile(r"[A-Za-z]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")


def _latin_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch)[:1]
        if base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    table[ord("ß")] = "ss"
    table[ord("ı")] = "i"
    table[ord("ø")] = "o"
    table[ord("Ø")] = "O"
    table[ord("ł")] = "l"
    table[ord("Ł")] = "L"
    table[ord("ё")] = "е"
    table[ord("Ё")] = "Е"
    return table


_FOLD = _latin_fold_table()

#: Words dropped from the start of a mention ("the Kremlin", "в МИД России", "у МЗС").
LEADING_WORDS = frozenset(
    ["the", "a", "an", "в", "во", "у", "из", "от", "с", "со", "к", "по", "для", "на", "про", "до", "при", "від", "з", "із", "зі"]
)
#: Words that make a role phrase refer to someone who no longer holds it.
FORMER_WORDS = frozenset(["former", "ex", "then", "бывший", "экс", "бывшего", "колишній", "ексміністр", "експрезидент"])


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key of a name or phrase: folded, lower-cased, punctuation as single spaces
    (kept per text: the same names are looked up in document after document)."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    text = _POSSESSIVE.sub("", text)
    text = _APOS.sub("", text)
    text = _NON_WORD.sub(" ", text.casefold())
    return text.strip()


def strip_leading(key: str) -> str:
    """``key`` without leading articles and prepositions (never down to nothing)."""
    tokens = key.split(" ")
    while len(tokens) > 1 and tokens[0] in LEADING_WORDS:
        tokens = tokens[1:]
    return " ".join(tokens)


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC_RE.search(text))


def is_latin(text: str) -> bool:
    return bool(_LATIN_RE.search(text))


_SKELETON_RULES = (
    (re.compile(r"e[iy](?= |$)"), "i"),
    (re.compile(r"(?:iy|yi|yy|ij|ii|y|j)"), "i"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"g"), "h"),
    (re.compile(r"ck|k|q"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ks|x"), "cs"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


@functools.lru_cache(maxsize=1 << 16)
def skeleton(key: str) -> str:
    """A coarse transliteration key: Zelensky/Zelenskyy/Zelenskiy, Sergey/Sergei/Serhiy agree.

    Used only against the registry's own names, after exact lookups fail, and only where the
    skeleton is unique to one actor. Kept per key: every unresolved mention's tail words are
    looked up in every document that names them (nine substitutions each).
    """
    out = key
    for pattern, repl in _SKELETON_RULES:
        out = pattern.sub(repl, out)
    return out
