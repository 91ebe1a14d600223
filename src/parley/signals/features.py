"""What the learned coder reads in a statement: words, lemmas, concepts and parties, in any language.

One code path for English, Russian and Ukrainian. An :class:`Analyzer` (one per language, with
the actor registry) turns a text into :class:`Token` records:

- ``norm``: the word normalised from lexicon data: a Snowball stem in English, a pymorphy3 lemma
  in Russian and Ukrainian (lower-cased, ``ё`` read as ``е``, apostrophes unified);
- ``party``: the side a party mention speaks for (a person, an institution, a country, its
  capital or adjective, from the actor registry; ``other`` for labels such as "the occupiers");
  parties are masked in the features as ``@own`` / ``@other`` / ``@party`` relative to the
  speaker's side, so the codes do not depend on which side is which (the mirror property);
- ``concepts``: the cross-language concepts of ``signals/data/concepts.yaml`` the word (or the
  phrase it starts) expresses ("переговоры", "переговори" and "talks" are all ``TALK``).

:func:`signal_features` reads the statement's cue and text, and the rule coder's hits, into the
feature names of :class:`parley.signals.model.SignalModel`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pymorphy3
import snowballstemmer

from ..compiled import read_yaml
from ..errors import ConfigError
from .rules import available_languages, load_lexicon
from .sides import packaged_registry

DATA = Path(__file__).parent / "data"
CONCEPTS_FILE = DATA / "concepts.yaml"
THEATRES_FILE = DATA / "theatres.yaml"

LANGUAGES = ("en", "ru", "uk")

_TOKEN_RE = re.compile(r"\w+?(?=n['’]t\b)|n['’]t\b|\w+(?:['’ʼ`-]\w+)*", re.UNICODE)
#: :data:`_TOKEN_RE` for a text without "n't": its first two alternatives need "n't" (or "n’t"),
#: so on such a text only the third can match, and it alone finds the same words a third faster
#: (the lazy first alternative tries its lookahead after every character of every word)
_WORD_RE = re.compile(r"\w+(?:['’ʼ`-]\w+)*", re.UNICODE)
_BREAK_RE = re.compile(r"[,.;:!?()\[\]«»\"“”—–]|\s-\s")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "Ё": "Е"})

#: Relations of a party to the speaker, as the features see them.
OWN, OTHER_REL, PARTY = "@own", "@other", "@party"


# ------------------------------------------------------------------------------ normalisers
@functools.lru_cache(maxsize=1)
def _english_stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=2)
def _morph(language: str):
    try:
        return pymorphy3.MorphAnalyzer(lang=language)
    except Exception as exc:  # noqa: BLE001 - the dictionary package is missing or broken
        raise ConfigError(
            f"pymorphy3 has no {language} dictionary ({exc}); install pymorphy3-dicts-{language}"
        ) from None


_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}  # the heads of can't, won't, shan't


@functools.lru_cache(maxsize=200_000)
def _norm_en(word: str) -> str:
    w = word.lower().translate(_APOSTROPHES)
    if w.endswith("'s"):
        w = w[:-2]
    if w == "n't":
        return "not"
    if w in _CONTRACTED:
        return _CONTRACTED[w]
    return _english_stemmer().stemWord(w)


@functools.lru_cache(maxsize=200_000)
def _norm_ru(word: str) -> str:
    w = word.lower().translate(_APOSTROPHES)
    if not w.isalpha() or not any("а" <= ch <= "я" for ch in w):
        return w
    return _morph("ru").parse(w)[0].normal_form.replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def _norm_uk(word: str) -> str:
    w = word.lower().translate(_APOSTROPHES)
    if not any(ch.isalpha() for ch in w) or not re.search(r"[а-яіїєґ]", w):
        return w
    return _morph("uk").parse(w)[0].normal_form.translate(_APOSTROPHES)


_NORMALISERS = {"en": _norm_en, "ru": _norm_ru, "uk": _norm_uk}


@functools.lru_cache(maxsize=200_000)
def _lower(word: str) -> str:
    """A word lower-cased with apostrophes unified and ``ё`` read as ``е`` (as phrase tables key it)."""
    return word.lower().translate(_APOSTROPHES)


@functools.lru_cache(maxsize=4096)
def _is_break(gap: str) -> bool:
    """Whether the characters between two words break a clause (the same few gaps recur)."""
    return _BREAK_RE.search(gap) is not None


def normaliser(language: str):
    """The word normaliser of ``language`` (stem or lemma of one word)."""
    try:
        return _NORMALISERS[language]
    except KeyError:
        raise ConfigError(f"no normaliser for language {language!r}; known: {', '.join(LANGUAGES)}") from None


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word of ``text``."""
    rx = _TOKEN_RE if ("n'" in text or "n’" in text) else _WORD_RE
    return [(m.start(), m.end(), m.group()) for m in rx.finditer(text)]


def phrase_norms(phrase: str, language: str) -> tuple[str, ...]:
    norm = normaliser(language)
    return tuple(norm(w) for _, _, w in words(phrase))


# ------------------------------------------------------------------------------ phrase tables
class PhraseTable:
    """Phrases (sequences of normalised words, or of lower-cased words as written) to labels."""

    def __init__(self) -> None:
        self._norm: dict[tuple[str, ...], set[str]] = {}
        self._surface: dict[tuple[str, ...], set[str]] = {}
        self._widths: dict[str, tuple[int, ...]] = {}  # first word -> phrase lengths, longest first
        self.longest = 1

    def _index(self, key: tuple[str, ...]) -> None:
        widths = set(self._widths.get(key[0], ())) | {len(key)}
        self._widths[key[0]] = tuple(sorted(widths, reverse=True))

    def add(self, phrase: str, label: str, language: str) -> None:
        norms = phrase_norms(phrase, language)
        if not norms:
            return
        self._norm.setdefault(norms, set()).add(label)
        surf = tuple(w.lower().translate(_APOSTROPHES) for _, _, w in words(phrase))
        self._surface.setdefault(surf, set()).add(label)
        self._index(norms)
        self._index(surf)
        self.longest = max(self.longest, len(norms))

    def add_surface(self, key: tuple[str, ...], label: str) -> None:
        """A phrase given as lower-cased words as written (names in their stored case forms)."""
        self._surface.setdefault(key, set()).add(label)
        self._index(key)
        self.longest = max(self.longest, len(key))

    def __len__(self) -> int:
        return len(self._norm)

    def find(self, norms: Sequence[str], lowers: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
        """(first token, end token, labels) of every phrase found, longest match at each start."""
        out = []
        n = len(norms)
        widths_of = self._widths
        get = widths_of.get
        by_norm, by_surface = self._norm, self._surface
        for i in [i for i, (a, b) in enumerate(zip(norms, lowers)) if a in widths_of or b in widths_of]:
            ws = get(norms[i], ())
            wl = get(lowers[i], ())
            for w in (ws if wl is ws or not wl else wl if not ws else sorted(set(ws) | set(wl), reverse=True)):
                if i + w > n:
                    continue
                labels = by_norm.get(tuple(norms[i : i + w]))
                slabels = by_surface.get(tuple(lowers[i : i + w]))
                if labels or slabels:
                    out.append((i, i + w, frozenset((labels or set()) | (slabels or set()))))
                    break
        return out


@functools.lru_cache(maxsize=4)
def _concepts_data(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: the concept lexicon is missing")
    data = read_yaml(p.read_text(encoding="utf-8")) or {}
    if not isinstance(data.get("concepts"), dict):
        raise ConfigError(f"{p}: expected a 'concepts' mapping")
    return data


@functools.lru_cache(maxsize=8)
def concept_table(language: str, path: str = str(CONCEPTS_FILE)) -> PhraseTable:
    """The concepts of ``language`` as a :class:`PhraseTable` (label = concept name)."""
    table = PhraseTable()
    for concept, by_lang in _concepts_data(path)["concepts"].items():
        if not isinstance(by_lang, dict):
            raise ConfigError(f"{path}: concept {concept!r} must map languages to word lists")
        for word in by_lang.get(language) or ():
            table.add(str(word), str(concept), language)
    return table


def concept_names(path: str = str(CONCEPTS_FILE)) -> tuple[str, ...]:
    return tuple(_concepts_data(path)["concepts"])


@functools.lru_cache(maxsize=4)
def _theatres_data(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: the theatre lexicon is missing")
    data = read_yaml(p.read_text(encoding="utf-8")) or {}
    if not isinstance(data.get("theatres"), dict):
        raise ConfigError(f"{p}: expected a 'theatres' mapping")
    return data


@functools.lru_cache(maxsize=8)
def theatre_table(language: str, path: str = str(THEATRES_FILE)) -> PhraseTable:
    table = PhraseTable()
    for theatre, spec in _theatres_data(path)["theatres"].items():
        for word in (spec.get("words") or {}).get(language) or ():
            table.add(str(word), str(theatre), language)
    return table


def theatre_sides(path: str = str(THEATRES_FILE)) -> dict[str, str]:
    """Side code -> the theatre its mention points to."""
    out: dict[str, str] = {}
    for theatre, spec in _theatres_data(path)["theatres"].items():
        for side in spec.get("sides") or ():
            out[str(side)] = str(theatre)
    return out


# ------------------------------------------------------------------------------ tokens
class Token(NamedTuple):
    """One word of a text: as written, normalised, the party it names and the concepts it carries
    (a named tuple: texts make many of them, and a tuple is made fastest)."""

    text: str
    norm: str
    start: int
    end: int
    brk: bool = False  # a clause break (comma, full stop, dash ...) stands before it
    party: str | None = None  # side code, "other" or "any" when the word is (part of) a party mention
    concepts: tuple[str, ...] = ()
    theatres: tuple[str, ...] = ()


class Analyzer:
    """Reads texts of one language into :class:`Token` lists (see the module doc)."""

    def __init__(self, language: str, registry: Any = None, lexicon: Any = None):
        if language not in LANGUAGES:
            raise ConfigError(f"no text analyser for language {language!r}; known: {', '.join(LANGUAGES)}")
        self.language = language
        self.norm = normaliser(language)
        self.concepts = concept_table(language)
        self.theatre_words = theatre_table(language)
        self.registry = registry
        self.lexicon = lexicon
        self._parties = self._party_table()
        self._short: dict[str, list[Token]] = {}

    def _party_table(self) -> PhraseTable:
        """Country names, capitals and adjectives by their normal form (the registry finds people
        and institutions by their stored forms); labels of other parties from the lexicon."""
        table = PhraseTable()
        reg = self.registry
        countries = {}
        if reg is not None:
            countries = getattr(reg, "countries", None) or {}
            if callable(countries):
                countries = countries()
        lang = self.language
        for code, entry in countries.items():
            side = str(entry.get("code") or code)
            terms: list[str] = []
            for key in (lang, f"adj_{lang}", f"gen_{lang}"):
                v = entry.get(key)
                terms += [v] if isinstance(v, str) else list(v or ())
            metonyms = entry.get("metonyms") or {}
            terms += list(metonyms.get(lang) or ()) if isinstance(metonyms, dict) else []
            if lang == "en":  # demonyms as nouns ("Russians") stem like the adjective
                terms += [a + "s" for a in (entry.get("adj_en") or ()) if isinstance(a, str)]
            for t in terms:
                if t and len(t) >= 2:
                    table.add(str(t), side, lang)
        # people and institutions: their names and stored case forms, and a person's surname; a
        # name must be capitalised where it stands ("^" marks that), and a name two sides share
        # is left out
        if reg is not None:
            seen: dict[tuple[str, ...], str] = {}
            for actor in reg:
                side = getattr(actor, "side", None)
                if not side:
                    continue
                aliases = getattr(actor, "aliases", {}) or {}
                terms = list(aliases.get(lang, ()))
                if lang == "en":
                    terms.append(actor.name)
                if getattr(actor, "type", None) == "person":
                    terms += [t.split()[-1] for t in list(terms) if len(t.split()) >= 2]
                for t in terms:
                    key = tuple(w.lower().translate(_APOSTROPHES) for _, _, w in words(t))
                    if not key or len(key[0]) < 3 and len(key) == 1:
                        continue
                    if seen.get(key, side) != side:
                        seen[key] = ""  # shared by two sides: ambiguous
                        continue
                    seen[key] = side
            for key, side in seen.items():
                if side:
                    table.add_surface(key, "^" + side)
        if self.lexicon is not None:
            parties = (self.lexicon.raw.get("parties") or {}) if hasattr(self.lexicon, "raw") else {}
            for label in parties.get("other") or ():
                if not re.search(r"[\\()\[\]?*+|{}]", str(label)):
                    table.add(re.sub(r"^(?:the|The)\s+", "", str(label)), "other", lang)
        return table

    def tokens(self, text: str) -> list[Token]:
        """The tokens of ``text`` (short texts, such as cues, are remembered)."""
        if len(text) <= 80:
            hit = self._short.get(text)
            if hit is None:
                hit = self._tokens(text)
                if len(self._short) > 20000:
                    self._short.clear()
                self._short[text] = hit
            return list(hit)
        return self._tokens(text)

    def _words(self, text: str) -> tuple[list[tuple[int, int, str]], list[str], list[str], list[str | None]]:
        """The words of ``text``, their normal and lower-cased forms, and the party each names."""
        ws = words(text)
        norm = self.norm
        norms = [norm(w) for _, _, w in ws]
        lowers = [_lower(w) for _, _, w in ws]
        party: list[str | None] = [None] * len(ws)
        # parties: people and institutions by their names and stored case forms, countries by
        # their names, capitals and adjectives in normal form, labels ("the occupiers") from the
        # lexicon; a capital letter is required where the language capitalises names
        for i, e, labels in self._parties.find(norms, lowers):
            sides = {lab.lstrip("^") for lab in labels}
            if len(sides) > 1:
                named = {lab[1:] for lab in labels if lab.startswith("^")}
                sides = named if len(named) == 1 else sides
            if len(sides) != 1:
                continue
            label = next(iter(sides))
            first = ws[i][2]
            capital = first[:1].isupper()
            if any(lab.startswith("^") for lab in labels) and not capital and not (labels - {"^" + label}):
                continue
            if label != "other" and self.language == "en" and not capital:
                continue
            for k in range(i, e):
                party[k] = label
        return ws, norms, lowers, party

    def _theatres(self, norms: list[str], lowers: list[str]) -> list[tuple[str, ...]]:
        theatres: list[tuple[str, ...]] = [()] * len(norms)
        for i, e, labels in self.theatre_words.find(norms, lowers):
            theatres[i] = tuple(sorted(labels))
        return theatres

    def _tokens(self, text: str) -> list[Token]:
        ws, norms, lowers, party = self._words(text)
        if not ws:
            return []
        concepts: list[tuple[str, ...]] = [()] * len(ws)
        for i, e, labels in self.concepts.find(norms, lowers):
            concepts[i] = tuple(sorted(labels))
        theatres = self._theatres(norms, lowers)
        new = tuple.__new__
        out = []
        prev_end = 0
        for k, (s, e, w) in enumerate(ws):
            # a clause break between this word and the last (the gap read alone: the pattern
            # has no anchors or lookarounds)
            brk = _is_break(text[prev_end:s]) if k else False
            out.append(new(Token, (w, norms[k], s, e, brk, party[k], concepts[k], theatres[k])))
            prev_end = e
        return out

    def mentions(self, text: str) -> list[Token]:
        """The tokens of ``text`` that name a party or carry a theatre word, without concepts or
        clause breaks: what a document's theatre context
        (:class:`~parley.signals.theatre.DocumentContext`) counts, read at a fraction of the cost
        of :meth:`tokens`."""
        ws, norms, lowers, party = self._words(text)
        theatres = self._theatres(norms, lowers)
        new = tuple.__new__
        return [new(Token, (ws[k][2], norms[k], ws[k][0], ws[k][1], False, party[k], (), theatres[k]))
                for k in range(len(ws)) if party[k] is not None or theatres[k]]


_ANALYZERS: dict[tuple[str, int, int], tuple[Any, Analyzer]] = {}


def get_analyzer(language: str, registry: Any = None, lexicon: Any = None) -> Analyzer:
    """A cached :class:`Analyzer` for ``language`` and ``registry`` (None: the packaged registry)."""
    if registry is None:
        registry = packaged_registry()
    if lexicon is None:
        if language in available_languages():
            lexicon = load_lexicon(language, registry)
    key = (language, id(registry), id(lexicon))
    hit = _ANALYZERS.get(key)
    if hit is not None and hit[0] is registry:
        return hit[1]
    if len(_ANALYZERS) >= 16:
        _ANALYZERS.pop(next(iter(_ANALYZERS)))
    analyzer = Analyzer(language, registry, lexicon)
    _ANALYZERS[key] = (registry, analyzer)
    return analyzer


# ------------------------------------------------------------------------------ features
def relation(side: str | None, speaker_side: str | None) -> str:
    """How a party stands to the speaker: ``@own``, ``@other`` or ``@party`` (side unknown)."""
    if side == "other":
        return OTHER_REL
    if side is None or side == "any" or not speaker_side:
        return PARTY
    return OWN if side == speaker_side else OTHER_REL


def _masked(tokens: Sequence[Token], speaker_side: str | None) -> list[tuple[str, Token]]:
    """(feature word, token) with each party mention collapsed into one relation placeholder."""
    out: list[tuple[str, Token]] = []
    for t in tokens:
        if t.party is not None:
            rel = relation(t.party, speaker_side)
            if out and out[-1][0] == rel and out[-1][1].party == t.party and not t.brk:
                continue
            out.append((rel, t))
        else:
            out.append((t.norm, t))
    return out


#: Concepts whose presence before a word (within three words, in its clause) negates it.
NEGATORS = frozenset({"NEG", "NEVER"})


def text_features(tokens: Sequence[Token], speaker_side: str | None, prefix: str = "") -> list[str]:
    """Feature names of one text (a statement's content, or with ``prefix`` its cue)."""
    seq = _masked(tokens, speaker_side)
    feats: list[str] = []
    add = feats.append
    clause_concepts: list[tuple[int, str]] = []
    last_neg = -10
    for i, (w, t) in enumerate(seq):
        if t.brk:
            clause_concepts = []
            last_neg = -10
        add(f"{prefix}w:{w}")
        if i and not t.brk:
            add(f"{prefix}b:{seq[i - 1][0]}|{w}")
        cs = t.concepts
        if w[0] == "@":
            cs = (w,)
        for c in cs:
            add(f"{prefix}c:{c}")
            if c not in NEGATORS and i - last_neg <= 3:
                add(f"{prefix}nc:{c}")
            for j, pc in clause_concepts[-4:]:
                if i - j <= 6 and pc != c:
                    add(f"{prefix}cc:{pc}|{c}")
        if any(c in NEGATORS for c in t.concepts):
            last_neg = i
        for c in cs:
            clause_concepts.append((i, c))
    return feats


def signal_features(
    text_tokens: Sequence[Token],
    cue_tokens: Sequence[Token] = (),
    *,
    speaker_side: str | None = None,
    language: str = "en",
    question: bool = False,
    rule_hits: Iterable[tuple[str, str, float, bool]] = (),
    fired: Iterable[str] = (),
    set_aside: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """The feature names of a statement for the signal model.

    ``rule_hits`` are (code, rule id, weight, negated) of the rule coder's matches, ``fired``
    the codes the rules reported and ``set_aside`` (code, reason) the matches they set aside (a
    question, another party's claim ...): the rules are features the model weighs.
    """
    feats = text_features(text_tokens, speaker_side)
    if cue_tokens:
        feats += text_features(cue_tokens, speaker_side, prefix="u")
    else:
        feats.append("nocue")
    feats.append(f"lang:{language}")
    n = len(text_tokens)
    feats.append(f"len:{min(6, int(math.log2(n + 1)))}")
    if question:
        feats.append("question")
    for code, rid, weight, negated in rule_hits:
        feats.append(f"r:{code}")
        feats.append(f"ri:{rid}")
        if weight >= 0.75:
            feats.append(f"rs:{code}")
        if negated:
            feats.append(f"rn:{code}")
    for code in fired:
        feats.append(f"rf:{code}")
    for code, reason in set_aside:
        feats.append(f"ra:{code}")
        feats.append(f"ra:{code}:{reason}")
    return feats


__all__ = [
    "Analyzer",
    "PhraseTable",
    "Token",
    "concept_names",
    "concept_table",
    "get_analyzer",
    "normaliser",
    "phrase_norms",
    "relation",
    "signal_features",
    "text_features",
    "theatre_sides",
    "theatre_table",
    "words",
]
