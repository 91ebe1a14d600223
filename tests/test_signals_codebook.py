"""The codebook: the eleven codes, their PLOVER/CAMEO mappings, the tables, and the doc page."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from parley.errors import UnknownCode
from parley.signals.codebook import (
    SIGNAL_CODES,
    TABLES_FILE,
    codebook_markdown,
    codebook_rows,
    load_codebook,
)
from parley.signals.tables import build_tables

ROOT = Path(__file__).resolve().parents[1]
GUIDELINE_MAP = {  # GUIDELINES.md: code -> PLOVER event(s)
    "OFFER_TALKS": {"CONSULT"},
    "SET_CONDITIONS": {"REQUEST"},
    "REJECT": {"REJECT"},
    "CEASEFIRE": {"AGREE", "RETREAT"},
    "AGREE": {"AGREE"},
    "CONCEDE": {"CONCEDE"},
    "THREATEN": {"THREATEN"},
    "ACCUSE": {"ACCUSE"},
    "PRAISE": {"SUPPORT"},
    "COOPERATE": {"COOPERATE"},
    "SANCTION": {"SANCTION"},
}


def test_the_eleven_codes_map_to_their_guideline_plover_events():
    cb = load_codebook()
    assert cb.codes == SIGNAL_CODES
    for code, events in GUIDELINE_MAP.items():
        sc = cb.signal(code)
        assert sc.plover in events, code
        assert sc.cameo and all(c in cb.cameo for c in sc.cameo)
        assert sc.goldstein == cb.cameo[sc.cameo[0]].goldstein
        assert sc.plover_score is not None


def test_unknown_code_lists_the_known_codes():
    cb = load_codebook()
    with pytest.raises(UnknownCode) as err:
        cb.signal("NEGOTIATE")
    for code in SIGNAL_CODES:
        assert code in str(err.value)
    assert cb.signal("offer_talks").code == "OFFER_TALKS"
    with pytest.raises(UnknownCode, match="known topics"):
        cb.check_topic("weather")
    with pytest.raises(UnknownCode, match="PLOVER event type"):
        cb.plover("DISCUSS")
    with pytest.raises(UnknownCode, match="CAMEO code"):
        cb.cameo_code("999")


def test_plover_has_sixteen_events_and_event_codes_carry_scores():
    cb = load_codebook()
    assert len(cb.plover_events) == 16
    ev = cb.event_code("RETREAT", "ceasefire")
    assert (ev.plover, ev.plover_mode, ev.cameo, ev.quad) == ("RETREAT", "ceasefire", "0871", 2)
    assert ev.cooperation == cb.plover_events["RETREAT"].modes["ceasefire"]
    assert cb.plover("YIELD").name == "CONCEDE"
    # a mode the event does not have is dropped rather than invented
    assert cb.event_code("CONSULT", "ceasefire").plover_mode is None
    assert len(cb.topics) >= 10 and "ceasefire" in cb.topics and "nato" in cb.topics


def test_codebook_rows_cover_every_code():
    rows = codebook_rows()
    assert [r["code"] for r in rows] == list(SIGNAL_CODES)
    assert all(r["cameo_name"] for r in rows)


def test_doc_page_is_generated_from_the_data():
    committed = ROOT / "docs" / "codebook.md"
    assert committed.read_text(encoding="utf-8") == codebook_markdown(), (
        "docs/codebook.md is out of date: run `python -m parley.docgen`"
    )
    page = codebook_markdown()
    for code in SIGNAL_CODES:
        assert f"`{code}`" in page


def test_shipped_tables_equal_the_tables_rebuilt_from_the_corpus(corpora_dir):
    shipped = json.loads(TABLES_FILE.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(build_tables(corpora_dir / "plover")))


def test_goldstein_scores_agree_with_the_gdelt_table(corpora_dir):
    cb = load_codebook()
    with open(corpora_dir / "plover" / "CAMEO.goldsteinscale.txt", encoding="utf-8") as fh:
        table = {r["CAMEOEVENTCODE"]: float(r["GOLDSTEINSCALE"]) for r in csv.DictReader(fh, delimiter="\t")}
    for sc in cb.signals.values():
        assert sc.goldstein == table[sc.cameo[0]], sc.code
