"""Event files: ACLED CSV exports and GDELT event exports read into :class:`~parley.records.Event`
records (what sides did, to set against what they say: :mod:`parley.analysis.deeds`).

:func:`read_events` maps each actor to a side through an actor registry
(``registry.side_for(text)``), else through country words and CAMEO country codes; a row that
cannot be read becomes a :class:`~parley.records.Rejection` with its line number, and the rest of
the file goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError, InputError
from ..records import Event, Rejection

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


_FALLBACK = _FallbackRegistry()


def _side(registry, *texts: str | None) -> str | None:
    """The side of the first text that names one: the registry's answer, else country words."""
    for text in texts:
        if not text:
            continue
        side = registry.side_for(text) if registry is not None else None
        if not side:
            side = _FALLBACK.side_for(text)
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

    Each actor maps to a side through ``registry.side_for(text)`` (an actor registry, e.g. the one
    :class:`parley.api.Parley` holds), else through country words and CAMEO country codes (also
    what ``registry=None`` uses alone). Unreadable rows come out as :class:`Rejection` records with
    their line, and reading goes on.
    """
    path = Path(path)
    text = _read_text(path)
    fmt = format
    if fmt == "auto":
        fmt = sniff_format(text)  # type: ignore[assignment]
    elif fmt not in ("acled", "gdelt"):
        raise ConfigError(f"{format!r} is not an event format; use auto, acled or gdelt")
    reader = _acled if fmt == "acled" else _gdelt
    yield from reader(text, str(path), registry)


def is_attack(event: Event) -> bool:
    """Material conflict: ACLED's violent event types, or GDELT's quad class 4 (CAMEO roots 18–20)."""
    if event.quad == 4:
        return True
    if event.cameo and event.cameo[:2] in ("18", "19", "20"):
        return True
    return event.event_type.lower() in ACLED_ATTACKS


__all__ = ["ACLED_ATTACKS", "GDELT1_COLUMNS", "GDELT2_COLUMNS", "EventFormat", "is_attack", "read_events",
           "sniff_format"]
