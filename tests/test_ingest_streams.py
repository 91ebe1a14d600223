"""Archives read in partitions (issue 14): JSON Lines, CSV and Parquet files read record by
record, in constant memory, with the same documents and the same per-record rejections as the
whole-file readers (issue 15's CSV and JSON Lines fixes included)."""

from __future__ import annotations

import io
import json

import pytest

from parley.ingest import IngestOptions, read_inputs
from parley.ingest.readers import ReadContext, read_csv, read_jsonl, read_stream
from parley.records import Document, Rejection

KREMLIN = "kremlin-zelensky-press-2021-22"


def _key(item):
    if isinstance(item, Document):
        return ("doc", item.id, item.title, item.published, item.origin, item.text)
    return ("rej", item.origin, item.locator, item.reason)


HOSTILE_JSONL = (
    '{"id": "1", "text": "The minister said the talks would go on."}\n'
    '{"id": "2", "text": "A line with a\u2028line separator and \u0085 next line kept inside."}\n'
    'not json at all\n'
    '\n'
    '{"id": "4", "text": "NUL \\u0000 inside"}\n'
    '{"id": "5", "title": "no text here"}\n'
    '{"id": "6", "text": "Последняя строка без перевода строки."}'
)
HOSTILE_CSV = (
    'id,title,text\n'
    '1,First,"The spokesman said talks would resume."\n'
    '2,Second,"An open quote that never closes, and\n'
    '3,Third,"The rows after it are still read."\n'
    '4,Fourth,"A field ""quoted"" inside, and a line\nbreak, and a \u2028 separator."\n'
    '5,Fifth,NUL \x00 in a row\n'
    '6,Sixth,"Text after the closing quote" is untidy\n'
)


@pytest.mark.parametrize(("fmt", "text", "whole"), [("jsonl", HOSTILE_JSONL, read_jsonl), ("csv", HOSTILE_CSV, read_csv)])
def test_a_stream_reads_as_the_whole_file_reader_does(fmt, text, whole):
    ctx = ReadContext(origin=f"x.{fmt}", language="en")
    want = [_key(i) for i in whole(text, ctx)]
    got = [_key(i) for i in read_stream(io.BytesIO(text.encode("utf-8")), fmt, ctx)]
    assert got == want
    assert any(k[0] == "rej" for k in got) and any(k[0] == "doc" for k in got)


def test_a_cp1251_line_among_utf8_ones_is_read_as_cp1251():
    data = ('{"text": "Первая строка в UTF-8."}\n'.encode() + '{"text": "Вторая строка в cp1251."}\n'.encode("cp1251"))
    got = list(read_stream(io.BytesIO(data), "jsonl", ReadContext(origin="x.jsonl", language="ru")))
    assert [d.text for d in got] == ["Первая строка в UTF-8.", "Вторая строка в cp1251."]


def test_utf16_and_empty_files_are_read_as_before():
    ctx = ReadContext(origin="x.jsonl", language="en")
    text = '{"text": "The talks resumed in Geneva."}\n'
    got = list(read_stream(io.BytesIO(text.encode("utf-16")), "jsonl", ctx))
    assert [d.text for d in got] == ["The talks resumed in Geneva."]
    assert [r.reason for r in read_stream(io.BytesIO(b""), "jsonl", ctx)] == ["empty file"]
    assert [r.reason for r in read_stream(io.BytesIO(b"\n\n"), "jsonl", ctx)] == \
        ["no records: the file holds only blank lines"]


def test_a_large_file_is_read_record_by_record_not_whole(tmp_path):
    """The first document comes out after a few kilobytes of a 40 MB file have been read."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "The ministry said the corridor would stay open. " * 20}) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(40_000_000 // len(line)):
            fh.write(line.replace("corridor", f"corridor {n}"))
    with open(path, "rb") as fh:
        items = read_stream(fh, "jsonl", ReadContext(origin=str(path), language="en"))
        first = next(items)
        assert isinstance(first, Document)
        assert fh.tell() < 1_000_000
        rest = sum(1 for _ in items)
    assert rest + 1 == 40_000_000 // len(line)


def test_files_bigger_than_max_file_bytes_are_streamed_and_each_record_bounded(tmp_path):
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps({"text": f"Talks number {n} went on in Istanbul."}) + "\n" for n in range(200))
                    + json.dumps({"text": "x" * 5000}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], IngestOptions(max_file_bytes=2000, language="en")))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert len(docs) == 200
    assert [(r.locator, r.reason) for r in rejected] == [("line 201", "a line longer than 2,000 bytes")]


def test_parquet_rows_are_documents_and_bad_rows_rejections(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"id": "p1", "text": "The spokesman said talks would resume.", "published": "2025-03-01", "lang": "en"},
            {"id": "p2", "text": None, "published": "2025-03-02", "lang": "en"},
            {"id": "p3", "text": "Переговоры возобновятся, заявил представитель.", "published": None, "lang": "ru"}]
    path = tmp_path / "archive.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    items = list(read_inputs([str(path)], IngestOptions()))
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.external_id, d.language, str(d.published)) for d in docs] == \
        [("p1", "en", "2025-03-01"), ("p3", "ru", "None")]
    assert docs[0].reader == "parquet" and docs[0].origin.endswith("#row 1")
    [bad] = [i for i in items if isinstance(i, Rejection)]
    assert bad.locator == "row 2"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    [why] = list(read_inputs([str(broken)], IngestOptions()))
    assert isinstance(why, Rejection) and "not a readable Parquet file" in why.reason


@pytest.mark.corpora
def test_the_shared_csv_corpus_streams_to_the_same_documents(corpora_dir):
    for name in ("putin_press_releases_en.csv", "zelenskyy_press_releases_en.csv"):
        path = corpora_dir / KREMLIN / name
        ctx = ReadContext(origin=str(path))
        want = [_key(i) for i in read_csv(path.read_bytes().decode("utf-8"), ctx)]  # as decode() reads it
        with open(path, "rb") as fh:
            got = [_key(i) for i in read_stream(fh, "csv", ctx)]
        assert got == want and len(got) > 500
