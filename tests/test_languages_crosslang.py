"""Consistency across languages (parley.signals.crosslang, ``parley eval crosslang``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.errors import InputError
from parley.evaluation.crosslang import crosslang_agreement
from parley.signals.crosslang import read_parallel

FLOORS = json.loads((Path(__file__).parent / "floors" / "languages.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "lang": "uk", "speaker": ["Володимир Зеленський"], "date": "2022-03-05", "name": "Звернення",
         "text": "Ми вдячні нашим партнерам за підтримку.\n\nМи готові до переговорів без жодних передумов."},
        {"id": "a", "lang": "en", "speaker": ["Володимир Зеленський"], "date": "2022-03-05", "name": "Address",
         "text": "We are grateful to our partners for their support.\n\nWe are ready for talks without any preconditions."},
        {"id": "b", "lang": "uk", "speaker": ["Володимир Зеленський"], "date": "2022-03-06", "name": "Звернення",
         "text": "Ми бачимо: російські війська продовжили обстріли наших міст.\n\nМи нічого не віддамо, і ми вистоїмо."},
        {"id": "b", "lang": "en", "speaker": ["Володимир Зеленський"], "date": "2022-03-06", "name": "Address",
         "text": "We see it: Russian troops continued shelling our cities.\n\nWe will give nothing away, and we will stand."},
        {"id": "c", "lang": "uk", "text": "Лише один бік пари."},
    ]
    path = tmp_path / "parallel.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_pairs_share_ids(tmp_path):
    pairs = read_parallel(_write(tmp_path))
    assert [(a.external_id, a.language, b.language) for a, b in pairs] == [("a", "uk", "en"), ("b", "uk", "en")]
    assert pairs[0][0].metadata["speaker"] == ["Володимир Зеленський"]


def test_agreement_on_written_pairs(tmp_path):
    rep = crosslang_agreement(_write(tmp_path))
    assert rep.pairs == 2 and rep.languages == ("uk", "en")
    per = {c.code: c for c in rep.per_code}
    assert per["PRAISE"].both == 1 and per["OFFER_TALKS"].both == 1 and per["ACCUSE"].both == 1
    assert 0.0 <= rep.exact <= 1.0 and rep.jaccard >= 0.5


def test_not_a_parallel_file(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x", "lang": "uk", "text": "Текст."}) + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_parallel(path)


def test_cli_crosslang(tmp_path):
    res = CliRunner().invoke(app, ["eval", "crosslang", "--parallel", str(_write(tmp_path)), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["languages"] == "uk/en" and data["pairs"] == 2


def test_crosslang_floor_on_the_officials_corpus(corpora_dir):
    floor = FLOORS["crosslang"]
    rep = crosslang_agreement(corpora_dir / floor["file"])
    assert rep.pairs > 300
    assert rep.exact >= floor["exact"] - FLOORS["tolerance"], rep.as_dict()
    assert rep.jaccard >= floor["jaccard"] - FLOORS["tolerance"], rep.as_dict()
    # agreement where it matters: over the pairs where either side has a code
    assert rep.exact_with_codes >= floor["exact_with_codes"] - FLOORS["tolerance"], rep.as_dict()
