"""Per-language lexicons of the statement extractor, read from ``lexicons/<language>.yaml``.

A :class:`Lexicon` holds what the extractor knows about one language: reporting verbs (with every
inflected form), reporting phrases, pronouns, role nouns, quotation marks and readout patterns.
English verb forms are generated from base forms by :func:`english_forms`; a lexicon for a
language with richer morphology lists its forms explicitly under ``forms`` (base -> forms).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..compiled import cached
from ..errors import ConfigError, UnknownLanguage

#: languages with a lexicon file in this package
LEXICON_DIR = "lexicons"


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-word reporting phrase ("according to") and where its speaker and content are."""

    words: tuple[str, ...]
    cls: str
    source: str  # "left", "right", "inside"
    content: str  # "left", "right", "either"


@dataclass(frozen=True)
class Lexicon:
    language: str
    #: inflected form (lower case) -> (base form, class)
    verb_forms: dict[str, tuple[str, str]]
    phrases: tuple[Phrase, ...]
    particles: frozenset[str]
    cue_tails: tuple[tuple[str, ...], ...]
    readout_passives: tuple[tuple[str, ...], ...]
    readout_joint: frozenset[str]
    back_references: tuple[tuple[tuple[str, ...], str], ...]
    pronouns: dict[str, tuple[int, str, str]]
    joint_mentions: tuple[tuple[str, ...], ...]
    role_nouns: frozenset[str]
    name_inner: frozenset[str]
    skip_between: frozenset[str]
    np_breaks: frozenset[str]
    determiners: frozenset[str]
    question_labels: frozenset[str]
    statement_titles: tuple[re.Pattern[str], ...]
    readout_principals: dict[str, str]
    double_quotes: tuple[tuple[str, str], ...]
    single_quotes: tuple[tuple[str, str], ...]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    relative_days: dict[str, int]
    honorifics: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    role_synonyms: dict[str, str] = field(default_factory=dict)
    role_adjectives: frozenset[str] = frozenset()
    #: the side a source speaks from (a domain or a name -> RU, UA, ...), for sources whose
    #: readout principal does not already give it
    source_sides: dict[str, str] = field(default_factory=dict)
    #: nouns that stand for a media outlet named earlier ("the publication", "the newspaper")
    media_nouns: frozenset[str] = frozenset()
    #: light verbs and nouns of wordy cues ("gave ... an account of", "provided an explanation of")
    light_verbs: frozenset[str] = frozenset()
    light_nouns: frozenset[str] = frozenset()
    #: verbs that report a meeting, not a statement, when their subject is several parties
    #: ("the leaders discussed ...", "the parties continued ...")
    joint_non_cues: frozenset[str] = frozenset()
    #: what makes a phrase a joint mention beyond the listed ``joint_mentions``: an optional
    #: opener ("the", "both"), number words or capitalised modifiers, a plural head that names
    #: parties ("leaders", "advisors") and an optional tail after a joining word ("of Russia and
    #: France"): "the three National Security Advisors", "the presidents of Russia and France"
    joint_openers: frozenset[str] = frozenset()
    joint_numbers: frozenset[str] = frozenset()
    joint_heads: frozenset[str] = frozenset()
    joint_tails: frozenset[str] = frozenset()
    #: words that make a capitalised name an organisation's, not a person's ("Peace Fund")
    org_words: frozenset[str] = frozenset()
    #: verbs and adjectives that pass their subject to an infinitive cue ("went on to say",
    #: "seems to show", "was not willing to say")
    raising_words: frozenset[str] = frozenset()
    #: reporting verbs that are also nouns ("the Russian offer", "the peace plan", "a report"),
    #: by base form: after a determiner they name a thing, not a speech act
    noun_forms: frozenset[str] = frozenset()
    #: nouns of a communicative act that carry no content of their own: "issued a statement",
    #: "gave a briefing" report that something was said, not what
    act_nouns: frozenset[str] = frozenset()
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def base(self, word: str) -> str | None:
        """The base form of a reporting verb form (``said`` -> ``say``), else None."""
        hit = self.verb_forms.get(word.lower())
        return hit[0] if hit else None

    def verb_class(self, word: str) -> str | None:
        hit = self.verb_forms.get(word.lower())
        return hit[1] if hit else None


_VOWELS = set("aeiou")


def english_forms(base: str) -> tuple[str, ...]:
    """Regular English forms of a verb: base, 3rd person, past (= participle), -ing."""
    b = base
    if b.endswith(("s", "x", "z", "ch", "sh")):
        third = b + "es"
    elif b.endswith("y") and len(b) > 1 and b[-2] not in _VOWELS:
        third = b[:-1] + "ies"
    else:
        third = b + "s"
    if b.endswith("e"):
        past = b + "d"
    elif b.endswith("y") and len(b) > 1 and b[-2] not in _VOWELS:
        past = b[:-1] + "ied"
    else:
        past = b + "ed"
    if b.endswith("ie"):
        ing = b[:-2] + "ying"
    elif b.endswith("e") and not b.endswith(("ee", "ye", "oe")):
        ing = b[:-1] + "ing"
    else:
        ing = b + "ing"
    return (b, third, past, ing)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2 booleans: only true/false. Lexicons list words such as "on", "off", "no" and
    "yes", which YAML 1.1 would silently read as booleans. Parsed by libyaml where PyYAML has it."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _words(items: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(w).lower() for w in item) for item in items or ())


@functools.cache
def load_lexicon(language: str = "en") -> Lexicon:
    """The packaged lexicon of ``language`` (raises ConfigError when there is none)."""
    shipped = sorted(p.name[:-5] for p in resources.files(__package__).joinpath(LEXICON_DIR).iterdir()
                     if p.name.endswith(".yaml"))
    if language not in shipped:  # a closed list: a language is never turned into a path
        raise UnknownLanguage(
            f"no statement-extraction lexicon for language {language!r}; available: {', '.join(shipped)} "
            f"(add parley/extract/{LEXICON_DIR}/<language>.yaml)"
        )
    text = resources.files(__package__).joinpath(LEXICON_DIR, f"{language}.yaml").read_text("utf-8")
    # compiled once per lexicon file (its content is the key)
    return cached(f"extract-lexicon-{language}", [text], lambda: _compile(text, language))


def _compile(text: str, language: str) -> Lexicon:
    where = f"parley/extract/{LEXICON_DIR}/{language}.yaml"
    try:
        data = yaml.load(text, Loader=_Loader)  # a safe loader, without YAML 1.1 booleans
    except yaml.YAMLError as exc:  # a malformed lexicon stops every command, naming file and line
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{where}{f':{mark.line + 1}' if mark else ''}: not valid YAML: {exc}") from None
    try:
        return lexicon_from_dict(data)
    except (ConfigError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{where}: malformed lexicon: {exc}") from None


def lexicon_from_dict(data: dict[str, Any]) -> Lexicon:
    language = data["language"]
    irregular = {k: tuple(v) for k, v in (data.get("irregular") or {}).items()}
    explicit = {k: tuple(v) for k, v in (data.get("forms") or {}).items()}
    verb_forms: dict[str, tuple[str, str]] = {}
    for cls in ("speech", "act", "belief"):
        for base in (data.get("verbs") or {}).get(cls) or ():
            base = str(base).lower()
            if base in explicit:
                forms = (base, *explicit[base])
            elif base in irregular:
                forms = (base, *irregular[base])
            elif language == "en":
                forms = english_forms(base)
            else:
                forms = (base,)
            for f in forms:
                verb_forms.setdefault(f.lower(), (base, cls))
    quotes = data.get("quotes") or {}
    try:
        titles = tuple(re.compile(p, re.IGNORECASE) for p in data.get("statement_titles") or ())
    except re.error as exc:
        raise ConfigError(f"lexicon {language}: bad statement_titles pattern: {exc}") from None
    return Lexicon(
        language=language,
        verb_forms=verb_forms,
        phrases=tuple(
            Phrase(
                tuple(w.lower() for w in p["words"]),
                p.get("class", "speech"),
                p.get("source", "right"),
                p.get("content", "either"),
            )
            for p in data.get("phrases") or ()
        ),
        particles=frozenset(data.get("particles") or ()),
        cue_tails=tuple(sorted(_words(data.get("cue_tails")), key=len, reverse=True)),
        readout_passives=_words(data.get("readout_passives")),
        readout_joint=frozenset(data.get("readout_joint") or ()),
        back_references=tuple(
            (tuple(w.lower() for w in b["words"]), b.get("source", "right"))
            for b in data.get("back_references") or ()
        ),
        pronouns={k.lower(): (int(v[0]), str(v[1]), str(v[2])) for k, v in (data.get("pronouns") or {}).items()},
        joint_mentions=_words(data.get("joint_mentions")),
        role_nouns=frozenset(w.lower() for w in data.get("role_nouns") or ()),
        name_inner=frozenset(data.get("name_inner") or ()),
        skip_between=frozenset(str(w).lower() for w in data.get("skip_between") or ()),
        np_breaks=frozenset(str(w).lower() for w in data.get("np_breaks") or ()),
        determiners=frozenset(str(w).lower() for w in data.get("determiners") or ()),
        question_labels=frozenset(str(w).lower() for w in data.get("question_labels") or ()),
        statement_titles=titles,
        readout_principals=dict(data.get("readout_principals") or {}),
        double_quotes=tuple(tuple(q) for q in quotes.get("double") or ()),  # type: ignore[misc]
        single_quotes=tuple(tuple(q) for q in quotes.get("single") or ()),  # type: ignore[misc]
        months=tuple(data.get("months") or ()),
        weekdays=tuple(data.get("weekdays") or ()),
        relative_days=dict(data.get("relative_days") or {}),
        honorifics=frozenset(str(w).lower() for w in data.get("honorifics") or ()),
        addressee_verbs=frozenset(str(w).lower() for w in data.get("addressee_verbs") or ()),
        object_verbs=frozenset(str(w).lower() for w in data.get("object_verbs") or ()),
        role_synonyms={str(k).lower(): str(v).lower() for k, v in (data.get("role_synonyms") or {}).items()},
        role_adjectives=frozenset(str(w).lower() for w in data.get("role_adjectives") or ()),
        source_sides={str(k).lower(): str(v) for k, v in (data.get("source_sides") or {}).items()},
        media_nouns=frozenset(str(w).lower() for w in data.get("media_nouns") or ()),
        light_verbs=frozenset(str(w).lower() for w in data.get("light_verbs") or ()),
        light_nouns=frozenset(str(w).lower() for w in data.get("light_nouns") or ()),
        joint_non_cues=frozenset(str(w).lower() for w in data.get("joint_non_cues") or ()),
        joint_openers=frozenset(str(w).lower() for w in (data.get("joint_phrases") or {}).get("openers") or ()),
        joint_numbers=frozenset(str(w).lower() for w in (data.get("joint_phrases") or {}).get("numbers") or ()),
        joint_heads=frozenset(str(w).lower() for w in (data.get("joint_phrases") or {}).get("heads") or ()),
        joint_tails=frozenset(str(w).lower() for w in (data.get("joint_phrases") or {}).get("tails") or ()),
        org_words=frozenset(str(w).lower() for w in data.get("org_words") or ()),
        raising_words=frozenset(str(w).lower() for w in data.get("raising_words") or ()),
        noun_forms=frozenset(str(w).lower() for w in data.get("noun_forms") or ()),
        act_nouns=frozenset(str(w).lower() for w in data.get("act_nouns") or ()),
        raw=data,
    )


def joint_phrase(words: list[str] | tuple[str, ...], lx: Lexicon) -> bool:
    """Whether ``words`` (as written) are a joint mention by the lexicon's ``joint_phrases``: an
    optional opener, number words or capitalised modifiers, a plural head naming parties, and
    nothing after it but a tail opened by a joining word ("the three National Security
    Advisors", "the presidents of Russia and France", "Leaders" opening a sentence). The same
    test in every language; the words are data."""
    if not words or not lx.joint_heads:
        return False
    low = [w.lower() for w in words]
    k = 1 if low[0] in lx.joint_openers else 0
    start = k
    while k < len(low) and low[k] not in lx.joint_heads:
        if low[k] in lx.joint_numbers or (k > 0 and words[k][:1].isupper() and words[k].isalpha()):
            k += 1
            continue
        return False
    if k >= len(low):
        return False
    if k == 0 and not words[0][:1].isupper():
        return False  # a bare plural in mid-sentence ("... and leaders said") names nobody in particular
    if k == start == 0 and len(low) > 1 and low[1] not in lx.joint_tails:
        return False
    tail = low[k + 1 :]
    return not tail or tail[0] in lx.joint_tails
