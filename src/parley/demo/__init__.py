"""The bundled demo: a small, entirely FICTIONAL corpus that exercises every part of Parley.

Three invented states argue their way from war to a framework agreement over fifteen weeks of
2030: the Republic of Arvenia (side ``XA``), the Borovian Federation (``XB``), the mediating
Commonwealth of Meridia (``XM``), with the Council of Nations (``XN``) looking on. The codes are
ISO 3166 user-assigned codes, which no real country receives; every person is invented, and every
document says so in its source ("... (Parley demo, fictional)").

The package holds:

- ``corpus/``: wire items, press-conference transcripts and one minister's statement as JSON Lines
  (English, plus a Russian and a Ukrainian item), and an RSS feed of a foreign ministry;
- ``actors.yaml``: the demo's actor registry (same format as the packaged one), merged with it;
- ``deeds/``: an ACLED CSV export and a GDELT 2.0 event export of invented events.

:func:`run_demo` loads all of it into a store (attaching the demo registry to the store first, so
that later commands resolve the demo's speakers too) and returns a :class:`DemoSummary` with the
counts and an overview computed by :mod:`parley.analysis`: the top contradictions, the profiles of
the most active actors, the trend shifts of each side and the ceasefires set against the deeds.
Running it again adds nothing.

>>> from parley.api import Parley
>>> summary = run_demo(Parley.open(":memory:"))  # doctest: +SKIP
>>> summary.counts["rejected"], summary.contradictions[0].rule  # doctest: +SKIP
(0, 'unconditional_vs_conditions')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..api import Parley, StatementQuery
from ..errors import UnknownLanguage
from ..extract.lexicon import load_lexicon
from ..records import Contradiction, Rejection, Statement, to_dict
from ..signals.rules import available_languages

__all__ = [
    "DEMO_SINCE",
    "DEMO_UNTIL",
    "FICTIONAL_MARK",
    "REGISTRY_REF",
    "DemoSummary",
    "corpus_paths",
    "deeds_paths",
    "registry_path",
    "run_demo",
]

#: The registry reference attached to the store (resolved by :func:`parley.actors.resolve_ref`).
REGISTRY_REF = "pkg:parley.demo/actors.yaml"
#: What every demo document's source carries.
FICTIONAL_MARK = "(Parley demo, fictional)"
#: The demo's period: fifteen weeks of 2030, Monday 4 February to Sunday 19 May.
DEMO_SINCE = dt.date(2030, 2, 4)
DEMO_UNTIL = dt.date(2030, 5, 19)
#: The source given to the feed's items (a feed item has no source field of its own).
FEED_SOURCE = f"Arvenian Foreign Ministry {FICTIONAL_MARK}"

_CORPUS_SUFFIXES = (".jsonl", ".rss")
#: The wire items in Russian and Ukrainian (used when both languages can be processed).
MULTILINGUAL_FILE = "wire-ru-uk.jsonl"


def _root() -> Path:
    return Path(str(resources.files(__name__)))


def _can_process(language: str) -> bool:
    """True when both the extractor and the rule coder have a lexicon for ``language`` (a lexicon
    that exists but cannot be read is an error, not a language left out)."""
    try:
        load_lexicon(language)
    except UnknownLanguage:
        return False
    return language in available_languages()


def corpus_paths() -> list[Path]:
    """The demo's documents: JSON Lines wire items and an RSS feed.

    The Russian and Ukrainian wire items (``wire-ru-uk.jsonl``) join in once Parley can extract
    and code both languages, so that the demo never shows a rejection of its own.
    """
    folder = _root() / "corpus"
    paths = sorted(p for p in folder.iterdir() if p.suffix in _CORPUS_SUFFIXES)
    if not (_can_process("ru") and _can_process("uk")):
        paths = [p for p in paths if p.name != MULTILINGUAL_FILE]
    return paths


def registry_path() -> Path:
    """The demo's actor registry (merged with the packaged registry)."""
    return _root() / "actors.yaml"


def deeds_paths() -> list[Path]:
    """The demo's deeds: an ACLED CSV export, then a GDELT 2.0 event export (tab-separated)."""
    folder = _root() / "deeds"
    return [folder / "acled-demo.csv", folder / "gdelt-demo.export.csv"]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`run_demo` loaded and what the analyses find on it."""

    db: str
    counts: Mapping[str, int]  # documents, new, duplicate, statements, events, new_events, rejected
    signal_counts: Mapping[str, int]
    speakers: Mapping[str, int]  # statements per resolved speaker
    contradictions: tuple[Contradiction, ...]  # the strongest first (at most ``top``)
    contradictions_total: int
    profiles: tuple[Any, ...]  # parley.analysis.profiles.ActorProfile, most active first
    trends: tuple[Any, ...]  # parley.analysis.trends.Trend, one per side
    ceasefires: tuple[Any, ...]  # parley.analysis.deeds.CeasefireCheck
    rejections: tuple[Rejection, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-compatible overview (flat rows, as the CLI prints them)."""
        return {
            "db": self.db,
            "counts": dict(self.counts),
            "signal_counts": dict(self.signal_counts),
            "speakers": dict(self.speakers),
            "contradictions_total": self.contradictions_total,
            "contradictions": [contradiction_row(c) for c in self.contradictions],
            "profiles": [profile_row(p) for p in self.profiles],
            "trend_shifts": shift_rows(self.trends),
            "ceasefires": [ceasefire_row(c) for c in self.ceasefires],
            "rejections": [to_dict(r) for r in self.rejections],
        }


# ----------------------------------------------------------------------------------------- rows
def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def contradiction_row(c: Contradiction) -> dict[str, Any]:
    """A short row of a contradiction: who said what, when, and why the pair clashes."""
    def who(s: Statement) -> str:
        day = s.published.isoformat() if s.published else "?"
        return f"{s.speaker or '?'} ({s.side or '?'}, {day})"

    return {
        "rule": c.rule,
        "topic": c.topic,
        "score": c.score,
        "a": who(c.a),
        "a_text": _clip(c.a.text, 110),
        "b": who(c.b),
        "b_text": _clip(c.b.text, 110),
        "explanation": c.explanation,
        "count": c.count,
    }


def profile_row(p: Any) -> dict[str, Any]:
    """A short row of an actor profile: cooperation score, role on its side and top signals."""
    top = sorted(((r.code, r.count) for r in p.signals if r.count), key=lambda x: (-x[1], x[0]))[:4]
    return {
        "actor": p.actor,
        "side": p.side,
        "statements": p.statements,
        "cooperation": None if p.cooperation is None else round(p.cooperation, 2),
        "side_cooperation": None if p.side_cooperation is None else round(p.side_cooperation, 2),
        "role": p.role,
        "top_signals": ", ".join(f"{code} {n}" for code, n in top),
    }


def shift_rows(trends: Sequence[Any]) -> list[dict[str, Any]]:
    """One row per side: its sustained shifts (change points) and the single outliers set aside."""
    rows = []
    for t in trends:
        shifts = "; ".join(
            f"{c.date.isoformat()}: {c.before:+.1f} -> {c.after:+.1f} ({c.n_before} before, {c.n_after} after)"
            for c in t.change_points
        )
        outliers = "; ".join(f"{o.date.isoformat()}: {o.score:+.1f} (expected {o.expected:+.1f})" for o in t.outliers)
        rows.append({
            "side": t.side,
            "statements": t.statements,
            "weeks": len(t.points),
            "shifts": shifts or "none",
            "outliers": outliers or "none",
        })
    return rows


def ceasefire_row(c: Any) -> dict[str, Any]:
    """A row of a ceasefire against the deeds of the side that declared it."""
    s = c.statement
    return {
        "side": c.side,
        "speaker": s.speaker,
        "said_on": s.published.isoformat() if s.published else None,
        "window": f"{c.start.isoformat()} to {c.end.isoformat()}",
        "window_from": c.window_source,
        "attacks": c.attacks,
        "attacks_before": c.attacks_before,
        "fatalities": c.fatalities,
        "verdict": c.verdict,
        "text": _clip(s.text, 90),
    }


# ------------------------------------------------------------------------------------- progress
class _OneBar:
    """Several ingestion calls reported to one progress bar (one start, with the total)."""

    def __init__(self, progress: Any, total: int):
        self.progress = progress
        if progress is not None:
            progress.start(total)

    def start(self, total: int | None) -> None:  # the bar was started with the grand total
        return None

    def advance(self, description: str) -> None:
        if self.progress is not None:
            self.progress.advance(description)


# ------------------------------------------------------------------------------------------ run
def run_demo(source: Parley | Any, *, progress: Any = None, top: int = 5) -> DemoSummary:
    """Load the demo into the store of ``source`` (a :class:`~parley.api.Parley`, or an open store)
    and analyse it (see the module docstring).

    ``progress`` gets the library's Progress calls (``start(total)``, ``advance(description)``);
    ``top`` bounds the contradictions and profiles in the overview. Idempotent: a second run finds
    every document and event already stored and returns the same overview.
    """
    parley = Parley.of(source)
    parley.attach_registry(REGISTRY_REF)
    paths = corpus_paths()
    feeds = [str(p) for p in paths if p.suffix == ".rss"]
    others = [str(p) for p in paths if p.suffix != ".rss"]
    bar = _OneBar(progress, len(paths))
    # the demo is set in 2030: its dates are fictional, not implausible
    runs = [parley.ingest(others, parley.ingest_options(latest=DEMO_UNTIL), progress=bar)]
    if feeds:
        runs.append(parley.ingest(feeds, parley.ingest_options(source=FEED_SOURCE, latest=DEMO_UNTIL), progress=bar))
    imported = parley.import_events(deeds_paths())

    window = StatementQuery(since=DEMO_SINCE, until=DEMO_UNTIL)
    statements = parley.statements(window)
    found = parley.contradictions(window).contradictions
    strongest = sorted(found, key=lambda c: -c.score)[:top]
    profiles = parley.rank_actors(window, min_statements=3)
    profiles = sorted(profiles, key=lambda p: (-p.statements, p.actor))[: max(top, 8)]
    sides = sorted({(s.side or "").upper() for s in statements if s.side})
    side_trends = tuple(parley.trends(window.replace(side=side), by="week") for side in sides
                        if sum(1 for s in statements if (s.side or "").upper() == side) >= 6)
    checks = parley.saydo(window, by="week").saydo.ceasefires

    speakers: dict[str, int] = {}
    for s in statements:
        if s.actor_id and s.speaker:
            speakers[s.speaker] = speakers.get(s.speaker, 0) + 1
    rejections = [r for run in runs for r in run.rejections] + list(imported.rejections)
    counts = {
        "documents": sum(r.read for r in runs),
        "new": sum(r.new for r in runs),
        "duplicate": sum(r.duplicate for r in runs),
        "statements": len(statements),
        "resolved": sum(1 for s in statements if s.actor_id),
        "events": len(parley.events(since=DEMO_SINCE, until=DEMO_UNTIL)),
        "new_events": imported.new,
        "rejected": len(rejections),
    }
    signal_counts = parley.signal_counts(window)
    return DemoSummary(
        db=parley.display_url,
        counts=counts,
        signal_counts=dict(sorted(signal_counts.items())),
        speakers=dict(sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))),
        contradictions=tuple(strongest),
        contradictions_total=len(found),
        profiles=tuple(profiles),
        trends=side_trends,
        ceasefires=tuple(checks),
        rejections=tuple(rejections),
    )
