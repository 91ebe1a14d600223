"""Any unicode text, metadata and coded statement survives every store back end unchanged, and
hostile search strings are searched for, never run as query syntax.

Texts exclude NUL and unpaired surrogates: ingestion rejects those (tests/test_hardening_ingest.py)
because PostgreSQL cannot hold NUL and UTF-8 cannot hold surrogates.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.records import Document, EventCode, Signal, Span, Statement
from parley.signals import load_codebook

STORE_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

chars = st.characters(codec="utf-8", exclude_characters="\x00")
texts = st.text(alphabet=chars, min_size=1, max_size=300).filter(lambda t: t.strip())
short = st.text(alphabet=chars, min_size=1, max_size=40)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), short,
                      st.floats(allow_nan=False, allow_infinity=False, width=32))
metadata = st.dictionaries(short, st.recursive(json_leaf, lambda k: st.lists(k, max_size=3) | st.dictionaries(short, k, max_size=3),
                                               max_leaves=8), max_size=4)


_SERIAL = itertools.count()


@st.composite
def coded_document(draw):
    # a unique tail: the store outlives the examples, and the same text again would be a duplicate
    text = draw(texts) + f"\n#{next(_SERIAL)}"
    doc = Document.create(text, title=draw(st.none() | short), author=draw(st.none() | short),
                          source=draw(st.none() | short), language=draw(st.sampled_from(["en", "ru", "uk", None])),
                          published=draw(st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))),
                          metadata=draw(metadata))
    n = len(text)
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, n))
    m0 = draw(st.integers(0, n - 1))
    m1 = draw(st.integers(m0 + 1, n))
    codes = load_codebook().codes
    signals = tuple(
        Signal(code=code, confidence=draw(st.floats(0, 1, width=32)), cues=tuple(draw(st.lists(short, max_size=3))),
               conditional=draw(st.none() | st.booleans()), conditions=tuple(draw(st.lists(short, max_size=2))),
               target=draw(st.none() | short), negated=draw(st.booleans()), coder="parley.signals/test")
        for code in draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))
    )
    statement = Statement(
        doc_id=doc.id, start=start, end=end, text=text[start:end], kind=draw(st.sampled_from(["direct", "indirect", "mixed"])),
        speaker=draw(st.none() | short), mention=text[m0:m1], mention_span=Span.of(text, m0, m1),
        cue=draw(st.none() | short), signals=signals,
        event=EventCode(plover="CONSULT", cameo="040", goldstein=1.0, quad=1, coder="test") if signals else None,
        language=doc.language, extractor="parley.extract/test",
    )
    return doc, statement


@STORE_SETTINGS
@given(pair=coded_document())
def test_any_document_and_coded_statement_round_trip(store, pair):
    doc, statement = pair
    store.add_documents([doc])
    got = store.get_document(doc.id)
    assert (got.text, got.title, got.author, got.source, got.published) == \
        (doc.text, doc.title, doc.author, doc.source, doc.published)
    assert got.metadata == doc.metadata
    store.replace_statements(doc.id, [statement])
    (back,) = store.statements(doc_id=doc.id)
    assert got.text[back.start : back.end] == back.text == statement.text
    assert (back.kind, back.speaker, back.mention, back.cue) == (statement.kind, statement.speaker, statement.mention, statement.cue)
    assert back.mention_span == statement.mention_span
    assert got.text[back.mention_span.start : back.mention_span.end] == back.mention_span.text
    assert sorted(s.code for s in back.signals) == sorted(s.code for s in statement.signals)
    by_code = {s.code: s for s in back.signals}
    for s in statement.signals:
        b = by_code[s.code]
        assert (b.cues, b.conditions, b.target, b.negated, b.conditional) == (s.cues, s.conditions, s.target, s.negated, s.conditional)
        assert b.confidence == pytest.approx(s.confidence, abs=1e-6)


HOSTILE_QUERIES = ['"', "NEAR(a b", "*", "a:b", "-x", "^", "AND", "OR OR", "'", "\\", "%", "_", "()", "col:Peskov",
                   "Peskov*", "\u0301", "!", "&|!", "<->", "a & b", ":*", "'; DROP TABLE statements; --", "a" * 200,
                   "\u202eksepP", "\u200d", "NOT NOT", "{a b}", "+Peskov"]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_search_strings_are_words_not_query_syntax(store, q):
    d = Document.create("Peskov said that the talks would resume; Drop table was not said.", language="en")
    store.add_documents([d])
    store.replace_statements(d.id, [Statement(doc_id=d.id, start=12, end=40, text=d.text[12:40], kind="indirect",
                                              speaker="Peskov")])
    found = store.statements(q=q)
    assert all(s.doc_id == d.id for s in found)
    assert store.count_documents() == 1 and len(store.statements()) == 1
