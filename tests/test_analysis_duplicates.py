"""parley.analysis.duplicates: one quote carried by several outlets counts once, on written
statements and on real Russian wire copy (RBC, July 2025)."""

from __future__ import annotations

import datetime as dt
import json

from analysis_helpers import st

from parley.analysis.duplicates import fold, folded, normalise
from parley.analysis.trends import trends
from parley.extract import extract
from parley.records import Document

WIRE = "We are ready to resume the talks in Istanbul as soon as next week, without any preconditions"


def test_the_same_words_of_one_speaker_in_several_outlets_fold_into_one():
    a = st(WIRE + ".", speaker="Dmitry Peskov", side="RU", day="2025-07-02", codes=["OFFER_TALKS"], doc="tass")
    b = st("“" + WIRE + ",”", speaker="Dmitry Peskov", side="RU", day="2025-07-02", codes=["OFFER_TALKS"], doc="ria")
    c = st(WIRE.replace("as soon as", "as early as"), speaker="Dmitry Peskov", side="RU", day="2025-07-03",
           codes=["OFFER_TALKS"], doc="rbc")
    other = st(WIRE, speaker="Sergei Lavrov", side="RU", day="2025-07-02", codes=["OFFER_TALKS"], doc="izv")
    later = st(WIRE, speaker="Dmitry Peskov", side="RU", day="2025-07-30", codes=["OFFER_TALKS"], doc="kom")
    groups = fold([b, c, other, a, later])
    by_speaker = {(g.statement.speaker, g.statement.published): g for g in groups}
    peskov = by_speaker[("Dmitry Peskov", dt.date(2025, 7, 2))]
    assert {s.doc_id for s in peskov.sources} == {"tass", "ria", "rbc"}
    assert len(groups) == 3  # Peskov's quote, Lavrov saying the same, Peskov again four weeks later
    assert len(folded([a, b, c])) == 1


def test_short_or_different_words_stay_apart():
    yes1 = st("We agree.", speaker="A", day="2025-07-02", doc="d1")
    yes2 = st("We agree!", speaker="A", day="2025-07-02", doc="d2")
    yes3 = st("We agreed.", speaker="A", day="2025-07-02", doc="d3")
    assert len(fold([yes1, yes2, yes3])) == 2  # identical once normalised: one; a different word: another
    euro = st("the invariability of Ukraine's strategic course towards Euro-Atlantic integration", speaker="B",
              doc="e1")
    eu = st("the invariability of Ukraine's strategic course towards European integration", speaker="B", doc="e2")
    assert len(fold([euro, eu])) == 2
    assert normalise("«Мы готовы», — заявил он.") == "мы готовы заявил он"


def test_a_trend_counts_a_repeated_quote_once():
    copies = [st(WIRE, speaker="Dmitry Peskov", side="RU", day="2025-07-02", codes=["OFFER_TALKS"], doc=f"o{i}")
              for i in range(5)]
    assert trends(folded(copies), side="RU").statements == 1


def test_real_wire_copy_folds_across_outlets(corpora_dir):
    path = corpora_dir / "rbc-news-ru-2025-07" / "rbc_news_ru_2025-07.jsonl"
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines()[:120]:
        r = json.loads(line)
        docs.append(Document.create(r["text"], title=r.get("title"), url=r.get("url"), language="ru",
                                    published=dt.date.fromisoformat(r["date"][:10])))
    statements = [s for d in docs for s in extract(d)]
    groups = fold(statements)
    multi = [g for g in groups if g.copies]
    assert multi, "RBC repeats its own wire copy across items"
    assert len(groups) == len(statements) - sum(len(g.copies) for g in groups)
    for g in multi:
        assert len({s.speaker for s in g.sources}) == 1
        assert len({s.doc_id for s in g.sources}) > 1 or len(g.sources) > 1
        for s in g.copies:
            assert abs((s.published - g.statement.published).days) <= 7


def _fold_by_scanning(statements, similarity=95.0, window_days=7):
    """The folding as first written: each statement against every open group of its speaker, newest
    first (quadratic in a speaker's statements; the reference the indexed folding must equal)."""
    from collections import defaultdict

    from parley.analysis.duplicates import _alike
    from parley.analysis.profiles import actor_key

    ordered = sorted(statements, key=lambda s: (s.published or dt.date.min, s.doc_id, s.start))
    groups, open_groups = [], defaultdict(list)
    window = dt.timedelta(days=window_days)
    for s in ordered:
        key = actor_key(s)
        if key is None:
            groups.append([s])
            continue
        norm = normalise(s.text)
        target = None
        for gi, g_norm, g_day in reversed(open_groups[key]):
            if s.published and g_day and s.published - g_day > window:
                break
            if (s.published is None) != (g_day is None):
                continue
            if _alike(norm, g_norm, similarity):
                target = gi
                break
        if target is None:
            groups.append([s])
            open_groups[key].append((len(groups) - 1, norm, s.published))
        else:
            groups[target].append(s)
    return [(g[0], tuple(g[1:])) for g in groups]


def test_indexed_folding_equals_the_pairwise_scan():
    """The folding finds each statement's group through a dict of texts and the groups of the
    speaker's window scored at once (it compared each statement with every open group: 23 million
    comparisons on a 3,700-document store); on random statements it folds exactly as the scan."""
    import random

    rng = random.Random(15)
    base = [WIRE, WIRE.upper(), "We agree.", "We agree!", "No.", "Talks are possible only after a full withdrawal of troops",
            "The ceasefire must hold along the whole front line without exception or delay"]
    for trial in range(30):
        statements = []
        for _ in range(rng.randint(1, 120)):
            text = rng.choice(base)
            if rng.random() < 0.4:  # a near copy: one word changed or dropped, or a few letters
                words = text.split()
                i = rng.randrange(len(words))
                words[i] = rng.choice(["", words[i] + "s", "very", words[i][:-1]])
                text = " ".join(w for w in words if w) or text
            day = None if rng.random() < 0.15 else dt.date(2025, 7, 1) + dt.timedelta(days=rng.randint(0, 40))
            statements.append(st(text, speaker=rng.choice(["A", "B", "C"]), day=day, doc=f"d{rng.randint(0, 9)}",
                                 start=rng.randint(0, 5000)))
        got = [(f.statement, f.copies) for f in fold(statements)]
        assert got == _fold_by_scanning(statements), trial


def test_copies_of_another_length_fold_when_the_ratio_can_reach_the_threshold():
    """Only the texts whose length can reach the ratio are scored: a copy a few characters longer
    (a word added) still folds, one at the edge of the length bound too, a much longer one never."""
    base = "We are ready to resume the talks in Istanbul next week, and we will send our delegation there"
    longer = base + " soon"  # 5 characters more: the ratio stays above 95
    edge = base + " at once"
    much = base + ", whatever Kyiv and its Western sponsors say about the meeting and its agenda"
    days = ["2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05"]
    texts = [base, longer, edge, much]
    sts = [st(t + ".", speaker="Dmitry Peskov", side="RU", day=d, doc=f"d{i}") for i, (t, d) in enumerate(zip(texts, days))]
    groups = fold(sts)
    alike = [normalise(t) for t in texts]
    from rapidfuzz import fuzz

    expected = sum(1 for t in alike[1:3] if fuzz.ratio(alike[0], t) >= 95)
    assert expected == 2  # the two near copies reach the threshold, so the length bound must let them in
    assert len(groups) == 2 and [len(g.copies) for g in groups] == [2, 0]
