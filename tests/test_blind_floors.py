"""Quality floors on the blind split (tests/floors/blind.json): statements and signals on sources
that no rule or threshold was written from. The figures come from
:func:`parley.evaluation.closing.blind_figures`, which reports aggregates only."""

import json
from pathlib import Path

import pytest

from parley.evaluation.closing import blind_figures

FLOORS = json.loads((Path(__file__).parent / "floors" / "blind.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def figures(corpora_dir):
    return blind_figures(corpora=corpora_dir)


@pytest.mark.corpora
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_blind_statement_f1(figures, language):
    assert figures["statements"][language]["f1"] >= FLOORS["statements_f1"][language]


@pytest.mark.corpora
def test_blind_speaker_accuracy(figures):
    assert figures["statements"]["all"]["speaker_accuracy"] >= FLOORS["speaker_accuracy"]


@pytest.mark.corpora
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_blind_signal_micro_f1_on_gold_statements(figures, language):
    assert figures["signals_oracle"]["per_language"][language] >= FLOORS["signals_oracle_micro_f1"][language]


@pytest.mark.corpora
def test_blind_signals_end_to_end_and_calibration(figures):
    assert figures["signals_end_to_end"]["micro_f1"] >= FLOORS["signals_end_to_end_micro_f1"]
    assert figures["signals_oracle"]["ece"] <= FLOORS["ece_at_most"]


@pytest.mark.corpora
def test_closing_figures_carry_no_text(figures):
    """The blind split is never read for errors: the report holds numbers and labels only."""
    def strings(x):
        if isinstance(x, dict):
            for k, v in x.items():
                yield k
                yield from strings(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                yield from strings(v)
        elif isinstance(x, str):
            yield x
    assert all(len(s) <= 24 and "\n" not in s for s in strings(figures))
    assert figures["documents"] > 100
