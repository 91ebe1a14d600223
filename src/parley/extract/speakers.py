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
  of the President of Ukraine Ihor Zhovkva"), else the mention itself (``actor_id`` None).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
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
    history: list[Speaker] = field(default_factory=list)  # speakers in document order
    names: list[Speaker] = field(default_factory=list)  # named speakers (for surnames, titles)
    _cache: dict[str, Speaker | None] = field(default_factory=dict)

    # ---------------------------------------------------------------- registry
    def lookup(self, mention: str) -> Speaker | None:
        if self.registry is None or not mention:
            return None
        key = mention
        if key in self._cache:
            return self._cache[key]
        try:
            if self.side is not None:
                try:
                    actor = self.registry.resolve(mention, on=self.on, language=self.language, side=self.side)
                except TypeError:  # a registry without sides
                    actor = self.registry.resolve(mention, on=self.on, language=self.language)
            else:
                actor = self.registry.resolve(mention, on=self.on, language=self.language)
        except Exception:  # a registry that cannot parse a mention is a miss, not a crash
            actor = None
        sp = Speaker.of(actor, on=self.on, language=self.language) if actor is not None else None
        self._cache[key] = sp
        return sp

    # ------------------------------------------------------------------ names
    def split_name(self, mention: str) -> tuple[str | None, str]:
        """(personal name, title) of a mention: "President of Ukraine Volodymyr Zelenskyy" ->
        ("Volodymyr Zelenskyy", "President of Ukraine"); "the President" -> (None, "President")."""
        lx = self.lexicon
        words = _WORD.findall(mention)
        while words and words[0].lower() in lx.determiners:
            words = words[1:]
        if words and words[-1].lower() in ("'s", "\u2019s"):
            words = words[:-1]
        while len(words) > 1 and words[-1][:1].islower() and words[-1].lower() not in lx.role_nouns and words[-2][:1].isupper():
            words = words[:-1]  # "a Lloyd's List report"
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
    def resolve(self, mention: str, *, pronoun_ok: bool = True, in_turn: Speaker | None = None) -> Speaker:
        lx = self.lexicon
        m = mention.strip()
        low = m.lower()
        if low in lx.pronouns:
            return self._pronoun(low, mention, in_turn)
        hit = self.lookup(m)
        name, title = self.split_name(m)
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
        if name:
            # a surname or part of a fuller name given earlier in the document
            last = name.split()[-1].lower()
            for sp in reversed(self.names):
                if not _person_like(sp, lx):
                    continue
                parts = [p.lower() for p in sp.name.split()]
                if parts and (parts[-1] == last or name.lower() in sp.name.lower()):
                    return self._remember(sp)
            return self._remember(Speaker(name, None, None, None, None, title or None, (title,) if title else ()), named=True)
        # a role without a name: an earlier speaker with that title in this document
        sp = self.by_role(title or m)
        if sp is not None:
            return self._remember(sp)
        cleaned = _strip_determiners(m, lx)
        return self._remember(Speaker(cleaned or m, None, None, None, None, None))

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
        pool.extend(reversed(self.names))
        pool.extend(self.counterparts)
        for sp in pool:
            for title in sp.titles:
                if _title_matches(role, _norm_title(title, self.lexicon)):
                    return sp
        return None

    def note_name(self, mention: str) -> None:
        """A full name met in the text ("Deputy Head of the Office ... Ihor Zhovkva"): known for
        later surnames and role mentions, but not an antecedent for pronouns."""
        name, title = self.split_name(mention)
        if not name or " " not in name:
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
        name, title = self.split_name(mention)
        sp: Speaker | None = None
        hit = self.lookup(mention) or (self.lookup(name) if name else None)
        if hit is not None:
            sp = hit.with_title(title or None)
        elif name:
            for cand in reversed(self.names):
                if cand.name.split()[-1].lower() == name.split()[-1].lower():
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
            return Speaker(mention)
        if person == 2:
            return Speaker(mention)
        if number == "pl" or low in ("they", "them", "their"):
            for sp in reversed(self.history):
                if sp.type == "institution" or sp.name.endswith("s"):
                    return sp
            return Speaker(mention)
        if gender == "n":
            for sp in reversed(self.history):
                if sp.type == "institution":
                    return sp
            return Speaker(mention)
        for sp in reversed(self.history):
            if sp.type == "institution" or sp is JOINT or sp.name == JOINT.name:
                continue
            if sp.gender is not None and gender in ("m", "f") and sp.gender != gender:
                continue
            if sp.name.lower() in self.lexicon.pronouns:
                continue
            if sp.actor_id is None and not sp.name[:1].isupper():
                continue
            self.history.append(sp)
            return sp
        if self.principal is not None and (self.principal.gender in (None, gender)):
            return self.principal
        return Speaker(mention)

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


def _norm_title(title: str, lx: Lexicon) -> tuple[str, ...]:
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
