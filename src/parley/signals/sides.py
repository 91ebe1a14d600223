"""Which side a name in a statement speaks for, read from the actor registry.

The rule coder needs to know who a clause is about (the speaker's own side, another party) and
whom a signal targets. It must not know anything about particular conflicts: the names come from
the actor registry (:func:`parley.actors.load_registry`, with any extra files, such as the demo's
fictional countries), never from the lexicons. From the registry it takes

- the side table (``countries``): each country's or bloc's names, adjectives ("Borovian") and
  capitals used for governments ("Orlen"), in the lexicon's language;
- every actor with a side: people (full names, aliases, surnames) and institutions.

A lexicon adds only what belongs to its language (``parties`` in ``lexicons/<lang>.yaml``): the
nouns that make an adjective a party ("Borovian *forces*", "the Arvenian *side*"), labels that
always name another party than the speaker's ("the occupiers", "the aggressor": side
:data:`OTHER`), and names of a party whose side is not known ("the West": side :data:`ANY`).

    from parley.signals.sides import side_table
    table = side_table(registry, "en", nouns=["forces", "side"])
    table.side("the Borovian forces")      # "XB" with the demo registry
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..actors import load_registry

#: the side of a label that names some other party than the speaker's ("the aggressor").
OTHER = "other"
#: the side of a name whose side is not known ("the West").
ANY = "any"

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ADJ_ENDINGS = ("ський", "цький", "ский", "цкий", "ий", "ій", "ый", "ой")


def norm(text: str) -> str:
    """Lookup key of a name: lower-cased, possessive dropped, punctuation as single spaces."""
    t = text.casefold().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    return _NON_WORD.sub(" ", t.replace("'", "")).strip()


def trie_pattern(terms: Iterable[str]) -> str:
    """One regex alternation for many literal terms, factored by common prefixes (fast to match).

    A space in a term matches any run of whitespace."""
    root: dict[str, Any] = {}
    for term in terms:
        if not term:
            continue
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        return r"\s+" if ch == " " else re.escape(ch)

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [esc(k) + build(node[k]) for k in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and not ends:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if ends else "")

    if not root:
        return "(?!x)x"
    return build(root)


@dataclass(frozen=True)
class SideTable:
    """Names and adjectives of the parties in one language, each with the side it speaks for."""

    language: str
    names: Mapping[str, str]  # norm(name) -> side
    adjectives: Mapping[str, str]  # norm(adjective) -> side (a Cyrillic adjective: its stem)
    nouns: frozenset[str] = frozenset()  # norm(noun) after an adjective
    labels: str = ""  # regex (case-insensitive) of labels: other parties / unknown sides
    label_sides: tuple[tuple[re.Pattern[str], str], ...] = ()
    pattern: str = "(?!x)x"  # regex matching any party mention ({ACTOR} in the lexicons)
    _cache: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def side(self, mention: str | None) -> str | None:
        """The side ``mention`` speaks for: a side code, :data:`OTHER`, :data:`ANY` or None."""
        if not mention:
            return None
        if mention in self._cache:
            return self._cache[mention]
        found = self._side(mention)
        if len(self._cache) < 50000:
            self._cache[mention] = found
        return found

    def _side(self, mention: str) -> str | None:
        key = norm(mention)
        for k in (key, key.removeprefix("the ")):
            if k in self.names:
                return self.names[k]
        toks = key.removeprefix("the ").split()
        # "<adjective> <noun>", "<name> <noun>" ("the Kyiv regime")
        for n in range(min(4, len(toks)), 0, -1):
            head, rest = " ".join(toks[:n]), toks[n:]
            if rest and not all(t in self.nouns for t in rest[-1:]):
                continue
            if head in self.adjectives:
                return self.adjectives[head]
            if rest and head in self.names:
                return self.names[head]
            if self.language != "en":
                for stem, side in self.adjectives.items():
                    if head.startswith(stem) and len(head) - len(stem) <= 4:
                        return side
        for rx, side in self.label_sides:
            if rx.fullmatch(mention.strip()):
                return side
        return None

    def first(self, text: str, rx: re.Pattern[str] | None = None) -> re.Match[str] | None:
        return (rx or re.compile(self.pattern)).search(text)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _countries(registry: Any) -> Mapping[str, Mapping[str, Any]]:
    table = getattr(registry, "countries", None)
    if callable(table):
        table = table()
    if table is None:
        table = getattr(registry, "_countries", None)  # the registry's side table as read
    return table or {}


def _adjective_key(adj: str, language: str) -> str:
    key = norm(adj)
    if language == "en":
        return key
    for end in _ADJ_ENDINGS:  # Cyrillic adjectives inflect: keep the stem ("боровск")
        if key.endswith(end) and len(key) - len(end) >= 3:
            return key[: -len(end)]
    return key


def side_table(
    registry: Any,
    language: str = "en",
    *,
    nouns: Sequence[str] = (),
    other: Sequence[str] = (),
    unknown: Sequence[str] = (),
    extra: Mapping[str, Sequence[str]] | None = None,
) -> SideTable:
    """The :class:`SideTable` of ``registry`` (None: names from ``extra`` only) in ``language``.

    ``nouns`` are the words that turn a country adjective into a party ("forces", "side");
    ``other`` and ``unknown`` are regexes of labels for another party and for a party of unknown
    side; ``extra`` maps a side code to more names (a lexicon's own ``actors`` table).
    """
    names: dict[str, str] = {}
    spelled: dict[str, str] = {}  # norm -> the spelling used in the pattern
    adjectives: dict[str, str] = {}
    adj_spelled: dict[str, str] = {}
    clash: set[str] = set()

    def add(table: dict[str, str], spell: dict[str, str], term: str, side: str | None, *, key: str | None = None) -> None:
        term = " ".join(str(term).split())
        if not term or side is None:
            return
        k = key or norm(term)
        if len(k) < 2:
            return
        if k in table and table[k] != side:
            clash.add(k)
            return
        table[k] = side
        spell.setdefault(term, k)

    if registry is not None:
        for code, entry in _countries(registry).items():
            side = str(entry.get("code") or code)
            for n in _as_list(entry.get(language)):
                add(names, spelled, n, side)
            if language != "en":
                for n in _as_list(entry.get(f"gen_{language}")):
                    add(names, spelled, n, side)
                forms = entry.get("forms") or {}
                if isinstance(forms, Mapping):
                    for n in _as_list(forms.get(language)):
                        add(names, spelled, n, side)
            for a in _as_list(entry.get(f"adj_{language}")):
                add(adjectives, adj_spelled, a, side, key=_adjective_key(a, language))
            metonyms = entry.get("metonyms") or {}
            if isinstance(metonyms, Mapping):
                for n in _as_list(metonyms.get(language)):
                    add(names, spelled, n, side)
        country_ids = getattr(registry, "country_ids", frozenset())
        for actor in registry:
            side = getattr(actor, "side", None)
            if not side:
                continue
            aliases = getattr(actor, "aliases", {}) or {}
            terms = list(aliases.get(language, ()))
            if language == "en" or not terms:
                terms.append(actor.name)
            if actor.id not in country_ids and getattr(actor, "type", None) == "person" and language == "en":
                surname = actor.name.split()[-1]
                if len(surname) >= 3 and surname[0].isupper():
                    terms.append(surname)
            for t in terms:
                add(names, spelled, t, side)
    for side, items in (extra or {}).items():
        for t in items:
            add(names, spelled, str(t).replace("\\", ""), str(side))
    for k in clash:
        names.pop(k, None)
        adjectives.pop(k, None)

    # the pattern: names as spelled (case-sensitive, so "US" is not "us"), an adjective or a name
    # before one of the nouns, and the labels (case-insensitive)
    name_terms = sorted({sp for t, k in spelled.items() if k in names and (sp := _spelling(t))})
    adj_terms = sorted(t for t, k in adj_spelled.items() if k in adjectives)
    noun_alt = "|".join(sorted((n.replace(" ", r"\s+") for n in nouns), key=len, reverse=True))
    parts = []
    if name_terms:
        parts.append(r"(?:[Tt]he\s+)?" + trie_pattern(name_terms) + r"(?![\w])")
    if adj_terms and noun_alt:
        if language == "en":
            adj = trie_pattern(adj_terms)
        else:
            adj = "(?:" + trie_pattern(sorted({_adjective_key(a, language) for a in adj_terms})) + r")\w*"
            adj = "(?i:" + adj + ")"
        parts.append(r"(?:[Tt]he\s+)?" + adj + r"\s+(?i:" + noun_alt + r")(?![\w])")
    label_sides: list[tuple[re.Pattern[str], str]] = []
    label_alts = []
    for side, pats in ((OTHER, other), (ANY, unknown)):
        if pats:
            alt = "|".join(sorted((p.replace(" ", r"\s+") for p in pats), key=len, reverse=True))
            label_sides.append((re.compile("(?:" + alt + ")", re.IGNORECASE), side))
            label_alts.extend(pats)
    # labels are literal words (matched case-insensitively): one prefix-factored alternation is
    # several times faster than a plain one; a label written as a regex is kept as it is
    literal = sorted({" ".join(p.lower().split()) for p in label_alts if not re.search(r"[\\()\[\]?*+|{}]", p)})
    regexes = [p.replace(" ", r"\s+") for p in label_alts if re.search(r"[\\()\[\]?*+|{}]", p)]
    labels = "|".join(([trie_pattern(literal)] if literal else []) + regexes)
    if labels:
        parts.append(r"(?i:" + labels + r")(?![\w])")
    pattern = "(?-i:" + "|".join(parts) + ")" if parts else "(?!x)x"
    return SideTable(
        language=language,
        names=names,
        adjectives=adjectives,
        nouns=frozenset(norm(n) for n in nouns),
        labels=labels,
        label_sides=tuple(label_sides),
        pattern=pattern,
    )


def _spelling(term: str) -> str | None:
    """How the pattern looks for a name: without a leading "the" (the pattern allows one), and only
    when it is capitalised ("von der Leyen" is; "occupiers" is not)."""
    t = re.sub(r"^[Tt]he\s+", "", term)
    words = t.split()
    if not words:
        return None
    if words[0][:1].isupper() or words[0][:1].isdigit() or (len(words) > 1 and any(w[:1].isupper() for w in words)):
        return t
    return None


def packaged_registry() -> Any:
    """The packaged registry (its country table is what a lexicon uses when no registry is given).

    A registry that cannot be loaded is an error (:class:`~parley.errors.RegistryError`), never a
    coder that silently knows no names."""
    return load_registry()


__all__ = ["ANY", "OTHER", "SideTable", "norm", "packaged_registry", "side_table", "trie_pattern"]
