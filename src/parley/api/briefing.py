"""The briefing: what happened in a period, every claim resting on a cited statement.

:func:`build_briefing` gathers, for a period and (optionally) some sides:

- **headlines**: at most :data:`MAX_HEADLINES` findings, ranked by the strength of their evidence,
  each resting on at least :data:`~parley.analysis._scores.MIN_EVIDENCE` statements and an interval
  that excludes no change, split over the tests made (Bonferroni): each side's sustained shifts of
  its cooperation score (``parley trends``), the signals whose share of a side's statements changed
  against the period just before (only when the store covers that whole period), and the actors
  whose role on their side is stated (``parley profile``, the same computation as the command line
  and the dashboard). Contradictions and ceasefires are reported in their sections, not as
  headlines: one pair or one declaration is a lead to read, not a measured finding;
- **what changed this week**: each side's statements and signals in the period's last seven days
  against the seven before (counts, each new signal cited), and **the sides side by side** on each
  subject two of them spoke of (their counts, mean cooperation and latest words);
- **key statements** of each side, quoted (one quote carried by several outlets counts once and
  cites every copy), and a **quote timeline** of each side's most quoted actors (a quote from each
  stretch of the period, in the order said);
- **contradictions** (``parley contradictions``) and **words against deeds** (``parley saydo``);
- **charts** (the dashboard's Vega-Lite specs, :mod:`parley.charts`).

Every headline and quote refers to :class:`Citation` numbers; a citation names the outlet, the
headline, the link (http/https only), the date, the speaker and the sentence of the statement it
rests on, with the document id and character offsets (and links to the dashboard's document page
when a base URL is given). :func:`findings` gives the headlines alone, with their statements, for
the dashboard's first screen. Everything is read through the verbs of
:class:`parley.api.Parley` (``Parley.briefing`` calls :func:`build_briefing`); the renderers of
:mod:`parley.report` turn a :class:`Briefing` into HTML, PDF or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .. import __version__, charts
from ..analysis._scores import MIN_EVIDENCE, rate_diff_interval, statement_score
from ..analysis.profiles import ROLE_CONCILIATORY, ROLE_HARDLINE
from ..analysis.deeds import shift_day
from ..errors import ConfigError, NotFound
from ..records import Statement, safe_link
from .query import StatementQuery

if TYPE_CHECKING:  # for annotations only: the Parley object is handed in
    from . import Parley

#: The signals a briefing leads with, most newsworthy first.
KEY_SIGNALS = ("CEASEFIRE", "OFFER_TALKS", "REJECT", "AGREE", "CONCEDE", "SET_CONDITIONS", "THREATEN",
               "SANCTION", "ACCUSE", "COOPERATE", "PRAISE")
#: The most findings a briefing leads with.
MAX_HEADLINES = 5


@dataclass(frozen=True, slots=True)
class Citation:
    """The statement a claim rests on: document, offsets, date, speaker, and where to read it."""

    number: int
    statement_id: str
    doc_id: str
    start: int
    end: int
    published: str | None
    speaker: str | None
    side: str | None
    text: str
    title: str | None
    source: str | None
    url: str | None
    link: str | None  # the dashboard's page of the document, at the statement

    @property
    def label(self) -> str:
        who = self.speaker or "unknown speaker"
        side = f" ({self.side})" if self.side else ""
        return (f"{who}{side}, {self.published or 'undated'}; document {self.doc_id[:12]}, "
                f"characters {self.start}–{self.end}")


@dataclass(frozen=True, slots=True)
class Headline:
    """One finding, written as a sentence, with the citations it rests on."""

    kind: str  # "shift", "signal", "role"
    side: str | None
    text: str
    citations: tuple[int, ...]
    #: how many statements the finding rests on (never fewer than MIN_EVIDENCE)
    statements: int = 0
    #: how far the finding's interval stands from no change, in standard errors past the
    #: threshold of its tests: the rank of the headline (strongest first)
    strength: float = 0.0


@dataclass(frozen=True, slots=True)
class Quote:
    citation: int
    text: str
    speaker: str | None
    published: str | None
    signals: tuple[str, ...]
    #: the citations of the same words by the same speaker in other documents (folded into this one)
    sources: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SideSection:
    side: str
    statements: int
    signal_counts: dict[str, int]
    previous_counts: dict[str, int]
    cooperation: float | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ContradictionItem:
    rule: str
    topic: str | None
    explanation: str
    a: int  # citation numbers
    b: int


@dataclass(frozen=True, slots=True)
class TacticItem:
    """A tactic found in the period (the same as ``parley tactics`` says), with its evidence cited."""

    pattern: str
    side: str
    summary: str
    strength: str
    statements: int
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CeasefireItem:
    side: str | None
    declared: str | None
    start: str
    end: str
    window_source: str
    attacks: int
    attacks_before: int
    fatalities: int
    verdict: str
    citation: int


@dataclass(frozen=True, slots=True)
class RoleItem:
    """An actor whose role on its side is stated (the same as ``parley profile`` and the dashboard say)."""

    actor: str
    actor_id: str | None
    side: str | None
    role: str
    scored: int
    cooperation: float | None
    side_cooperation: float | None
    difference_low: float | None
    difference_high: float | None


@dataclass(frozen=True, slots=True)
class WeekChange:
    """What changed in a side's words in the period's last seven days against the seven before:
    counts, not findings (a week is rarely enough statements for one), each new signal cited."""

    side: str
    statements: int
    previous: int
    new_signals: tuple[tuple[str, int], ...]  # (code, citation of its first statement this week)
    gone_signals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubjectView:
    """One side on one subject: how many of its statements, their mean cooperation, its latest words."""

    side: str
    statements: int
    cooperation: float | None
    citation: int
    text: str


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject (a codebook topic) two sides or more spoke of in the period, side by side."""

    topic: str
    views: tuple[SubjectView, ...]


@dataclass(frozen=True, slots=True)
class ActorTimeline:
    """One actor's words over the period in the order said: the actors of the followed sides who
    spoke most, each with a quote from each stretch of the period (the stretch's most newsworthy
    coded statement), so a reader sees a position move or hold."""

    actor: str
    actor_id: str
    side: str
    #: the actor's coded statements in the period (the quotes are a sample of them)
    statements: int
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    name: str
    title: str
    spec: dict[str, Any]


@dataclass
class Briefing:
    since: dt.date
    until: dt.date
    sides: tuple[str, ...]
    generated_at: str
    store: str
    statements: int
    documents: int
    events: int
    #: statements folded into another as the same words of the same speaker (not counted again)
    copies: int = 0
    headlines: list[Headline] = field(default_factory=list)
    sections: list[SideSection] = field(default_factory=list)
    contradictions: list[ContradictionItem] = field(default_factory=list)
    #: the tactics found in the period (parley tactics), of the followed sides
    tactics: list[TacticItem] = field(default_factory=list)
    ceasefires: list[CeasefireItem] = field(default_factory=list)
    #: no recorded event covers the period (or part of it): words cannot be set against deeds there
    saydo_warning: str | None = None
    #: the period's last seven days against the seven before, per side
    week: list[WeekChange] = field(default_factory=list)
    week_since: dt.date | None = None
    #: subjects two sides or more spoke of, the sides side by side (most statements first)
    subjects: list[Subject] = field(default_factory=list)
    #: every actor of the followed sides whose role is stated, most statements first
    roles: list[RoleItem] = field(default_factory=list)
    #: a quote timeline of each followed side's most quoted actors
    timelines: list[ActorTimeline] = field(default_factory=list)
    correlation: dict[str, float | None] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    #: how many findings passed the thresholds (the headlines are the strongest MAX_HEADLINES of them)
    findings_tested: int = 0
    #: the fewest statements a headline rests on
    min_evidence: int = MIN_EVIDENCE
    #: whether the store covers the whole previous period the signals are compared with
    previous_covered: bool = False
    palette: dict[str, str] = field(default_factory=dict)  # side -> colour, as on the dashboard
    side_names: dict[str, str] = field(default_factory=dict)  # side code -> name, from the registry
    version: str = __version__

    @property
    def title(self) -> str:
        who = ", ".join(self.sides) if self.sides else "all sides"
        return f"Briefing: {who}, {self.since.isoformat()} to {self.until.isoformat()}"


class _Citer:
    """Numbers each cited statement once, in order of first citation."""

    def __init__(self, parley: Parley, base_url: str | None):
        self.parley = parley
        if base_url and safe_link(base_url) is None:
            raise ConfigError(f"--base-url {base_url!r}: give the dashboard's http(s) address, "
                              "e.g. http://127.0.0.1:8000")
        self.base_url = base_url.rstrip("/") if base_url else None
        self.by_id: dict[str, Citation] = {}
        self._docs: dict[str, Any] = {}

    def __call__(self, s: Statement) -> int:
        sid = s.id
        if sid in self.by_id:
            return self.by_id[sid].number
        if s.doc_id not in self._docs:
            try:
                self._docs[s.doc_id] = self.parley.get_document(s.doc_id)
            except NotFound:  # a statement whose document is gone: cited without its title
                self._docs[s.doc_id] = None
        doc = self._docs[s.doc_id]
        published = s.published.isoformat() if isinstance(s.published, dt.date) else s.published
        link = f"{self.base_url}/documents/{s.doc_id}#s-{sid[:12]}" if self.base_url else None
        c = Citation(
            number=len(self.by_id) + 1, statement_id=sid, doc_id=s.doc_id, start=s.start, end=s.end,
            published=published, speaker=s.speaker, side=s.side, text=s.text,
            title=doc.title if doc else None, source=doc.source if doc else None,
            url=safe_link(doc.url) if doc else None,
            link=link,
        )
        self.by_id[sid] = c
        return c.number

    def all(self) -> list[Citation]:
        return sorted(self.by_id.values(), key=lambda c: c.number)


def signal_counts(statements: Sequence[Statement]) -> dict[str, int]:
    """How many of the statements carry each signal code (negated signals excluded)."""
    counts: Counter = Counter()
    for s in statements:
        counts.update({g.code for g in s.signals if not g.negated})
    return dict(counts)


def _score(s: Statement) -> float:
    v = statement_score(s)
    return 0.0 if v is None else v


def _priority(s: Statement) -> tuple:
    codes = [g.code for g in s.signals if not g.negated]
    rank = min((KEY_SIGNALS.index(c) for c in codes if c in KEY_SIGNALS), default=len(KEY_SIGNALS))
    conf = max((g.confidence for g in s.signals if not g.negated), default=0.0)
    return (rank, -abs(_score(s)), -conf, -(s.published or dt.date.min).toordinal())


def key_statements(statements: Sequence[Statement], n: int = 5) -> list[Statement]:
    """The statements a briefing quotes for a side: coded ones, the most newsworthy signals first,
    at most one per speaker and signal, so several voices and positions are heard."""
    seen: set[tuple] = set()
    by_speaker: dict[str, list[Statement]] = {}
    for s in sorted((s for s in statements if any(not g.negated for g in s.signals)), key=_priority):
        who = s.actor_id or s.speaker or ""
        key = (who, tuple(sorted({g.code for g in s.signals if not g.negated})))
        if key in seen:
            continue
        seen.add(key)
        by_speaker.setdefault(who, []).append(s)
    out: list[Statement] = []
    queues = list(by_speaker.values())  # speakers in order of their most newsworthy statement
    while len(out) < n and any(queues):
        for q in queues:  # round robin: every voice once before anyone twice
            if q and len(out) < n:
                out.append(q.pop(0))
    return sorted(out, key=lambda s: (s.published or dt.date.min, s.doc_id, s.start))


def _signal_headlines(side: str, name: str, now: dict[str, int], before: dict[str, int], n_now: int, n_before: int,
                      statements: Sequence[Statement], cite: Any, days: int, tests: int) -> list[Headline]:
    """The signals whose share of the side's statements changed against the previous period: both
    periods hold MIN_EVIDENCE statements, and the interval on the difference of the shares, split
    over ``tests`` (signals × sides), excludes zero."""
    out: list[Headline] = []
    if n_now < MIN_EVIDENCE or n_before < MIN_EVIDENCE:
        return out
    for code in KEY_SIGNALS:
        a, b = now.get(code, 0), before.get(code, 0)
        d, lo, hi = rate_diff_interval(a, n_now, b, n_before, tests=tests)
        if d is None or lo is None or hi is None or (lo <= 0 <= hi):
            continue
        examples = [s for s in statements if any(g.code == code and not g.negated for g in s.signals)]
        examples.sort(key=lambda s: -abs(_score(s)))
        refs = tuple(cite(s) for s in examples[:2])
        word = "rose" if a * n_before > b * n_now else "fell"
        text = (f"The share of {name} statements carrying {code} {word} to {a / n_now:.0%} ({a} of {n_now}), "
                f"from {b / n_before:.0%} ({b} of {n_before}) in the previous {days} days"
                + (f"; e.g. {examples[0].speaker or 'a speaker'}: “{pages_clip(examples[0].text)}”" if examples else "")
                + ".")
        half = max(hi - d, d - lo) or 1.0
        out.append(Headline("signal", side, text, refs, statements=n_now + n_before,
                            strength=round(min(abs(lo), abs(hi)) / half, 4)))
    return out


def _role_headlines(parley: Parley, period: StatementQuery, followed: Sequence[str], names: dict[str, str],
                    by_id: dict[str, Statement], cite: Any, roles: list[RoleItem]) -> list[Headline]:
    """The actors of the followed sides whose role on their side is stated (``Parley.profiles``)."""
    out = []
    for p in parley.profiles(period).values():
        if p.role not in (ROLE_CONCILIATORY, ROLE_HARDLINE) or p.side not in followed:
            continue
        roles.append(RoleItem(p.actor, p.actor_id, p.side, p.role, p.scored, p.cooperation, p.side_cooperation,
                              p.difference_low, p.difference_high))
        if p.difference is None or p.difference_low is None or p.difference_high is None:
            continue
        ids = p.most_conciliatory if p.role == ROLE_CONCILIATORY else p.most_hardline
        refs = tuple(cite(by_id[i]) for i in ids[:2] if i in by_id)
        side_name = names.get(p.side, p.side)
        text = (f"{p.actor} was {p.role.replace('its side', 'the rest of ' + side_name)}: mean cooperation "
                f"{p.cooperation:+.2f} over {p.scored} coded statements against {p.side_cooperation:+.2f} over "
                f"{p.side_statements} (difference {p.difference:+.2f}, interval [{p.difference_low:+.2f}, "
                f"{p.difference_high:+.2f}]).")
        half = (p.difference_high - p.difference_low) / 2 or 1.0
        out.append(Headline("role", p.side, text, refs, statements=p.scored,
                            strength=round(min(abs(p.difference_low), abs(p.difference_high)) / half, 4)))
    return out


def _week_changes(followed: Sequence[str], statements: dict[str, list[Statement]], earlier: Sequence[Statement],
                  week_since: dt.date | None, cite: Any) -> list[WeekChange]:
    out = []
    for sd in followed:
        now = [s for s in statements[sd] if s.published and week_since and s.published >= week_since]
        before = [s for s in earlier if (s.side or "").upper() == sd]
        if not now and not before:
            continue
        had = set(signal_counts(before))
        new: dict[str, Statement] = {}
        for s in sorted(now, key=lambda s: (s.published or dt.date.min, s.doc_id, s.start)):
            for code in {g.code for g in s.signals if not g.negated} - had:
                new.setdefault(code, s)
        gone = sorted(had - set(signal_counts(now)))
        out.append(WeekChange(sd, len(now), len(before),
                              tuple((code, cite(s)) for code, s in sorted(new.items())), tuple(gone)))
    return out


def _subjects(followed: Sequence[str], statements: dict[str, list[Statement]], cite: Any, *,
              limit: int = 5) -> list[Subject]:
    by_topic: dict[str, dict[str, list[Statement]]] = {}
    for sd in followed:
        for s in statements[sd]:
            for topic in {t for g in s.signals if not g.negated for t in g.topics}:
                by_topic.setdefault(topic, {}).setdefault(sd, []).append(s)
    shared = [(t, v) for t, v in by_topic.items() if len(v) >= 2]
    shared.sort(key=lambda tv: (-sum(len(x) for x in tv[1].values()), tv[0]))
    out = []
    for topic, sides in shared[:limit]:
        views = []
        for sd, group in sorted(sides.items(), key=lambda kv: -len(kv[1])):
            scores = [v for v in (statement_score(s) for s in group) if v is not None]
            latest = max(group, key=lambda s: (s.published or dt.date.min, s.doc_id, s.start))
            views.append(SubjectView(sd, len(group), round(sum(scores) / len(scores), 2) if scores else None,
                                     cite(latest), latest.text))
        out.append(Subject(topic, tuple(views)))
    return out


def _timelines(followed: Sequence[str], statements: dict[str, list[Statement]], quote: Callable[[Statement], Quote],
               *, actors: int = 3, per_actor: int = 6, least: int = 2) -> list[ActorTimeline]:
    """The quote timeline of each followed side's ``actors`` most quoted actors (registry actors
    with at least ``least`` coded statements): their coded statements in the order said, cut into
    ``per_actor`` stretches of equal length, the most newsworthy of each stretch quoted."""
    out = []
    for sd in followed:
        by_actor: dict[str, list[Statement]] = {}
        for s in statements[sd]:
            if s.actor_id and s.published and any(not g.negated for g in s.signals):
                by_actor.setdefault(s.actor_id, []).append(s)
        ranked = sorted((v for v in by_actor.values() if len(v) >= least), key=lambda v: (-len(v), v[0].actor_id))
        for group in ranked[:actors]:
            group.sort(key=lambda s: (s.published or dt.date.min, s.doc_id, s.start))
            k = min(per_actor, len(group))
            stretches = [group[i * len(group) // k:(i + 1) * len(group) // k] for i in range(k)]
            picked = [min(part, key=_priority) for part in stretches if part]
            out.append(ActorTimeline(group[-1].speaker or group[-1].actor_id or "", group[0].actor_id or "", sd,
                                     len(group), tuple(quote(s) for s in picked)))
    return out


def pages_clip(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass
class _Found:
    headlines: list[Headline]
    tested: int
    previous_covered: bool
    roles: list[RoleItem]
    before: dict[str, dict[str, int]]
    shifts: tuple[Any, ...]
    points: tuple[Any, ...]


def _find(parley: Parley, *, since: dt.date, until: dt.date, followed: Sequence[str], names: dict[str, str],
          cite: Any, statements: dict[str, list[Statement]]) -> _Found:
    """The period's findings, ranked, at most MAX_HEADLINES (see the module docstring): the one
    computation the briefing and the dashboard's overview lead with. ``statements``: each followed
    side's folded statements of the period."""
    days = (until - since).days + 1
    prev_since, prev_until = shift_day(since, -days), shift_day(since, -1)
    period = StatementQuery(since=since, until=until)
    headlines: list[Headline] = []

    # 1. sustained shifts (parley trends)
    trend = parley.shifts(followed, since=since, until=until)
    for sh in trend.shifts:
        refs = [cite(sh.statement)] if sh.statement else []
        refs += [cite(e) for e in sh.evidence[:2]]
        verb = "rose" if sh.shift > 0 else "fell"
        interval = f", difference [{sh.low:+.2f}, {sh.high:+.2f}]" if sh.low is not None and sh.high is not None else ""
        half = (sh.high - sh.low) / 2 if sh.low is not None and sh.high is not None and sh.high > sh.low else 1.0
        strength = min(abs(sh.low), abs(sh.high)) / half if sh.low is not None and sh.high is not None else 0.0
        headlines.append(Headline(
            "shift", sh.side,
            f"{names.get(sh.side, sh.side)} turned {sh.direction} from {sh.date}: its mean cooperation score {verb} from "
            f"{sh.before:+.2f} to {sh.after:+.2f} ({sh.n_before} coded statements before, {sh.n_after} after{interval}).",
            tuple(refs), statements=sh.n_before + sh.n_after, strength=round(strength, 4),
        ))

    # 2. signals against the previous period: only one the store covers whole ("rose from X in the
    # previous N days" must not measure when the corpus begins)
    covered = parley.date_range().first
    compare = covered is not None and prev_since is not None and covered <= prev_since
    before: dict[str, dict[str, int]] = {}
    for sd in followed:
        earlier = parley.folded(parley.statements(StatementQuery(side=sd, since=prev_since, until=prev_until)))
        before[sd] = signal_counts(earlier)
        if compare:
            headlines.extend(_signal_headlines(
                sd, names.get(sd, sd), signal_counts(statements[sd]), before[sd], len(statements[sd]), len(earlier),
                statements[sd], cite, days, tests=len(KEY_SIGNALS) * max(1, len(followed))))

    # 3. the roles stated on the followed sides (Parley.profiles: as on the command line and the dashboard)
    roles: list[RoleItem] = []
    pool = {s.id: s for v in statements.values() for s in v}
    headlines.extend(_role_headlines(parley, period, followed, names, pool, cite, roles))
    roles.sort(key=lambda r: (-r.scored, r.actor))

    headlines.sort(key=lambda h: -h.strength)
    return _Found(headlines[:MAX_HEADLINES], len(headlines), compare, roles, before, trend.shifts, trend.points)


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding as the dashboard shows it: the headline's sentence and the statements it cites."""

    kind: str
    side: str | None
    text: str
    statements: int
    strength: float
    evidence: tuple[Statement, ...]


class _Collect:
    """A citer that keeps the statements cited, numbered from 1."""

    def __init__(self) -> None:
        self.cited: list[Statement] = []
        self._at: dict[str, int] = {}

    def __call__(self, s: Statement) -> int:
        if s.id not in self._at:
            self.cited.append(s)
            self._at[s.id] = len(self.cited)
        return self._at[s.id]


def findings(parley: Parley, *, since: dt.date, until: dt.date, sides: Sequence[str] = ()) -> list[Finding]:
    """The period's ranked findings (at most MAX_HEADLINES), each with the statements it cites:
    what the briefing leads with, for the dashboard's first screen."""
    period = StatementQuery(since=since, until=until)
    followed = [s.upper() for s in sides] if sides else list(parley.sides(period))
    registry = parley.registry
    names = {code: registry.side_name(code) for code in followed}
    statements = {sd: parley.folded(parley.statements(period.replace(side=sd))) for sd in followed}
    collect = _Collect()
    found = _find(parley, since=since, until=until, followed=followed, names=names, cite=collect,
                  statements=statements)
    return [Finding(h.kind, h.side, h.text, h.statements, h.strength,
                    tuple(collect.cited[n - 1] for n in h.citations)) for h in found.headlines]


def build_briefing(
    parley: Parley,
    *,
    since: dt.date,
    until: dt.date,
    sides: Sequence[str] = (),
    base_url: str | None = None,
    quotes_per_side: int = 5,
    chart_width: int = 640,
) -> Briefing:
    """The briefing for ``since``–``until`` (both inclusive) over ``sides`` (default: every side
    that spoke in the period), read through ``parley``'s verbs."""
    if since > until:
        raise ConfigError(f"--from ({since}) is after --to ({until}); swap them")
    sides = tuple(s.upper() for s in sides)
    cite = _Citer(parley, base_url)
    period = StatementQuery(since=since, until=until)
    side_counts = parley.sides(period)
    followed = list(sides) if sides else list(side_counts)

    # one quote carried by several outlets counts once: the counts below are of folded statements,
    # and each quote cites its copies as further sources
    folds = {sd: parley.fold(parley.statements(period.replace(side=sd))) for sd in followed}
    statements = {sd: [f.statement for f in v] for sd, v in folds.items()}
    copies_of = {f.statement.id: f.copies for v in folds.values() for f in v}
    n_statements = sum(len(v) for v in statements.values())
    doc_ids = {s.doc_id for v in folds.values() for f in v for s in f.sources}
    events = parley.events(since=since, until=until)

    b = Briefing(
        since=since, until=until, sides=sides, generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        store=parley.display_url, statements=n_statements, documents=len(doc_ids),
        copies=sum(len(c) for c in copies_of.values()),
        events=len([e for e in events if not sides or (e.side1 or "") in sides]),
    )
    registry = parley.registry
    b.side_names = {code: registry.side_name(code) for code in {*followed, *side_counts}}

    lead = _find(parley, since=since, until=until, followed=followed, names=b.side_names, cite=cite,
                 statements=statements)
    coop = lead.points
    b.previous_covered = lead.previous_covered
    b.roles = lead.roles
    b.headlines = lead.headlines
    b.findings_tested = lead.tested

    def quote(s: Statement) -> Quote:
        return Quote(cite(s), s.text, s.speaker, s.published.isoformat() if s.published else None,
                     tuple(g.code for g in s.signals if not g.negated), tuple(cite(c) for c in copies_of.get(s.id, ())))

    # 2. per side: signal mix (against the previous period when the store covers it), key quotes
    for sd in followed:
        now = signal_counts(statements[sd])
        quotes = tuple(quote(s) for s in key_statements(statements[sd], quotes_per_side))
        scores = [p.value for p in coop if p.side == sd and p.value is not None]
        weights = [p.n for p in coop if p.side == sd and p.value is not None]
        mean = sum(v * w for v, w in zip(scores, weights)) / sum(weights) if weights and sum(weights) else None
        b.sections.append(SideSection(sd, len(statements[sd]), dict(sorted(now.items(), key=lambda kv: -kv[1])),
                                      lead.before.get(sd, {}), mean, quotes))

    # 2b. what changed this week: the last seven days against the seven before
    b.week_since = shift_day(until, -6)
    week_before = parley.statements(StatementQuery(since=shift_day(until, -13), until=shift_day(until, -7)))
    b.week = _week_changes(followed, statements, parley.folded(week_before), b.week_since, cite)

    # 2c. the sides side by side on each subject two of them spoke of
    b.subjects = _subjects(followed, statements, cite)

    # 2d. a quote timeline of each side's most quoted actors
    b.timelines = _timelines(followed, statements, quote)

    # 3. contradictions (parley contradictions), among the followed sides' statements
    pool = [s for v in statements.values() for s in v]
    found = parley.contradictions(period, among=pool).contradictions
    for c in found:
        b.contradictions.append(ContradictionItem(c.rule, c.topic, c.explanation, cite(c.a), cite(c.b)))

    # 3b. tactics (parley tactics over the period), of the followed sides
    for t in parley.tactics(period).findings:
        if t.side in followed:
            b.tactics.append(TacticItem(t.pattern, t.side, t.summary, t.strength, t.statements,
                                        tuple(cite(s) for s in t.evidence)))

    # 4. words against deeds (parley saydo), events of every side read around the period
    result = parley.saydo(period, among=pool).saydo
    for chk in result.ceasefires:
        n = cite(chk.statement)
        b.ceasefires.append(CeasefireItem(
            chk.side, chk.statement.published.isoformat() if chk.statement.published else None,
            chk.start.isoformat(), chk.end.isoformat(), chk.window_source, chk.attacks, chk.attacks_before,
            chk.fatalities, chk.verdict, n,
        ))
    b.correlation = {k: v for k, v in result.correlation.items() if not sides or k in sides}
    b.saydo_warning = result.warning

    # 5. charts (the dashboard's specs)
    colours = parley.palette()
    b.palette = colours
    timeline = parley.timeline(period)
    if sides:
        timeline = [p for p in timeline if p.side in sides]
    if timeline:
        b.charts.append(Chart("signals_by_side", "Signals by side, per week", charts.signals_by_side(timeline, palette=colours,
                                                                                          names=b.side_names)))
    if coop:
        b.charts.append(Chart("cooperation", "Cooperation score by side", charts.cooperation_by_side(
            charts.cooperation_rows(coop), charts.shift_labels(lead.shifts), width=chart_width, palette=colours,
            names=b.side_names)))
    series = [p for p in result.series if since <= p.period + dt.timedelta(days=6) and p.period <= until]
    if series and any(p.attacks for p in series):
        b.charts.append(Chart("saydo", "Words against deeds", charts.saydo_chart(series, result.ceasefires,
                                                                                width=chart_width - 80,
                                                                                palette=colours)))

    kept = {n for h in b.headlines for n in h.citations}
    kept |= {n for sec in b.sections for q in sec.quotes for n in (q.citation, *q.sources)}
    kept |= {n for c in b.contradictions for n in (c.a, c.b)} | {c.citation for c in b.ceasefires}
    kept |= {n for t in b.tactics for n in t.citations}
    kept |= {c for w in b.week for _, c in w.new_signals} | {v.citation for x in b.subjects for v in x.views}
    kept |= {n for t in b.timelines for q in t.quotes for n in (q.citation, *q.sources)}
    _renumber(b, [c for c in cite.all() if c.number in kept])
    return b


def _renumber(b: Briefing, citations: list[Citation]) -> None:
    """Number the citations in reading order (headlines, this week, subjects, sides, timelines,
    contradictions, tactics, ceasefires)."""
    new: dict[int, int] = {}

    def n(old: int) -> int:
        if old not in new:
            new[old] = len(new) + 1
        return new[old]

    b.headlines = [replace(h, citations=tuple(n(c) for c in h.citations)) for h in b.headlines]
    b.week = [replace(w, new_signals=tuple((code, n(c)) for code, c in w.new_signals)) for w in b.week]
    b.subjects = [replace(x, views=tuple(replace(v, citation=n(v.citation)) for v in x.views)) for x in b.subjects]
    b.sections = [replace(s, quotes=tuple(replace(q, citation=n(q.citation), sources=tuple(n(c) for c in q.sources))
                                          for q in s.quotes)) for s in b.sections]
    b.timelines = [replace(t, quotes=tuple(replace(q, citation=n(q.citation), sources=tuple(n(c) for c in q.sources))
                                           for q in t.quotes)) for t in b.timelines]
    b.contradictions = [replace(c, a=n(c.a), b=n(c.b)) for c in b.contradictions]
    b.tactics = [replace(t, citations=tuple(n(c) for c in t.citations)) for t in b.tactics]
    b.ceasefires = [replace(c, citation=n(c.citation)) for c in b.ceasefires]
    for c in citations:
        n(c.number)
    b.citations = sorted((replace(c, number=new[c.number]) for c in citations), key=lambda c: c.number)


