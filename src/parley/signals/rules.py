"""The rule-based signal coder: per-language lexicons of readable patterns.

A lexicon (``signals/lexicons/<language>.yaml``) lists, per signal code, rules written as regular
expressions with named word lists (``{TALKS}``) and word gaps (``{GAP3}``), plus the language's
negators, clause breakers, conditional markers, introducers of another party's claims, an actor
table (names and the side they speak for), topic words and condition phrases. The engine here is
language-neutral: adding Russian or Ukrainian is a new YAML file (Russian stems are written as
regex prefixes, e.g. ``переговор\\w*``).

Every signal carries the words that made it fire (``cues``, as written) and the ids of the rules
(``coder``: ``rules:<id>,<id>``), so an analyst sees why a code fired.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..compiled import cached, read_yaml
from ..literals import fold, passes
from ..literals import needs as _needs
from ..errors import ConfigError, UnknownLanguage
from ..records import Signal
from .codebook import SIGNAL_CODES
from .sides import ANY, OTHER, SideTable, packaged_registry, side_table

LEXICON_DIR = Path(__file__).parent / "lexicons"

_SENT_RE = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“«(\[]?[A-ZА-ЯЁІЇЄҐ0-9])")
_WORD_RE = re.compile(r"[\w’'-]+")
_GAP_RE = re.compile(r"\{GAP(\d+)\}")
_LIST_RE = re.compile(r"\{([A-Z_]+)\}")


#: Codes whose rules still fire inside a question (rhetorical questions accuse and threaten).
QUESTION_KEEPS = frozenset({"ACCUSE", "THREATEN"})
#: Codes whose rules do not fire inside an if/unless clause ("if they refuse ...", "if partners are
#: not ready ..."): a hypothetical is not the speaker's act. Offers, conditions and threats do.
HYPOTHETICAL_DROPS = frozenset({"REJECT", "ACCUSE", "AGREE", "PRAISE", "CONCEDE", "SANCTION"})


@functools.lru_cache(maxsize=1)  # asked for every statement coded: the folder is read once
def available_languages() -> tuple[str, ...]:
    """The languages with a shipped lexicon (read once)."""
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yaml")))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    code: str
    regex: re.Pattern[str]
    source: str  # the pattern as written, for analysts
    where: str = "text"  # text | cue | start
    weight: float = 0.7
    with_re: re.Pattern[str] | None = None
    unless_re: re.Pattern[str] | None = None
    negated: str = "drop"  # drop | keep | <CODE>
    negation: str = "check"  # check | ignore
    question: str = "drop"  # drop | keep (default per code: QUESTION_KEEPS)
    hypothetical: str = "keep"  # inside an if/unless clause: drop | keep (default: HYPOTHETICAL_DROPS)
    own_side: str = "keep"  # the first actor inside the match is the speaker's side: drop | keep
    quoted: str = "drop"
    third_party: str = "keep"  # keep | drop | <CODE>
    suppressed_by: tuple[str, ...] = ()
    cancels: tuple[str, ...] = ()  # codes whose hits inside this rule's match are dropped
    # the same pattern for lowercased text, case-sensitive and without the leading word-boundary
    # lookbehind (checked by :func:`_finditer`): the regex engine can then skip ahead on the
    # pattern's first characters instead of trying it at every position (None: use ``regex``)
    fast: re.Pattern[str] | None = None
    # clauses of strings, lowercased and folded, every match of ``fast`` (else of ``regex``)
    # contains one string of each (None: none is known): a rule with a clause none of whose
    # strings is in the text lowercased and folded (:func:`fold`) cannot match it and is not searched
    needs: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    regex: re.Pattern[str]
    side: str


@dataclass(frozen=True)
class Lexicon:
    language: str
    threshold: float
    rules: tuple[Rule, ...]
    negators: re.Pattern[str]
    negation_except: re.Pattern[str] | None
    negation_window: int
    breakers: re.Pattern[str]
    conditional: re.Pattern[str]
    condition_openers: re.Pattern[str]
    unconditional: re.Pattern[str]
    reported_other: re.Pattern[str] | None
    actors: re.Pattern[str]  # any party mention (names from the actor registry, the lexicon's labels)
    actor_sides: dict[str, str]  # normalised name -> side (the registry's names)
    own_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    topics: tuple[tuple[str, re.Pattern[str]], ...]
    conditions: tuple[tuple[re.Pattern[str], str], ...]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    sides: SideTable | None = field(repr=False, default=None)

    def party_side(self, mention: str) -> str | None:
        """The side of one party mention: a side code, ``"other"`` (a label such as "the
        aggressor"), ``"any"`` (a party of unknown side) or None."""
        if self.sides is not None:
            return self.sides.side(mention)
        return self.actor_sides.get(_norm(mention))

    def side_of(self, name: str | None) -> str | None:
        """The side a name speaks for, by the registry's names (None when unknown)."""
        if not name:
            return None
        for m in self.actors.finditer(name):
            best = self.party_side(m.group(0))
            if best and best not in (OTHER, ANY):
                return best
        return None


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def _spaces(pattern: str) -> str:
    """A space in a lexicon pattern is any whitespace; " ?" (an optional space, as in
    "video ?conference") is optional whitespace, not the lazy one-or-more that a plain
    replacement would make of it."""
    return pattern.replace(" ?", "\x00").replace(" ", r"\s+").replace("\x00", r"\s*")


def _alt(items: Iterable[str]) -> str:
    parts = [_spaces(str(i)) for i in items]
    parts.sort(key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


def _expand(pattern: str, lists: dict[str, str]) -> str:
    def gap(m: re.Match[str]) -> str:
        return r"(?:[\w’'\"“”-]+\s+){0,%d}?" % int(m.group(1))

    def lst(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            raise ConfigError(f"lexicon: unknown word list {{{name}}}; known: {', '.join(lists)}")
        return lists[name]

    out = _GAP_RE.sub(gap, pattern)
    out = _spaces(out)
    # lists may themselves contain \s+ already; expand after the space substitution
    out = _LIST_RE.sub(lst, out)
    return out


def _lower_pattern(pattern: str) -> str | None:
    """``pattern`` with its literal letters lowercased (escapes kept as written), for matching
    lowercased text without IGNORECASE; None when that would change its meaning (inline flags
    that turn case-insensitivity off, named Unicode escapes)."""
    if "(?-i" in pattern or "\\N{" in pattern:
        return None
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "(" and pattern.startswith("(?P<", i):  # group names stay as written
            j = pattern.index(">", i)
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        out.append(c.lower())
        i += 1
    return "".join(out)


def _compile_fast(pattern: str, lists: dict[str, str]) -> re.Pattern[str] | None:
    """The lowercased, lookbehind-free variant of a bounded case-insensitive rule pattern."""
    body = _lower_pattern(_expand(pattern, lists))
    if body is None:
        return None
    try:
        return re.compile(r"(?:" + body + r")(?![\w])")
    except re.error:
        return None


def _finditer(rule: Rule, text: str, low: str | None) -> Iterable[Any]:
    """The matches of a text rule, as ``rule.regex.finditer(text)`` gives them; through the
    rule's fast pattern on ``low`` (``text`` lowercased, same length) when there is one."""
    rx = rule.fast
    if rx is None or low is None:
        yield from rule.regex.finditer(text)
        return
    pos, n = 0, len(low)
    search = rx.search
    while pos <= n:
        m = search(low, pos)
        if m is None:
            return
        s = m.start()
        if s > 0:
            prev = low[s - 1]
            if prev == "-" or prev == "_" or prev.isalnum():  # the lookbehind (?<![\w-])
                pos = s + 1
                continue
        yield _Orig(m, text)
        e = m.end()
        pos = e if e > s else s + 1


class _Orig:
    """A match on lowercased text that reads its groups from the text as written."""

    __slots__ = ("m", "text")

    def __init__(self, m: re.Match[str], text: str):
        self.m = m
        self.text = text

    def start(self, group: int | str = 0) -> int:
        return self.m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self.m.end(group)

    def group(self, group: int | str = 0) -> str | None:
        s, e = self.m.span(group)
        return None if s < 0 else self.text[s:e]


def _compile(pattern: str, lists: dict[str, str], *, bounded: bool = True, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    body = _expand(pattern, lists)
    if bounded:
        body = r"(?<![\w-])(?:" + body + r")(?![\w])"
    try:
        return re.compile(body, flags)
    except re.error as exc:
        raise ConfigError(f"lexicon: bad pattern {pattern!r}: {exc}") from None


@functools.lru_cache(maxsize=8)
def _lexicon_data(language: str) -> dict[str, Any]:
    # a language is looked up in the closed list of shipped lexicons, never turned into a path
    if language not in available_languages():
        raise UnknownLanguage(
            f"no signal lexicon for language {language!r}; available: "
            f"{', '.join(available_languages())} (add signals/lexicons/{language}.yaml)"
        )
    path = LEXICON_DIR / f"{language}.yaml"
    try:
        return read_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # a malformed lexicon stops every command, naming file and line
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}{f':{mark.line + 1}' if mark else ''}: not valid YAML: {exc}") from None


_COMPILED: dict[tuple[str, int], tuple[Any, Lexicon]] = {}


def load_lexicon(language: str = "en", registry: Any = None) -> Lexicon:
    """Read and compile ``lexicons/<language>.yaml``, with the parties of ``registry`` (an actor
    registry, :func:`parley.actors.load_registry`; None: the packaged registry)."""
    if language not in available_languages():
        _lexicon_data(language)  # raises UnknownLanguage, listing the lexicons there are
    reg = registry if registry is not None else packaged_registry()
    key = (language, id(reg))
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is reg:
        return hit[1]

    def build() -> Lexicon:
        data = _lexicon_data(language)
        try:
            return compile_lexicon(data, language, registry=reg)
        except (ConfigError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{LEXICON_DIR / f'{language}.yaml'}: malformed lexicon: {exc}") from None

    # compiled once per lexicon and registry (their patterns hold every actor name)
    reg_key = getattr(reg, "cache_key", None)
    path = LEXICON_DIR / f"{language}.yaml"
    lex = cached(f"signals-lexicon-{language}", [path, reg_key], build) if reg_key else build()
    if len(_COMPILED) >= 16:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[key] = (reg, lex)
    return lex


def compile_lexicon(data: dict[str, Any], language: str, *, registry: Any = None) -> Lexicon:
    """Compile a lexicon (the parsed YAML). Parties ({ACTOR}, subjects, targets) are the names of
    ``registry`` (None: only the lexicon's own ``actors`` table) and the lexicon's ``parties``."""
    parties = data.get("parties") or {}
    table = side_table(
        registry, language,
        nouns=parties.get("nouns") or (), other=parties.get("other") or (),
        unknown=parties.get("unknown") or (), extra=data.get("actors") or None,
    )
    lists: dict[str, str] = {k: _alt(v) for k, v in (data.get("lists") or {}).items()}
    lists["ACTOR"] = "(?:" + table.pattern + ")"
    lists["ACTOR_OTHER"] = lists["ACTOR"]
    neg = data.get("negation") or {}
    cond = data.get("conditional") or {}
    rules: list[Rule] = []
    seen: set[str] = set()
    for code, items in (data.get("codes") or {}).items():
        if code not in SIGNAL_CODES:
            raise ConfigError(f"lexicon {language}: {code!r} is not a signal code; known: {', '.join(SIGNAL_CODES)}")
        for r in items:
            rid = r["id"]
            if rid in seen:
                raise ConfigError(f"lexicon {language}: rule id {rid!r} is used twice")
            seen.add(rid)
            flags = 0 if r.get("case_sensitive") else re.IGNORECASE
            negated = str(r.get("negated", "drop"))
            third = str(r.get("third_party", "keep"))
            for v in (negated, third):
                if v not in ("drop", "keep") and v not in SIGNAL_CODES:
                    raise ConfigError(f"lexicon {language}: rule {rid}: {v!r} is not drop, keep or a code")
            rules.append(
                Rule(
                    id=rid,
                    code=code,
                    regex=(regex := _compile(r["match"], lists, flags=flags)),
                    source=r["match"],
                    where=r.get("in", "text"),
                    weight=float(r.get("weight", 0.7)),
                    with_re=_compile(r["with"], lists, bounded=False) if r.get("with") else None,
                    unless_re=_compile(r["unless"], lists, bounded=False) if r.get("unless") else None,
                    negated=negated,
                    negation=r.get("negation", "check"),
                    question=r.get("question", "keep" if code in QUESTION_KEEPS else "drop"),
                    hypothetical=r.get("hypothetical", "drop" if code in HYPOTHETICAL_DROPS else "keep"),
                    own_side=r.get("own_side", "keep"),
                    quoted=r.get("quoted", "drop"),
                    third_party=third,
                    suppressed_by=tuple(r.get("suppressed_by") or ()),
                    cancels=tuple(r.get("cancels") or ()),
                    fast=(fast := _compile_fast(r["match"], lists) if flags and r.get("in", "text") == "text" else None),
                    needs=_needs(fast if fast is not None else regex),
                )
            )
    except_words = neg.get("except") or []
    pron = data.get("pronouns") or {}
    return Lexicon(
        language=language,
        threshold=float(data.get("threshold", 0.5)),
        rules=tuple(rules),
        negators=_compile(_alt(neg.get("words") or ["not"]), lists),
        negation_except=_compile(_alt(except_words), lists) if except_words else None,
        negation_window=int(neg.get("window", 5)),
        breakers=re.compile("|".join((data.get("clauses") or {}).get("breakers") or [","]), re.IGNORECASE),
        conditional=_compile(_alt(cond.get("markers") or ["if"]), lists),
        condition_openers=_compile(_alt(cond.get("condition_openers") or ["if"]), lists),
        unconditional=_compile(_alt(cond.get("unconditional") or ["unconditionally"]), lists),
        reported_other=_compile(_alt(data["reported_other"]), lists)
        if data.get("reported_other")
        else None,
        actors=re.compile(r"(?<![\w-])" + lists["ACTOR"] + r"(?![\w])", re.IGNORECASE),
        actor_sides=dict(table.names),
        own_pronouns=frozenset(p.lower() for p in pron.get("own", ())),
        other_pronouns=frozenset(p.lower() for p in pron.get("other", ())),
        topics=tuple((t, _compile(_alt(ws), lists)) for t, ws in (data.get("topics") or {}).items()),
        conditions=tuple(
            (_compile(c["match"], lists), c["phrase"]) for c in (data.get("conditions") or ())
        ),
        raw=data,
        sides=table,
    )


# --- analysis ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    """One rule match: the evidence behind a signal."""

    rule: Rule
    code: str  # the code it supports (may differ from rule.code after negation / third party)
    weight: float
    cue: str  # the matched words as written
    sentence: int | None  # index of the sentence in the text (None: the cue)
    target: str | None = None
    negated: bool = False
    start: int | None = None  # the match's offsets in the text (None: in the cue)
    end: int | None = None


@dataclass(frozen=True, slots=True)
class RuleReading:
    """What the rules read in one statement: the signals they report and all their hits."""

    text: str  # the text as read (Telegram markdown masked)
    signals: tuple[Signal, ...]
    hits: tuple[Hit, ...]
    sentences: tuple[_Sentence, ...]
    side: str | None  # the speaker's side, given or found from the source
    set_aside: tuple[tuple[str, str], ...] = ()  # (code, reason): matches read as a question, another
    # party's position or claim, negated, hypothetical, or about the speaker's own side
    fired: frozenset[str] = frozenset()  # the codes the rules report

    @property
    def set_aside_codes(self) -> frozenset[str]:
        return frozenset(c for c, _ in self.set_aside)


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    text: str
    question: bool
    other_from: int | None  # offset (in text) from which the sentence reports another's position


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENT_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()] or [(0, len(text))]


class RuleCoder:
    """Applies one language's lexicon to a statement (cue + text)."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.text_rules = tuple(r for r in lexicon.rules if r.where == "text")
        self.cue_rules = tuple(r for r in lexicon.rules if r.where == "cue")
        self.start_rules = tuple(r for r in lexicon.rules if r.where == "start")
        # the literal prefilters of the lexicon's other patterns (see :func:`_needs`)
        self._topics_needs = tuple((t, rx, _needs(rx)) for t, rx in lexicon.topics)
        self._conditions_needs = tuple((rx, phrase, _needs(rx)) for rx, phrase in lexicon.conditions)
        self._openers_needs = _needs(lexicon.condition_openers)
        self._conditional_needs = _needs(lexicon.conditional)
        self._unconditional_needs = _needs(lexicon.unconditional)
        self._reported_other_needs = _needs(lexicon.reported_other)

    # -- helpers --
    def _sentences(self, text: str) -> list[_Sentence]:
        out = []
        for s, e in split_sentences(text):
            st = text[s:e]
            other = None
            if self.lex.reported_other is not None and passes(self._reported_other_needs, fold(st)):
                m = self.lex.reported_other.search(st)
                if m:
                    other = s + m.start()
            out.append(_Sentence(s, e, st, st.rstrip().rstrip("\"”’»)").endswith("?"), other))
        return out

    def _clause_start(self, text: str, sent: _Sentence, pos: int) -> int:
        seg = text[sent.start : pos]
        last = 0
        for m in self.lex.breakers.finditer(seg):
            last = m.end()
        return sent.start + last

    def _negated(self, text: str, clause_start: int, pos: int) -> bool:
        prefix = text[clause_start:pos]
        words = list(_WORD_RE.finditer(prefix))
        if not words:
            return False
        window_start = words[max(0, len(words) - self.lex.negation_window)].start()
        window = prefix[window_start:]
        for m in self.lex.negators.finditer(window):
            if self.lex.negation_except is not None:
                if any(
                    e.start() <= m.start() < e.end()
                    for e in self.lex.negation_except.finditer(prefix[window_start:] + text[pos : pos + 30])
                ):
                    continue
            return True
        return False

    def _subject_side(self, text: str, clause_start: int, pos: int, side: str | None, source: str | None) -> str:
        """'own', 'other' or 'unknown': who the clause before ``pos`` is about."""
        prefix = text[clause_start:pos]
        last_kind = "unknown"
        last_pos = -1
        for m in self.lex.actors.finditer(prefix):
            name = _norm(m.group(0))
            aside = self.lex.party_side(m.group(0))
            if aside is None:
                continue
            kind = "unknown"
            if aside == OTHER:
                kind = "other"
            elif aside == ANY:
                kind = "unknown"
            elif source and (name in _norm(source) or _norm(source).split()[-1:] == name.split()[-1:]):
                kind = "own"
            elif side:
                kind = "own" if aside == side else "other"
            if m.start() > last_pos:
                last_pos, last_kind = m.start(), kind
        for m in _WORD_RE.finditer(prefix):
            w = m.group(0).lower()
            if m.start() <= last_pos:
                continue
            if w in self.lex.own_pronouns or w in {"he", "she"}:
                last_pos, last_kind = m.start(), "own"
            elif w in self.lex.other_pronouns:
                last_pos, last_kind = m.start(), "other"
        return last_kind

    def _lead_side(self, text: str, pos: int, side: str | None, source: str | None) -> str | None:
        """'own' or 'other' when a match opens with a party ("Borovian forces will ..."), else None."""
        m = self.lex.actors.match(text, pos)
        if m is None:
            return None
        aside = self.lex.party_side(m.group(0))
        if aside == OTHER:
            return "other"
        if aside is None or aside == ANY:
            return None
        name = _norm(m.group(0))
        if source and (name in _norm(source) or _norm(source).split()[-1:] == name.split()[-1:]):
            return "own"
        if side:
            return "own" if aside == side else "other"
        return None

    def _target_after(self, text: str, pos: int, side: str | None) -> str | None:
        window = text[pos : pos + 80]
        for m in self.lex.actors.finditer(window):
            name = m.group(0)
            aside = self.lex.party_side(name)
            if side and aside == side:
                continue
            return name
        return None

    def _target_cue(self, text: str) -> str | None:
        """The addressee right after a cue ("thanked <Meridia> for ..."): a party, else capitalised words."""
        lead = len(text) - len(text.lstrip())
        party = self.lex.actors.match(text, lead)
        if party is not None:
            return party.group(0)
        m = re.match(r"\s*((?:the |The )?[A-Z][\w’'.-]+(?: (?:of |the |and |de |von )*[A-Z][\w’'.-]+)*(?: side)?)", text)
        return m.group(1).strip() if m else None

    # -- the analysis --
    def hits(
        self,
        text: str,
        cue: str | None = None,
        *,
        side: str | None = None,
        source: str | None = None,
    ) -> tuple[list[Hit], list[_Sentence], list[tuple[str, str]]]:
        cue = cue or ""
        sents = self._sentences(text)
        out: list[Hit] = []
        cue_folded = fold(cue) if cue and self.cue_rules else None
        for rule in self.cue_rules:
            if not cue:
                continue
            if not passes(rule.needs, cue_folded):
                continue
            m = rule.regex.search(cue)
            if not m:
                continue
            if rule.with_re is not None and not rule.with_re.search(text):
                continue
            if rule.unless_re is not None and (rule.unless_re.search(cue) or rule.unless_re.search(text[:200])):
                continue
            out.append(Hit(rule, rule.code, rule.weight, m.group(0), None, self._target_cue(text)))
        if cue:
            joined = cue + " " + text[:240]
            joined_folded = fold(joined)
            for rule in self.start_rules:
                if not passes(rule.needs, joined_folded):
                    continue
                m = rule.regex.search(joined)
                if not m:
                    continue
                if rule.unless_re is not None and rule.unless_re.search(joined):
                    continue
                sent = 0 if m.end() > len(cue) + 1 else None
                out.append(Hit(rule, rule.code, rule.weight, m.group(0), sent, self._target_cue(text)))
        low = text.lower()
        if len(low) != len(text):  # a few characters lowercase to two: offsets would drift
            low = None
        folded = fold(text)
        set_aside: list[tuple[str, str]] = []  # (code, reason) of matches the rules set aside
        for rule in self.text_rules:
            if rule.needs is not None and not passes(rule.needs, folded):
                continue  # the literal prefilter: a clause without its string, no match
            for m in _finditer(rule, text, low):
                idx = _sentence_of(sents, m.start())
                sent = sents[idx]
                if rule.with_re is not None and not rule.with_re.search(sent.text):
                    continue
                if rule.unless_re is not None and rule.unless_re.search(sent.text):
                    continue
                if sent.question and rule.question == "drop":
                    set_aside.append((rule.code, "question"))
                    continue
                if sent.other_from is not None and m.start() >= sent.other_from and rule.quoted == "drop":
                    set_aside.append((rule.code, "quoted"))
                    continue
                code, weight, negated = rule.code, rule.weight, False
                clause_start = self._clause_start(text, sent, m.start())
                if rule.negation != "ignore" and self._negated(text, clause_start, m.start()):
                    if rule.negated == "drop":
                        set_aside.append((rule.code, "negated"))
                        continue
                    if rule.negated != "keep":
                        code, weight, negated = rule.negated, weight * 0.9, True
                if rule.hypothetical == "drop" and self.lex.condition_openers.search(
                    text[clause_start : m.start()]
                ):
                    set_aside.append((rule.code, "hypothetical"))
                    continue
                if rule.own_side == "drop" and side:
                    # the party the match is about: its target group, else the first party in it
                    named = m.group("target") if "target" in rule.regex.groupindex else None
                    first = self.lex.actors.search(named or m.group(0))
                    if first and self.lex.party_side(first.group(0)) == side:
                        set_aside.append((rule.code, "own side"))
                        continue
                if rule.third_party != "keep":
                    who = self._lead_side(text, m.start(), side, source) or self._subject_side(
                        text, clause_start, m.start(), side, source)
                    if who == "other":
                        if rule.third_party == "drop":
                            set_aside.append((rule.code, "third party"))
                            continue
                        code = rule.third_party
                target = None
                if "target" in rule.regex.groupindex and m.group("target"):
                    target = m.group("target")
                else:
                    target = self._target_after(text, m.end(), side)
                out.append(Hit(rule, code, weight, m.group(0), idx, target, negated, m.start(), m.end()))
        return out, sents, set_aside

    def code(
        self,
        text: str,
        cue: str | None = None,
        *,
        side: str | None = None,
        source: str | None = None,
        target: str | None = None,
        coder: str = "rules",
    ) -> list[Signal]:
        """The signals of one statement (``cue`` the reporting phrase, ``text`` its content)."""
        return list(self.read(text, cue, side=side, source=source, target=target, coder=coder).signals)

    def read(
        self,
        text: str,
        cue: str | None = None,
        *,
        side: str | None = None,
        source: str | None = None,
        target: str | None = None,
        coder: str = "rules",
        signals: bool = True,
    ) -> RuleReading:
        """The rules' reading of one statement: the signals they report (unless ``signals`` is
        false: the codes only) and every hit behind them (the learned coder reads the hits as
        features and builds the signals it reports itself)."""
        if side is None and source:
            side = self.lex.side_of(source)
        if self.lex.raw.get("mask_markdown") and ("*" in text or "_" in text):
            text = _MARKDOWN.sub(lambda m: " " * len(m.group()), text)  # Telegram's **bold**
        hits, sents, set_aside = self.hits(text, cue, side=side, source=source)
        spans = [(h.start, h.end, h.rule.cancels) for h in hits if h.rule.cancels and h.start is not None]
        if spans:  # "no longer insists on X as a precondition": the condition is dropped, not set
            hits = [h for h in hits if h.start is None or not any(
                h.code in c and s <= h.start < e for s, e, c in spans)]
        by_code = _combine(hits)
        fired = {c for c, hs in by_code.items() if _noisy_or(hs) >= self.lex.threshold}
        if any(h.rule.suppressed_by for h in hits):
            hits = [h for h in hits if not (set(h.rule.suppressed_by) & (fired - {h.code}))]
            by_code = _combine(hits)
            fired = {c for c, hs in by_code.items() if _noisy_or(hs) >= self.lex.threshold}
        built = [
            self.signal(code, text, cue, by_code[code], sents, fired, target=target, coder=coder)
            for code in SIGNAL_CODES
            if code in fired
        ] if signals else []
        return RuleReading(text, tuple(built), tuple(hits), tuple(sents), side, tuple(set_aside), frozenset(fired))

    def signal(
        self,
        code: str,
        text: str,
        cue: str | None,
        hs: Sequence[Hit],
        sents: Sequence[_Sentence],
        codes: Iterable[str],
        *,
        target: str | None = None,
        coder: str = "rules",
        confidence: float | None = None,
        cues: Sequence[str] = (),
    ) -> Signal:
        """A signal of ``code`` with its attributes read from the text: the rules' hits ``hs`` (may
        be empty, for a code the learned model reports), the other ``codes`` of the statement
        (an offer with SET_CONDITIONS beside it is conditional), its conditions, target, topics."""
        codes = set(codes)
        conf = confidence if confidence is not None else round(min(0.99, _noisy_or(hs)), 3)
        sent_ids = sorted({h.sentence for h in hs if h.sentence is not None})
        scope = " ".join(sents[i].text for i in sent_ids) if sent_ids else text
        scope_full = (cue or "") + " " + scope
        conditional = None
        conditions: tuple[str, ...] = ()
        if code in ("OFFER_TALKS", "CEASEFIRE"):
            conditional = self._conditional(text, "SET_CONDITIONS" in codes)
            if conditional:
                conditions = self._conditions(text, code)
        elif code in ("SET_CONDITIONS", "REJECT"):
            conditions = self._conditions(scope if code == "REJECT" else text, code, hs, text)
        tgt = next((h.target for h in hs if h.target), None) or target
        shown = tuple(dict.fromkeys(" ".join(h.cue.split()) for h in hs)) or tuple(cues)
        rules = ",".join(dict.fromkeys(h.rule.id for h in hs))
        return Signal(
            code=code,
            confidence=conf,
            cues=shown,
            conditional=conditional,
            conditions=conditions,
            target=tgt,
            topics=self._topics(scope_full),
            negated=bool(hs) and all(h.negated for h in hs),
            coder=f"{coder}:{rules}" if rules else coder,
        )

    def _conditional(self, text: str, has_conditions: bool) -> bool | None:
        folded = fold(text)
        if passes(self._unconditional_needs, folded) and self.lex.unconditional.search(text):
            return False
        if has_conditions or (passes(self._conditional_needs, folded) and self.lex.conditional.search(text)):
            return True
        return None

    def _topics(self, scope: str) -> tuple[str, ...]:
        folded = fold(scope)
        return tuple(t for t, rx, needs in self._topics_needs if passes(needs, folded) and rx.search(scope))

    def _conditions(self, scope: str, code: str, hits: Sequence[Hit] = (), text: str = "") -> tuple[str, ...]:
        found: list[str] = []
        folded = fold(scope)
        for rx, phrase, needs in self._conditions_needs:
            if passes(needs, folded) and rx.search(scope):
                found.append(phrase)
        openers = self.lex.condition_openers.finditer(scope) if passes(self._openers_needs, folded) else ()
        for m in openers:
            phrase = _phrase_after(scope, m.end(), self.lex.breakers)
            if phrase:
                found.append(phrase)
        if code == "REJECT":
            for h in hits:
                if h.sentence is None or not text:
                    continue
                pos = text.find(h.cue)
                if pos >= 0:
                    phrase = _phrase_after(text, pos + len(h.cue), self.lex.breakers)
                    if phrase and len(phrase.split()) >= 2:
                        found.append(phrase)
        unique: list[str] = []
        for f in dict.fromkeys(found):
            low = f.lower()
            if any(low in u.lower() or u.lower() in low for u in unique):
                continue
            unique.append(f)
        return tuple(unique[:6])


_MARKDOWN = re.compile(r"\*\*|__")
_LEAD_RE = re.compile(r"^(?:to|that|the|a|an|on|of|with|for|by|about)\s+", re.IGNORECASE)


def _phrase_after(text: str, pos: int, breakers: re.Pattern[str], max_words: int = 8) -> str | None:
    rest = text[pos : pos + 200]
    m = breakers.search(rest)
    end = m.start() if m else len(rest)
    m2 = re.search(r"[.!?]", rest[:end])
    if m2:
        end = m2.start()
    words = rest[:end].split()
    if not words:
        return None
    phrase = " ".join(words[:max_words]).strip(" \"“”'’«»()")
    while len(phrase.split()) > 2 and _LEAD_RE.match(phrase):
        phrase = _LEAD_RE.sub("", phrase, count=1)
    return phrase or None


def _sentence_of(sents: Sequence[_Sentence], pos: int) -> int:
    for i, s in enumerate(sents):
        if s.start <= pos < s.end:
            return i
    return len(sents) - 1


def _combine(hits: Iterable[Hit]) -> dict[str, list[Hit]]:
    by: dict[str, list[Hit]] = {}
    for h in hits:
        by.setdefault(h.code, []).append(h)
    return by


def _noisy_or(hits: Sequence[Hit]) -> float:
    best: dict[str, float] = {}
    for h in hits:  # one rule counts once (its best hit)
        best[h.rule.id] = max(best.get(h.rule.id, 0.0), h.weight)
    p = 1.0
    for w in best.values():
        p *= 1.0 - w
    return 1.0 - p
