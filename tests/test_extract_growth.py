"""Extraction work grows linearly with the input (issue 15, defect 5): the inputs that made it
quadratic (dense "X said that" text, long runs of capitalised names, text full of learned cues)
are read at two sizes, four times apart, and the work done is compared: the number of Python
calls made (counted by cProfile, the same on every machine), never the time taken. Linear work
grows about four times; the quadratic paths grew it sixteen times and more. Speed itself is
measured by ``parley bench growth``."""

from __future__ import annotations

import cProfile
import pstats

import pytest

from parley.benchmarks.growth import many_speakers, name_runs, said_that
from parley.extract import get_extractor
from parley.records import Document

# the inputs of `parley bench growth`: one definition of each hostile class
said, speakers = said_that, many_speakers


def _calls(extractor, text: str) -> int:
    doc = Document.create(text, language="en")
    prof = cProfile.Profile()
    prof.enable()
    extractor(doc)
    prof.disable()
    return sum(s[1] for s in pstats.Stats(prof).stats.values())  # primitive calls of every function


@pytest.fixture(scope="module")
def extractor():
    ex = get_extractor("en")
    ex(Document.create("Peskov said that talks would resume.", language="en"))  # loaded before counting
    return ex


@pytest.mark.parametrize("make", [said, name_runs, speakers], ids=["said-that", "name-runs", "many-speakers"])
def test_extraction_work_grows_linearly(extractor, make):
    small, large = _calls(extractor, make(20_000)), _calls(extractor, make(80_000))
    ratio = large / small
    # linear: about 4 (measured 4.0, 4.6 and 4.9); before the fix, 12.6 for "said that" and 6.9
    # for many speakers (name runs, 5.4, grew more in time than in calls: long splits)
    assert ratio < 6, f"work grew {ratio:.1f} times for four times the text ({small:,} -> {large:,} calls)"
