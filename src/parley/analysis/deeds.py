"""Deeds against words: reading ACLED and GDELT event files, and setting what sides say against
what they do.

:func:`read_events` reads ACLED's CSV export or a GDELT 2.0 (or 1.0) event export into
:class:`~parley.records.Event` records, mapping each actor to a side through the actor registry
(``registry.side_for(text)``); a row that cannot be read becomes a
:class:`~parley.records.Rejection` with its line number, and the rest of the file goes on.

:func:`saydo` sets each declared, proposed or accepted ceasefire against the attacks recorded for
the same side within the ceasefire's window (read from the statement, see
:mod:`parley.analysis.ceasefire`), and each side's verbal cooperation against its material
conflict, period by period.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError, InputError
from ..records import Event, Rejection, Statement
from ._scores import period_start, statement_score
from .ceasefire import ceasefire_window

VERSION = "parley.analysis.deeds/1"

#: GDELT 2.0 event export columns, in file order (tab-separated, no header).
GDELT2_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
#: GDELT 1.0 daily exports: the same without the three ADM2 columns (58 columns).
GDELT1_COLUMNS: tuple[str, ...] = tuple(c for c in GDELT2_COLUMNS if not c.endswith("ADM2Code"))

ACLED_REQUIRED = ("event_date", "event_type", "actor1")
#: ACLED event types that are material conflict (an attack by actor1).
ACLED_ATTACKS = frozenset({"battles", "explosions/remote violence", "violence against civilians"})

#: CAMEO country codes (GDELT's Actor*CountryCode) of the sides most often met, to ISO 3166 alpha-2.
CAMEO_COUNTRIES: Mapping[str, str] = {
    "RUS": "RU", "UKR": "UA", "USA": "US", "BLR": "BY", "GBR": "GB", "FRA": "FR", "DEU": "DE", "POL": "PL",
    "TUR": "TR", "CHN": "CN", "EUR": "EU", "NAT": "NATO", "ISR": "IL", "PSE": "PS", "IRN": "IR", "SAU": "SA",
    "QAT": "QA", "BEL": "BE", "ITA": "IT", "HUN": "HU", "MDA": "MD", "GEO": "GE", "KAZ": "KZ",
}
#: Country words (as ACLED spells actors, "Military Forces of Russia (2000-)") to sides; the fallback
#: used when no actor registry is available.
_COUNTRY_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), side)
    for p, side in (
        (r"\brussia\w*|\bросси\w*|\bрф\b", "RU"),
        (r"\bukrain\w*|\bукраин\w*|\bукраїн\w*", "UA"),
        (r"\bunited states\b|\bu\.s\.|\busa\b", "US"),
        (r"\bbelarus\w*", "BY"),
        (r"\bisrael\w*", "IL"),
        (r"\bpalestin\w*|\bhamas\b", "PS"),
    )
)

EventFormat = Literal["auto", "acled", "gdelt"]


class _FallbackRegistry:
    """Sides from country words and CAMEO country codes, when no actor registry is given."""

    def side_for(self, text: str | None) -> str | None:
        if not text:
            return None
        t = text.strip()
        if t.upper() in CAMEO_COUNTRIES:
            return CAMEO_COUNTRIES[t.upper()]
        for pat, side in _COUNTRY_WORDS:
            if pat.search(t):
                return side
        return None


def _registry(registry):
    if registry is not None:
        return registry
    try:
        from ..actors import load_registry  # type: ignore[attr-defined]

        return load_registry()
    except Exception:  # noqa: BLE001 - the registry is optional here; fall back to country words
        return _FallbackRegistry()


def _side(registry, *texts: str | None) -> str | None:
    fallback = _FallbackRegistry()
    for text in texts:
        if not text:
            continue
        side = None
        try:
            side = registry.side_for(text)
        except Exception:  # noqa: BLE001 - an unknown actor is not an error
            side = None
        if not side and registry is not fallback:
            side = fallback.side_for(text)
        if side:
            return side
    return None


def _event_id(dataset: str, *parts: Any) -> str:
    key = "\x1f".join(str(p) for p in parts)
    return f"{dataset}:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _acled_date(value: str) -> dt.date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"event_date {value!r} is not a date (expected YYYY-MM-DD or '15 March 2022')")


def _int_or_none(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(float(value))


def _float_or_none(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return float(value)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def sniff_format(text: str) -> str:
    """``"acled"`` for a CSV with ACLED's header, ``"gdelt"`` for a headerless tab-separated export."""
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    header = {h.strip().lower() for h in re.split(r"[,;\t]", first)}
    if set(ACLED_REQUIRED) <= header:
        return "acled"
    cols = first.split("\t")
    if len(cols) in (len(GDELT2_COLUMNS), len(GDELT1_COLUMNS)) and cols[0].strip().isdigit():
        return "gdelt"
    raise InputError(
        "events", "neither an ACLED CSV export (a header with event_date, event_type, actor1, ...) "
        f"nor a GDELT event export ({len(GDELT2_COLUMNS)} tab-separated columns, no header)"
    )


def _acled(text: str, origin: str, registry) -> Iterator[Event | Rejection]:
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or ()}
    missing = [c for c in ACLED_REQUIRED if c not in fields]
    if missing:
        yield Rejection(origin, f"not an ACLED export: no column {', '.join(missing)}", "line 1", stage="deeds")
        return
    for i, raw in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        try:
            date = _acled_date(row["event_date"])
            if not row.get("event_type"):
                raise ValueError("event_type is empty")
            fatalities = _int_or_none(row.get("fatalities"))
        except ValueError as exc:
            yield Rejection(origin, str(exc), f"line {i}", stage="deeds")
            continue
        ident = row.get("event_id_cnty") or row.get("data_id") or _event_id(
            "acled", date, row.get("event_type"), row.get("actor1"), row.get("actor2"), row.get("location"), row.get("notes")
        )
        attack = row["event_type"].lower() in ACLED_ATTACKS
        yield Event(
            id=ident if ident.startswith("acled:") else f"acled:{ident}",
            date=date,
            dataset="acled",
            event_type=row["event_type"],
            sub_event_type=row.get("sub_event_type") or None,
            actor1=row.get("actor1") or None,
            actor2=row.get("actor2") or None,
            side1=_side(registry, row.get("actor1")),
            side2=_side(registry, row.get("actor2")),
            country=row.get("country") or None,
            location=row.get("location") or None,
            fatalities=fatalities,
            quad=4 if attack else None,
            notes=row.get("notes") or None,
            raw={k: v for k, v in row.items() if v},
            origin=f"{origin}:{i}",
        )


def _gdelt(text: str, origin: str, registry) -> Iterator[Event | Rejection]:
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) == len(GDELT2_COLUMNS):
            names = GDELT2_COLUMNS
        elif len(cols) == len(GDELT1_COLUMNS):
            names = GDELT1_COLUMNS
        else:
            yield Rejection(
                origin, f"{len(cols)} columns; a GDELT 2.0 event row has {len(GDELT2_COLUMNS)}", f"line {i}",
                stage="deeds",
            )
            continue
        row = dict(zip(names, (c.strip() for c in cols), strict=True))
        try:
            date = dt.datetime.strptime(row["SQLDATE"], "%Y%m%d").date()
            quad = _int_or_none(row["QuadClass"])
            goldstein = _float_or_none(row["GoldsteinScale"])
            if not row["EventCode"]:
                raise ValueError("EventCode is empty")
        except ValueError as exc:
            yield Rejection(origin, f"unreadable row: {exc}", f"line {i}", stage="deeds")
            continue
        yield Event(
            id=f"gdelt:{row['GLOBALEVENTID']}",
            date=date,
            dataset="gdelt",
            event_type=f"CAMEO {row['EventCode']}",
            sub_event_type=row["EventBaseCode"] or None,
            actor1=row["Actor1Name"] or row["Actor1Code"] or None,
            actor2=row["Actor2Name"] or row["Actor2Code"] or None,
            side1=_side(registry, row["Actor1Name"], row["Actor1CountryCode"]),
            side2=_side(registry, row["Actor2Name"], row["Actor2CountryCode"]),
            country=row["ActionGeo_CountryCode"] or None,
            location=row["ActionGeo_FullName"] or None,
            fatalities=None,
            cameo=row["EventCode"],
            goldstein=goldstein,
            quad=quad,
            notes=row["SOURCEURL"] or None,
            raw={k: v for k, v in row.items() if v},
            origin=f"{origin}:{i}",
        )


def read_events(
    path: str | Path, format: EventFormat = "auto", registry=None
) -> Iterator[Event | Rejection]:
    """Events of an ACLED CSV export or a GDELT event export (``format="auto"`` tells them apart).

    Each actor maps to a side through ``registry.side_for(text)`` (the project's actor registry by
    default; country words and CAMEO country codes when none is available). Unreadable rows come
    out as :class:`Rejection` records with their line, and reading goes on.
    """
    path = Path(path)
    text = _read_text(path)
    fmt = format
    if fmt == "auto":
        fmt = sniff_format(text)  # type: ignore[assignment]
    elif fmt not in ("acled", "gdelt"):
        raise ConfigError(f"{format!r} is not an event format; use auto, acled or gdelt")
    reg = _registry(registry)
    reader = _acled if fmt == "acled" else _gdelt
    yield from reader(text, str(path), reg)


def is_attack(event: Event) -> bool:
    """Material conflict: ACLED's violent event types, or GDELT's quad class 4 (CAMEO roots 18–20)."""
    if event.quad == 4:
        return True
    if event.cameo and event.cameo[:2] in ("18", "19", "20"):
        return True
    return event.event_type.lower() in ACLED_ATTACKS


# ----------------------------------------------------------------------------------------- saydo
@dataclass(frozen=True, slots=True)
class CeasefireCheck:
    """One ceasefire a side declared, proposed or accepted, against its attacks in the window."""

    statement: Statement
    side: str | None
    start: dt.date
    end: dt.date
    window_source: str  # "text": read from the statement; "assumed": the statement's day plus default_days
    attacks: int
    fatalities: int
    events: tuple[str, ...]  # ids of the attacks in the window
    attacks_before: int  # attacks in a window of the same length just before (the baseline)
    verdict: str  # "kept", "broken", "no events" (no attack data for the side at all)


@dataclass(frozen=True, slots=True)
class SideSeries:
    """A side's words and deeds in one period."""

    side: str
    period: dt.date
    statements: int
    verbal_cooperation: float | None  # mean cooperation score of its coded statements
    events: int
    attacks: int  # material conflict by the side (side1)
    fatalities: int
    statement_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SayDo:
    ceasefires: tuple[CeasefireCheck, ...]
    series: tuple[SideSeries, ...]
    by: str
    correlation: Mapping[str, float | None]  # per side: verbal cooperation vs attacks across periods


def _is_ceasefire_statement(s: Statement) -> bool:
    from . import _text as T

    codes = {g.code for g in s.signals if not g.negated}
    if "CEASEFIRE" in codes:
        return True
    return "AGREE" in codes and "ceasefire" in T.text_topics(s.text)


def saydo(
    statements: Iterable[Statement],
    events: Iterable[Event],
    *,
    by: str = "week",
    default_days: int = 3,
    side: str | None = None,
) -> SayDo:
    """Words against deeds (see the module docstring).

    A ceasefire whose text gives no window is checked over ``default_days`` from the day of the
    statement (``window_source="assumed"``). The verdict is ``"broken"`` when the side's attacks are
    recorded inside the window, ``"kept"`` when none are while the data records the side's attacks at
    other times, and ``"no events"`` when the data has no attack by that side at all.
    """
    statements = list(statements)
    events = list(events)
    attacks_by_side: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.side1 and is_attack(e):
            attacks_by_side[e.side1.upper()].append(e)

    checks = []
    for s in statements:
        if not _is_ceasefire_statement(s) or s.published is None:
            continue
        if side and (s.side or "").upper() != side.upper():
            continue
        win = ceasefire_window(s)
        source = "text"
        if win is None:
            win = (s.published, s.published + dt.timedelta(days=max(default_days, 1) - 1))
            source = "assumed"
        start, end = win
        mine = attacks_by_side.get((s.side or "").upper(), [])
        inside = [e for e in mine if start <= e.date <= end]
        length = (end - start).days + 1
        before = [e for e in mine if start - dt.timedelta(days=length) <= e.date < start]
        verdict = "no events" if not mine else ("broken" if inside else "kept")
        checks.append(
            CeasefireCheck(
                statement=s, side=s.side, start=start, end=end, window_source=source,
                attacks=len(inside), fatalities=sum(e.fatalities or 0 for e in inside),
                events=tuple(e.id for e in inside), attacks_before=len(before), verdict=verdict,
            )
        )

    # verbal cooperation vs material conflict, per side and period
    cells: dict[tuple[str, dt.date], dict[str, Any]] = defaultdict(
        lambda: {"scores": [], "ids": [], "n": 0, "events": 0, "attacks": 0, "fatalities": 0}
    )
    for s in statements:
        if not s.side or s.published is None or (side and s.side.upper() != side.upper()):
            continue
        cell = cells[(s.side.upper(), period_start(s.published, by))]
        cell["n"] += 1
        cell["ids"].append(s.id)
        score = statement_score(s)
        if score is not None:
            cell["scores"].append(score)
    for e in events:
        if not e.side1 or (side and e.side1.upper() != side.upper()):
            continue
        cell = cells[(e.side1.upper(), period_start(e.date, by))]
        cell["events"] += 1
        if is_attack(e):
            cell["attacks"] += 1
            cell["fatalities"] += e.fatalities or 0
    series = tuple(
        SideSeries(
            side=k[0], period=k[1], statements=c["n"],
            verbal_cooperation=(sum(c["scores"]) / len(c["scores"])) if c["scores"] else None,
            events=c["events"], attacks=c["attacks"], fatalities=c["fatalities"], statement_ids=tuple(c["ids"]),
        )
        for k, c in sorted(cells.items())
    )
    correlation: dict[str, float | None] = {}
    for sd in sorted({p.side for p in series}):
        pts = [(p.verbal_cooperation, p.attacks) for p in series if p.side == sd and p.verbal_cooperation is not None]
        correlation[sd] = _pearson(pts)
    return SayDo(ceasefires=tuple(checks), series=series, by=by, correlation=correlation)


def _pearson(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 3:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / (sxx * syy) ** 0.5
