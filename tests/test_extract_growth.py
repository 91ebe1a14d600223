"""Extraction work grows linearly with the input (issue 15, defect 5): the inputs that made it
quadratic (dense "X said that" text, long runs of capitalised names, text full of learned cues)
are read at two sizes, four times apart, and the work done is compared: the number of Python
calls made (counted by cProfile, the same on every machine), never the time taken. Linear work
grows about four times; the quadratic paths grew it sixteen times and more. Speed itself is
measured by ``parley bench growth``."""

from __future__ import annotations

import cProfile
import pstats
import random

import pytest

from parley.extract import get_extractor
from parley.records import Document

NAMES = ["Vladimir", "Putin", "Sergei", "Lavrov", "Dmitry", "Peskov", "John", "Smith", "Anna", "Kyiv", "Moscow", "Geneva"]


def said(n: int) -> str:
    unit = "Peskov said that Lavrov said that Putin said that "
    return (unit * (n // len(unit) + 1))[:n]


def name_runs(n: int) -> str:
    rnd = random.Random(1)
    out, size = [], 0
    while size < n:
        run = " ".join(rnd.choice(NAMES) for _ in range(rnd.randint(5, 40))) + ". "
        out.append(run)
        size += len(run)
    return "".join(out)[:n]


def speakers(n: int) -> str:
    """Many people, each named in full once and then by surname ("Ivan Petrov500 said ... Petrov500
    added ..."), as a long transcript or a digest of many articles has."""
    out, k = [], 0
    while sum(map(len, out)) < n:
        out.append(f"Deputy minister Ivan Petrov{k} said that the talks would resume. "
                   f"Petrov{k} added that the minister agreed. The minister later said it was right. ")
        k += 1
    return "".join(out)[:n]


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
