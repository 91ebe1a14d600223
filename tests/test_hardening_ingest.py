"""Hostile and malformed input to ingestion: every bad input becomes a Rejection naming the file and
the record, the rest of the batch goes on, and nothing raises out of ``read_inputs`` or ``ingest``.

Network responses are canned (httpx mock transports); the clock of the slow-drip test is a fake.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import sys
import time
import zlib

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.errors import FetchError
from parley.api import Parley
from parley.ingest import IngestOptions, read_inputs
from parley.ingest.dates import parse_date
from parley.ingest.fetch import FetchOptions, fetch
from parley.ingest.readers import (
    MAX_KEY_BYTES,
    MAX_METADATA_DEPTH,
    ReadContext,
    decode,
    read_csv,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
)
from parley.records import Document, Rejection
from parley.store import open_store

CTX = ReadContext(origin="hostile.jsonl")
FEWER = settings(max_examples=40, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def items(it):
    out = list(it)
    assert all(isinstance(x, (Document, Rejection)) for x in out)
    return out


def docs(out):
    return [x for x in out if isinstance(x, Document)]


def rejections(out):
    return [x for x in out if isinstance(x, Rejection)]


def jsonl(*records: str) -> str:
    return "\n".join(records) + "\n"


GOOD = '{"text": "The minister said that the talks would resume next week."}'


# ------------------------------------------------------------------------------ JSON and JSONL
def test_deeply_nested_json_is_rejected_not_a_recursion_error():
    out = items(read_json("[" * 100_000 + "]" * 100_000, ReadContext(origin="deep.json")))
    assert len(out) == 1 and isinstance(out[0], Rejection)
    assert out[0].origin == "deep.json" and "nested too deeply" in out[0].reason


def test_a_deeply_nested_jsonl_line_is_rejected_and_the_next_line_is_read():
    nested = '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    out = items(read_jsonl(jsonl(nested, GOOD), CTX))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document"]
    assert out[0].locator == "line 1" and "nested too deeply" in out[0].reason
    assert out[1].text.startswith("The minister said")


def test_a_number_too_long_to_convert_is_rejected_per_line():
    huge = '{"text": "Peskov said so.", "id": ' + "9" * 5000 + "}"
    out = items(read_jsonl(jsonl(huge, GOOD), CTX))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document"]
    assert out[0].locator == "line 1" and "4300 digits" in out[0].reason
    whole = items(read_json("[" + huge[:-1] + "}]", ReadContext(origin="huge.json")))
    assert len(whole) == 1 and "4300 digits" in whole[0].reason and whole[0].origin == "huge.json"


def test_overflowing_floats_are_kept_as_strings_that_every_store_holds():
    out = items(read_jsonl(jsonl('{"text": "Peskov said so.", "score": 1e999, "ratio": NaN, "low": -Infinity}'), CTX))
    (doc,) = docs(out)
    assert dict(doc.metadata) == {"score": "Infinity", "ratio": "NaN", "low": "-Infinity"}
    store = open_store(":memory:")
    store.add_documents([doc])
    assert store.get_document(doc.id).metadata == doc.metadata


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ('{"text": "Peskov said \\ud800 so."}', "text"),
        ('{"text": "Peskov said so.", "title": "a\\udc00b"}', "title"),
        ('{"text": "Peskov said so.", "extra": {"deep": ["\\udbff"]}}', "metadata.extra.deep"),
        ('{"text": "Peskov said so.", "note": "a\\u0000b"}', "metadata.note"),
        ('{"text": "Peskov said so.", "author": "x\\u0000"}', "author"),
    ],
)
def test_lone_surrogates_and_nul_characters_in_any_field_are_rejected_by_name(record, field):
    out = items(read_jsonl(jsonl(record, GOOD), CTX))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document"]
    assert out[0].locator == "line 1" and f"the {field} field contains" in out[0].reason


def test_a_surrogate_pair_is_a_real_character_and_is_kept():
    out = items(read_jsonl(jsonl('{"text": "Peskov said \\ud83d\\ude00 so."}'), CTX))
    assert docs(out)[0].text == "Peskov said \U0001F600 so."


def test_metadata_nested_beyond_the_limit_is_rejected_and_shallow_nesting_kept():
    deep = '{"text": "Peskov said so.", "m": ' + "[" * (MAX_METADATA_DEPTH + 5) + "]" * (MAX_METADATA_DEPTH + 5) + "}"
    shallow = '{"text": "Lavrov said so.", "m": ' + "[" * 10 + "1" + "]" * 10 + "}"
    out = items(read_jsonl(jsonl(deep, shallow), CTX))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document"]
    assert f"nested more than {MAX_METADATA_DEPTH} levels" in out[0].reason
    store = open_store(":memory:")
    store.add_documents(docs(out))
    assert store.get_document(out[1].id).metadata == out[1].metadata


@pytest.mark.parametrize("field", ["url", "source", "id"])
def test_an_indexed_field_too_long_for_a_store_index_is_rejected(field):
    value = "https://news.example.org/" + "a" * MAX_KEY_BYTES if field == "url" else "s" * (MAX_KEY_BYTES + 1)
    out = items(read_jsonl(jsonl(json.dumps({"text": "Peskov said so.", field: value}), GOOD), CTX))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document"]
    assert f"the {field} field is" in out[0].reason and "bytes long" in out[0].reason


@pytest.mark.parametrize(
    "date",
    ["0000-01-01", "99999-01-01", "year 0", "31 December 99999", "in 99999999 years", 10**30, -1e20, float("nan")],
)
def test_impossible_dates_leave_the_date_empty_and_keep_the_record(date):
    out = items(read_jsonl(jsonl(json.dumps({"text": "Peskov said so.", "published": date})), CTX))
    assert docs(out)[0].published is None


def test_a_feed_time_tuple_with_year_zero_is_no_date():
    assert parse_date(time.struct_time((0, 1, 1, 0, 0, 0, 0, 1, 0))) is None
    assert str(parse_date(time.struct_time((2024, 2, 29, 0, 0, 0, 0, 60, 0)))) == "2024-02-29"


def test_text_with_control_bidi_and_joiner_characters_is_kept_exactly():
    text = "Peskov \u202esaid\u202c that\u200d the \x07talks\x1b[31m would\u2066 go\u2069 on \U0001F468\u200d\U0001F469."
    out = items(read_jsonl(jsonl(json.dumps({"text": text, "title": "\u202etitle"})), CTX))
    (doc,) = docs(out)
    assert doc.text == text and doc.title == "\u202etitle"


def test_a_50_megabyte_jsonl_line_and_a_line_without_spaces_are_read(tmp_path):
    big = "The minister said talks would resume. " * 1_300_000
    path = tmp_path / "big.jsonl"
    path.write_text(jsonl(json.dumps({"text": big}), json.dumps({"text": "x" * 3_000_000}), GOOD), encoding="utf-8")
    out = items(read_inputs([str(path)]))
    assert [len(d.text) for d in docs(out)] == [len(big), 3_000_000, len(json.loads(GOOD)["text"])]


# ------------------------------------------------------------------------------------- CSV
def test_csv_with_a_huge_field_and_nul_characters():
    huge = "talks " * 700_000
    text = f'text,title\n"{huge}",big\n"nul\x00inside",bad\nPeskov said so.,good\n'
    out = items(read_csv(text, ReadContext(origin="x.csv")))
    assert [type(x).__name__ for x in out] == ["Document", "Rejection", "Document"]
    assert out[0].text == huge
    assert out[1].locator == "row 3" and "NUL" in out[1].reason


def test_csv_nul_bytes_in_the_file_are_a_binary_rejection(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"text,title\nPeskov\x00said,so\n")
    (rej,) = items(read_inputs([str(path)]))
    assert isinstance(rej, Rejection) and rej.origin == str(path) and "NUL" in rej.reason


def test_csv_with_an_unterminated_quote_keeps_the_rows_before_it():
    text = 'text,title\nPeskov said so.,a\n"never closed,b\n'
    out = items(read_csv(text, ReadContext(origin="x.csv")))
    assert isinstance(out[0], Document) and out[0].text == "Peskov said so."


# -------------------------------------------------------------------------------- encodings
@pytest.mark.parametrize("text", ["Peskov said the talks would resume.", "Песков заявил, что переговоры продолжатся.",
                                  "Президент сказав, що переговори триватимуть."])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_utf16_and_utf8_with_or_without_bom_decode(text, encoding):
    assert decode(text.encode(encoding), "x.txt") == text


def test_utf8_and_cp1251_mixed_line_by_line():
    data = "Песков заявил: да.\n".encode() + "Лавров заявил: нет.\n".encode("cp1251") + b"ascii line"
    assert decode(data, "mixed.txt") == "Песков заявил: да.\nЛавров заявил: нет.\nascii line"


def test_pure_cp1251_still_decodes_and_binary_is_still_refused():
    assert decode("Песков заявил, что переговоры продолжатся.".encode("cp1251"), "x") == \
        "Песков заявил, что переговоры продолжатся."
    for blob in (bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + bytes(2000), "hello".encode("utf-16-le") + b"\x00"):
        got = decode(blob, "blob.bin")
        assert isinstance(got, Rejection) and got.origin == "blob.bin" and "binary" in got.reason


# ------------------------------------------------------------------------------- HTML, feeds
SECRET = "PARLEY-SECRET-FILE-CONTENT"


def _xxe(tmp_path, root: str) -> str:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">'
            '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n')


def _laughs(root: str) -> str:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{ents}]>'


def test_feeds_do_not_expand_external_or_recursive_entities(tmp_path):
    body = ('<rss version="2.0"><channel><title>T</title><item><title>a</title>'
            "<link>https://news.example.org/a</link><description>Peskov said &xxe; and &lol9; here.</description>"
            "</item></channel></rss>")
    for head in (_xxe(tmp_path, "rss"), _laughs("rss")):
        out = items(read_feed(head + body, ReadContext(origin="f.rss")))
        for d in docs(out):
            assert SECRET not in d.text and "lollollol" not in d.text and len(d.text) < 200


def test_html_does_not_expand_external_or_recursive_entities(tmp_path):
    body = ("<html><body><article><p>The minister said &xxe; &lol9; that the talks would resume next week "
            "in Geneva, and that both delegations had agreed on the agenda.</p></article></body></html>")
    for head in (_xxe(tmp_path, "html"), _laughs("html")):
        out = items(read_html(head + body, ReadContext(origin="p.html")))
        for d in docs(out):
            assert SECRET not in d.text and "lollollol" not in d.text and len(d.text) < 400


def test_script_and_style_only_pages_are_rejected():
    html = ("<html><head><style>p{color:red}</style><script>var s='The minister said that talks would resume';"
            "</script></head><body><script>document.write('Peskov said so')</script></body></html>")
    (rej,) = items(read_html(html, ReadContext(origin="s.html")))
    assert isinstance(rej, Rejection) and rej.origin == "s.html" and "no main text" in rej.reason


@pytest.mark.parametrize("as_bytes", [False, True])
def test_references_to_no_character_in_a_feed_read_as_replacement_characters(as_bytes):
    feed = ('<rss version="2.0"><channel><title>T</title>'
            "<item><title>a&#55296;</title><description>Peskov said so &#233;.</description></item>"
            "<item><title>b</title><description>Lavrov said &#xD800; so &#x1F600;.</description></item>"
            "<item><title>c&#x110000;</title><description>Zelensky said &#99999999999; so.</description></item>"
            "</channel></rss>")
    out = items(read_feed(feed.encode() if as_bytes else feed, ReadContext(origin="f.rss")))
    assert [d.title for d in docs(out)] == ["a\ufffd", "b", "c\ufffd"]
    assert [d.text for d in docs(out)][:2] == ["Peskov said so \u00e9.", "Lavrov said \ufffd so \U0001F600."]


def test_feed_links_to_files_and_private_addresses_are_refused_and_the_summary_is_kept():
    feed = ('<rss version="2.0"><channel><title>T</title>'
            "<item><title>a</title><link>file:///etc/passwd</link><description>Summary one said.</description></item>"
            "<item><title>b</title><link>http://127.0.0.1:8080/admin</link><description>Summary two said.</description></item>"
            "<item><title>c</title><link>http://[::1]/x</link><description>Summary three said.</description></item>"
            "</channel></rss>")
    called = []

    def handler(request):
        called.append(str(request.url))
        return httpx.Response(200, text="<html><body><p>inside</p></body></html>")

    opts = IngestOptions(follow_links=True, format="feed",
                         fetch=FetchOptions(transport=httpx.MockTransport(handler), timeout=5))
    out = items(read_inputs(["-"], opts, stdin=lambda: feed.encode()))
    assert called == []
    assert [r.origin[:5] for r in rejections(out)] == ["file:", "http:", "http:"]
    assert [r.origin[7:] for r in rejections(out)[1:]] == ["127.0.0.1:8080/admin", "[::1]/x"]
    assert "only http and https" in rejections(out)[0].reason
    assert all("non-public address" in r.reason for r in rejections(out)[1:])
    assert [d.text for d in docs(out)] == ["Summary one said.", "Summary two said.", "Summary three said."]


# ------------------------------------------------------------------------------------ fetch
PUBLIC = {"news.example.org": ["93.184.216.34"]}


def _opts(handler, **kw) -> FetchOptions:
    return FetchOptions(transport=httpx.MockTransport(handler), resolver=lambda h: PUBLIC[h], timeout=5, **kw)


def _streamed(body: bytes, size: int = 65536):
    """The body in network-sized chunks (a streamed response, not one read into memory)."""
    for i in range(0, len(body), size):
        yield body[i : i + size]


def _served(body: bytes, encoding: str, seen: list | None = None):
    def handler(request):
        if seen is not None:
            seen.append(request)
        return httpx.Response(200, headers={"content-type": "text/html", "content-encoding": encoding},
                              content=_streamed(body))

    return handler


def _raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send it."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


PAGE = b"<html><body><p>" + b"The minister said that talks would resume. " * 500 + b"</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(PAGE)),
        ("deflate", zlib.compress(PAGE)),
        ("deflate", _raw_deflate(PAGE)),
        ("identity", PAGE),
        ("", PAGE),
    ],
)
def test_compressed_responses_decode_to_the_page(encoding, packed):
    seen: list = []
    got = fetch("https://news.example.org/a", _opts(_served(packed, encoding, seen)))
    assert got.body == PAGE
    assert seen[0].headers["accept-encoding"] == "gzip, deflate"


def test_a_gzip_bomb_stops_at_the_decompressed_size_limit():
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB in about 50 KB
    with pytest.raises(FetchError, match=r"exceeds the limit of 1,000,000 bytes \(after decompression\)"):
        fetch("https://news.example.org/bomb", _opts(_served(bomb, "gzip"), max_bytes=1_000_000))


def test_a_gzip_bomb_in_one_chunk_stops_at_the_limit():
    bomb = gzip.compress(b"\0" * 20_000_000)

    def handler(request):
        return httpx.Response(200, headers={"content-encoding": "gzip"}, content=iter([bomb]))

    with pytest.raises(FetchError, match="after decompression"):
        fetch("https://news.example.org/bomb", _opts(handler, max_bytes=100_000))


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip,deflate", "br", "zstd", "compress"])
def test_layered_or_unasked_encodings_are_refused(encoding):
    body = gzip.compress(gzip.compress(b"\0" * 1_000_000))
    with pytest.raises(FetchError, match="compressed 2 times|unsupported content-encoding"):
        fetch("https://news.example.org/x", _opts(_served(body, encoding)))


def test_a_corrupt_gzip_body_is_a_fetch_error():
    with pytest.raises(FetchError, match="cannot decompress the gzip response"):
        fetch("https://news.example.org/x", _opts(_served(b"not gzip at all" * 10, "gzip")))


def test_a_redirect_loop_ends_with_a_clear_reason():
    def handler(request):
        return httpx.Response(302, headers={"location": str(request.url)})

    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch("https://news.example.org/loop", _opts(handler))


def test_a_slow_drip_ends_at_the_timeout_for_the_whole_fetch(monkeypatch):
    clock = iter(range(10_000))  # each look at the clock: one more second
    monkeypatch.setattr(sys.modules["parley.ingest.fetch"], "_clock", lambda: float(next(clock)))

    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/html"}, content=(b"x" for _ in range(5000)))

    with pytest.raises(FetchError, match="timed out after 5 s"):
        fetch("https://news.example.org/drip", _opts(handler, max_bytes=10**9))


def test_a_fetch_failure_is_a_rejection_and_the_other_sources_go_on():
    def handler(request):
        return httpx.Response(200, headers={"content-encoding": "gzip"}, content=_streamed(gzip.compress(b"a" * 10**7)))

    out = items(read_inputs(["https://news.example.org/bomb", "-"],
                            IngestOptions(fetch=_opts(handler, max_bytes=10_000)), stdin=lambda: GOOD.encode()))
    assert isinstance(out[0], Rejection) and out[0].origin == "https://news.example.org/bomb"
    assert "after decompression" in out[0].reason
    assert isinstance(out[1], Document)


# ------------------------------------------------------------------------- ingest and store
class RefusingStore:
    """A store that cannot encode some document (as UTF-8 cannot encode an unpaired surrogate) and
    so refuses, before writing anything, every batch holding it."""

    def __init__(self, store, refuse: str):
        self._store, self._refuse = store, refuse

    def __getattr__(self, name):
        return getattr(self._store, name)

    def add_documents(self, docs):
        docs = list(docs)
        if any(self._refuse in d.text for d in docs):
            raise UnicodeEncodeError("utf-8", "\udc00", 0, 1, "surrogates not allowed")
        return self._store.add_documents(docs)


def test_a_document_the_store_refuses_is_rejected_and_the_rest_of_the_batch_kept(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(jsonl(GOOD, '{"text": "Lavrov said REFUSE this."}', '{"text": "Zelensky said so."}'), encoding="utf-8")
    inner = open_store(":memory:")
    summary = Parley(RefusingStore(inner, "REFUSE")).ingest([str(path)], IngestOptions(batch_size=10), extract=False)
    assert summary.new == 2 and inner.count_documents() == 2
    (rej,) = summary.rejections
    assert rej.origin == f"{path}#line 2" and "cannot store the document: UnicodeEncodeError" in rej.reason
    assert [r.origin for r in inner.rejections()] == [f"{path}#line 2"]


def test_a_store_that_refuses_everything_still_raises():
    inner = open_store(":memory:")
    with pytest.raises(UnicodeEncodeError):
        Parley(RefusingStore(inner, " ")).ingest(["-"], IngestOptions(format="jsonl"), extract=False,
                                                 stdin=lambda: jsonl(GOOD, '{"text": "Zelensky said so."}').encode())


def test_hostile_batch_end_to_end_into_a_store(tmp_path):
    """A folder of bad files among good ones: everything good is stored, everything bad recorded."""
    (tmp_path / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (tmp_path / "mixed.jsonl").write_text(jsonl(
        GOOD, '{"text": "bad \\udfff"}', '{"text": "Peskov said so.", "n": ' + "1" * 5000 + "}",
        '{"text": "Lavrov said so.", "x": NaN}', "not json"), encoding="utf-8")
    (tmp_path / "utf16.txt").write_bytes("Zelensky said the talks would resume.".encode("utf-16-le"))
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    store = open_store(":memory:")
    summary = Parley(store).ingest([str(tmp_path), str(tmp_path / "missing.txt")])
    assert summary.new == 3 and store.count_documents() == 3
    reasons = {(r.origin.rsplit("/", 1)[-1], r.locator): r.reason for r in summary.rejections}
    assert set(reasons) == {("missing.txt", None), ("deep.json", None), ("mixed.jsonl", "line 2"),
                            ("mixed.jsonl", "line 3"), ("mixed.jsonl", "line 5"), ("binary.dat", None),
                            ("empty.txt", None)}
    assert len(store.rejections()) == len(summary.rejections)


# ------------------------------------------------------------------------------- properties
_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
_json_value = st.recursive(_json_leaf, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                           max_leaves=20)


@FEWER
@given(records=st.lists(st.one_of(_json_value, st.dictionaries(st.sampled_from(["text", "title", "url", "published", "id", "x"]),
                                                                 _json_value, max_size=5)), min_size=1, max_size=6))
def test_any_jsonl_gives_one_item_per_line_and_stores(records):
    lines = [json.dumps(r) for r in records]
    out = items(read_jsonl("\n".join(lines), CTX))
    assert len(out) == len(lines)
    for number, item in enumerate(out, start=1):
        if isinstance(item, Rejection):
            assert item.origin == CTX.origin and item.locator == f"line {number}" and item.reason
    store = open_store(":memory:")
    store.add_documents(docs(out))
    for d in docs(out):
        assert store.get_document(d.id).text == d.text


@FEWER
@given(data=st.binary(max_size=600), fmt=st.sampled_from([None, "text", "markdown", "html", "json", "jsonl", "csv", "feed"]))
def test_any_bytes_in_any_format_never_raise(data, fmt):
    out = items(read_inputs(["-"], IngestOptions(format=fmt), stdin=lambda: data))
    assert out
    for item in out:
        if isinstance(item, Rejection):
            assert item.origin == "<stdin>" and item.reason and "unexpected error" not in item.reason
        else:
            item.text.encode("utf-8")  # storable: no unpaired surrogates
            assert "\x00" not in item.text


def _has_word(text: str) -> bool:
    return any(len(w) >= 2 for w in re.findall(r"[^\W\d_]+", text))


@FEWER
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc",)), min_size=1, max_size=300))
def test_any_unicode_text_file_reads_back_exactly(text, tmp_path_factory):
    """A text with a word in it is stored exactly; one without (symbols, digits, invisible
    characters only) is rejected with the file named."""
    path = tmp_path_factory.mktemp("u") / "any.txt"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    out = items(read_inputs([str(path)]))
    (item,) = out
    if _has_word(text):
        assert isinstance(item, Document) and item.text == text
    else:
        assert isinstance(item, Rejection) and item.origin == str(path)


# ------------------------------------------------------------------- nothing dropped silently
@pytest.mark.parametrize(
    ("fmt", "data", "reason"),
    [("jsonl", b"\n \t\n\n", "only blank lines"), ("csv", b"text,title\n", "header only"),
     ("json", b"[]", "empty JSON array"), ("text", b" \n\t ", "empty document")],
)
def test_a_file_with_no_records_is_reported(fmt, data, reason):
    out = items(read_inputs(["-"], IngestOptions(format=fmt), stdin=lambda: data))
    assert len(out) == 1 and isinstance(out[0], Rejection) and reason in out[0].reason


def test_external_entities_are_never_fetched(tmp_path):
    """A DTD served on this machine is never asked for by the feed, HTML or sniffing readers."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY ext "EXTERNAL-EXPANDED">')

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        dtd = f'<!DOCTYPE x [<!ENTITY % remote SYSTEM "{base}/evil.dtd"> %remote; <!ENTITY web SYSTEM "{base}/e">]>'
        feed = (f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>T &ext;</title><item><title>a</title>'
                "<description>Peskov said &ext; &web; ok.</description></item></channel></rss>")
        html = (f'<?xml version="1.0"?>{dtd}<html><body><article><p>The minister said &ext; &web; that the talks '
                "would resume next week in Geneva, and that both sides had agreed.</p></article></body></html>")
        out = []
        for fmt, data in (("feed", feed), ("html", html), (None, feed), (None, html)):
            out += items(read_inputs(["-"], IngestOptions(format=fmt), stdin=lambda d=data: d.encode()))
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert docs(out) and not any("EXTERNAL" in d.text or "EXTERNAL" in (d.title or "") for d in docs(out))
