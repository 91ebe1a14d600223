"""Resolving the speakers of a document's statements, in document order.

A mention is resolved, in this order:
- a joint mention ("the two leaders", "both sides") or a joint readout ("It was agreed"): every
  party of the conversation (the readout's principal and the counterpart(s) the text names);
- a pronoun: "I"/"we" inside a transcript turn or a one-speaker document is that speaker;
  "he"/"she" is the nearest earlier speaker of compatible gender, "they" the last joint or
  institutional speaker, "you" in a question the person answering;
- a name, an alias, a surname or a role at the statement's date ("the Kremlin spokesman"): the
  actor registry, when one is given;
- a name or a role the registry does not know: an earlier fuller mention of the same document
  ("Ustenko" after "Oleg Ustenko", "the Deputy Head of the Office" after "Deputy Head of the Office
  of the President of Ukraine Ihor Zhovkva"), else the mention itself (``actor_id`` None) when it
  reads as a name or a described group (:func:`name_form`);
- anything else is *unresolved* (:data:`UNRESOLVED`): a pronoun or a role with nobody to stand
  for, or a stray word that names no one ("Despite", "February", "On March", "Nuclear Weapons").
  A statement whose speaker is unresolved keeps its mention and has no speaker.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..records import Actor
from .lexicon import Lexicon

_WORD = re.compile(r"[\w'\u2019.\-]+")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: canonical name (or the mention as written) and registry facts."""

    name: str
    actor_id: str | None = None
    side: str | None = None
    gender: str | None = None
    type: str | None = None  # "person" / "institution" / None when unknown
    title: str | None = None  # the role words the text gave with the name
    titles: tuple[str, ...] = ()  # every title known for the speaker (text and registry roles)

    @classmethod
    def of(cls, actor: Actor, title: str | None = None, on: dt.date | None = None, language: str = "en") -> Speaker:
        titles: list[str] = [title] if title else []
        for role in actor.roles:
            if on is None or role.holds_on(on):
                titles.append(role.title)
                titles.extend(role.aliases.get(language, ()))
        return cls(actor.name, actor.id, actor.side, actor.gender, actor.type, title, tuple(titles))

    def with_title(self, title: str | None) -> Speaker:
        if not title or title in self.titles:
            return self
        return Speaker(self.name, self.actor_id, self.side, self.gender, self.type, title, (title, *self.titles))


JOINT = Speaker("\x00joint")

#: the type of a speaker nobody could be placed for (its ``title`` says why: pronoun, role, stray)
UNRESOLVED = "unresolved"


def unresolved(why: str) -> Speaker:
    """A speaker that could not be placed: the statement keeps its mention, not a speaker."""
    return Speaker("", type=UNRESOLVED, title=why)


@functools.cache
def common_words(language: str) -> frozenset[str]:
    """Lower-case common words of ``language`` (``data/common_words_<language>.txt``, built from a
    treebank by ``python -m parley.extract.train``); empty when the language has none (Russian and
    Ukrainian ask pymorphy3's dictionaries instead)."""
    try:
        text = resources.files(__package__).joinpath("data", f"common_words_{language}.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_DIGIT = re.compile(r"\d")
_ACRONYM = re.compile(r"[ \u00a0]\((?P<acr>[A-Z\u0400-\u042f\u0404\u0406\u0407][A-Z\u0400-\u042f\u0404\u0406\u0407a-z\u0430-\u044f\u0454\u0456\u0457]{1,7})\)")
_NAME_WORD = re.compile(r"[\w'\u2019\-]+")
_BARE_ACRONYM = re.compile(r"(?<![\w.\-])([A-Z\u0410-\u042f\u0404\u0406\u0407]{3,6})(?![\w\-])")


def acronyms(text: str, lx: Lexicon) -> dict[str, str]:
    """The acronyms ``text`` spells out, each with the name it stands for: "the Institute for the
    Study of War (ISW)" -> {"ISW": "Institute for the Study of War"}, "Служба безпеки України
    (СБУ)" -> {"СБУ": "Служба безпеки України"}. The name is the shortest run of words just before
    the brackets whose initials, the name's inner words skipped, spell the acronym (case aside), and
    that opens with a capital; an acronym spelled out two ways is left out."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    skip = lx.name_inner | lx.determiners
    for m in _ACRONYM.finditer(text):
        acr = m.group("acr")
        letters = [c for c in acr if c.isupper()]
        if len(letters) < 2 or len(letters) != sum(1 for c in acr if c.isalpha() and c.isupper()) or acr.lower() in lx.pronouns:
            continue
        before = list(_NAME_WORD.finditer(text, max(0, m.start() - 200), m.start()))
        words = [w for w in before if not text[w.end() : m.start()].strip(" \u00a0").count("\n")]
        got = None
        initials: list[str] = []
        for k in range(len(words) - 1, max(-1, len(words) - 3 * len(letters) - 1), -1):
            w = words[k].group()
            if re.search(r"[.,;:!?()\n]", text[words[k].end() : (words[k + 1].start() if k + 1 < len(words) else m.start())]):
                break  # the name ends at punctuation
            if w.lower() in skip and k != len(words) - 1:
                continue
            initials.insert(0, w[0].upper())
            if len(initials) > len(letters):
                break
            if initials == letters and w[:1].isupper():
                got = text[words[k].start() : words[-1].end()]
                break
        if got is None:
            continue
        if acr in out and out[acr] != got:
            seen.add(acr)
        out[acr] = got
    # an acronym the text uses without brackets ("PACE reiterates ...") stands for the one name the
    # text spells out elsewhere whose capitalised words' initials spell it, the name's inner words
    # skipped ("the Parliamentary Assembly of the Council of Europe"); none when there are two
    inner = sorted((w for w in skip if w.isalpha() and w.islower()), key=len, reverse=True)
    gap = r"(?:[ \u00a0]+(?:" + "|".join(map(re.escape, inner)) + r")(?=[ \u00a0]))*[ \u00a0]+" if inner else r"[ \u00a0]+"
    for acr in {m.group(1) for m in _BARE_ACRONYM.finditer(text)}:
        if acr in out or acr in seen or acr.lower() in lx.pronouns:
            continue
        word = r"[\w'\u2019\-]*"
        spelled = re.compile(r"(?<![\w\-])" + gap.join(re.escape(c) + word for c in acr) + r"(?![\w\-])")
        found = {m.group(0) for m in spelled.finditer(text) if m.group(0) != acr}
        if len(found) == 1:
            out[acr] = found.pop()
    return {k: v for k, v in out.items() if k not in seen}


def strip_openers(mention: str, lx: Lexicon) -> str:
    """A mention without the sentence-opening words read into it ("As Ukrinform" -> "Ukrinform",
    "If MAGA Republicans" -> "MAGA Republicans", "Recognizing Japan" -> "Japan"): the lexicon's
    ``speaker_openers`` and capitalised -ing words, when a capitalised word follows."""
    openers = _openers(lx)
    if not openers:
        return mention
    words = mention.split()
    k = 0
    while k < len(words) - 1 and words[k][:1].isupper() and words[k + 1][:1].isupper() and (
        words[k].lower().strip(",") in openers or (words[k].lower().endswith("ing") and len(words[k]) > 5)
    ):
        k += 1
    return " ".join(words[k:]) if k else mention


#: each lexicon's openers, built once per lexicon object (asked for at every speaker mention)
_OPENERS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _openers(lx: Lexicon) -> frozenset[str]:
    hit = _OPENERS.get(id(lx))
    if hit is not None and hit[0] is lx:
        return hit[1]
    raw = lx.raw or {}
    got = frozenset(str(w).lower() for w in [*(raw.get("speaker_openers") or ()),
                                              *((raw.get("slavic") or {}).get("openers") or ())])
    _OPENERS[id(lx)] = (lx, got)
    return got


def name_form(name: str, lx: Lexicon, agent_heads: frozenset[str] = frozenset(),
              common: frozenset[str] | None = None) -> str:
    """How a speaker's name as the text gives it reads, for a name the registry does not know:

    - ``name``: a person's or an organisation's name ("Oleh Ustenko", "Ukrinform", "NATO");
    - ``group``: an institution or a group described by a name or a role ("the Foreign Ministry",
      "Ukrainian officials", "Prime Minister of Croatia");
    - ``role``: a role or an anonymous group without a name ("the governor", "officials");
    - ``stray``: no speaker at all: a function word, a date, an adverb, a common noun or a
      capitalised phrase of common words ("Despite", "February", "On March", "Nuclear Weapons",
      "2 of 3Ukraine", "photo").
    """
    common = common_words(lx.language) if common is None else common
    words = [w for w in re.findall(r"[\w'\u2019.\-]+", name)]
    words = [re.sub(r"(?:'s|\u2019s|')$", "", w) for w in words]
    while words and words[0].lower() in lx.determiners:
        words = words[1:]
    words = [w for w in words if w]
    if not words:
        return "stray"
    lows = [w.lower().rstrip(".") for w in words]
    if any(w.isdigit() or re.search(r"\d[A-Z][a-z]", w) for w in words) or any(w.startswith("-") or w.endswith("-") for w in words):
        return "stray"  # "2 of 3Ukraine", "U.S.- Japan"
    if any(re.fullmatch(r"[ap]\.?m\.?", x) for x in lows) or all(x in lx.honorifics and len(x) <= 4 for x in lows):
        return "stray"  # "P.M. EDT", "MR"
    first = lows[0]
    # a name's particle opens a name when capitalised and no common word ("Al Gore", "Van Hollen"),
    # not when it is a function word ("Of", "And"): the treebank's common words tell them apart
    particle = first in lx.name_inner and first != "the" and not (words[0][:1].isupper() and common and first not in common)
    if first in lx.np_breaks or first in lx.pronouns or particle or first in (m.lower() for m in lx.months) \
            or first in (d.lower() for d in lx.weekdays):
        return "stray"
    caps = [w for w in words if w[:1].isupper() and w.lower() not in lx.name_inner]
    head = lows[-1]
    agentive = head in lx.role_nouns or head in agent_heads
    if not caps:
        return "role" if agentive else "stray"
    if len(words) == 1:
        w = words[0]
        if first in lx.role_nouns or first in lx.org_words:
            return "role"  # "President", "Council": a description with nobody named
        if len(w.rstrip(".")) == 1 or (first in common and first not in lx.org_words):
            return "stray"
        if first.endswith("ly") and len(first) > 4 and not w.isupper():
            return "stray"  # "Incidentally", "Naturally"
        return "name"
    if any(len(w.rstrip(".")) == 1 and not w.endswith(".") for w in caps[:1]) and len(caps) >= 2 and caps[0] == words[0] and words[0] in ("Q", "A"):
        return "stray"  # "Q Thanks": a transcript's question label run into its words
    if "of" in lows[1:]:
        before = lows[: lows.index("of", 1)]
        head = before[-1]
        if head in common and not any(x in lx.org_words or x in lx.role_nouns or x in agent_heads for x in before):
            return "stray"  # "Opinions of world leaders", "Topics of Interest", "Beginning of ..."
    if any(x in lx.org_words or x in lx.role_nouns for x in lows):
        return "group"
    if first in common and words[0][:1].isupper() and not _demonym(words[0], lx) and first not in agent_heads:
        return "stray"  # "Free Trade Agreement", "Missiles for Patriots", "Recognizing Japan"
    if words[-1][:1].islower():
        # "Ukrainian officials", "Western colleagues"; but "whole world", "Russian terror"
        return "group" if agentive or (head.endswith("s") and head not in common and len(head) > 3) or head in agent_heads else "stray"
    if common and all(w.lower() in common or w.lower() in lx.name_inner for w in words):
        return "stray"  # "Nuclear Weapons", "Order Signing", "Assessing Progress"
    return "name"

#: how long after the text's date a role "elect" is taken to be held (a US president-elect takes
#: office in January, some eleven weeks after the election)
ELECT_DAYS = 120
#: how many earlier speakers (and names) a definite description or pronoun may reach back to
ANTECEDENT_REACH = 200
#: how many of the latest names met a surname, a subject or a role is matched against (every name
#: of the document, for every mention, made long documents quadratic: 54 KB of dense "X said that"
#: took 48 s); a name met further back is no plausible antecedent
NAME_REACH = 500


class _Names(list):
    """The names met in a document, in order (a list), keeping each distinct name (by value: the
    look-ups depend on nothing else) in the order of its latest mention too (``latest``), so that
    a look-up goes through each person once, not once per mention: a dense document repeats a
    few names thousands of times."""

    def __init__(self, items: Iterable[Speaker] = ()):
        super().__init__(items)
        self._rebuild()

    def _rebuild(self) -> None:
        self.latest: dict[Speaker, Speaker] = {}
        for sp in self:
            self.latest.pop(sp, None)
            self.latest[sp] = sp

    def append(self, sp: Speaker) -> None:
        super().append(sp)
        self.latest.pop(sp, None)
        self.latest[sp] = sp

    def _changed(name):  # every other change of the list rebuilds the order (rare)
        def method(self, *args, **kwargs):
            out = getattr(list, name)(self, *args, **kwargs)
            self._rebuild()
            return out
        return method

    for _name in ("__setitem__", "__delitem__", "__iadd__", "extend", "insert", "pop", "remove", "clear",
                  "sort", "reverse"):
        locals()[_name] = _changed(_name)
    del _name, _changed


@dataclass
class Context:
    """What resolution knows about one document."""

    lexicon: Lexicon
    registry: Any = None
    on: dt.date | None = None
    language: str = "en"
    principal: Speaker | None = None
    #: the side the document speaks from (its source's: kremlin.ru -> RU), passed to the registry
    #: so that bare roles ("the President") resolve
    side: str | None = None
    #: the person the title says acted ("Andriy Yermak discussed ..."), a party in place of the
    #: principal
    lead: Speaker | None = None
    counterparts: list[Speaker] = field(default_factory=list)
    #: lower-case nouns seen heading speakers in training ("analysts", "officials")
    agent_heads: frozenset[str] = frozenset()
    #: the acronyms the document spells out ("the Institute for the Study of War (ISW)"): the
    #: institution is named in full (:func:`acronyms`)
    aliases: dict[str, str] = field(default_factory=dict)
    history: list[Speaker] = field(default_factory=list)  # speakers in document order
    names: list[Speaker] = field(default_factory=_Names)  # named speakers (for surnames, titles)
    _cache: dict[str, Speaker | None] = field(default_factory=dict)
    #: registry persons the mention being resolved must not be credited to (:meth:`barring`)
    _barred: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    # ---------------------------------------------------------------- registry
    def lookup(self, mention: str) -> Speaker | None:
        if self.registry is None or not mention:
            return None
        key = mention
        if key in self._cache:
            sp = self._cache[key]
            return None if sp is not None and sp.actor_id in self._barred else sp
        if self.side is not None:
            try:
                actor = self.registry.resolve(mention, on=self.on, language=self.language, side=self.side)
            except TypeError:  # a registry without sides
                actor = self.registry.resolve(mention, on=self.on, language=self.language)
        else:
            actor = self.registry.resolve(mention, on=self.on, language=self.language)
        sp = Speaker.of(actor, on=self.on, language=self.language) if actor is not None else None
        self._cache[key] = sp
        return None if sp is not None and sp.actor_id in self._barred else sp

    # ------------------------------------------------------------------ names
    def recent_names(self) -> Iterator[Speaker]:
        """The names met in the document, the latest first, each once (a name met again moves to
        the front), the latest :data:`NAME_REACH` of them."""
        names = self.names
        if not isinstance(names, _Names):
            names = self.names = _Names(names)
        return itertools.islice(reversed(names.latest.values()), NAME_REACH)

    def split_name(self, mention: str) -> tuple[str | None, str]:
        """(personal name, title) of a mention: "President of Ukraine Volodymyr Zelenskyy" ->
        ("Volodymyr Zelenskyy", "President of Ukraine"); "the President" -> (None, "President")."""
        lx = self.lexicon
        words = _WORD.findall(mention)
        while words and words[0].lower() in lx.determiners:
            words = words[1:]
        if words and words[-1].lower() in ("'s", "\u2019s"):
            words = words[:-1]
        while (
            len(words) > 1 and words[-1][:1].islower() and words[-1].lower() not in lx.role_nouns and words[-2][:1].isupper()
            and not (len(words) == 2 and _demonym(words[0], lx))
        ):
            words = words[:-1]  # "a Lloyd's List report" (but "the Ukrainian leadership")
        if not words:
            return None, ""
        if not any(w.lower() in lx.role_nouns or w.lower() in lx.honorifics for w in words):
            if all(w[:1].isupper() or w.lower() in lx.name_inner for w in words):
                return " ".join(words), ""
        # trailing run of capitalised words that are neither role nouns nor honorifics
        k = len(words)
        while k > 0:
            w = words[k - 1]
            lw = w.lower()
            if not w[:1].isupper() or lw in lx.role_nouns or lw in lx.honorifics or lw in lx.name_inner:
                break
            k -= 1
        run = words[k:]
        title = " ".join(words[:k])
        if not run:
            return None, title
        if k > 0 and words[k - 1].lower() in ("of", "for", "to", "on") and len(run) == 1 and any(
            w.lower() in lx.role_nouns for w in words[:k]
        ):
            return None, " ".join(words)  # "adviser to the President of Ukraine"
        if k > 0 and words[k - 1].lower() in ("of", "for", "to", "on") and len(run) >= 2:
            # "President of Ukraine Volodymyr Zelenskyy": the first word is the title's
            title = " ".join(words[: k + 1])
            run = run[1:]
        if len(run) >= 3 and title and not any(len(w) <= 2 or w.endswith(".") for w in run):
            # "... on Economic Issues Oleg Ustenko": a personal name is two words
            title = " ".join(words[: len(words) - 2])
            run = run[-2:]
        if k == 0 and not title and len(run) == 1 and run[0].lower() in lx.role_nouns:
            return None, run[0]
        return " ".join(run), title

    # -------------------------------------------------------------- resolution
    @contextmanager
    def barring(self, mention: str) -> Iterator[None]:
        """Within the block, the registry persons ``mention`` names by surname under another given
        name ("Oleg Tymoshenko": not Kyrylo Tymoshenko; :meth:`Registry.conflicting_actors`) are
        barred from every look-up, the parts of the mention and the names met before included:
        the mention resolves as it would if the registry did not know them."""
        conflicting = getattr(self.registry, "conflicting_actors", None)
        barred = conflicting(mention) if conflicting is not None else frozenset()
        if not barred or barred <= self._barred:
            yield
            return
        outer = self._barred
        self._barred = outer | barred
        try:
            yield
        finally:
            self._barred = outer

    def resolve(self, mention: str, *, pronoun_ok: bool = True, in_turn: Speaker | None = None) -> Speaker:
        """The speaker ``mention`` names, with the persons it rules out barred (:meth:`barring`);
        a language's context overrides :meth:`resolve_mention`, not this."""
        with self.barring(mention):
            return self.resolve_mention(mention, pronoun_ok=pronoun_ok, in_turn=in_turn)

    def resolve_mention(self, mention: str, *, pronoun_ok: bool = True, in_turn: Speaker | None = None) -> Speaker:
        lx = self.lexicon
        m = strip_openers(mention.strip(), lx)
        low = m.lower()
        if low in lx.pronouns:
            return self._pronoun(low, mention, in_turn)
        sp = self.elected(m)
        if sp is not None:
            return self._remember(sp)  # "the president-elect": not today's president
        office = _OFFICE.match(m)
        if office is not None:
            # "her office said", "President Vostan's office", "the presidential office": the
            # office speaks for its holder
            holder = self._office_holder(office.group("who"), in_turn)
            if holder is not None:
                return holder
        hit = self.lookup(m)
        if hit is None and self.aliases:
            full = self.aliases.get(_strip_determiners(m, lx) or m) or self.aliases.get(self.split_name(m)[0] or "")
            if full is not None:
                # "ISW said", "ISW analysts": the institution the document spelled out, by its name in full
                return self._remember(self.lookup(full) or Speaker(full, None, None, "institution", None, None))
        if hit is not None and hit.type == "institution" and _person_head(m, lx):
            # "the Adviser to the Head of the Office of the President": a person of the office
            # named in the registry, the one named before with that title when there is one
            sp = self.by_role(m)
            if sp is not None and sp.type != "institution":
                return self._remember(sp)
        if _described_person(m, lx):
            # "Moscow's point man on relations with Washington": a description of a person, the
            # names in it are not the speaker
            sp = self.by_role(self.split_name(m)[1] or m)
            return self._remember(sp) if sp is not None else unresolved("role")
        name, title = self.split_name(m)
        if name and " " not in name and _demonym(name, lx) and name != m:
            name = None  # "the upper house of the Polish parliament": an adjective is no name
        if hit is None and name and name != m:
            hit = self.lookup(name)
        if hit is None and name and " " in name:
            words = name.split()
            for k in range(1, len(words)):
                hit = self.lookup(" ".join(words[k:]))
                if hit is not None and (hit.type == "person" or len(words) - k > 1):
                    break
                hit = None
        if hit is not None:
            return self._remember(hit.with_title(title or None))
        words = low.replace("\u2019", "'").split()
        if words and words[0] in ("the", "this", "that") and words[-1] in self._document_nouns():
            # "the resolution reads", "according to the statement": whoever issued it, just named
            sp = self._issuer()
            if sp is not None:
                return self._remember(sp)
        sp = self.described_antecedent(m)
        if sp is not None:
            # "the Austrian chancellor", "the head of the German government", "the journalist":
            # the person named before whom the description fits
            return self._remember(sp)
        form = name_form(name or m, lx, self.agent_heads)
        if form == "stray":
            return unresolved("stray")
        if name:
            # a surname or part of a fuller name given earlier in the document
            last = name.split()[-1].lower()
            for sp in self.recent_names():
                if not _person_like(sp, lx) or sp.actor_id in self._barred:
                    continue
                parts = [p.lower() for p in sp.name.split()]
                if parts and (parts[-1] == last or name.lower() in sp.name.lower()):
                    return self._remember(sp)
            return self._remember(Speaker(name, None, None, None, None, title or None, (title,) if title else ()), named=True)
        # a role without a name: an earlier speaker with that title in this document
        sp = self.by_role(title or m)
        if sp is not None:
            return self._remember(sp)
        head = words[-1] if words else ""
        if form == "role" and words and words[0] in ("the", "this", "that") and len(words) <= 3 and head in lx.role_nouns:
            # "the diplomat", "the official", "the minister": the person who spoke just before
            sp = next((x for x in reversed(self.history[-6:]) if x is not JOINT and x.type == "person"
                       or (x.actor_id is None and x.type is None and len(x.name.split()) >= 2 and x.name[:1].isupper())), None)
            if sp is not None:
                return self._remember(sp)
        if form == "role":
            return unresolved("role")
        cleaned = _strip_determiners(m, lx)
        return self._remember(Speaker(cleaned or m, None, None, None, None, None))

    def elected(self, mention: str) -> Speaker | None:
        """The person a role "elect" names ("the president-elect", "новообраний президент США"):
        with the lexicon's ``elect_words`` taken out, the role's holder once the elected take
        office (:data:`ELECT_DAYS` after the text's date), when that is someone else than today's
        holder. None when the mention has no such word or the role names nobody then."""
        if self.registry is None or self.on is None:
            return None
        elect = _lexicon_set(self.lexicon, "elect_words")
        words = mention.split()
        kept = []
        for w in words:
            low = w.lower().strip(",.")
            head, _, tail = low.rpartition("-")
            if low in elect:
                continue
            if head and tail in elect:
                kept.append(w[: len(head)])  # "President-elect" -> "President"
                continue
            kept.append(w)
        if not elect or kept == words or not kept:
            return None
        rest = " ".join(kept)
        later = self.on + dt.timedelta(days=ELECT_DAYS)
        try:
            actor = self.registry.resolve(rest, on=later, language=self.language, side=self.side)
        except TypeError:  # a registry without sides
            actor = self.registry.resolve(rest, on=later, language=self.language)
        if actor is None or actor.type != "person":
            return None
        now = self.lookup(rest)
        if now is not None and now.actor_id == actor.id:
            return None  # re-elected, or no change of holder in sight: read as before
        return Speaker.of(actor, on=later, language=self.language)

    def described_antecedent(self, mention: str) -> Speaker | None:
        """The person a definite description of one person refers back to ("the Austrian
        chancellor", "the head of the German government", "the former Polish leader", "the
        journalist"): a description opening with a definite article, its head a lower-case noun
        naming a person (a role noun or one of the lexicon's ``person_nouns``), in the singular,
        with no name in it but adjectives of nationality. Among the persons who spoke or were
        subjects just before and the names met, the latest first: the first whose title has the
        head noun and agrees with the description's nationality; else, for a role noun ("the
        chancellor"), the first that agrees with it (a person with a title of that country, or the
        latest person when the description names no country); for another person noun ("the
        journalist"), the only person named, when the registry does not know them. A description
        of an institution ("the institute", "The Institute") is the latest institution named with
        that word. None when nobody fits (the mention is then read as before)."""
        lx = self.lexicon
        words = _WORD.findall(mention.replace("\u2019", "'"))
        if len(words) < 2 or words[0].lower() not in _definite_articles(lx):
            return None
        body = words[1:]
        cut = next((k for k, w in enumerate(body) if w.lower() in _PREPOSITIONS), len(body))
        pre = body[:cut]
        if not pre:
            return None
        head = pre[-1].lower()
        if head in lx.org_words and head not in lx.role_nouns and (pre[-1][:1].islower() or len(body) == 1):
            # "the institute", "The Institute": the latest institution named with that word
            for sp in [*reversed(self.history[-8:]), *itertools.islice(self.recent_names(), 30)]:
                if sp is not JOINT and sp.type not in ("person", UNRESOLVED) and head in _WORD.findall(sp.name.lower()) \
                        and sp.name.lower() != head:
                    return sp
            return None
        if not pre[-1][:1].islower() or (head.endswith("s") and not head.endswith("ss")) or head in lx.org_words:
            return None
        if not ((head in lx.role_nouns and head not in _NON_PERSON_ROLES) or head in _person_nouns(lx)):
            return None
        caps = [w for w in body if w[:1].isupper()]
        if any(not _demonym(w, lx) for w in caps):
            return None  # "the head of Rosatom", "the Kremlin chief": resolved by name or title
        stems = [_demonym_stem(w) for w in caps]
        pool: list[Speaker] = []
        seen: set[str] = set()
        for sp in [*reversed(self.history[-8:]), *itertools.islice(self.recent_names(), 30)]:
            if sp is JOINT or sp.name in seen or not (_person_like(sp, lx) or sp.type == "person"):
                continue
            seen.add(sp.name)
            pool.append(sp)

        def agrees(sp: Speaker) -> bool | None:
            """Whether the person's titles name the description's country (None: nothing known
            of the person but the name)."""
            if not stems:
                return True
            titles = [t for t in (*sp.titles, sp.title or "") if t]
            if sp.side is None and not any(w[:1].isupper() for t in titles for w in _WORD.findall(t)):
                return None  # no country in what is known of the person ("a local war correspondent")
            twords = {w for t in titles for w in _WORD.findall(t.lower())}
            return all(any(tw.startswith(st) for tw in twords) for st in stems)

        for sp in pool:
            if agrees(sp) and any(_title_head(t, lx) == head or head in _WORD.findall(t.lower())
                                  for t in (*sp.titles, sp.title or "") if t):
                return sp
        if head not in lx.role_nouns:
            # "the journalist": a person given that description before, or the only person named
            # when the registry does not know them (a known minister is no "journalist")
            persons = [sp for sp in pool if sp.actor_id is not None or sp.type == "person" or _person_like(sp, lx)]
            if len(persons) == 1 and persons[0].actor_id is None and agrees(persons[0]) is not False:
                return persons[0]
            return None
        for sp in pool:
            if agrees(sp) and (stems or sp in self.history[-8:]):
                return sp
        return None

    def _document_nouns(self) -> frozenset[str]:
        return frozenset(str(w).lower() for w in (self.lexicon.raw or {}).get("document_nouns") or ())

    def _issuer(self) -> Speaker | None:
        """The speaker who issued the document a text goes on to quote: the latest institution or
        person named (in the history of speakers and subjects)."""
        for sp in reversed(self.history[-6:]):
            if sp is JOINT or sp.type == UNRESOLVED or not sp.name[:1].isupper():
                continue
            return sp
        return None

    def _office_holder(self, who: str, in_turn: Speaker | None) -> Speaker | None:
        low = who.lower()
        if low in self.lexicon.pronouns:
            sp = self._pronoun(low, who, in_turn)
            return sp if sp.actor_id is not None or (sp.name[:1].isupper() and sp.name.lower() != low) else None
        if low in ("the presidential", "the president's", "the prime minister's", "the minister's"):
            return self.by_role(low.removeprefix("the ").replace("presidential", "president").removesuffix("'s"))
        name = re.sub(r"(?:'s|\u2019s)$", "", who)
        if not name[:1].isupper():
            return None
        sp = self.resolve(name, in_turn=in_turn)
        return sp if sp.type == "person" or (sp.actor_id is None and " " in sp.name) else None

    def by_role(self, role_text: str) -> Speaker | None:
        """The person a role mention ("the Head of State", "the President's adviser") refers to
        in this document: the latest named person with a matching title, else the principal."""
        role = _norm_title(role_text, self.lexicon)
        if not role or not any(w in self.lexicon.role_nouns for w in role):
            return None
        if role[-1] in ("counterpart", "interlocutor") and self.counterparts:
            # "his French counterpart": the party of the conversation who is not the one just named
            last = next((sp for sp in reversed(self.history) if sp is not JOINT and sp.type != "institution"), None)
            for sp in [*( [self.principal] if self.principal is not None else []), *self.counterparts]:
                if last is None or sp.name != last.name:
                    return sp
        pool = [self.principal] if self.principal is not None else []
        # the subjects and speakers just before (salience), then every name, the latest first
        pool.extend(sp for sp in reversed(self.history[-3:]) if sp is not JOINT and sp.actor_id is not None)
        pool.extend(self.recent_names())
        pool.extend(self.counterparts)
        for sp in pool:
            for title in sp.titles:
                if _title_matches(role, _norm_title(title, self.lexicon)):
                    return sp
        # "the ministry", "the minister", "the envoy": the nearest speaker named before whose
        # name or title has the same head noun (and every other word of the mention)
        for sp in self.antecedents():
            if self.role_fits(role_text, sp):
                return sp
        return None

    def antecedents(self) -> list[Speaker]:
        """Named speakers of the document, the most recent first (subjects and speakers, then
        names met elsewhere), without repeats."""
        out: list[Speaker] = []
        seen: set[str] = set()
        recent = self.history[-3:]
        # the last ANTECEDENT_REACH speakers and names: an antecedent further back is implausible,
        # and scanning the whole history for every mention made long documents quadratic
        reach = ANTECEDENT_REACH
        for sp in [*reversed(recent), *reversed(self.names[-reach:]), *self.counterparts,
                   *reversed(self.history[-reach:])]:
            if sp is JOINT or sp.name in seen or not sp.name[:1].isupper():
                continue
            seen.add(sp.name)
            out.append(sp)
        return out

    def role_fits(self, role_text: str, sp: Speaker) -> bool:
        """Whether a role mention ("the ministry", "the presidential spokesman") can name ``sp``:
        the same kind (an institution for "ministry", a person for "minister"), the same head
        noun in its name or one of its titles, and every other word of the mention there too."""
        lx = self.lexicon
        head = _title_head(role_text, lx)
        if head is None or not (sp.titles or sp.title or sp.type == "institution" or sp.type is None):
            return False
        role = _norm_title(role_text, lx)
        if not role:
            return False
        institution = head in lx.org_words
        if sp.type is not None and (sp.type == "institution") != institution:
            return False
        if sp.type is None and sp.actor_id is None and institution != any(w.lower() in lx.org_words for w in sp.name.split()):
            return False
        titles = [*sp.titles, sp.title or ""]
        if institution or sp.type == "institution":
            titles.append(sp.name)
        for title in titles:
            if title and _title_head(title, lx) == head and set(role) <= set(_norm_title(title, lx)):
                return True
        return False

    def note_name(self, mention: str) -> None:
        """A full name met in the text ("Deputy Head of the Office ... Ihor Zhovkva"): known for
        later surnames and role mentions, but not an antecedent for pronouns."""
        mention = strip_openers(mention, self.lexicon)
        name, title = self.split_name(mention)
        if not name or " " not in name or name_form(name, self.lexicon, self.agent_heads) == "stray":
            return
        hit = self.lookup(mention) or self.lookup(name)
        sp = hit.with_title(title or None) if hit is not None else Speaker(name, title=title or None, titles=(title,) if title else ())
        if sp.actor_id is None and any(w.lower() in self.lexicon.role_nouns for w in name.split()):
            return
        self.names.append(sp)

    def note_subject(self, mention: str) -> None:
        """A sentence's subject: a person named or described there is the next "he"/"she"."""
        lx = self.lexicon
        if mention.lower() in lx.pronouns or re.search(r"\b(?:counterparts?|interlocutors?)\b", mention.lower()):
            return  # "his counterpart" is resolved against the speaker before it, at its cue
        mention = strip_openers(mention, lx)
        name, title = self.split_name(mention)
        sp: Speaker | None = None
        hit = self.lookup(mention) or (self.lookup(name) if name else None)
        if hit is not None:
            sp = hit.with_title(title or None)
        elif name:
            if name_form(name, lx, self.agent_heads) == "stray":
                return  # "In Moscow", "Nuclear Weapons": no one to refer back to
            last = name.split()[-1].lower()
            for cand in self.recent_names():
                if cand.name and cand.name.split()[-1].lower() == last:
                    sp = cand
                    break
            if sp is None and len(name.split()) >= 2:
                sp = Speaker(name, title=title or None, titles=(title,) if title else ())
                self.names.append(sp)
        else:
            sp = self.by_role(title or mention)
        if sp is not None:
            self.history.append(sp)

    def _remember(self, sp: Speaker, named: bool = False) -> Speaker:
        if sp.type == UNRESOLVED:
            return sp
        self.history.append(sp)
        if sp.actor_id is not None or named or sp.title:
            if sp.name and sp.name[:1].isupper():
                self.names.append(sp)
        return sp

    def _pronoun(self, low: str, mention: str, in_turn: Speaker | None) -> Speaker:
        person, number, gender = self.lexicon.pronouns[low]
        if person == 1:
            if in_turn is not None:
                return in_turn
            return unresolved("pronoun")
        if person == 2:
            return unresolved("pronoun")
        if number == "pl" or low in ("they", "them", "their"):
            for sp in reversed(self.history):
                if sp.type == "institution" or sp.name.endswith("s"):
                    return sp
            return unresolved("pronoun")
        if gender == "n":
            for sp in reversed(self.history):
                if sp.type == "institution":
                    return sp
            return unresolved("pronoun")
        for sp in reversed(self.history):
            if sp.type == "institution" or sp is JOINT or sp.name == JOINT.name:
                continue
            if sp.gender is not None and gender in ("m", "f") and sp.gender != gender:
                continue
            if sp.name.lower() in self.lexicon.pronouns:
                continue
            if sp.actor_id is None and not sp.name[:1].isupper():
                continue
            if sp.actor_id is None and sp.type != "person" and len(sp.name.split()) < 2 and not sp.title and not sp.titles:
                continue  # "Euractiv", "Ukrinform": one word the registry does not know is no "he"
            if sp.actor_id is None and sp.type != "person" and any(w.lower() in self.lexicon.org_words or w == "and" for w in sp.name.split()):
                continue  # "Group of Seven": an organisation; "Trump and Clinton": two people
            self.history.append(sp)
            return sp
        if self.principal is not None and (self.principal.gender in (None, gender)):
            return self.principal
        return unresolved("pronoun")

    def parties(self) -> list[Speaker]:
        """The parties of a joint act: the principal and the counterpart(s)."""
        out: list[Speaker] = []
        if self.lead is not None:
            out.append(self.lead)
        elif self.principal is not None:
            out.append(self.principal)
        for c in self.counterparts:
            if all(c.name != o.name for o in out):
                out.append(c)
        if len(out) < 2:
            # the most recent distinct persons who spoke or were resolved in the registry
            for sp in reversed(self.history):
                if sp is JOINT or not (sp.type == "person" or (sp.actor_id is None and sp.title)):
                    continue
                if all(sp.name != o.name for o in out):
                    out.append(sp)
                if len(out) >= 2:
                    break
        return out


#: nouns that describe a person by what they deal with ("point man on relations with ...")
_PERSON_HEADS = frozenset(["man", "woman", "negotiator", "emissary", "interlocutor", "liaison", "pointman"])


def _described_person(mention: str, lx: Lexicon) -> bool:
    """Whether a mention describes a person by a role with a phrase after it, the names inside
    only saying of what or of whom ("Moscow's point man on relations with Washington", "the
    Kremlin's chief negotiator with Kyiv"): a lower-case person noun followed by a preposition."""
    words = mention.replace("\u2019", "'").split()
    for k, w in enumerate(words[:-1]):
        low = w.lower()
        if low in _PERSON_HEADS and w[:1].islower() and words[k + 1].lower() in ("on", "with", "for"):
            tail = words[k + 2 :]
            caps = [x for x in tail if x[:1].isupper()]
            # a capitalised word inside the phrase, and no personal name of two words ending it
            return bool(caps) and not (len(tail) >= 2 and tail[-1][:1].isupper() and tail[-2][:1].isupper())
    return False


def _demonym(word: str, lx: Lexicon) -> bool:
    """"Ukrainian", "Borovian": an adjective of nationality, not a name by itself."""
    low = word.lower()
    return low in lx.role_adjectives or (word[:1].isupper() and len(low) > 5 and low.endswith(("ian", "ean", "ese", "ish")))


#: words that end the head of a description ("the head of the German government")
_PREPOSITIONS = frozenset(["of", "for", "to", "at", "in", "on", "with", "from"])
#: role nouns that name an office or a body, not a person
_NON_PERSON_ROLES = frozenset(["state", "office", "ministry", "kremlin", "government", "administration", "campaign"])


_LEXICON_SETS: dict[tuple[int, str], tuple[Lexicon, frozenset[str]]] = {}


def _lexicon_set(lx: Lexicon, key: str, default: tuple[str, ...] = ()) -> frozenset[str]:
    hit = _LEXICON_SETS.get((id(lx), key))
    if hit is None or hit[0] is not lx:
        hit = _LEXICON_SETS[(id(lx), key)] = (lx, frozenset(str(w).lower() for w in (lx.raw or {}).get(key) or default))
    return hit[1]


def _definite_articles(lx: Lexicon) -> frozenset[str]:
    return _lexicon_set(lx, "definite_articles", ("the",))


def _person_nouns(lx: Lexicon) -> frozenset[str]:
    return _lexicon_set(lx, "person_nouns")


def _demonym_stem(word: str) -> str:
    """The start a country's name shares with its adjective ("Austrian" -> "austr", "Polish" ->
    "pol", "German" -> "germ")."""
    low = word.lower()
    for suffix in ("ian", "ean", "ese", "ish", "an", "n"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return low[: -len(suffix)]
    return low


def _person_like(sp: Speaker, lx: Lexicon) -> bool:
    """A registry person, or an unknown name of two or more words that looks personal."""
    if sp.actor_id is not None:
        return sp.type == "person"
    words = sp.name.split()
    return len(words) >= 2 and not any(w.lower() in ("and", "of", "the", "for") or w.lower() in lx.role_nouns for w in words)


def _strip_determiners(text: str, lx: Lexicon) -> str:
    words = text.split()
    while words and words[0].lower() in lx.determiners:
        words = words[1:]
    return " ".join(words)


#: titles normalised per lexicon (keyed by the lexicon's id; the lexicons are kept alive in
#: _LEXICONS so that an id is never reused while its entries are cached)
_NORM_CACHE: dict[tuple[int, str], tuple[str, ...]] = {}
_HEAD_CACHE: dict[tuple[int, str], str | None] = {}
_LEXICONS: dict[int, Lexicon] = {}


def _norm_title(title: str, lx: Lexicon) -> tuple[str, ...]:
    key = (id(lx), title)
    _LEXICONS.setdefault(id(lx), lx)
    hit = _NORM_CACHE.get(key)
    if hit is None:
        if len(_NORM_CACHE) > 50000:
            _NORM_CACHE.clear()
        hit = _NORM_CACHE[key] = _norm_title_uncached(title, lx)
    return hit


def _norm_title_uncached(title: str, lx: Lexicon) -> tuple[str, ...]:
    low = title.lower().replace("\u2019", "'")
    for a, b in lx.role_synonyms.items():
        low = low.replace(a, b)
    words = [w.rstrip(".,") for w in _WORD.findall(low)]
    words = [w.removesuffix("'s") for w in words]
    return tuple(
        w
        for w in words
        if w and w not in lx.determiners and w not in ("of", "the", "to", "'s", "\u2019s", "on", "for", "'")
        and w not in lx.role_adjectives
    )


#: "her office", "President Vostan's office", "the presidential office", "his press office"
_OFFICE = re.compile(
    r"^(?P<who>his|her|their|the\s+presidential|the\s+(?:prime\s+)?minister['\u2019]s|the\s+president['\u2019]s"
    r"|(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*['\u2019]s)\s+(?:press\s+)?(?:office|press\s+service)$",
    re.IGNORECASE,
)


def _person_head(mention: str, lx: Lexicon) -> bool:
    """Whether a mention's head is a person's role ("the Adviser to the Head of the Office"), not
    an institution ("the Office of the President")."""
    head = _title_head(mention, lx)
    return head is not None and head not in lx.org_words


def _title_head(title: str, lx: Lexicon) -> str | None:
    key = (id(lx), title)
    _LEXICONS.setdefault(id(lx), lx)
    if key not in _HEAD_CACHE:
        if len(_HEAD_CACHE) > 50000:
            _HEAD_CACHE.clear()
        _HEAD_CACHE[key] = _title_head_uncached(title, lx)
    return _HEAD_CACHE[key]


def _title_head_uncached(title: str, lx: Lexicon) -> str | None:
    """The head noun of a title or role mention: its last role noun before "of"/"to"/"for"
    ("Spokesperson for the President" -> spokesman, "Foreign Minister of Russia" -> minister,
    "Kremlin spokesman" -> spokesman, "Borovian Defence Ministry" -> ministry)."""
    low = title.lower().replace("\u2019", "'")
    for a, b in lx.role_synonyms.items():
        low = low.replace(a, b)
    head = None
    for w in _WORD.findall(low):
        w = w.rstrip(".,").removesuffix("'s")
        if w in ("of", "to", "for", "on") and head is not None:
            break
        if w in lx.role_nouns or w in lx.org_words:
            head = w
    return head


def _title_matches(role: tuple[str, ...], title: tuple[str, ...]) -> bool:
    """"the Deputy Head of the Office" matches "Deputy Head of the Office of the President of
    Ukraine"; "the President's adviser" matches "Adviser to the President of Ukraine ..."."""
    if not role or not title:
        return False
    tset = set(title)
    if not set(role) <= tset:
        return False
    # the role's head noun (its last role word) must be the title's head noun (its first word)
    return role[0] == title[0] or role[-1] == title[0]
