"""The processing pipeline: extraction then coding, per document language, failures isolated."""

from __future__ import annotations

import datetime as dt

from parley.actors import resolve_ref
from parley.api import Parley
from parley.pipeline import Processor, process_partition
from parley.records import Document, Statement

TEXT = "Lavrov said that Russia was ready for talks without preconditions. Troops shelled the town."


def test_processor_extracts_and_codes():
    doc = Document.create(TEXT, language="en", published=dt.date(2025, 3, 1))
    statements, failures = Processor().process([doc])
    assert failures == []
    (st,) = statements[doc.id]
    assert st.speaker == "Sergey Lavrov" and st.side == "RU"
    assert TEXT[st.start:st.end] == st.text
    offer = next(s for s in st.signals if s.code == "OFFER_TALKS")
    assert offer.conditional is False


def test_a_failing_document_is_reported_and_the_batch_goes_on(monkeypatch):
    good = Document.create(TEXT, language="en")
    bad = Document.create("Peskov said talks were over.", language="en", origin="bad.jsonl#line 2")
    processor = Processor()
    real = processor.process_one

    def flaky(doc):
        if doc.id == bad.id:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(processor, "process_one", flaky)
    statements, failures = processor.process([bad, good])
    assert list(statements) == [good.id]
    (f,) = failures
    assert f.stage == "extract" and f.origin == "bad.jsonl#line 2" and f.reason == "extraction failed: RuntimeError: boom"


def test_process_partition_is_a_pure_function_of_plain_dicts():
    rows = process_partition([{"text": TEXT, "language": "en", "published": "2025-03-01"}])
    assert len(rows) == 1
    st = Statement.from_dict(rows[0])
    assert st.speaker == "Sergey Lavrov" and st.published == dt.date(2025, 3, 1)


def test_registry_files_from_setting_and_store(monkeypatch, tmp_path):
    from parley.store import open_store

    extra = tmp_path / "mine.yaml"
    extra.write_text("actors: []\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_REGISTRY", str(extra))
    store = open_store(":memory:")
    store.set_meta("registry_extra", ["pkg:parley.demo/actors.yaml"])
    files = Parley(store).registry_paths
    assert files[0] == extra
    assert files[1].name == "actors.yaml" and files[1].exists()
    assert resolve_ref("pkg:parley.demo/actors.yaml") == files[1]


def test_a_document_over_a_million_characters_is_extracted():
    text = "The minister said that talks would resume next week. " * 22_000  # 1.19 million characters
    doc = Document.create(text, language="en")
    statements, failures = Processor(code=False).process([doc])
    assert failures == []
    found = statements[doc.id]
    assert len(found) == 22_000
    assert all(text[s.start:s.end] == s.text == "talks would resume next week" for s in found[:50] + found[-50:])


def test_reported_speech_without_sentence_punctuation_is_bounded():
    """An automatic transcript with no full stops: reported clauses stop at the limit instead of
    running to the end of the document (which made statements grow with the square of the text)."""
    from parley.extract.extractor import MAX_REPORTED_CHARS

    text = " ".join(["the minister said that talks would resume and the spokesman noted that the army would hold"] * 400)
    doc = Document.create(text, language="en")
    statements, _ = Processor(code=False).process([doc])
    found = statements[doc.id]
    assert len(found) == 800
    assert max(s.end - s.start for s in found) <= MAX_REPORTED_CHARS
    assert all(text[s.start:s.end] == s.text and not s.text.endswith(" ") for s in found)


def test_direct_quotes_are_never_cut():
    quote = "We will talk. " * 400
    text = f'The envoy said: "{quote.strip()}"'
    doc = Document.create(text, language="en")
    statements, _ = Processor(code=False).process([doc])
    (st,) = statements[doc.id]
    assert st.kind == "direct" and st.text == quote.strip()
