"""parley.analysis.deeds and .ceasefire: ACLED and GDELT files read into events (tests/data/deeds,
written for these tests), ceasefire windows read from text, and words set against deeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from analysis_helpers import st

from parley.analysis.ceasefire import ceasefire_window, orthodox_easter, window_from_text
from parley.analysis.deeds import saydo
from parley.ingest.events import GDELT2_COLUMNS, is_attack, read_events, sniff_format
from parley.errors import ConfigError, InputError
from parley.records import Event, Rejection

DATA = Path(__file__).parent / "data" / "deeds"
ACLED = DATA / "acled_sample.csv"
GDELT = DATA / "gdelt_sample.export.CSV"


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Rejection)]


class LocalRegistry:
    """A stand-in for the actor registry: a few names to sides."""

    NAMES = {"military forces of russia (2000-)": "RU", "military forces of ukraine (2019-)": "UA",
             "civilians (ukraine)": None, "russia": "RU", "ukraine": "UA", "rus": "RU", "ukr": "UA"}

    def side_for(self, text):
        return self.NAMES.get((text or "").strip().lower())


# ---------------------------------------------------------------------------------------- reading
def test_acled_rows_become_events_and_a_bad_row_a_rejection():
    events, rejected = split(read_events(ACLED, registry=LocalRegistry()))
    rows = ACLED.read_text().splitlines()[1:]
    assert len(events) + len(rejected) == len(rows)
    assert len(rejected) == 1 and rejected[0].locator == f"line {rows.index(next(r for r in rows if 'not a date' in r)) + 2}"
    first = events[0]
    assert first.dataset == "acled" and first.id == "acled:UKR900001" and first.date == dt.date(2025, 5, 6)
    assert first.side1 == "RU" and first.event_type == "Explosions/Remote violence" and first.fatalities == 2
    assert is_attack(first) and not is_attack(next(e for e in events if e.event_type == "Strategic developments"))
    long_date = next(e for e in events if e.id == "acled:UKR900007")
    assert long_date.date == dt.date(2025, 5, 8) and long_date.side1 == "UA"


def test_gdelt_rows_become_events_with_cameo_and_goldstein():
    events, rejected = split(read_events(GDELT, registry=LocalRegistry()))
    assert len(GDELT2_COLUMNS) == 61
    assert len(rejected) == 1 and "61" in rejected[0].reason and rejected[0].locator == "line 6"
    e = events[0]
    assert e.dataset == "gdelt" and e.id == "gdelt:1200000001" and e.date == dt.date(2025, 5, 8)
    assert (e.cameo, e.quad, e.goldstein, e.side1, e.side2) == ("190", 4, -10.0, "RU", "UA")
    assert e.notes.startswith("https://example.org/")
    assert [x.quad for x in events].count(1) == 2 and not is_attack(events[2])


def test_sides_without_a_registry_come_from_country_words_and_codes():
    events, _ = split(read_events(GDELT, format="gdelt", registry=None))
    assert {e.side1 for e in events} == {"RU", "UA"}
    events, _ = split(read_events(ACLED, format="acled", registry=None))
    assert {e.side1 for e in events} == {"RU", "UA"}


def test_format_detection_and_errors(tmp_path):
    assert sniff_format(ACLED.read_text()) == "acled" and sniff_format(GDELT.read_text()) == "gdelt"
    other = tmp_path / "x.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError):
        list(read_events(other))
    with pytest.raises(InputError):
        list(read_events(tmp_path / "missing.csv"))
    with pytest.raises(ConfigError):
        list(read_events(ACLED, format="icews"))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- ceasefire windows
@pytest.mark.parametrize(
    ("text", "published", "window"),
    [
        ("Putin declared a three-day truce from May 8.", "2025-04-28", ("2025-05-08", "2025-05-10")),
        ("Kyiv proposed a 30-day ceasefire.", "2025-03-11", ("2025-03-11", "2025-04-09")),
        ("The Kremlin announced an Easter truce.", "2025-04-19", ("2025-04-19", "2025-04-20")),
        ("A truce will hold from 8 to 10 May.", "2025-05-01", ("2025-05-08", "2025-05-10")),
        ("The ceasefire will last 72 hours.", "2025-05-01", ("2025-05-01", "2025-05-03")),
        ("They agreed a truce until May 11.", "2025-05-06", ("2025-05-06", "2025-05-11")),
        ("Путин объявил перемирие с 8 по 10 мая.", "2025-04-28", ("2025-05-08", "2025-05-10")),
        ("Україна пропонує тридцятиденне припинення вогню.", "2025-03-11", ("2025-03-11", "2025-04-09")),
        ("An Orthodox Christmas truce was ordered.", "2023-01-05", ("2023-01-06", "2023-01-07")),
    ],
)
def test_ceasefire_windows_read_from_text(text, published, window):
    got = window_from_text(text, dt.date.fromisoformat(published))
    assert got == tuple(dt.date.fromisoformat(d) for d in window)


def test_no_window_when_the_text_gives_none():
    assert window_from_text("We are ready for a ceasefire.", dt.date(2025, 3, 1)) is None
    assert orthodox_easter(2022) == dt.date(2022, 4, 24) and orthodox_easter(2025) == dt.date(2025, 4, 20)


def test_ceasefire_windows_in_real_statements(gold_dir):
    from parley.evaluation.contradictions import load_gold_statements

    ceasefires = [s for f in ("dev.jsonl", "dev-ru.jsonl") for s in load_gold_statements(gold_dir / f)
                  if "CEASEFIRE" in s.signal_codes]
    assert ceasefires
    for s in ceasefires:
        win = ceasefire_window(s)
        if win is not None:
            start, end = win
            assert start <= end and abs((start - s.published).days) <= 366


# ---------------------------------------------------------------------------------------- saydo
def test_a_truce_with_attacks_in_its_window_is_broken_and_one_without_is_kept():
    events, _ = split(read_events(ACLED, registry=LocalRegistry()))
    truce = st("The president declared a three-day truce from May 8.", side="RU", speaker="Spokesman",
               codes=["CEASEFIRE"], day="2025-04-28")
    later = st("We accept a ceasefire from May 15 to May 18.", side="RU", speaker="Minister",
               codes=["AGREE"], day="2025-05-12")
    result = saydo([truce, later], events)
    by_text = {c.statement.text: c for c in result.ceasefires}
    broken = by_text[truce.text]
    assert (broken.start, broken.end, broken.window_source) == (dt.date(2025, 5, 8), dt.date(2025, 5, 10), "text")
    inside = [e for e in events if e.side1 == "RU" and is_attack(e) and broken.start <= e.date <= broken.end]
    assert broken.verdict == "broken" and broken.attacks == len(inside) and set(broken.events) == {e.id for e in inside}
    assert broken.fatalities == sum(e.fatalities or 0 for e in inside)
    assert by_text[later.text].verdict == "kept" and by_text[later.text].attacks == 0


def test_a_truce_without_a_window_is_checked_over_the_default_days_and_without_data_says_so():
    events, _ = split(read_events(GDELT, registry=LocalRegistry()))
    vague = st("We are ready for a ceasefire.", side="RU", codes=["CEASEFIRE"], day="2025-05-08")
    third = st("We declare a ceasefire.", side="XX", codes=["CEASEFIRE"], day="2025-05-08")
    result = saydo([vague, third], events, default_days=2)
    c = {c.side: c for c in result.ceasefires}
    assert c["RU"].window_source == "assumed" and c["RU"].end == dt.date(2025, 5, 9) and c["RU"].verdict == "broken"
    assert c["XX"].verdict == "no events"


def test_words_against_deeds_per_side_and_week():
    events, _ = split(read_events(ACLED, registry=LocalRegistry()))
    words = [st("We are ready to talk.", side="RU", codes=["OFFER_TALKS"], day="2025-05-05"),
             st("We will strike back.", side="RU", codes=["THREATEN"], day="2025-05-19"),
             st("We thank our partners.", side="UA", codes=["PRAISE"], day="2025-05-06")]
    result = saydo(words, events, by="week")
    ru = {p.period: p for p in result.series if p.side == "RU"}
    assert ru[dt.date(2025, 5, 5)].verbal_cooperation > 0 > ru[dt.date(2025, 5, 19)].verbal_cooperation
    total_attacks = sum(1 for e in events if e.side1 == "RU" and is_attack(e))
    assert sum(p.attacks for p in ru.values()) == total_attacks
    assert set(result.correlation) == {"RU", "UA"}
    assert json.dumps([p.period.isoformat() for p in result.series])


def test_a_conditional_remark_is_no_declared_truce():
    """'would respect the ceasefire if ...' offers a truce on a condition: no window, no verdict."""
    events, _ = split(read_events(ACLED, registry=LocalRegistry()))
    remark = st("We would respect the ceasefire if the other side withdrew first.", side="RU", speaker="Envoy",
                codes=["CEASEFIRE"], conditional=True, day="2025-05-08")
    declared = st("The president declared a three-day truce from May 8.", side="RU", speaker="Spokesman",
                  codes=["CEASEFIRE"], conditional=False, day="2025-05-07")
    result = saydo([remark, declared], events)
    assert [c.statement.text for c in result.ceasefires] == [declared.text]
    assert result.conditional == 1


def test_without_events_every_verdict_is_no_events_and_a_warning_says_why():
    truce = st("We declare a ceasefire from May 15 to May 18.", side="RU", codes=["CEASEFIRE"], day="2025-05-12")
    result = saydo([truce], [])
    (c,) = result.ceasefires
    assert c.verdict == "no events" and c.verdict != "kept"
    assert result.warning.startswith("No recorded events cover 2025-05-12 to 2025-05-12")
    assert "parley deeds import" in result.warning


def test_a_window_the_events_do_not_cover_is_no_events_not_kept():
    events, _ = split(read_events(ACLED, registry=LocalRegistry()))
    last = max(e.date for e in events)
    beyond = last + dt.timedelta(days=30)
    truce = st("We declare a ceasefire.", side="RU", codes=["CEASEFIRE"], day=beyond)
    result = saydo([truce], events, default_days=3)
    (c,) = result.ceasefires
    assert c.verdict == "no events"
    assert "cover" in result.warning and last.isoformat() in result.warning
    covered = saydo([st("We accept a ceasefire from May 15 to May 18.", side="RU", codes=["AGREE"],
                        day="2025-05-12")], events)
    assert covered.ceasefires[0].verdict == "kept" and covered.warning is None
