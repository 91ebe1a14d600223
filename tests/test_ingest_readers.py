"""Readers on small fixtures written for these tests and on the real shared corpora."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from parley.ingest import IngestOptions, expand_sources, read_inputs
from parley.ingest.dates import parse_date
from parley.ingest.language import detect_language, paragraph_languages
from parley.ingest.readers import FieldMap, ReadContext, read_jsonl, sniff
from parley.records import Document, Rejection

DATA = Path(__file__).parent / "data" / "ingest"


def read(*sources, **kw):
    items = list(read_inputs([str(s) for s in sources], IngestOptions(**kw)))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Rejection)]


def test_markdown_is_one_document_with_its_heading_as_title():
    docs, rejected = read(DATA / "note.md")
    assert rejected == []
    (d,) = docs
    assert d.title == "Readout of a fictional call"
    assert d.text == (DATA / "note.md").read_text(encoding="utf-8")
    assert d.language == "en" and d.reader == "markdown"


def test_html_main_text_title_author_and_date():
    docs, _ = read(DATA / "page.html")
    (d,) = docs
    assert d.title == "Ministers meet in a neutral capital"
    assert d.author == "Jane Example"
    assert d.published == dt.date(2025, 3, 14)
    assert '"We are ready to talk without preconditions,"' in d.text
    assert "Home" not in d.text and "All rights reserved" not in d.text


def test_html_footer_copyright_is_not_taken_for_the_date():
    docs, _ = read(DATA / "footer_only_date.html")
    assert docs[0].published is None
    assert "proposal of the mediators" in docs[0].text


def test_csv_with_default_field_names():
    docs, rejected = read(DATA / "items.csv")
    assert rejected == []
    assert [(d.external_id, d.title, d.published, d.url) for d in docs] == [
        ("1", "First fictional item", dt.date(2025, 1, 5), "https://example.org/1"),
        ("2", "Second fictional item", dt.date(2025, 1, 6), "https://example.org/2"),
    ]
    assert docs[0].source == "example.org"  # from the URL when the record names none
    assert docs[1].text == "Southland rejected the proposal, its ministry said."


def test_csv_without_a_text_column_is_rejected_with_the_reason():
    docs, rejected = read(DATA / "no_text.csv")
    assert docs == []
    (r,) = rejected
    assert r.origin.endswith("no_text.csv") and r.locator == "header"
    assert "no text column" in r.reason and "--field text=COLUMN" in r.reason


def test_field_mapping_reads_other_names():
    docs, rejected = read(DATA / "no_text.csv", fields=FieldMap.parse(["text=summary"]))
    assert rejected == [] and docs[0].text == "There is no text column in this file"


def test_rss_and_atom_feeds():
    docs, rejected = read(DATA / "feed.rss", DATA / "feed.atom")
    assert rejected == []
    assert [d.external_id for d in docs] == ["wire-1001", "wire-1002", "urn:example:ministry:42"]
    assert docs[0].text == (
        "The Northland government said it was ready to negotiate with Southland without preconditions."
    )
    assert docs[0].published == dt.date(2025, 3, 10)
    assert docs[0].url == "https://wire.example.org/2025/03/northland-offers-talks"
    assert docs[0].metadata["feed"] == "Example Wire: World"
    assert docs[2].text.startswith("The Ministry welcomes the proposal of a thirty-day truce.")
    assert "<p>" not in docs[2].text


def test_jsonl_bad_line_is_rejected_and_the_rest_read(tmp_path):
    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i} says something.", "published": "2025-02-0" + str(i)})
             for i in range(1, 11)]
    lines[6] = '{"id": "r7", "text": "broken'
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = read(path)
    assert len(docs) == 9
    (r,) = rejected
    assert r.locator == "line 7" and r.reason.startswith("invalid JSON")


def test_text_is_kept_exactly_as_given(tmp_path):
    text = "  Leading spaces, a tab\there,\r\nCRLF and trailing newline\n\n"
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    docs, _ = read(path)
    assert docs[0].text == text


def test_bad_inputs_each_get_a_reason(tmp_path):
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "notjson.json").write_text("{nope", encoding="utf-8")
    (tmp_path / "good.txt").write_text("The spokesman said the talks would go on.", encoding="utf-8")
    docs, rejected = read(tmp_path, tmp_path / "missing.txt")
    assert [Path(d.origin).name for d in docs] == ["good.txt"]
    reasons = {(Path(r.origin).name, r.locator): r.reason for r in rejected}
    assert reasons[("missing.txt", None)] == "no such file or folder"
    assert "binary file" in reasons[("binary.bin", None)]
    assert reasons[("empty.txt", None)] == "empty file"
    assert reasons[("blank.txt", None)] == "empty document: no text"
    assert "expected an object" in reasons[("list.json", "record 1")]
    assert reasons[("notjson.json", None)].startswith("invalid JSON")


def test_folders_are_walked_recursively_skipping_hidden_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "top.md").write_text("Top text.", encoding="utf-8")
    files, missing = expand_sources([str(tmp_path)], IngestOptions())
    assert [Path(f).name for f in files] == ["top.md", "deep.txt"] or sorted(Path(f).name for f in files) == [
        "deep.txt", "top.md"]
    assert missing == []
    only_md, _ = expand_sources([str(tmp_path)], IngestOptions(extensions=(".md",)))
    assert [Path(f).name for f in only_md] == ["top.md"]


def test_standard_input_is_sniffed():
    payload = b'{"id": "s1", "text": "From a pipe."}\n{"id": "s2", "text": "Second."}\n'
    items = list(read_inputs(["-"], stdin=lambda: payload))
    assert [(i.external_id, i.text, i.origin) for i in items] == [
        ("s1", "From a pipe.", "<stdin>#line 1"),
        ("s2", "Second.", "<stdin>#line 2"),
    ]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("<?xml version='1.0'?><rss>", "feed"),
        ("<!DOCTYPE html><html>", "html"),
        ('[{"text": "x"}]', "json"),
        ('{"text": "x"}\n{"text": "y"}', "jsonl"),
        ('{\n "text": "x"\n}', "json"),
        ("Just words.", "text"),
    ],
)
def test_sniff(text, fmt):
    assert sniff(text) == fmt


def test_dates_in_many_forms():
    assert parse_date("2022-02-25T17:30:00Z") == dt.date(2022, 2, 25)
    assert parse_date("25 February 2022") == dt.date(2022, 2, 25)
    assert parse_date("25 февраля 2022") == dt.date(2022, 2, 25)
    assert parse_date(1645810200) == dt.date(2022, 2, 25)
    assert parse_date("not a date at all") is None
    assert parse_date("") is None


def test_language_identification_restricted_to_supported_languages():
    assert detect_language("The minister said the talks would resume next week.") == "en"
    assert detect_language("Министр заявил, что переговоры возобновятся на следующей неделе.") == "ru"
    assert detect_language("Міністр заявив, що переговори відновляться наступного тижня.") == "uk"
    assert detect_language("12345 !!!") is None
    mixed = "The minister spoke.\n\nМіністр заявив, що переговори тривають."
    assert [lang for *_, lang in paragraph_languages(mixed)] == ["en", "uk"]


def test_jsonl_reader_directly():
    ctx = ReadContext(origin="mem.jsonl")
    items = list(read_jsonl('{"headline": "H", "body": "B text", "link": "https://x.org/a"}', ctx))
    assert items[0].title == "H" and items[0].text == "B text" and items[0].url == "https://x.org/a"


# ------------------------------------------------------------------ real corpora
def test_kremlin_and_zelensky_press_csv_read_without_changes(corpora_dir):
    folder = corpora_dir / "kremlin-zelensky-press-2021-22"
    docs, rejected = read(folder / "putin_press_releases_en.csv")
    with open(folder / "putin_press_releases_en.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rejected == [] and len(docs) == len(rows) == 816
    first = docs[0]
    assert first.text == rows[0]["body"]
    assert first.title == rows[0]["headline"] and first.url == rows[0]["link"]
    assert first.published == dt.date.fromisoformat(rows[0]["date"][:10])
    assert first.source == "en.kremlin.ru" and first.language == "en"
    assert first.metadata["summary"] == rows[0]["summary"]


def test_ua_officials_jsonl_read_without_changes(corpora_dir):
    path = corpora_dir / "ua-officials-2022" / "ua_officials_statements_2022.jsonl"
    docs, rejected = read(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nonempty = [r for r in records if r["text"].strip()]
    assert len(docs) == len(nonempty) and len(rejected) == len(records) - len(nonempty)
    by_lang = {d.language for d in docs}
    assert by_lang == {"en", "uk"}
    first = next(d for d in docs if d.external_id == nonempty[0]["id"] and d.language == nonempty[0]["lang"])
    assert first.text == nonempty[0]["text"] and first.title == nonempty[0]["name"]
    assert first.metadata["speaker"] == nonempty[0]["speaker"]
    agree = sum(d.language == d.metadata.get("lang") for d in docs) / len(docs)
    assert agree == 1.0  # the record's own lang field is used


def test_ria_telegram_json_array(corpora_dir):
    docs, rejected = read(corpora_dir / "ria-telegram-2024" / "ria_novosti_telegram_2024.json")
    assert rejected == [] and len(docs) == 1000
    assert all(d.language == "ru" for d in docs[:50])
    assert docs[0].external_id and docs[0].published is not None


def test_identification_on_real_text(corpora_dir):
    path = corpora_dir / "ua-officials-2022" / "ua_officials_statements_2022.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if len(r["text"].strip()) > 200]
    correct = sum(detect_language(r["text"]) == r["lang"] for r in records)
    assert correct / len(records) >= 0.99


def test_a_crash_mid_run_keeps_every_batch_already_written(tmp_path):
    """Each batch is its own transaction: a failure (or a kill) loses only the batch in flight."""
    from parley.api import Parley
    from parley.errors import StoreError
    from parley.store import open_store

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"m{i}", "text": f"Official number {i} spoke today."}) + "\n"
                            for i in range(25)), encoding="utf-8")
    db = tmp_path / "p.db"
    store = open_store(db)
    real = store.add_documents
    calls = {"n": 0}

    def failing(docs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("disk full (simulated)")
        return real(docs)

    store.add_documents = failing
    with pytest.raises(StoreError, match="simulated"):
        Parley(store).ingest([str(path)], IngestOptions(batch_size=10), extract=False)
    assert open_store(db).count_documents() == 20  # two whole batches survived
    # running again completes the rest and duplicates nothing
    summary = Parley(open_store(db)).ingest([str(path)], IngestOptions(batch_size=10), extract=False)
    assert (summary.new, summary.duplicate) == (5, 20)
    assert open_store(db).count_documents() == 25


def test_feed_summaries_without_markup_have_their_entities_decoded(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><link>https://example.org/a</link>"
        "<description>Talks &amp;amp; truce: the envoy said &amp;quot;soon&amp;quot;.</description></item>"
        "</channel></rss>", encoding="utf-8")
    docs, rejected = read(feed)
    assert rejected == [] and docs[0].text == 'Talks & truce: the envoy said "soon".'
