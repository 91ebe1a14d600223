"""Page data shared by the dashboard, its JSON twins and the briefing: highlighting, addresses, caching."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webstore import Doc, Say, build_document, build_sample_store

from parley.api import Parley, StatementQuery
from parley.errors import ConfigError
from parley.records import Document, Signal, Span, Statement
from parley.store import open_store
from parley.web import pages


def _stmt(doc: Document, start: int, end: int, **kw) -> Statement:
    return Statement(doc.id, start, end, doc.text[start:end], "direct", **kw)


def test_segments_mark_statements_mentions_and_cues():
    doc, statements = build_document(Doc("2024-03-19", "t", [
        Say("ua-kovalenko", "We agreed to exchange prisoners of war.", (("AGREE", ("agreed to exchange",), (), None),)),
    ]))
    segs = pages.highlight_segments(doc, statements)
    assert "".join(s.text for s in segs) == doc.text
    marked = {s.text: s for s in segs}
    assert marked["President Olena Kovalenko"].mention and not marked["President Olena Kovalenko"].statements
    assert marked["said"].cue
    cue = marked["agreed to exchange"]
    assert cue.signal_cue and cue.statements == (0,)
    assert marked["We "].statements == (0,) and marked["We "].first_of == (0,)
    assert not marked[" prisoners of war."].signal_cue


def test_signal_cues_are_found_case_insensitively_and_every_time():
    text = 'He said: "Talks now. We want talks, TALKS!"'
    doc = Document.create(text)
    s = _stmt(doc, 9, len(text) - 1, signals=(Signal("OFFER_TALKS", 0.9, cues=("talks",)),))
    segs = pages.highlight_segments(doc, [s])
    assert [x.text for x in segs if x.signal_cue] == ["Talks", "talks", "TALKS"]


def test_overlapping_and_split_statements():
    text = "Alpha beta gamma delta epsilon."
    doc = Document.create(text)
    a = _stmt(doc, 0, 16)
    b = _stmt(doc, 6, 22)
    c = Statement(doc.id, 0, 30, text[0:30], "direct", parts=(Span.of(text, 0, 5), Span.of(text, 23, 30)))
    segs = pages.highlight_segments(doc, [a, b, c])
    assert "".join(x.text for x in segs) == text
    cover = {x.text: x.statements for x in segs}
    assert cover["beta gamma"] == (0, 1)
    assert cover[" delta"] == (1,)
    assert cover["Alpha"] == (0, 2)  # the split statement covers its parts only
    assert cover["epsilon"] == (2,)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80),
    spans=st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=6),
)
def test_segments_always_rebuild_the_text_and_cover_each_statement(text, spans):
    doc = Document.create(text)
    statements = [Statement(doc.id, a, b, text[max(a, 0):max(b, 0)], "direct",
                            mention_span=Span(b, b + 3, "xyz"), cue_span=Span(a - 2, a, "ab"),
                            signals=(Signal("REJECT", 1.0, cues=(text[a:a + 2] if 0 <= a < len(text) else "",)),))
                  for a, b in spans]
    segs = pages.highlight_segments(doc, statements)
    assert "".join(s.text for s in segs) == text
    pos = 0
    for seg in segs:
        assert seg.start == pos and seg.text
        pos += len(seg.text)
        for i in seg.statements:
            assert statements[i].start <= seg.start and seg.start + len(seg.text) <= statements[i].end
    for i, s in enumerate(statements):
        if 0 <= s.start < s.end <= len(text):
            covered = "".join(x.text for x in segs if i in x.statements)
            assert covered == text[s.start:s.end]


def test_url_is_stable_and_drops_empty_parameters():
    assert pages.url("/statements", {"q": "", "side": "RU", "signal": None, "since": dt.date(2024, 3, 1)}) == \
        "/statements?side=RU&since=2024-03-01"
    assert pages.url("/x", {}) == "/x"
    assert pages.url("/statements", {"q": "a&b c"}) == "/statements?q=a%26b+c"


def test_inverted_period():
    assert not pages.inverted(dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    assert not pages.inverted(None, dt.date(2024, 1, 1))
    assert pages.inverted(dt.date(2024, 2, 1), dt.date(2024, 1, 1))
    store = open_store(":memory:")
    build_sample_store(store)
    p = Parley(store)
    empty = pages.overview(p, since=dt.date(2024, 5, 1), until=dt.date(2024, 4, 1))
    assert empty.timeline == [] and empty.shifts == [] and empty.contradictions == []
    with pytest.raises(ConfigError, match="not a contradiction rule"):
        pages.contradictions_page(p, rule="nope")


def test_cache_is_emptied_when_the_store_changes(tmp_path):
    store = open_store(tmp_path / "c.db")
    build_sample_store(store)
    cache = pages.ResultCache(recheck_seconds=0)
    calls = []

    def compute():
        calls.append(1)
        return store.count_statements()

    n = store.count_statements()
    assert cache.get(store, ("n",), compute) == n
    assert cache.get(store, ("n",), compute) == n and len(calls) == 1
    doc, statements = build_document(Doc("2024-06-01", "Later", [Say("us-harper", "We will talk.", ())]))
    store.add_documents([doc])
    store.replace_statements(doc.id, statements)
    assert cache.get(store, ("n",), compute) == n + 1 and len(calls) == 2
    store.close()


def test_pages_on_an_empty_store():
    p = Parley(open_store(":memory:"))
    o = pages.overview(p)
    assert o.stats["statements"] == 0 and o.timeline == [] and o.charts == {} and o.shifts == []
    assert pages.statements_page(p, StatementQuery()).total == 0
    assert pages.contradictions_page(p).total == 0
    assert pages.saydo_page(p).ceasefires == []
    with pytest.raises(Exception, match="no statements by"):
        pages.actor_page(p, "anyone")
