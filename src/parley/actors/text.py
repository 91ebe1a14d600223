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


# ------------------------------------------------------------------------------ given names
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}
_LAT_TO_CYR = (
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
    ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("yi", "ий"), ("ey", "ей"), ("ei", "ей"),
    ("ai", "ай"), ("ay", "ай"), ("oy", "ой"), ("ia", "ия"), ("a", "а"), ("b", "б"), ("c", "к"),
    ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "г"), ("i", "и"), ("j", "й"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"),
)
_VOWELS = re.compile(r"[aeiouy]")


@functools.lru_cache(maxsize=1 << 14)
def latin(key: str) -> str:
    """A normalised key in Latin letters (Cyrillic transliterated letter by letter): only for
    comparing names across scripts through :func:`skeleton`, never shown."""
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in key)


@functools.lru_cache(maxsize=1 << 14)
def cyrillic(key: str) -> str:
    """A Latin name word in Cyrillic letters, roughly ("oleg" → "олег", "sergey" → "сергей"):
    only to ask the Russian morphology whether the word is a given name."""
    out, i = [], 0
    while i < len(key):
        for lat, cyr in _LAT_TO_CYR:
            if key.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(key[i])
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1 << 14)
def given_key(word: str) -> str:
    """The consonants of a given name's transliteration skeleton, the same across languages and
    spellings: Alexander/Oleksandr/Олександр "lcsndr", Vladimir/Volodymyr "vldmr", Kirill/Kyrylo/
    Кирило/Кирила "crl", Oleg/Oleh/Олег "lh"."""
    return _VOWELS.sub("", skeleton(latin(word)))


def given_agree(a: str, b: str) -> bool:
    """Whether two normalised given-name words (any script, any case form) can name the same
    person: equal consonant skeletons, or equal but for the first letter when three or more
    (Nikolai/Mykola); an initial agrees with a name it begins."""
    if len(a) == 1 or len(b) == 1:
        ia, ib = a[:1], b[:1]
        return ia == ib or skeleton(latin(ia))[:1] == skeleton(latin(ib))[:1]
    ka, kb = given_key(a), given_key(b)
    if not ka or not kb:
        return True  # nothing to compare ("Ia"): no conflict can be shown
    return ka == kb or (len(ka) >= 3 and len(kb) >= 3 and ka[1:] == kb[1:])
