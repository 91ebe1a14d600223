"""Statements in Russian and Ukrainian: the rules those languages need beyond the lexicon.

:class:`SlavicExtractor` is the :class:`~parley.extract.Extractor` of ``ru`` and ``uk`` (chosen by
:func:`parley.extract.get_extractor`). It keeps the English extractor's stage, records, speaker
resolution and document handling, and brings three parts of its own:

- a tokenizer (:func:`slavic_tokens`) that reads Telegram markdown (``**bold**``, ``[text](url)``,
  emoji bullets) without letting it break a word or an offset: markers are masked with spaces of
  the same length before tokens and quotations are found, so every span is still an exact slice
  of the document text;
- the rules (:class:`SlavicRules`) of Russian and Ukrainian news and official texts:

  * reported speech with the speaker before the cue (``Песков заявил, что ...``, ``Захарова
    подчеркнула: ...``, ``X считает, что``, ``X призвал ...``) or after it (``..., заявил
    Песков``, ``сообщили в МИД``), adverbial participles (``..., подчеркнув, что ...``) and
    participles (``Виндмана, заявившего о ...``);
  * the dash forms of direct speech: ``«...», — заявил Песков.`` and ``— ..., — сказал он. — ...``;
  * phrases: ``по словам X``, ``по его мнению``, ``как заявил X``, ``согласно заявлению X``;
    ``за словами X``, ``на думку X``, ``як зазначив X``; back-references ``Об этом заявил X``;
  * headlines ``Лавров: ...``, ``Путин о переговорах: ...`` and ``«...» — Умєров про ...``;
  * Telegram posts: points under a briefing header (``Главное из брифинга Захаровой:``,
    ``Совместное заявление Путина и Токаева``) are the header's speaker's; a quotation (or, in
    RIA's style, a paragraph without a final stop) set apart after an attribution continues the
    speaker before it;
- speaker resolution (:class:`SlavicContext`) that reads names in any case through the actor
  registry (which stores reviewed case forms), refers epithets back (``сказала политик``,
  ``добавили в ведомстве``) and, for a person the registry does not know, puts the name in the
  nominative (pymorphy3) and transliterates it, so that ``speaker`` is a Latin-script name as for
  English texts while ``mention`` and ``cue`` stay as written.

Word lists live in ``lexicons/ru.yaml`` and ``lexicons/uk.yaml`` (section ``slavic``).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import unicodedata
from importlib import resources
from collections.abc import Iterable, Iterator
from typing import Any

from ..actors.inflect import analyzer
from ..records import Document, Statement
from .extractor import Extractor
from .lexicon import Lexicon, joint_phrase
from .quotes import Quote
from .rules import Candidate, RuleEngine
from .speakers import JOINT, Context, Speaker, common_words, unresolved
from .structure import Structure, Turn, mask_markup
from .tokens import QUOTE_CHARS, Tokens, preceding_content

__all__ = [
    "SlavicContext",
    "SlavicExtractor",
    "SlavicRules",
    "mask_markdown",
    "nominative",
    "slavic_tokens",
    "transliterate",
]

# ----------------------------------------------------------------------------- markdown
#: markup and emoji masked with spaces of the same length (the shared structure layer's)
mask_markdown = mask_markup


# ----------------------------------------------------------------------------- tokens
_TOKEN_RE = re.compile(
    r"[^\W\d_]\.(?:[^\W\d_]\.)*[^\W\d_]{2,}"  # initials glued to a name: В.Путин, В.В.Путин
    r"|\w+(?:[-'\u2019\u02bc`]\w+)*"  # words, hyphenated words, apostrophes (памʼять, прем'єр)
    r"|\.\.\.|\u2026|[!?]{2,}"
    r"|[^\w\s]",
)
_TERMINAL = frozenset([".", "!", "?", "...", "\u2026", "!!", "?!", "!?", "??"])
_CLOSERS = frozenset(["\u00bb", '"', "\u201d", "\u201c", ")", "]", "'"])
_DASHES = frozenset(["\u2014", "\u2013", "-", "--", "\u2012", "\u2015"])
_BULLET_CHARS = "\u25aa\u25ab\u2022\u25cf\u25fe\u25fd\u25a0\u25a1\u2023\u2043\u2219\u00b7\u27a1\u2705\u2757\u2755\u26a1\u2b50\u2714\u2611\u25b6\u25ba\u2192\u261d\u2666\u2756\u25c6\u25c7\u2014\u2013-*"


_ADJ_END = re.compile(r"(?:ий|ый|ой|ій|ая|яя|ое|ее|ые|ие|а|і|е|их|их)$")
_SUBORDINATORS = frozenset(["если", "когда", "пока", "хотя", "чтобы", "якщо", "коли", "поки", "хоча", "щоб", "ежели",
                           "раз", "пусть", "нехай"])


@functools.lru_cache(maxsize=100_000)
def _person_word(word: str, language: str) -> bool:
    """Whether pymorphy3 reads a capitalised word as a surname or a first name."""
    parses = analyzer(language).parse(word)
    return any({"Surn", "Name"} & set(str(p.tag).replace(" ", ",").split(",")) for p in parses[:2])


@functools.lru_cache(maxsize=100_000)
def _nominal(low: str, language: str) -> bool:
    """Whether a word can be a nominative noun, adjective or name (pymorphy3); unknown words can."""
    if not re.search(r"[\u0400-\u04ff]", low) or low.isdigit():
        return True
    parses = analyzer(language).parse(low)
    for p in parses[:3]:
        if p.tag.POS in ("NOUN", "ADJF", "NPRO") and p.tag.case in ("nomn", None):
            return True
        if p.tag.POS is None:
            return True
    return False


@functools.lru_cache(maxsize=100_000)
def _lemma(low: str, language: str) -> str:
    """The dictionary form of a lower-case Cyrillic word in the singular by pymorphy3's first
    reading ("дипломата" -> "дипломат", "експерта" -> "експерт"); other words, and plurals
    ("посадовці": officials are no one person named before), unchanged."""
    if not re.search(r"[\u0400-\u04ff]", low):
        return low
    parses = analyzer(language).parse(low)
    if not parses or parses[0].tag.number == "plur":
        return low
    return _norm(parses[0].normal_form)


@functools.lru_cache(maxsize=100_000)
def _first_person_verb(low: str, language: str) -> bool:
    """Whether pymorphy3's first reading of a lower-case Cyrillic word is a verb in the first
    person ("усматриваю", "хочу", "можемо")."""
    if len(low) < 3 or not re.search(r"[\u0400-\u04ff]", low):
        return False
    parses = analyzer(language).parse(low)
    return bool(parses) and parses[0].tag.POS == "VERB" and parses[0].tag.person == "1per"


@functools.lru_cache(maxsize=100_000)
def _adverb(low: str, language: str) -> bool:
    """Whether a lower-case word is an adverb ("решительно", "категорично"), by pymorphy3."""
    if len(low) < 4 or not low.endswith(("о", "е", "и")):
        return False
    parses = analyzer(language).parse(low)
    return bool(parses) and parses[0].tag.POS in ("ADVB", "PRED")


_NORM_TABLE = str.maketrans({"\u0451": "\u0435", "\u2019": "'", "\u02bc": "'", "`": "'"})


def _norm(word: str) -> str:
    return word.lower().translate(_NORM_TABLE)


def slavic_tokens(text: str, quotes: list[Quote], abbreviations: frozenset[str] = frozenset()) -> Tokens:
    """The token view of a Russian or Ukrainian text (``text`` with markdown already masked;
    offsets are the same in both). Sentences end at a line break, or at a final stop followed by
    a capital, a digit, a quotation mark or a dash, unless the stop ends an abbreviation or an
    initial, or falls inside a short closed quotation."""
    words: list[str] = []
    starts: list[int] = []
    for m in _TOKEN_RE.finditer(text):
        words.append(m.group())
        starts.append(m.start())
    ends = [s + len(w) for s, w in zip(starts, words)]
    n = len(words)
    # closed quotations that keep their sentences together («Мы готовы. Ждём», — сказал он)
    inside: list[tuple[int, int]] = [
        (q.outer_start, q.outer_end) for q in quotes if q.closed and q.outer_end - q.outer_start < 700
        and "\n" not in text[q.outer_start : q.outer_end]
    ]
    closing = {q.outer_end - 1 for q in quotes}
    sent = [0] * n
    sents: list[tuple[int, int]] = []
    cur = 0
    first = 0
    k = 0
    while k < n:
        sent[k] = cur
        brk = False
        nxt = k + 1
        if nxt < n and "\n" in text[ends[k] : starts[nxt]]:
            brk = True
        elif words[k] in _TERMINAL:
            j = nxt
            while j < n and (words[j] in _CLOSERS or words[j] == "*") and "\n" not in text[ends[j - 1] : starts[j]] and (
                words[j] not in ('"', "\u201c") or starts[j] in closing
            ):
                sent[j] = cur
                j += 1
            prev = words[k - 1] if k > 0 else ""
            abbrev = words[k] == "." and (
                _norm(prev) in abbreviations or prev in abbreviations or (len(prev) == 1 and prev.isalpha())
            )
            if j < n and not abbrev:
                w = words[j]
                opener = w[:1].isupper() or w[:1].isdigit() or w in _DASHES or w in QUOTE_CHARS or w[:1] in _BULLET_CHARS \
                    or not w[:1].isalnum()
                in_quote = any(a < starts[k] < b - 1 for a, b in inside)
                if opener and not in_quote:
                    brk = True
            if j > nxt:
                if brk or j >= n:
                    k = j - 1
                else:
                    k = j - 1
        if brk:
            sents.append((first, k + 1))
            cur += 1
            first = k + 1
        k += 1
    if first < n:
        sents.append((first, n))
    # renumber from the ranges (the loop above may have skipped over closers)
    for num, (a, b) in enumerate(sents):
        for i in range(a, b):
            sent[i] = num
    lower = [_norm(w) for w in words]
    qid = [-1] * n
    if quotes:
        qi = 0
        nq = len(quotes)
        for i, s in enumerate(starts):
            while qi < nq and quotes[qi].outer_end <= s:
                qi += 1
            if qi < nq and quotes[qi].outer_start <= s < quotes[qi].outer_end:
                qid[i] = qi
    return Tokens(text, words, lower, starts, ends, sent, sents, quotes, qid)


# ----------------------------------------------------------------------------- names
_RU_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "ʼ": "", "’": "",
}
_UK_TRANSLIT = dict(_RU_TRANSLIT, г="h", и="y", і="i", й="y", е="e")


#: Ukraine's national transliteration (Cabinet of Ministers resolution 55, 2010): the spelling of
#: Ukrainian names in official English ("Рейтерович" -> Reiterovych, "Андрій" -> Andrii)
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "ʼ": "", "’": "", "ё": "io", "ы": "y", "э": "e", "ъ": "",
}
#: at the start of a word
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def _kmu(word: str) -> str:
    low = word.lower().replace("зг", "zgh")
    out = []
    for k, c in enumerate(low):
        out.append(_KMU_INITIAL.get(c, _KMU.get(c, c)) if k == 0 else _KMU.get(c, c))
    return "".join(out)


def transliterate(name: str, language: str = "ru") -> str:
    """A Latin spelling of a Cyrillic name: Ukrainian by the national system of 2010 (Сибіга ->
    Sybiha, Рейтерович -> Reiterovych), Russian in the common English style (Небензя ->
    Nebenzya); Latin text is returned unchanged."""
    table = _UK_TRANSLIT if language == "uk" else _RU_TRANSLIT
    out = []
    for word in name.split():
        low = word.lower()
        if not re.search(r"[\u0400-\u04ff]", low):
            out.append(word)
            continue
        if language == "uk":
            res = "-".join(_kmu(part) for part in low.split("-"))
            out.append("-".join(p[:1].upper() + p[1:] for p in res.split("-")))
            continue
        low = re.sub(r"(?:ский|ський)$", "sky", low)
        low = re.sub(r"(?:ий|ый|ій)$", "y", low) if language == "ru" else re.sub(r"ий$", "yi", low)
        if language == "ru":
            low = re.sub(r"(^|[аеёиоуыэюяъь])е", lambda m: m.group(1) + "ye", low)
        res = "".join(table.get(c, c) for c in low)
        out.append(res[:1].upper() + res[1:])
    return " ".join(out)


#: spelling classes that differ between a transliteration and the English spelling of a foreign
#: name (Рейдер -> Raider / Ryder, Габбард -> Habbard / Gabbard, Вальц -> Valts / Waltz)
_SOUND_CLASSES = (("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("kh", "h"), ("zh", "j"), ("ts", "s"),
                  ("tz", "s"), ("z", "s"), ("x", "ks"), ("ck", "k"), ("q", "k"), ("c", "k"), ("ph", "f"),
                  ("g", "h"), ("sht", "st"), ("j", "i"), ("y", "i"))


def sound_key(word: str) -> str:
    """A coarse key of how a Latin word sounds: spelling classes merged, doubled letters single,
    every run of vowels one ``V`` ("Raider" and "Ryder" -> ``rVdVr``)."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isalpha())
    for a, b in _SOUND_CLASSES:
        w = w.replace(a, b)
    if w.startswith("w"):
        w = "v" + w[1:]  # "Waltz" / "Valts" (but "Andrew" is no "Andreyev")
    w = re.sub(r"(.)\1+", r"\1", w)
    return re.sub(r"[aeiou]+", "V", w)


@functools.cache
def _english_spellings() -> tuple[frozenset[str], dict[str, str]]:
    """The capitalised words of English text (``data/latin_names.txt``, built by
    ``python -m parley.extract.train --only latin-names``) and, by :func:`sound_key`, the most
    frequent of them (keys of three consonants or more, a key no spelling holds four times in
    five left out)."""
    try:
        text = resources.files(__package__).joinpath("data", "latin_names.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset(), {}
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            w, c = line.split("\t", 1)
            counts[w] = int(c)
    by_key: dict[str, dict[str, int]] = {}
    for w, c in counts.items():
        k = sound_key(w)
        if len(k.replace("V", "")) >= 3:
            by_key.setdefault(k, {})[w] = c
    best = {}
    for k, ws in by_key.items():
        w, c = max(ws.items(), key=lambda x: (x[1], x[0]))
        if c >= 0.8 * sum(ws.values()):  # one spelling holds the key; else it is ambiguous ("Waltz", "Wells")
            best[k] = w
    return frozenset(w.lower() for w in counts), best


def english_spelling(latin: str) -> str:
    """A transliterated name with each word English text does not spell so, but spells a word that
    sounds the same (:func:`sound_key`), in that spelling: "Raider" -> "Ryder", "Nekhammer" ->
    "Nehammer", "Karlson" -> "Carlson"."""
    known, by_key = _english_spellings()
    if not by_key:
        return latin
    out = []
    for word in latin.split():
        if word.lower() in known or not word[:1].isupper():
            out.append(word)
            continue
        out.append(by_key.get(sound_key(word)) or word)
    return " ".join(out)


@functools.lru_cache(maxsize=50_000)
def nominative(word: str, language: str = "ru") -> str:
    """The nominative of one capitalised name word (``Виндмана`` -> ``Виндман``, ``Захаровой`` ->
    ``Захарова``): pymorphy3's reading as a surname, first name or patronymic of the same gender,
    else the word itself."""
    if not re.search(r"[\u0400-\u04ff]", word) or len(word) < 3 or word.isupper():
        return word
    parses = analyzer(language).parse(word)
    names = [p for p in parses if {"Surn", "Name", "Patr"} & set(str(p.tag).replace(" ", ",").split(","))]
    if not names:
        return word
    if any(p.tag.case == "nomn" for p in names[:2]):
        return word
    best = names[0]
    form = best.inflect({"nomn"})
    if form is None:
        return word
    out = form.word
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


# ----------------------------------------------------------------------------- the context
class SlavicContext(Context):
    """Speaker resolution for Russian and Ukrainian: case forms through the registry, epithets and
    institutions referred back, unknown persons put in the nominative and transliterated."""

    def _slavic(self) -> dict[str, Any]:
        return self.lexicon.raw.get("slavic") or {}

    def resolve_mention(self, mention: str, *, pronoun_ok: bool = True, in_turn: Speaker | None = None) -> Speaker:
        sl = self._slavic()
        m = _clean_mention(mention)
        words = m.split()
        low = _norm(m)
        if len(words) > 1 and _norm(words[0]) in set(sl.get("plural_locatives") or ()):
            m = " ".join(words[1:])  # "в МИД", "в ведомстве"
            words = words[1:]
            low = _norm(m)
        openers = {_norm(w) for w in sl.get("openers") or ()}
        while len(words) > 1 and _norm(words[0]) in openers:
            words = words[1:]  # "Ранее Spiegel": a sentence's opening word is no part of a name
            m = " ".join(words)
            low = _norm(m)
        channels = {_norm(w) for w in sl.get("channel_words") or ()}
        if len(words) > 1 and _norm(words[0]) in channels:
            # "Telegram-канал Міністерства закордонних справ": a channel speaks for its owner
            words = words[1:]
            m = " ".join(words)
            low = _norm(m)
        if not m:
            return unresolved("stray")
        if low in self.lexicon.pronouns:
            return self._pronoun(low, mention, in_turn)
        sp = self.elected(m)
        if sp is not None:
            return self._remember(sp)  # "новообраний президент США": not today's president
        hit = self.lookup(m)
        if hit is not None:
            return self._remember(hit)
        caps = [w for w in words if w[:1].isupper() and not _is_sentence_word(w, sl)]
        anaphors = {_norm(w) for w in sl.get("institution_anaphors") or ()}
        if any(_norm(w) in anaphors for w in words) and not any(w[:1].isupper() for w in words[1:]):
            for sp in reversed(self.history):
                if sp is not JOINT and sp.type == "institution":
                    return self._remember(sp)
        if not any(w[:1].isupper() for w in words[1:]) and (not caps or _norm(words[0]) in _epithets(sl)):
            # an epithet ("политик", "министр", "Глава государства"): a person named before
            sp = self.by_role(m)
            if sp is None:
                for cand in reversed(self.history):
                    if cand is JOINT or cand.name == JOINT.name:
                        continue
                    if cand.type == "institution" or (cand.actor_id is None and not cand.name[:1].isupper()):
                        continue
                    sp = cand
                    break
            if sp is None and self.principal is not None:
                sp = self.principal
            if sp is not None:
                self.history.append(sp)
                return sp
            return unresolved("role")
        # a capitalised name the registry does not know
        if _norm(words[0]) in _org_words(self.lexicon) or (len(words) >= 2 and words[0].isupper() and len(words[0]) > 1
                                                             and _common_word(words[1], self.language)):
            # an institution named as the text names it ("Посольство РФ", "МВС України"): kept as
            # written, in the text's script (a transliteration would only garble it), up to a date
            kept = re.split(r"\s+(?=\d)", m, maxsplit=1)[0]
            english = _institution_english(kept.split(), sl)
            if english is not None:
                hit = self.lookup(english)
                return self._remember(hit if hit is not None else Speaker(english, type="institution"))
            return self._remember(Speaker(kept, type="institution"))
        name_words = _name_part(words, self.language)
        for k, w in enumerate(name_words[:-1]):
            if w.endswith(".") and len(w) > 2 and not w[:-1].isupper():
                name_words = name_words[k + 1 :]  # "Видео. Факт": a sentence ended before the name
                break
        # a registry person inside a longer run ("Захарова РИА Новости", "Такер Карлсон Лавров")
        for k in range(len(name_words), 0, -1):
            for i in range(0, len(name_words) - k + 1):
                if k == len(name_words):
                    continue
                sub = " ".join(name_words[i : i + k])
                hit = self.lookup(sub)
                if hit is not None and hit.type == "person":
                    return self._remember(hit)
        # the personal-name part without the common words before it ("Канцлер Нехаммер",
        # "Політолог Ігор Рейтерович"): a role at the start of a sentence is no name
        while name_words and _common_word(name_words[0], self.language):
            name_words = name_words[1:]
        if not name_words:
            sp = self.by_role(m)
            if sp is not None:
                return self._remember(sp)
            return unresolved("role" if _norm(words[0]) in _epithets(sl) or _norm(words[0]) in self.epithet_roles() else "stray")
        if all(_place_word(w, self.language) for w in name_words):
            return unresolved("stray")  # "в Петербурге": a place in the locative is no speaker
        nom = agree_case(name_words, [nominative(w, self.language) for w in name_words], self.language,
                         sl.get("surname_case_endings") or {})
        hit = self.lookup(" ".join(nom))
        if hit is not None:
            return self._remember(hit)
        latin = transliterate(" ".join(nom), self.language)
        if sl.get("english_spellings"):
            latin = self._english_spelling(latin, nom, sl)
        if len(nom) == 1:
            sp = self._inflected_surname(latin, sl.get("surname_case_endings") or {})
            if sp is not None:
                return self._remember(sp)
        with self.barring(latin):
            sp = super().resolve_mention(latin, pronoun_ok=pronoun_ok, in_turn=in_turn)
        if sp.actor_id is None and sp.type is None and sp.name == latin and re.search(r"[\u0400-\u04ff]", " ".join(name_words)):
            # a personal name pymorphy3 does not read as a common word: a person's ("он" refers to it);
            # not a name the text writes in Latin letters ("пише The Telegraph"): most are outlets'
            # and companies' names, and pymorphy3 never read them
            person = Speaker(sp.name, None, None, None, "person", sp.title, sp.titles)
            self.history[-1:] = [person] if self.history and self.history[-1] is sp else self.history[-1:]
            self.names[-1:] = [person] if self.names and self.names[-1] is sp else self.names[-1:]
            return person
        return sp

    @staticmethod
    def _english_spelling(latin: str, nom: list[str], sl: dict[str, Any]) -> str:
        """:func:`english_spelling` of each transliterated word but those written with a letter of
        the language's own (``slavic.native_letters``: Ukrainian "і", "ї", "є", "ґ"): a native name
        keeps the national transliteration ("Сибіга" -> "Sybiha"), a foreign one takes the spelling
        English text gives it ("Райдер" -> "Ryder", "Волц" -> "Waltz")."""
        native = frozenset(str(c) for c in sl.get("native_letters") or ())
        words = latin.split()
        if not native or len(words) != len(nom):
            return english_spelling(latin) if not native else latin
        return " ".join(w if native & set(c.lower()) else english_spelling(w) for w, c in zip(words, nom))

    def _inflected_surname(self, latin: str, endings: dict[str, Any]) -> Speaker | None:
        """A surname alone in an oblique case ("Бреммера") of a person named before ("Ян
        Бреммер"): the person whose surname it is once a case ending of the lexicon
        (``slavic.surname_case_endings``) is dropped."""
        tails = {transliterate(e, self.language).lower() for forms in endings.values() for e in forms or ()}
        low = latin.lower()
        for sp in self.recent_names():
            parts = sp.name.split()
            if len(parts) < 2 or not (sp.type == "person" or sp.actor_id is None):
                continue
            last = parts[-1].lower()
            if low != last and low.startswith(last) and low[len(last):] in tails:
                return sp
        return None

    def _subject_name(self, mention: str) -> str | None:
        """A sentence subject's capitalised run without the common words before it and with no
        run of place words alone ("Video В Петербурге": a player's label and a locative, nobody
        to refer back to), as :meth:`resolve` reads a name; None when nothing is left."""
        words = _clean_mention(mention).split()
        while words and words[0][:1].isupper() and _common_word(words[0], self.language):
            words = words[1:]
        if not words or all(_place_word(w, self.language) for w in words if w[:1].isupper()):
            return None
        return " ".join(words)

    def note_subject(self, mention: str) -> None:
        if mention.lower() in self.lexicon.pronouns or self.lookup(mention) is not None:
            super().note_subject(mention)
            return
        name = self._subject_name(mention)
        if name is not None:
            super().note_subject(name)

    def note_name(self, mention: str) -> None:
        if self.lookup(mention) is not None:
            super().note_name(mention)
            return
        name = self._subject_name(mention)
        if name is not None:
            super().note_name(name)

    def epithet_roles(self) -> frozenset[str]:
        return frozenset(_norm(w) for w in self.lexicon.role_nouns)


_EPITHETS: dict[int, frozenset[str]] = {}
_ORG_WORDS: dict[int, frozenset[str]] = {}
#: pymorphy3 tags of names: a word with one of them may be a name
_NAME_TAGS = frozenset(["Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init", "Trad"])


def _institution_english(words: list[str], sl: dict[str, Any]) -> str | None:
    """The English name of an institution written as its head and a country in the genitive
    ("МИД Ирана" -> "Iranian Foreign Ministry", "МВД Грузии" -> "Georgian Interior Ministry"),
    from the lexicon's ``institution_heads`` and ``country_genitives``; None otherwise."""
    if len(words) != 2:
        return None
    heads = sl.get("institution_heads") or {}
    countries = sl.get("country_genitives") or {}
    head = heads.get(_norm(words[0]))
    country = countries.get(_norm(words[1])) if words[1][:1].isupper() else None
    if head is None or country is None:
        return None
    return f"{country} {head}"


def _org_words(lx: Lexicon) -> frozenset[str]:
    got = _ORG_WORDS.get(id(lx))
    if got is None:
        got = _ORG_WORDS[id(lx)] = frozenset(_norm(w) for w in lx.org_words)
    return got


@functools.lru_cache(maxsize=100_000)
def _place_word(word: str, language: str) -> bool:
    """Whether pymorphy3 reads a Cyrillic word as a place name in a case other than the nominative
    ("Петербурге", "Киеве")."""
    if not re.search(r"[\u0400-\u04ff]", word):
        return False
    parses = analyzer(language).parse(word)
    return bool(parses) and "Geox" in str(parses[0].tag) and parses[0].tag.case not in ("nomn", None)


@functools.cache
def lowercase_words(language: str) -> frozenset[str]:
    """Words the language's train and dev text writes in lower case inside sentences
    (``data/lowercase_words_<language>.txt``, built by ``python -m parley.extract.train --only
    lowercase-words``): common words, whatever pymorphy3's dictionary knows."""
    try:
        text = resources.files(__package__).joinpath("data", f"lowercase_words_{language}.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=100_000)
def _common_word(word: str, language: str) -> bool:
    """Whether a Cyrillic word is a common word: one the language's text writes in lower case
    (:func:`lowercase_words`), or one pymorphy3's dictionary knows and never reads as a name
    ("Ведомство", "Канцлер", "Політолог", "Ще"; not "Песков", "Рейтерович", "МЧС")."""
    word = word.strip(".,:;!?\u00ab\u00bb\"'()")
    if not re.search(r"[\u0400-\u04ff]", word):
        # a Latin word: an English common word ("Video" left by a player) is no name either
        return word[:1].isupper() and not word.isupper() and word.lower() in common_words("en")
    low = word.lower()
    if low in lowercase_words(language):
        return True  # the language's text writes it in lower case inside sentences ("Ще", "Вже")
    a = analyzer(language)
    if not a.word_is_known(low):
        return False
    tags: set[str] = set()
    for p in a.parse(low):
        tags.update(str(p.tag).replace(" ", ",").split(","))
    return not (tags & _NAME_TAGS)


def _epithets(sl: dict[str, Any]) -> frozenset[str]:
    got = _EPITHETS.get(id(sl))
    if got is None:
        got = _EPITHETS[id(sl)] = frozenset(_norm(w.split()[0]) for w in sl.get("epithets") or ())
    return got


def _is_sentence_word(word: str, sl: dict[str, Any]) -> bool:
    return _norm(word) in _epithets(sl)


def _clean_mention(mention: str) -> str:
    m = re.sub(r"[*_`\[\]\"\u00ab\u00bb\u201c\u201d\u201e]+", " ", mention)
    m = re.sub(r"^[^\w]+|[^\w.]+$", "", m.strip())
    return " ".join(m.split())


def _name_part(words: list[str], language: str = "ru") -> list[str]:
    """The personal name in a mention: its last run of capitalised words (lower-case words after
    it dropped: "Міністр Остін багато разів"), without leading acronyms (``сенатор ... ДСЦ Мауро
    Поджиа`` -> ``Мауро Поджиа``), and without what ends a title inside the run: an acronym or a
    place name in an oblique case (``глави Донецької ОВА Вадима Філашкіна`` -> ``Вадима
    Філашкіна``, ``МИД Австрии Карин Кнайсль`` -> ``Карин Кнайсль``)."""
    while len(words) > 1 and not words[-1][:1].isupper():
        words = words[:-1]
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    run = words[k:] or words
    while len(run) > 1 and (run[0].isupper() and len(run[0]) > 1):
        run = run[1:]
    for i in range(len(run) - 2, -1, -1):
        w = run[i]
        if (w.isupper() and len(w) > 1 and not run[i + 1].isupper()) or _place_word(w, language):
            run = run[i + 1 :]
            break
    return run


#: the cases in which a first name tells the case of the unknown surname after it
_OBLIQUE = frozenset(["gent", "accs", "datv", "ablt", "loct"])


def agree_case(words: list[str], nom: list[str], language: str, endings: dict[str, Any]) -> list[str]:
    """The words of a personal name in the nominative, the surname agreeing with the first name:
    when a masculine first name was read in an oblique case (``Яна``, genitive of ``Ян``), a
    surname pymorphy3 does not know as a name is in that case too, and is put in the nominative
    by pymorphy3's reading of it in that case, or by dropping the case ending the language's
    lexicon lists (``slavic.surname_case_endings``): ``Яна Бреммера`` -> ``Ян Бреммер``."""
    if len(words) < 2:
        return nom
    case = None
    out = list(nom)
    for i, (w, n) in enumerate(zip(words, nom)):
        if case is None:
            if n == w:
                continue
            parses = [p for p in analyzer(language).parse(w) if "Name" in str(p.tag) and p.tag.gender == "masc"
                      and p.tag.case in _OBLIQUE]
            if parses:
                case = parses[0].tag.case
            continue
        if n != w or w.isupper() or not re.search(r"[\u0400-\u04ff]", w):
            continue
        out[i] = _surname_nominative(w, case, language, tuple(endings.get(case) or ()))
    return out


@functools.lru_cache(maxsize=20_000)
def _surname_nominative(word: str, case: str, language: str, endings: tuple[str, ...]) -> str:
    for p in analyzer(language).parse(word):
        if p.tag.case == case and p.tag.gender == "masc" and "anim" in str(p.tag):
            form = p.inflect({"nomn"})
            if form is not None and form.word != word.lower():
                return form.word[:1].upper() + form.word[1:]
    for ending in sorted(endings, key=len, reverse=True):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem[-1].lower() not in "аеєиіїоуюяыэё":
            return stem
    return word


# ----------------------------------------------------------------------------- the rules
class SlavicRules:
    """The Russian and Ukrainian rules over :class:`~parley.extract.tokens.Tokens` (the engine of
    :class:`SlavicExtractor`; it answers to the same calls as the English :class:`RuleEngine`)."""

    def __init__(self, lexicon: Lexicon, scorer: Any = None, threshold: float = 0.5, registry: Any = None):
        self.lx = lexicon
        self.scorer = scorer
        self.threshold = threshold
        self.registry = registry
        self.language = lexicon.language
        sl = lexicon.raw.get("slavic") or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(_norm(str(w)) for w in sl.get(key) or ())

        self.verb_forms = {_norm(k): v for k, v in lexicon.verb_forms.items()}
        #: the infinitives (the lexicon's base forms) are no cues: "готов заявить"
        self.infinitives = frozenset(_norm(b) for b, _ in lexicon.verb_forms.values() if _norm(b).endswith(("ть", "ти", "ться", "тися", "чь")))
        self.object_verbs = frozenset(_norm(w) for w in lexicon.raw.get("object_verbs") or ())
        self.addressee_verbs = frozenset(_norm(w) for w in lexicon.raw.get("addressee_verbs") or ())
        self.gerund_endings = tuple(sorted(words("gerund_endings"), key=len, reverse=True))
        self.participle_endings = tuple(words("participle_endings"))
        self.complementizers = words("complementizers")
        self.surname_endings = tuple(sorted(words("surname_endings"), key=len, reverse=True))
        self.wh_openers = words("wh_openers")
        self.addressees = words("addressees")
        self.circumstances = tuple(tuple(_norm(w) for w in c) for c in sl.get("circumstances") or ())
        self.anonymous = words("anonymous")
        self.epithets = frozenset(_norm(w.split()[0]) for w in sl.get("epithets") or ())
        self.anaphors = words("institution_anaphors")
        self.openers = words("openers")
        self.first_person = words("first_person")
        self.header_words = words("header_words")
        self.joint_header = words("joint_header")
        self.headline_topics = words("headline_topics")
        self.abbreviations = frozenset(str(w) for w in sl.get("abbreviations") or ()) | words("abbreviations")
        self.prepositions = words("prepositions")
        self.conjunctions = words("conjunctions")
        self.locatives = words("plural_locatives")
        self.role_nouns = frozenset(_norm(w) for w in lexicon.role_nouns)
        self.pronouns = {_norm(k): v for k, v in lexicon.pronouns.items()}
        self.skip = frozenset(_norm(w) for w in lexicon.skip_between)
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for ph in lexicon.phrases:
            ws = tuple(_norm(w) for w in ph.words)
            self.phrases.setdefault(ws[0], []).append((ws, ph.content))
        self.backrefs = tuple(tuple(_norm(w) for w in words_) for words_, _ in lexicon.back_references)
        self.joint = tuple(tuple(_norm(w) for w in j) for j in lexicon.joint_mentions)
        self._turns = RuleEngine(lexicon)  # transcripts with labelled turns: the shared structure layer

    # ------------------------------------------------------------------ interface
    def turns(self, text: str) -> list[Turn]:
        return self._turns.turns(mask_markdown(text))

    def subject(self, t: Tokens, s_start: int, limit: int) -> tuple[int, int] | None:
        """A sentence-opening name (the next "он"/"она"): a capitalised run of two words or more,
        or one the registry knows, followed by a lower-case word."""
        k = s_start
        while k < limit and not self._is_word(t, k):
            k += 1
        steps = 0
        while k < limit and steps < 3 and t.lower[k] in self.openers:
            k += 1
            steps += 1
        a = k
        while k < limit and self._is_word(t, k) and t.words[k][:1].isupper() and k - a < 4:
            k += 1
        if k == a or k >= limit or not self._is_word(t, k) or t.words[k][:1].isupper():
            return None
        if k - a >= 2:
            return (a, k)
        if self.registry is not None and self.registry.resolve(t.words[a], language=self.language) is not None:
            return (a, k)
        return None

    def joint_at(self, t: Tokens, a: int, b: int) -> bool:
        return tuple(t.lower[a:b]) in self.joint or joint_phrase(t.words[a:b], self.lx)

    # ------------------------------------------------------------------ helpers
    def _is_word(self, t: Tokens, i: int) -> bool:
        return 0 <= i < len(t.words) and t.words[i][:1].isalnum()

    def _is_cap(self, t: Tokens, i: int) -> bool:
        w = t.words[i]
        return w[:1].isupper() or (w[:1].isdigit() is False and len(w) > 1 and w[0] == w[0].upper() and w[0].isalpha())

    def _verb_kind(self, low: str) -> str:
        """``fin`` (a finite verb), ``ger`` (adverbial participle) or ``part`` (participle)."""
        if self.participle_endings and low.endswith(self.participle_endings):
            return "part"
        if self.language == "uk":
            return "ger" if low.endswith(self.gerund_endings) else "fin"  # заявив is a past tense
        if low.endswith(("в", "вши", "вшись", "ясь")) or (low.endswith("я") and not low.endswith("ся")):
            return "ger"
        return "fin"

    def _plural(self, low: str) -> bool:
        return low.endswith(("ли", "ют", "ят", "ут", "ат"))

    def _circumstance_at(self, t: Tokens, i: int) -> int:
        """Length of a circumstance phrase starting at ``i`` ("в интервью"), else 0."""
        for c in self.circumstances:
            if tuple(t.lower[i : i + len(c)]) == c:
                return len(c)
        return 0

    def _cap_ahead(self, t: Tokens, k: int, end: int, limit: int) -> bool:
        for j in range(k, min(end, k + limit)):
            if not self._is_word(t, j):
                return False
            if self._circumstance_at(t, j):
                return False
            if t.words[j][:1].isupper():
                return True
        return False

    def _span(self, t: Tokens, a: int, b: int) -> tuple[int, int] | None:
        while a < b and not self._is_word(t, a) and t.words[a] not in ("(", "\u00ab", '"', "\u201e", "\u201c"):
            a += 1
        while b > a and not self._is_word(t, b - 1) and t.words[b - 1] not in (")", "%", "\u00bb", '"', "\u201c", "\u201d"):
            b -= 1
        # a quotation mark left alone at an edge (its partner outside the span) goes too
        while a < b and t.words[a] in QUOTE_CHARS and not any(
            t.words[k] in QUOTE_CHARS for k in range(a + 1, b)
        ):
            a += 1
        while b > a and t.words[b - 1] in QUOTE_CHARS and not any(t.words[k] in QUOTE_CHARS for k in range(a, b - 1)):
            b -= 1
        if b <= a:
            return None
        return (t.starts[a], t.ends[b - 1])

    def _quote_inner(self, t: Tokens, qi: int) -> tuple[int, int] | None:
        q = t.quotes[qi]
        s, e = q.start, q.end
        text = t.text
        while e > s and (text[e - 1] in ",;:\u2014\u2013- " or text[e - 1].isspace()):
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        return (s, e) if e > s else None

    def _closing_quote(self, t: Tokens, i: int) -> int:
        """The quotation whose closing mark is token ``i``, else -1."""
        if i < 0 or i >= len(t.words) or t.words[i] not in QUOTE_CHARS:
            return -1
        qi = t.qid[i]
        if qi >= 0 and t.quotes[qi].closed and t.quotes[qi].outer_end == t.ends[i]:
            return qi
        return -1

    def _opening_quote(self, t: Tokens, i: int) -> int:
        if i < 0 or i >= len(t.words) or t.words[i] not in QUOTE_CHARS:
            return -1
        qi = t.qid[i]
        if qi >= 0 and t.quotes[qi].outer_start == t.starts[i]:
            return qi
        return -1

    def _line_bounds(self, t: Tokens, i: int) -> tuple[int, int]:
        text = t.text
        a = text.rfind("\n", 0, t.starts[i]) + 1
        b = text.find("\n", t.ends[i])
        return a, (len(text) if b < 0 else b)

    # ------------------------------------------------------------------ speaker phrases
    def np_right(self, t: Tokens, j: int, end: int, *, allow_locative: bool = False) -> tuple[int, int] | None:
        """The speaker phrase starting at token ``j`` (after an inverted cue or a phrase)."""
        if j >= end or not self._is_word(t, j):
            return None
        k = j
        seen_cap = False
        lowers = 0
        if allow_locative and t.lower[k] in self.locatives and k + 1 < end and self._is_word(t, k + 1):
            k += 1  # "сообщили в Минобороны"
        while k < end:
            if not self._is_word(t, k):
                if t.words[k] in ("-", "\u2013") and seen_cap and k + 1 < end and t.words[k + 1][:1].isupper():
                    k += 1
                    continue
                break
            lw = t.lower[k]
            if k > j and self._circumstance_at(t, k):
                break
            if t.words[k][:1].isupper():
                if k == t.sents[t.sent[k]][0] and _ADJ_END.search(lw) and k + 1 < end and self._is_word(t, k + 1) \
                        and not t.words[k + 1][:1].isupper() and t.lower[k + 1] not in self.prepositions \
                        and t.lower[k + 1] not in self.conjunctions and t.lower[k + 1] not in self.verb_forms:
                    k += 2  # "Российские военные", "Російські посадовці"
                    seen_cap = True
                    continue
                seen_cap = True
                k += 1
                continue
            if lw in self.verb_forms and k > j:
                break
            if seen_cap:
                if lw in ("и", "і", "й") and k + 1 < end and t.words[k + 1][:1].isupper() and self._is_word(t, k + 1):
                    k += 1
                    continue
                if self._title_then_name(t, k, end):
                    # "советник президента США по нацбезопасности Джейк Салливан", "глава
                    # Черкасского городского военкомата Олег Тимошенко": the title runs on to a name
                    k += 1
                    continue
                break
            if lw in self.prepositions:
                if k == j or not self._cap_ahead(t, k + 1, end, 6):
                    break
                k += 1
                continue
            if lw in self.conjunctions or lw in self.complementizers:
                break
            lowers += 1
            if lowers > 5:
                break
            k += 1
        while k > j and (t.lower[k - 1] in self.prepositions or t.lower[k - 1] in self.conjunctions):
            k -= 1
        if k <= j:
            return None
        return (j, k)

    def _title_then_name(self, t: Tokens, k: int, end: int) -> bool:
        """Whether the lower-case words from token ``k`` (at most four, no locative preposition,
        addressee, conjunction or verb) lead to a person's name of two words that ends the clause."""
        m = k
        while m < end and m - k < 4 and self._is_word(t, m) and not t.words[m][:1].isupper():
            lw = t.lower[m]
            if lw in self.locatives or lw in self.addressees or lw in self.conjunctions or lw in self.complementizers \
                    or lw in self.verb_forms or self._circumstance_at(t, m):
                return False
            m += 1
        if m == k or m >= end or not t.words[m][:1].isupper():
            return False
        if (m + 1 >= end or not t.words[m + 1][:1].isupper()) and (
                self._surname_shaped(t, m) or _person_word(t.words[m], self.language)):
            # a surname alone, then the clause's end, a circumstance or the cue: "Депутат Госдумы от
            # крымского региона Шеремет в беседе с РИА Новости назвал ..."
            r = m + 1
            return r >= end or not self._is_word(t, r) or bool(self._circumstance_at(t, r)) or t.lower[r] in self.verb_forms
        if m + 1 >= end or not t.words[m + 1][:1].isupper():
            return False
        r = m + 2
        while r < end and r - m < 4 and t.words[r][:1].isupper() and self._is_word(t, r):
            r += 1
        return r >= end or not self._is_word(t, r)

    def np_left(self, t: Tokens, k: int, floor: int) -> tuple[int, int] | None:
        """The speaker phrase ending at token ``k`` (before a cue), when it can be the subject:
        it starts the clause (after the sentence start, a conjunction or an opener)."""
        if k < floor or not self._is_word(t, k):
            return None
        lw = t.lower[k]
        if lw in self.pronouns:
            p = k - 1
            if p < floor or not self._is_word(t, p) or t.lower[p] in self.conjunctions or t.lower[p] in self.openers \
                    or t.lower[p] in self.skip:
                return (k, k + 1)
            return (k, k + 1) if t.lower[p] not in self.prepositions else None
        if lw in self.prepositions or lw in self.conjunctions or lw in self.complementizers:
            return None
        if lw in self.verb_forms and not t.words[k][:1].isupper():
            return None
        a = k
        lowers = 0
        while a - 1 >= floor:
            p = a - 1
            if not self._is_word(t, p):
                if t.words[p] in ("-", "\u2013") and p - 1 >= floor and t.words[p - 1][:1].isupper():
                    a = p
                    continue
                break
            lp = t.lower[p]
            if lp in self.prepositions or lp in self.conjunctions or lp in self.complementizers or lp in self.skip \
                    or lp in self.openers or lp in self.pronouns:
                break
            if lp in self.verb_forms and not t.words[p][:1].isupper():
                break
            if not t.words[p][:1].isupper():
                lowers += 1
                if lowers > 4:
                    break
            a = p
            if k - a > 8:
                break
        # what stands before the phrase decides whether it is the subject
        p = a - 1
        if p >= floor:
            lp = t.lower[p]
            if lp in self.prepositions:
                return None
            if self._is_word(t, p) and not (lp in self.conjunctions or lp in self.openers or lp in self.skip):
                return None
        if self._subordinate(t, a, floor):
            return None
        while a < k and not t.words[a][:1].isupper() and _adverb(t.lower[a], self.language):
            a += 1
        if _adverb(t.lower[k], self.language) and not t.words[k][:1].isupper():
            return None
        return (a, k + 1)

    def _subordinate(self, t: Tokens, a: int, floor: int) -> bool:
        """Whether the clause holding token ``a`` is an if/when clause ("если США признают")."""
        p = a - 1
        while p >= floor and t.words[p] not in (",", ";", ":") and t.words[p] not in _DASHES:
            if t.lower[p] in _SUBORDINATORS:
                return True
            p -= 1
        return False

    def plausible(self, t: Tokens, src: tuple[int, int]) -> bool:
        """Whether a phrase can name a speaker: a name, a pronoun, a role or an epithet, an
        institution; not an anonymous source ("источник", "собеседник агентства")."""
        a, b = src
        lows = t.lower[a:b]
        s0 = t.sents[t.sent[a]][0]
        for k in range(a, b):
            if t.words[k][:1].isupper() and t.lower[k] not in self.epithets and not (k == s0 or k == a):
                break
            if t.lower[k] in self.anonymous:
                return False
        if b - a == 1 and lows[0] in self.pronouns:
            return self.pronouns[lows[0]][0] != 0
        if self.joint_at(t, a, b):
            return True
        if a == s0 and not self._subject_word(t, a, b):
            return False
        last = t.words[b - 1]
        if last[:1].isupper() and not (last.isupper() and len(last) > 1 and b - a > 1):
            return True  # a name ends the phrase: "российский философ Александр Дугин"
        first = t.words[a]
        if first[:1].isupper() and t.lower[a] not in self.anonymous:
            return True  # "Посольство РФ", "МИД РФ"
        if t.lower[a] in self.locatives and b - a > 1:
            return True  # "в Минобороны", "в ведомстве"
        if any(w in self.role_nouns or w in self.epithets or w in self.anaphors for w in lows):
            return True
        # a role in an oblique case ("За словами дипломата", "По словам эксперта"): its dictionary form
        return any(_lemma(w, self.language) in self.epithets or _lemma(w, self.language) in self.role_nouns for w in lows)

    def _subject_word(self, t: Tokens, a: int, b: int) -> bool:
        """Whether a sentence-opening phrase can be a subject: the registry knows it, or its first
        word reads as a noun or adjective in the nominative ("Будемо", "Звичайно", "Заборону" do
        not)."""
        if self._known(t.text[t.starts[a] : t.ends[b - 1]]):
            return True
        if self._surname_shaped(t, a):
            return True  # "Корчунов подчеркнул", "Решетников отметил": no genitive plural opens the sentence
        return _nominal(t.lower[a], self.language)

    def _surname_shaped(self, t: Tokens, k: int) -> bool:
        """Whether token ``k`` has a surname's shape: capitalised, not in capitals, ending as the
        language's surnames do (``slavic.surname_endings``: "-ов", "-енко"), and no word the
        language's text writes in lower case (:func:`lowercase_words`)."""
        w = t.words[k]
        low = t.lower[k]
        return (w[:1].isupper() and not w.isupper() and len(low) > 3 and low.endswith(self.surname_endings)
                and low not in lowercase_words(self.language))

    def _known(self, mention: str) -> bool:
        """Whether the registry resolves a mention (a registry that cannot parse it: no)."""
        if self.registry is None:
            return False
        return self.registry.resolve(mention, language=self.language) is not None

    def subject_of(self, t: Tokens, s: int, i: int) -> tuple[int, int] | None:
        """The sentence-initial subject of a cue at ``i``: the phrase that opens the sentence
        (after openers like "Ранее", "При этом"), with nothing between it and the cue that could
        be another clause's verb."""
        k = s
        while k < i and (not self._is_word(t, k) and t.words[k] not in QUOTE_CHARS):
            k += 1
        steps = 0
        while k < i and steps < 4 and (t.lower[k] in self.openers or t.words[k] == ","):
            k += 1
            steps += 1
        if k >= i:
            return None
        src = self.np_right(t, k, i)
        if src is None:
            return None
        _, b = src
        if not self.plausible(t, src):
            return None
        for m in range(b, i):
            lw = t.lower[m]
            if lw in self.complementizers or (lw in self.verb_forms and self._verb_kind(lw) == "fin") or t.words[m] in QUOTE_CHARS:
                return None
            if t.words[m] in (";", ":") or t.words[m] in _DASHES:
                return None
        return src

    # ------------------------------------------------------------------ contents
    def _clause_end(self, t: Tokens, a: int, e: int) -> int:
        """The end of a content starting at ``a``: the sentence's end, or before an adverbial
        participle cue (", подчеркнув, что"), a dash cue (", — сказал он") or a ";"."""
        qa = t.qid[a] if a < len(t.qid) else -1
        k = a
        while k < e:
            w = t.words[k]
            if w == ";":
                return k
            if qa >= 0 and t.qid[k] == qa:
                k += 1
                continue
            if w == "," and k + 1 < e:
                nxt = t.lower[k + 1]
                if nxt in self.verb_forms and self._verb_kind(nxt) == "ger":
                    return k
                if t.words[k + 1] in _DASHES and k + 2 < e and t.lower[k + 2] in self.verb_forms:
                    return k
            if w in _DASHES and k + 1 < e and t.lower[k + 1] in self.verb_forms and k > a:
                return k
            k += 1
        return e

    def _after_cue(self, t: Tokens, j: int, e: int, base: str) -> tuple[int, str]:
        """Where the content of a cue ending before ``j`` starts: past the addressee, the
        circumstances and "о том, что"; and how ("that", "colon", "quote" or "object")."""
        k = j
        steps = 0
        while k < e and steps < 14:
            w = t.words[k]
            lw = t.lower[k]
            if lw in self.complementizers:
                return k + 1, "that"
            if w == ":":
                return k + 1, "colon"
            if self._opening_quote(t, k) >= 0:
                qi = self._opening_quote(t, k)
                q = t.quotes[qi]
                # a quoted name right after the cue is an addressee ("Известиям"), not the content
                if len(t.text[q.start : q.end].split()) <= 3 and t.ends[k] < q.end and (
                    base in self.addressee_verbs or k > j
                ) and t.token_after(q.outer_end) < e:
                    k = t.token_after(q.outer_end)
                    steps += 1
                    continue
                return k, "quote"
            if w == ",":
                if k + 1 < e and t.lower[k + 1] in self.complementizers:
                    return k + 2, "that"
                if k == j and k + 1 < e and (t.lower[k + 1] in self.wh_openers or (
                        t.lower[k + 1] in self.prepositions and k + 2 < e and t.lower[k + 2] in self.wh_openers)):
                    return k + 1, "that"  # "пояснив, чому ...", "пояснив, за якої умови ...": an indirect question
                if k + 2 < e and t.lower[k + 1] in ("о", "об", "про") and t.lower[k + 2] in ("том", "тому", "те"):
                    k += 3
                    continue
                break
            if lw in ("о", "об", "про") and k + 1 < e and t.lower[k + 1] in ("том", "тому", "те") and k + 2 < e and t.words[k + 2] == ",":
                k += 3
                continue
            n = self._circumstance_at(t, k)
            if n:
                # skip the circumstance and what it governs, up to "что" or a comma
                m = k + n
                while m < e and self._is_word(t, m) and t.lower[m] not in self.complementizers and m - k < 9:
                    m += 1
                if m < e and (t.words[m] in (",", ":") or t.lower[m] in self.complementizers):
                    k = m
                    steps += 1
                    continue
                return j, "object"
            if lw in self.addressees or (base in self.addressee_verbs and k == j and lw.endswith(("ам", "ям")) and not t.words[k][:1].isupper()):
                k += 1
                steps += 1
                continue
            if t.words[k][:1].isupper() and base in self.addressee_verbs and k - j < 3:
                # "сообщил РИА Новости, что": a name followed by the content opener
                m = k
                while m < e and t.words[m][:1].isupper() and m - k < 4:
                    m += 1
                if m < e and (t.words[m] in (",", ":") and m + 1 < e and (t.lower[m + 1] in self.complementizers or t.words[m] == ":")):
                    k = m
                    continue
                if m < e and t.lower[m] in self.complementizers:
                    k = m
                    continue
            break
        # "донес до него позицию Анкары, что ...": the clause after a short object
        m = k
        while m < e and m - k < 8 and self._is_word(t, m) and t.lower[m] not in self.verb_forms:
            m += 1
        if m + 1 < e and t.words[m] == "," and t.lower[m + 1] in self.complementizers and m > k:
            return m + 2, "that"
        return j, "object"

    # ------------------------------------------------------------------ main
    def find(self, t: Tokens, *, turns: list[Turn] | None = None, structure: Structure | None = None) -> list[Candidate]:
        n = len(t.words)
        if n == 0:
            return []
        out: list[Candidate] = []
        used: set[int] = set()
        lines = _lines(t.text)
        # points under a header are the header's speaker's (read by the shared structure layer)
        in_block = [h.region for h in structure.headers if h.form == "block"] if structure is not None else []
        # phrases and back-references own their words
        for i in range(n):
            if i in used:
                continue
            lw = t.lower[i]
            got = None
            if lw in self.phrases:
                got = self._phrase(t, i)
            if got is None and any(bw[0] == lw for bw in self.backrefs):
                got = self._backref(t, i, out)
            if got is not None:
                cands, toks = got
                out.extend(cands)
                used.update(toks)
        # headlines ("Лавров: ...", "«...» — Умеров про ...") are read by the structure layer: their
        # label is no speaker of a verb
        if structure is not None:
            for h in structure.headlines:
                used.update(range(t.token_after(h.mention[0]), t.token_after(h.cue[1])))
        # reporting verbs, sentence by sentence
        gerunds: list[tuple[int, Candidate]] = []
        for s, e in t.sents:
            sent_main: list[Candidate] = []
            pending: list[tuple[int, str]] = []
            for i in range(s, e):
                if i in used:
                    continue
                lw = t.lower[i]
                if lw not in self.verb_forms or lw in self.infinitives:
                    continue
                kind = self._verb_kind(lw)
                if kind == "ger":
                    pending.append((i, lw))
                    continue
                got = self._verb(t, i, s, e, kind)
                if got is None and sent_main:
                    got = self._coordinated(t, i, s, e, sent_main[-1])
                if got is None:
                    continue
                group = list(got) if isinstance(got, _Multi) else [got]
                if self._in_block_act(group[0], in_block):
                    continue
                out.extend(group)
                if not (group[0].extra.get("act") or group[0].extra.get("belief")):
                    sent_main.append(group[0])
                used.add(i)
            for i, lw in pending:
                c = self._gerund(t, i, s, e, sent_main, out)
                if c is not None:
                    out.append(c)
                    gerunds.append((i, c))
        # drop act cues inside a briefing block (its points are the header speaker's)
        out = [c for c in out if not (c.extra.get("act") and any(a <= c.start < b for a, b in in_block))]
        out = self._embedded(t, out)
        out = self._set_apart(t, lines, out, in_block)
        out.sort(key=lambda c: (c.order, c.start))
        self._cap(t, out)
        return [c for c in out if c.end > c.start]

    def _embedded(self, t: Tokens, cands: list[Candidate]) -> list[Candidate]:
        """Drop a cue that stands inside another statement's reported words, unless it is a speech
        verb of a named speaker or a pronoun: "Песков заявил, что Россия решительно отвергает
        обвинения" is Peskov's statement, not Russia's; "Он заявил в бундестаге, что ..." inside
        Scholz's quotation is Merz's."""
        out = []
        spans = [(c.start, c.end, id(c)) for c in cands if c.kind != "direct" or c.cue is not None]
        for c in cands:
            if c.cue is None or c.extra.get("briefing") or c.extra.get("headline"):
                out.append(c)
                continue
            inside = any(a <= c.cue[0] < b and other != id(c) and not (a <= c.start < b and c.end <= b and a == c.start)
                         for a, b, other in spans)
            if inside:
                if c.extra.get("act") or c.extra.get("belief"):
                    continue
                if c.mention is not None:
                    ma = t.token_at(c.mention[0])
                    mb = t.token_after(c.mention[1])
                    named = (mb - ma == 1 and t.lower[ma] in self.pronouns) or any(
                        t.words[x][:1].isupper() and x != t.sents[t.sent[x]][0] for x in range(ma, mb)
                    )
                    if not named:
                        continue
            out.append(c)
        return out

    def _coordinated(self, t: Tokens, i: int, s: int, e: int, prev: Candidate) -> Candidate | None:
        """"X назвал ... и заявил о ...": a second cue joined by "и" to the cue before it has the
        same speaker."""
        k = i - 1
        while k >= s and t.lower[k] in self.skip and t.lower[k] not in ("и", "і", "й"):
            k -= 1
        if k < s or t.lower[k] not in ("и", "і", "й", "а"):
            return None
        lw = t.lower[i]
        base = _norm(self.verb_forms[lw][0])
        r, how = self._after_cue(t, i + 1, e, base)
        if how == "quote":
            content = self._quote_inner(t, self._opening_quote(t, r))
        elif how in ("that", "colon") or base in self.object_verbs:
            content = self._span(t, r, self._clause_end(t, r, e))
        else:
            return None
        if content is None:
            return None
        kind = "direct" if how == "quote" else (
            "mixed" if any(c in t.text[content[0] : content[1]] for c in "\"\u00ab\u00bb\u201c\u201d\u201e") else "indirect"
        )
        return Candidate(content[0], content[1], kind, (t.starts[i], t.ends[i]), prev.mention, score=0.8,
                         mode=prev.mode if prev.mode != "mention" else "mention", order=t.starts[i],
                         extra={"base": base, "sent": t.sent[i], "previous": prev.extra.get("previous"),
                                "act": self.verb_forms[lw][1] == "act"})

    def _in_block_act(self, c: Candidate, blocks: list[tuple[int, int]]) -> bool:
        return bool(c.extra.get("act")) and any(a <= c.start < b for a, b in blocks)

    # a finite reporting verb ----------------------------------------------
    def _verb(self, t: Tokens, i: int, s: int, e: int, kind: str) -> Candidate | None:
        lw = t.lower[i]
        base, cls = self.verb_forms[lw]
        base = _norm(base)
        # the word before the cue, past adverbs ("также", "ранее", "не")
        k = i - 1
        negated = False
        while k >= s and (t.lower[k] in self.skip or (t.lower[k] in ("же", "ж"))):
            if t.lower[k] == "не":
                negated = True
            k -= 1
        if negated and cls == "act":
            return None
        if kind == "part":
            return self._participle(t, i, s, e, base, cls)
        # back-reference handled elsewhere; inverted cue: "..., заявил Песков"
        inverted = k < s or t.words[k] in (",",) or t.words[k] in _DASHES or self._closing_quote(t, k) >= 0 or t.words[k] in (")",)
        cand = None
        if inverted:
            cand = self._inverted(t, i, k, s, e, base, cls)
            if cand is None and t.words[k] == "," and self._anonymous_inversion(t, i, e):
                return None
        if cand is None and not (k < s):
            cand = self._forward(t, i, k, s, e, base, cls)
        return cand

    def _anonymous_inversion(self, t: Tokens, i: int, e: int) -> bool:
        """Whether an inverted cue addressed to an outlet ends its sentence with a speaker that is
        no one to name ("..., заявил РИА Новости пленный.", "..., сообщил журналистам источник."):
        the phrase after the addressee is its speaker, never the cue's object, so the sentence's
        opening is no subject of the cue."""
        j = i + 1
        if j >= e or t.lower[j] not in self.addressees:
            return False
        m = j
        while m < e and (t.lower[m] in self.addressees or self._is_addressee_quote(t, m)):
            qa = self._opening_quote(t, m)
            m = t.token_after(t.quotes[qa].outer_end) if qa >= 0 else m + 1
        q = m
        while q < e and self._is_word(t, q):
            lw = t.lower[q]
            if lw in self.verb_forms or lw in self.complementizers or lw in self.conjunctions or lw in self.prepositions:
                return False
            q += 1
        return m < q <= m + 4 and (q >= e or t.words[q] in (".", ";", "!", "?", "\u2026"))

    def _inverted(self, t: Tokens, i: int, k: int, s: int, e: int, base: str, cls: str) -> Candidate | None:
        j = i + 1
        # the addressee may stand between the cue and the speaker ("заявил РИА Новости Марочко")
        m = j
        while m < e and (t.lower[m] in self.addressees or self._is_addressee_quote(t, m)):
            if self._opening_quote(t, m) >= 0:
                m = t.token_after(t.quotes[self._opening_quote(t, m)].outer_end)
            else:
                m += 1
        src = self.np_right(t, m, e, allow_locative=self._plural(t.lower[i]))
        if src is None and m != j:
            src = self.np_right(t, j, e, allow_locative=self._plural(t.lower[i]))
        if src is not None and (not self.plausible(t, src) or not self._inversion_ends(t, src[1], e)):
            if not (not self._plural(t.lower[i]) and self.plausible(t, src) and self._place_follows(t, src[1], e)):
                src = None  # else "— заявила Востан в Орлені.": the named speaker, then where (or when) it spoke
        if src is None:
            # the phrase reader stopped short ("посол России в Норвегии Николай Корчунов", "в Белом
            # доме"): the rest of the clause after the cue is the speaker
            src = self._rest_of_clause(t, m, e, self._plural(t.lower[i]))
        if src is None:
            return None
        a, b = src
        # the content before the cue
        left_end = k  # the punctuation before the cue
        while left_end >= s and (t.words[left_end] in (",",) or t.words[left_end] in _DASHES):
            left_end -= 1
        content: tuple[int, int] | None = None
        kind = "indirect"
        parts: tuple[tuple[int, int], ...] = ()
        qi = self._closing_quote(t, left_end)
        if qi < 0 and left_end >= s and t.words[left_end] in (".", "!", "?", "\u2026") and left_end - 1 >= 0:
            qi = self._closing_quote(t, left_end - 1)
        if qi < 0 and left_end < s and s > 0:
            qi = self._closing_quote(t, s - 1)  # «...». — заявил он (the quote ends the sentence before)
        if qi >= 0 and t.quotes[qi].outer_start > t.starts[s] + 1 and t.starts[s] < t.quotes[qi].outer_start \
                and any(self._is_word(t, x) for x in range(s, t.token_after(t.quotes[qi].outer_start))):
            qi = -1  # the quotation only ends a longer content: "..., «нового толчка», передает Рейтер"
        if qi >= 0:
            content = self._quote_inner(t, qi)
            kind = "direct"
        elif left_end >= s:
            start = s
            if t.words[start] in _DASHES:
                start += 1
                kind = "direct"  # "— Никаких переговоров не будет, — сказал он."
            content = self._span(t, start, left_end + 1)
            if content is not None and kind != "direct":
                seg = t.text[content[0] : content[1]]
                if any(c in seg for c in "\"\u00ab\u00bb\u201c\u201d\u201e"):
                    kind = "mixed"
        elif s > 0 and t.words[s] in _DASHES:
            # "— заявил он" after a line of direct speech in the sentence before
            ps, pe = t.sents[t.sent[s - 1]]
            content = self._span(t, ps, pe)
            kind = "direct"
        if content is None:
            return None
        # the words after the speaker: a second part ("— ..., — сказал он. — ...")
        r = b
        while r < e and (self._circumstance_at(t, r) or t.lower[r] in self.addressees):
            r += max(1, self._circumstance_at(t, r))
            while r < e and self._is_word(t, r) and not t.words[r] in (",", "."):
                r += 1
        if r + 1 < len(t.words) and t.words[r] in (",", ".") and t.words[r + 1] in _DASHES and t.sent[r + 1] in (t.sent[r], t.sent[r] + 1):
            _, lb = self._line_bounds(t, r)
            m2 = r + 2
            stop = t.token_after(lb)
            q2 = self._opening_quote(t, m2)
            second = self._quote_inner(t, q2) if q2 >= 0 else self._span(t, m2, self._clause_end(t, m2, stop))
            if second is not None and second[0] > content[1]:
                parts = (content, second)
                content = (content[0], second[1])
        return Candidate(
            start=content[0], end=content[1], kind=kind, cue=(t.starts[i], t.ends[i]),
            mention=(t.starts[a], t.ends[b - 1]), score=0.9, parts=parts,
            order=min(content[0], t.starts[i]),
            extra={"base": base, "act": cls == "act", "belief": cls == "belief", "sent": t.sent[i], "inverted": True},
        )

    def _inversion_ends(self, t: Tokens, b: int, e: int) -> bool:
        """Whether what follows a speaker phrase ending before ``b`` (after an inverted cue) ends
        it: punctuation or a circumstance, not "что" ("Фидан, в свою очередь, заявил Блинкену,
        что ...") nor more words ("Виндман ... назвал Маска «агентом влияния» и ...")."""
        after = b
        while after < e and (t.lower[after] in self.addressees or self._is_addressee_quote(t, after)):
            qa = self._opening_quote(t, after)
            after = t.token_after(t.quotes[qa].outer_end) if qa >= 0 else after + 1
        if after + 1 < e and t.words[after] == "," and t.lower[after + 1] in self.complementizers:
            return False
        n_circ = self._circumstance_at(t, after) if after < e else 0
        if after < e and not n_circ and t.words[after] not in (",", ".", ";", ":", "(", "!", "?", "…") \
                and t.words[after] not in _DASHES and self._opening_quote(t, after) < 0:
            return False
        return not (after < e and self._opening_quote(t, after) >= 0)

    def _place_follows(self, t: Tokens, b: int, e: int) -> bool:
        """Whether a speaker phrase ending before ``b`` is followed, past any addressee
        ("журналистам"), by a prepositional phrase with at most one capitalised word up to the
        sentence's end: where the speaker spoke ("— сказала Кошкина журналистам в Дравске."), not
        a longer speaker ("посол России в Норвегии Николай Корчунов")."""
        after = b
        while after < e and t.lower[after] in self.addressees:
            after += 1
        if after >= e or t.lower[after] not in self.prepositions:
            return False
        caps = 0
        for x in range(after + 1, e):
            if not self._is_word(t, x):
                return t.words[x] in (".", "!", "?", "…", ";") and caps <= 1
            if t.lower[x] in self.verb_forms or t.lower[x] in self.complementizers:
                return False
            caps += t.words[x][:1].isupper()
        return caps <= 1

    #: the longest speaker phrase read as the rest of an inverted cue's clause, in tokens
    REST_OF_CLAUSE = 16

    def _rest_of_clause(self, t: Tokens, m: int, e: int, plural: bool) -> tuple[int, int] | None:
        """The speaker of an inverted cue read as the rest of its clause, from token ``m`` to the
        sentence's end (or a parenthesis, a ";", a ", " before an adverbial participle): "...,
        заявил РИА Новости посол России в Норвегии Николай Корчунов.", "..., сообщили в УФСБ по
        региону." Nothing in it may be a verb, a complementizer or a quotation longer than a
        name; it must read as a speaker (:meth:`plausible`). A circumstance before a singular
        cue's speaker ("заявил в программной речи премьер-министр Японии ...") is left out; a
        locative after a plural cue is the speaker ("заявили в Белом доме")."""
        q = m
        while q < e and q - m <= self.REST_OF_CLAUSE:
            w = t.words[q]
            if self._is_word(t, q):
                lw = t.lower[q]
                if lw in self.verb_forms or lw in self.complementizers or (lw in self.conjunctions and lw not in ("и", "і", "й")):
                    return None
                q += 1
                continue
            if self._opening_quote(t, q) >= 0 and self._is_addressee_quote(t, q):
                q = t.token_after(t.quotes[self._opening_quote(t, q)].outer_end)  # "центра погоды «Фобос»"
                continue
            if w in ("-", "–") and q > m and q + 1 < e and t.words[q + 1][:1].isupper():
                q += 1
                continue
            break
        if q == m or q - m > self.REST_OF_CLAUSE:
            return None
        if q < e:
            w = t.words[q]
            gerund = w == "," and q + 1 < e and t.lower[q + 1] in self.verb_forms and self._verb_kind(t.lower[q + 1]) == "ger"
            if w not in (".", ";", "!", "?", "…", "(") and not gerund:
                return None
        a = m
        if t.lower[a] in self.headline_topics:
            return None  # "и заявил о влиянии на выборы в США": the cue's topic, no speaker
        if not plural and t.lower[a] in self.prepositions:
            # past a circumstance ("на пленарной сессии Европарламента"), a title or a full name
            k = a
            while k < q and not (t.words[k][:1].isupper() or t.lower[k] in self.role_nouns or t.lower[k] in self.epithets
                                 or t.lower[k] in self.anaphors):
                k += 1
            caps = sum(1 for x in range(k, q) if t.words[x][:1].isupper())
            if not any(t.lower[x] in self.role_nouns or t.lower[x] in self.epithets for x in range(k, q)) and caps < 2:
                return None
            a = k
        src = (a, q)
        return src if self.plausible(t, src) else None

    def _is_addressee_quote(self, t: Tokens, m: int) -> bool:
        qi = self._opening_quote(t, m)
        if qi < 0:
            return False
        q = t.quotes[qi]
        return len(t.text[q.start : q.end].split()) <= 3

    def _forward(self, t: Tokens, i: int, k: int, s: int, e: int, base: str, cls: str) -> Candidate | None:
        src = self.np_left(t, k, s)
        if src is not None and not self.plausible(t, src):
            src = None
        if src is None:
            src = self.subject_of(t, s, i)
        if src is None:
            return None
        a, b = src
        if self._subordinate(t, a, s):
            return None
        # coordinated subjects: "Лавров и Ван И заявили" -> one candidate per name
        subjects = self._split_coordination(t, a, b) if self._plural(t.lower[i]) else [(a, b)]
        j = i + 1
        r, how = self._after_cue(t, j, e, base)
        content = None
        kind = "indirect"
        if how == "quote":
            qi = self._opening_quote(t, r)
            content = self._quote_inner(t, qi)
            kind = "direct"
        elif how == "colon":
            qi = self._opening_quote(t, r)
            if qi >= 0 and t.quotes[qi].closed:
                content = self._quote_inner(t, qi)
                kind = "direct"
                # a quotation after a colon may run over several sentences
            else:
                content = self._span(t, r, self._clause_end(t, r, e))
        elif how == "that":
            content = self._span(t, r, self._clause_end(t, r, e))
        else:
            if base not in self.object_verbs and cls != "belief":
                return None
            if r >= e or not self._is_word(t, r) and self._opening_quote(t, r) < 0 and t.words[r] not in ("\u00ab",):
                return None
            content = self._span(t, r, self._clause_end(t, r, e))
        if content is None:
            return None
        if kind == "indirect" and any(c in t.text[content[0] : content[1]] for c in "\"\u00ab\u00bb\u201c\u201d\u201e"):
            kind = "mixed"
        cands = []
        for sa, sb in subjects:
            cands.append(
                Candidate(
                    start=content[0], end=content[1], kind=kind, cue=(t.starts[i], t.ends[i]),
                    mention=(t.starts[sa], t.ends[sb - 1]), score=0.9,
                    order=min(t.starts[sa], content[0]),
                    extra={"base": base, "act": cls == "act", "belief": cls == "belief", "sent": t.sent[i],
                           "joint": len(subjects) > 1},
                )
            )
        for c in cands:
            if c.mention and self.joint_at(t, t.token_at(c.mention[0]), t.token_after(c.mention[1])):
                c.mode = "joint"
        return cands[0] if len(cands) == 1 else _Multi(cands)

    def _split_coordination(self, t: Tokens, a: int, b: int) -> list[tuple[int, int]]:
        parts = []
        start = a
        for k in range(a, b):
            if t.lower[k] in ("и", "і", "й") and k > start:
                parts.append((start, k))
                start = k + 1
        parts.append((start, b))
        parts = [p for p in parts if p[1] > p[0]]
        if len(parts) > 1 and all(any(t.words[x][:1].isupper() for x in range(pa, pb)) for pa, pb in parts):
            return parts
        return [(a, b)]

    def _participle(self, t: Tokens, i: int, s: int, e: int, base: str, cls: str) -> Candidate | None:
        # "Виндмана, заявившего о ...": the phrase before the comma
        k = i - 1
        if k < s or t.words[k] != ",":
            return None
        src = self.np_left(t, k - 1, s) or (None if k - 1 < s else self._np_back(t, k - 1, s))
        if src is None or not self.plausible(t, src):
            return None
        r, how = self._after_cue(t, i + 1, e, base)
        if how == "quote":
            content = self._quote_inner(t, self._opening_quote(t, r))
        else:
            end = r
            while end < e and t.words[end] not in (",", ";"):
                end += 1
            if how == "that":
                end = self._clause_end(t, r, e)
            content = self._span(t, r, end)
        if content is None:
            return None
        a, b = src
        return Candidate(
            start=content[0], end=content[1], kind="indirect", cue=(t.starts[i], t.ends[i]),
            mention=(t.starts[a], t.ends[b - 1]), score=0.7, order=t.starts[i],
            extra={"base": base, "act": cls == "act", "sent": t.sent[i]},
        )

    def _np_back(self, t: Tokens, k: int, s: int) -> tuple[int, int] | None:
        """A capitalised name ending at ``k`` whatever stands before it (an object of a verb)."""
        if not t.words[k][:1].isupper():
            return None
        a = k
        while a - 1 >= s and t.words[a - 1][:1].isupper() and self._is_word(t, a - 1):
            a -= 1
        return (a, k + 1)

    def _gerund(self, t: Tokens, i: int, s: int, e: int, main: list[Candidate], found: list[Candidate]) -> Candidate | None:
        lw = t.lower[i]
        base = _norm(self.verb_forms[lw][0])
        cls = self.verb_forms[lw][1]
        r, how = self._after_cue(t, i + 1, e, base)
        if how == "quote":
            qi = self._opening_quote(t, r)
            content = self._quote_inner(t, qi)
        elif how in ("that", "colon"):
            content = self._span(t, r, self._clause_end(t, r, e))
        else:
            if base not in self.object_verbs or cls == "act":
                return None  # "выступая в СБ ООН": a circumstance, not a statement
            end = r
            while end < e and t.words[end] not in (",", ";") and not (t.words[end] in _DASHES and end > r):
                end += 1
            content = self._span(t, r, end)
        if content is None:
            return None
        kind = "direct" if how == "quote" else (
            "mixed" if any(c in t.text[content[0] : content[1]] for c in "\"\u00ab\u00bb\u201c\u201d\u201e") else "indirect"
        )
        cue = (t.starts[i], t.ends[i])
        if main:
            # the subject of the sentence's main cue: the one before the participle, else after
            before = [c for c in main if c.cue and c.cue[0] < t.starts[i]]
            prev = before[-1] if before else main[0]
            return Candidate(content[0], content[1], kind, cue, None, score=0.8, mode="previous",
                             order=t.starts[i], extra={"previous": prev, "sent": t.sent[i]})
        src = self.subject_of(t, s, i)
        if src is not None:
            a, b = src
            return Candidate(content[0], content[1], kind, cue, (t.starts[a], t.ends[b - 1]), score=0.7,
                             order=t.starts[i], extra={"base": base, "act": cls == "act", "sent": t.sent[i]})
        prev = [c for c in found if c.end <= t.starts[i] and t.starts[i] - c.end < 300 and c.mode != "previous"]
        if prev:
            return Candidate(content[0], content[1], kind, cue, None, score=0.6, mode="previous",
                             order=t.starts[i], extra={"previous": prev[-1], "sent": t.sent[i]})
        return None

    # по словам X ---------------------------------------------------------------
    def _phrase(self, t: Tokens, i: int):
        n = len(t.words)
        s, e = t.sents[t.sent[i]]
        for words, content_side in self.phrases.get(t.lower[i], ()):
            L = len(words)
            src: tuple[int, int] | None = None
            if tuple(t.lower[i : i + L]) == words:
                j = i + L
                if j < e and t.lower[j] in self.pronouns and L == 2 and words[0] in ("по", "за", "на"):
                    continue
                src = self.np_right(t, j, e)
                if src is not None and (not self.plausible(t, src) or (
                    t.lower[src[0]] in self.pronouns and src[1] - src[0] == 1 and self.pronouns[t.lower[src[0]]][0] == 3
                    and L == 2 and words[0] in ("по", "за", "на")
                )):
                    src = None
                toks = set(range(i, j))
            elif L == 2 and i + 2 < n and t.lower[i + 1] in self.pronouns and (t.lower[i], t.lower[i + 2]) == words:
                # "по его словам", "на її думку"
                src = (i + 1, i + 2)
                j = i + 3
                toks = {i, i + 1, i + 2}
            else:
                continue
            if src is None:
                continue
            a, b = src
            # the content: after the phrase ("По словам X, ..."), before it ("..., по словам X."),
            # or around it ("Москва, по словам X, готова ...")
            left_end = i - 1
            while left_end >= s and (t.words[left_end] in (",",) or t.words[left_end] in _DASHES or not self._is_word(t, left_end)
                                      and t.words[left_end] not in QUOTE_CHARS):
                left_end -= 1
            left_words = sum(1 for x in range(s, left_end + 1) if self._is_word(t, x))
            after = b
            while after < e and (self._circumstance_at(t, after) or t.lower[after] in self.addressees):
                after += max(1, self._circumstance_at(t, after))
            content = None
            parts: tuple[tuple[int, int], ...] = ()
            if content_side != "left" and left_words <= 2 and after < e and t.words[after] in (",", ":"):
                content = self._span(t, after + 1, self._clause_end(t, after + 1, e))
            elif content_side != "left" and left_words <= 2 and after < e:
                content = self._span(t, after, self._clause_end(t, after, e))
            elif left_words >= 2:
                qi = self._closing_quote(t, left_end)
                if qi >= 0:
                    content = self._quote_inner(t, qi)
                else:
                    content = self._span(t, s, left_end + 1)
                rest = after + 1 if after < e and t.words[after] == "," else after
                if content is not None and rest < e and self._is_word(t, rest) and t.words[i - 1] == ",":
                    tail = self._span(t, rest, self._clause_end(t, rest, e))
                    if tail is not None and tail[1] - tail[0] > 10:
                        parts = (content, tail)
                        content = (content[0], tail[1])
            if content is None:
                continue
            seg = t.text[content[0] : content[1]]
            kind = "mixed" if any(c in seg for c in "\"\u00ab\u00bb\u201c\u201d\u201e") else "indirect"
            if t.text[content[0] - 1 : content[0]] in QUOTE_CHARS and t.text[content[1] : content[1] + 1] in QUOTE_CHARS:
                kind = "direct"
            cand = Candidate(
                start=content[0], end=content[1], kind=kind, cue=(t.starts[i], t.ends[j - 1]),
                mention=(t.starts[a], t.ends[b - 1]), score=0.9, parts=parts,
                order=min(t.starts[i], content[0]), extra={"phrase": True, "sent": t.sent[i]},
            )
            if self.joint_at(t, a, b):
                cand.mode = "joint"
            return [cand], toks | set(range(a, b))
        return None

    # Об этом заявил X -----------------------------------------------------------
    def _backref(self, t: Tokens, i: int, found: list[Candidate]):
        s, e = t.sents[t.sent[i]]
        k = s
        while k < i and not self._is_word(t, k):
            k += 1
        if k != i:
            return None
        for words in self.backrefs:
            L = len(words)
            if tuple(t.lower[i : i + L]) != words:
                continue
            m = i + L
            while m < e and t.lower[m] in self.skip:
                m += 1
            if m < e and t.lower[m] not in self.verb_forms and t.lower[m] in self.prepositions:
                # "Про це у коментарі YouTube-каналу РБК-Україна розповів ...": a circumstance first
                r = m + 1
                while r < e and r - m <= 8 and t.lower[r] not in self.verb_forms and self._is_word(t, r):
                    r += 1
                if r < e and t.lower[r] in self.verb_forms:
                    m = r
            if m >= e or t.lower[m] not in self.verb_forms:
                continue
            v = m
            m += 1
            while m < e and (t.lower[m] in self.addressees or t.lower[m] in self.skip):
                m += 1
            src = self.np_right(t, m, e, allow_locative=self._plural(t.lower[v]))
            if src is None and m != v + 1:
                # "повідомляє РБК-Україна з посиланням на ...": the addressee is the speaker
                src = self.np_right(t, v + 1, e, allow_locative=self._plural(t.lower[v]))
            if src is None or not self.plausible(t, src):
                continue
            sn = t.sent[i]
            if sn == 0:
                continue
            # the sentences before, back to the previous statement or paragraph (at most 3)
            a0, b0 = preceding_content(t, sn, found)
            content = self._span(t, a0, b0)
            if content is None:
                continue
            a, b = src
            cand = Candidate(
                start=content[0], end=content[1], kind="indirect", cue=(t.starts[i], t.ends[v]),
                mention=(t.starts[a], t.ends[b - 1]), score=0.85, order=t.starts[i],
                extra={"backref": True, "sent": sn},
            )
            return [cand], set(range(i, v + 1))
        return None

    def _name_like(self, t: Tokens, a: int, b: int) -> bool:
        """Whether tokens [a, b) name a speaker the registry knows, or look like a person's name."""
        if self._known(t.text[t.starts[a] : t.ends[b - 1]]):
            return True
        caps = [t.words[x] for x in range(a, b) if self._is_word(t, x)]
        if not caps or not all(w[:1].isupper() for w in caps):
            return False
        if len(caps) >= 2:
            return True
        return _person_word(caps[0], self.language)

    # briefings --------------------------------------------------------------------
    def _bullet_span(self, t: Tokens, la: int, lb: int) -> tuple[int, int] | None:
        line = t.text[la:lb]
        stripped = line.lstrip()
        if not stripped or not (stripped[0] in _BULLET_CHARS or ord(stripped[0]) >= 0x1F300 or re.match(r"\d{1,2}[.)]\s", stripped)):
            return None
        a = t.token_after(la)
        b = t.token_after(lb)
        sp = self._span(t, a, b)
        if sp is None or len(t.text[sp[0] : sp[1]].split()) < 3:
            return None
        return sp

    # set-apart paragraphs -----------------------------------------------------------
    def _set_apart(self, t: Tokens, lines: list[tuple[int, int]], found: list[Candidate],
                   blocks: list[tuple[int, int]]) -> list[Candidate]:
        if not found or len(lines) < 2:
            return found
        out = list(found)
        text = t.text
        own_words = self._first_person_share(t)
        for n, (a, b) in enumerate(lines):
            if n == 0 or any(x <= a < y for x, y in blocks):
                continue
            if self._bullet_span(t, a, b) is not None:
                continue
            if any(c.start < a < c.end for c in out):
                continue  # the paragraph continues a statement that began before it
            own = [c for c in out if a <= c.start < b or (c.cue and a <= c.cue[0] < b)]
            if any(not self._weak(t, c) for c in own):
                continue
            ta, tb = t.token_after(a), t.token_after(b)
            nwords = sum(1 for x in range(ta, tb) if self._is_word(t, x))
            if nwords < 4:
                continue
            qi = self._opening_quote(t, ta) if ta < len(t.words) else -1
            quoted = qi >= 0 and t.quotes[qi].end - t.quotes[qi].start >= 0.8 * (b - a - 2)
            last = text[a:b].rstrip(" *_\t")
            bare = not quoted and last and last[-1] not in ".!?\u2026:;)\u00bb\"\u201d" and own_words < 0.03
            # unquoted words in the first person, in a text whose author never speaks so: the
            # speaker's ("заявил Песков.\n\nНе дают работать нашим журналистам ...")
            spoken = not quoted and not bare and self._first_person_line(t, ta, tb) and not self._speaks_in_first_person(t, lines, n)
            if not (quoted or bare or spoken):
                continue
            prev = [c for c in out if c.end <= a and a - c.end < 800 and not c.extra.get("briefing") and c not in own]
            if not prev:
                continue
            last_c = max(prev, key=lambda c: c.end)
            # only the paragraph right after the attribution (or after another set-apart one)
            between = [ln for ln in lines if last_c.end <= ln[0] < a]
            if len(between) > 1:
                continue
            if quoted:
                content = self._quote_inner(t, qi)
            else:
                content = self._span(t, ta, tb)
            if content is None:
                continue
            dropped = {id(c) for c in own}
            out = [c for c in out if id(c) not in dropped]
            out.append(Candidate(content[0], content[1], "direct", None, None, score=0.6, mode="previous",
                                 order=content[0], extra={"previous": last_c, "set_apart": True}))
        return out

    def _weak(self, t: Tokens, c: Candidate) -> bool:
        """A cue inside a set-apart paragraph that is part of the quoted words ("Они очень
        рассчитывают, что ..."): its speaker is a pronoun or an unnamed phrase."""
        if c.mention is None:
            return c.mode == "previous"
        ma, mb = t.token_at(c.mention[0]), t.token_after(c.mention[1])
        if mb - ma == 1 and t.lower[ma] in self.pronouns:
            return True
        return not any(t.words[x][:1].isupper() and x != t.sents[t.sent[x]][0] for x in range(ma, mb))

    def _first_person_line(self, t: Tokens, a: int, b: int) -> bool:
        """Whether tokens ``a`` to ``b`` (a paragraph) speak in the first person outside quotations:
        a first-person word of the lexicon ("мы", "нашим") or a verb in the first person
        ("Усматриваю", "хочу")."""
        for k in range(a, b):
            if t.qid[k] >= 0 or not self._is_word(t, k):
                continue
            if t.lower[k] in self.first_person or _first_person_verb(t.lower[k], self.language):
                return True
        return False

    def _speaks_in_first_person(self, t: Tokens, lines: list[tuple[int, int]], n: int) -> bool:
        """Whether the text's own voice is in the first person: more than a third of its paragraphs
        but paragraph ``n`` speak so (an address, a post by the speaker himself)."""
        others = [ln for k, ln in enumerate(lines) if k != n]
        if not others:
            return True
        first = sum(1 for a, b in others if self._first_person_line(t, t.token_after(a), t.token_after(b)))
        return first * 3 > len(others)

    def _first_person_share(self, t: Tokens) -> float:
        n = len(t.words)
        if not n:
            return 0.0
        outside = [k for k in range(n) if t.qid[k] < 0]
        if not outside:
            return 0.0
        return sum(1 for k in outside if t.lower[k] in self.first_person) / len(outside)

    # capping ------------------------------------------------------------------------
    def _cap(self, t: Tokens, cands: list[Candidate]) -> None:
        """A content stops where another statement's speaker or cue starts in the same sentence
        ("Путин заявил, что ..., а Лавров добавил, что ...")."""
        marks = sorted({c.mention[0] for c in cands if c.mention and c.mode != "previous" and not c.extra.get("briefing")}
                       | {c.cue[0] for c in cands if c.cue and not c.extra.get("briefing")})
        if not marks:
            return
        text = t.text
        for c in cands:
            if c.kind == "direct" or c.extra.get("backref") or c.parts or c.extra.get("briefing"):
                continue
            own = {c.mention[0] if c.mention else -1, c.cue[0] if c.cue else -1}
            k = bisect.bisect_right(marks, c.start)
            while k < len(marks) and marks[k] in own:
                k += 1
            if k < len(marks) and marks[k] < c.end:
                seg = text[c.start : marks[k]]
                m = re.search(r"(?:[,;]\s*(?:а|и|но|і|й|але|однак)?|\s(?:а|и|но|і|й|але))\s+(?:[\w.'\u2019\u02bc*-]+\s+){0,5}$", seg)
                if m and m.start() > 0:
                    c.end = c.start + m.start()
                    while c.end > c.start and not text[c.end - 1].isalnum() and text[c.end - 1] not in "\u00bb\")%":
                        c.end -= 1


class _Multi(list):
    """Several candidates found at one cue (coordinated subjects)."""


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        while a < b and (text[a].isspace() or text[a] in "*_"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in "*_"):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# ----------------------------------------------------------------------------- the stage
class SlavicExtractor(Extractor):
    """The statement extractor of Russian (``ru``) and Ukrainian (``uk``) texts."""

    context_class = SlavicContext

    def __init__(self, registry: Any = None, language: str = "ru", **kwargs: Any):
        super().__init__(registry=registry, language=language, **kwargs)
        self.engine = SlavicRules(self.lexicon, self.scorer, self.engine.threshold, registry=registry)
        self.version = f"{self.version}.slavic1"
        sl = self.lexicon.raw.get("slavic") or {}
        self._abbrev = frozenset(str(w) for w in sl.get("abbreviations") or ()) | frozenset(
            _norm(str(w)) for w in sl.get("abbreviations") or ()
        )

    def name_kind(self, name: str) -> str | None:
        """As for every language, and a single word pymorphy3 reads as a surname or a first
        name ("Лавров", "Захаровой") is a person's."""
        kind = super().name_kind(name)
        if kind is None:
            words = name.split()
            if len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and _person_word(words[0], self.language):
                return "person"
        return kind

    def tokens(self, text: str, spacy_doc=None) -> Tokens:
        masked = mask_markdown(text)
        return _with_text(slavic_tokens(masked, self._quotes(masked), self._abbrev), text)

    def _quotes(self, masked: str) -> list[Quote]:
        """Quotations paragraph by paragraph: a mark left open (RIA's «... «на земле», ...) must
        not swallow the paragraphs after it."""
        out: list[Quote] = []
        for m in re.finditer(r"[^\n]+", masked):
            line = m.group()
            if not any(c in line for c in "\"\u00ab\u201e\u201c"):
                continue
            a = m.start()
            for q in self.quotes(line):
                out.append(Quote(q.start + a, q.end + a, q.outer_start + a, q.outer_end + a, q.closed))
        return out

    def __call__(self, doc: Document) -> tuple[Statement, ...]:
        return self._find_all(doc)

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Statement, ...]]:
        for doc in docs:
            yield self._find_all(doc)

    def _find_all(self, doc: Document) -> tuple[Statement, ...]:
        return self._extract(doc, None)

    def _document_speaker(self, ctx: Context, doc: Document, st):
        """As for English, but a record's ``speaker`` field makes the document its speaker's
        statement only when the text is in the first person (a summary in the third person
        about a briefing is not the speaker's own words)."""
        meta = doc.metadata or {}
        if (meta.get("speaker") or meta.get("speakers")) and not self._first_person(doc.text):
            doc = dataclasses.replace(doc, metadata={k: v for k, v in meta.items() if k not in ("speaker", "speakers")})
        return super()._document_speaker(ctx, doc, st)

    def _first_person(self, text: str) -> bool:
        words = re.findall(r"\w+", mask_markdown(text[:6000]).lower())
        if not words:
            return False
        own = sum(1 for w in words if w in self.engine.first_person)
        return own >= 3 and own / len(words) >= 0.01


def _with_text(t: Tokens, text: str) -> Tokens:
    """The tokens of the masked text, carrying the original text (offsets are the same)."""
    t.text = text
    return t
