"""Issue 15's reading defects, each reproduced: file names, folder walking, CSV, JSON Lines,
encodings, inputs with no text, and language labels that must never become paths."""

from __future__ import annotations

import codecs
import json
import os
import threading
from pathlib import Path

import pytest

from parley.errors import ConfigError
from parley.ingest import IngestOptions, read_inputs
from parley.ingest.language import normalize_language
from parley.ingest.readers import ReadContext, decode, read_csv, read_jsonl
from parley.records import Document, Rejection

SAID = "Peskov said the talks would go on."


def _read(sources, **kw):
    return list(read_inputs([str(s) for s in sources], IngestOptions(**kw)))


def _docs(items):
    return [x for x in items if isinstance(x, Document)]


def _rejections(items):
    return [x for x in items if isinstance(x, Rejection)]


# ----------------------------------------------------------------------------- folder walking
def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path):
    """Before: UnicodeEncodeError traceback, the run aborted."""
    (tmp_path / "good.txt").write_text(SAID)
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(SAID.encode() + b" Again.")
    out = _read([tmp_path])
    docs = _docs(out)
    assert len(docs) == 2 and not _rejections(out)
    origins = sorted(d.origin for d in docs)
    assert any(o.endswith("caf\\xe9.txt") for o in origins)
    for o in origins:
        o.encode("utf-8")  # storable and printable


def _in_thread(fn):
    """Run ``fn`` in a thread; a hang shows as a failure instead of a stuck suite."""
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("out", fn()), daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "reading hung"
    return box["out"]


def test_a_fifo_in_a_folder_is_reported_and_never_opened(tmp_path):
    """Before: reading the folder blocked for ever on the FIFO."""
    (tmp_path / "a.txt").write_text(SAID)
    os.mkfifo(tmp_path / "pipe.txt")
    out = _in_thread(lambda: _read([tmp_path]))
    assert len(_docs(out)) == 1
    (rej,) = _rejections(out)
    assert rej.origin.endswith("pipe.txt") and "FIFO" in rej.reason


def test_a_fifo_named_directly_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    out = _in_thread(lambda: _read([tmp_path / "pipe"]))
    (rej,) = out
    assert isinstance(rej, Rejection) and "not a regular file" in rej.reason


def test_symlinks_out_of_the_folder_are_skipped_unless_asked(tmp_path):
    """Before: a link to /etc/passwd was ingested and a link to /dev/zero read without bound."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAID)
    outside = tmp_path / "outside.txt"
    outside.write_text("Lavrov said the proposal was unacceptable.")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "inner.txt").symlink_to(folder / "a.txt")  # stays inside: read
    out = _in_thread(lambda: _read([folder]))
    assert [d.text for d in _docs(out)] == [SAID, SAID]
    reasons = {Path(r.origin).name: r.reason for r in _rejections(out)}
    assert "out of the folder" in reasons["secret.txt"] and "out of the folder" in reasons["zero.txt"]
    # asked to follow: the outside file is read, the device is still refused
    out = _in_thread(lambda: _read([folder], follow_symlinks=True))
    assert "Lavrov said the proposal was unacceptable." in [d.text for d in _docs(out)]
    reasons = {Path(r.origin).name: r.reason for r in _rejections(out)}
    assert "device" in reasons["zero.txt"]


# ------------------------------------------------------------------------------------------ CSV
def test_an_unterminated_quote_rejects_its_row_and_keeps_the_rows_after_it():
    """Before: the rows after the open quote were swallowed into one document, no rejection."""
    text = 'id,text\n1,"Zelensky said the talks must go on\n2,Peskov said Moscow was ready.\n3,Lavrov said no.\n'
    out = list(read_csv(text, ReadContext(origin="x.csv")))
    assert [type(x).__name__ for x in out] == ["Rejection", "Document", "Document"]
    assert out[0].locator == "row 2" and "never closed" in out[0].reason
    assert [d.text for d in out[1:]] == ["Peskov said Moscow was ready.", "Lavrov said no."]


def test_csv_rows_that_are_only_untidy_are_still_read():
    text = 'text,title\n"quoted" then more words,a\n"multi\nline words",b\n'
    out = list(read_csv(text, ReadContext(origin="x.csv")))
    assert [d.text for d in out] == ["quoted then more words", "multi\nline words"]


@pytest.mark.parametrize("early", [True, False])
def test_a_nul_byte_rejects_its_row_wherever_it_is(tmp_path, early):
    """Before: a NUL byte in the first 8 KB rejected the whole file, later only its row."""
    filler = "".join(f"{n},Row {n} says the talks go on.\n" for n in range(400))
    bad = "999,nul\x00inside words\n"
    body = "id,text\n" + (bad + filler if early else filler + bad)
    path = tmp_path / "rows.csv"
    path.write_bytes(body.encode())
    out = _read([path])
    assert len(_docs(out)) == 400
    (rej,) = _rejections(out)
    assert "NUL" in rej.reason and rej.locator == ("row 2" if early else "row 402")


# ---------------------------------------------------------------------------------- JSON Lines
@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_json_lines_holding_unicode_line_breaks_are_valid(sep):
    """Before: splitlines() cut such a line in two and both halves were rejected as invalid JSON."""
    line = json.dumps({"text": f"Peskov said{sep}the talks would go on."}, ensure_ascii=False)
    out = list(read_jsonl(line + "\n" + json.dumps({"text": SAID}) + "\n", ReadContext(origin="x.jsonl")))
    assert [type(x).__name__ for x in out] == ["Document", "Document"]
    assert sep in out[0].text


# ----------------------------------------------------------------------------------- encodings
@pytest.mark.parametrize("enc", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_read_not_called_nul_characters(enc):
    text = "Захарова заявила, что переговоры продолжатся."
    assert decode(text.encode(enc), "x.txt") == text


@pytest.mark.parametrize("data", [b"\x8f", b"\x8f\x12", b"\xff\xfe\xfd", b"\x93\xa7\xc2\xd1\xe9", b"\xc3\x28\xa0\xa1\x80\x81\xfe"])
def test_a_few_random_bytes_are_not_a_document(data, tmp_path):
    path = tmp_path / "r.bin"
    path.write_bytes(data)
    (item,) = _read([path])
    assert isinstance(item, Rejection)


@pytest.mark.parametrize("text", ["\u200b\u200b\u200b", "\ufeff\u200d\u2060", "12 345 -- !!", "\u200b a \u200b"])
def test_inputs_with_no_word_are_rejected(text, tmp_path):
    """Before: only zero-width characters (or symbols) were stored as a document."""
    path = tmp_path / "z.txt"
    path.write_text(text, encoding="utf-8")
    (item,) = _read([path])
    assert isinstance(item, Rejection) and "no readable text" in item.reason


# ----------------------------------------------------------------------------------- languages
@pytest.mark.parametrize(
    ("label", "code"),
    [("en", "en"), ("EN-gb", "en"), ("en_US", "en"), ("English (United Kingdom)", "en"), ("Russian", "ru"),
     ("русский", "ru"), ("uk-UA", "uk"), ("українська", "uk"), ("de", "de")],
)
def test_language_labels_become_codes(label, code):
    assert normalize_language(label) == code


@pytest.mark.parametrize("label", ["../../etc/passwd", "en/../../x", "klingon", "x" * 500, "..", "yaml"])
def test_a_language_that_is_not_a_language_rejects_the_record_with_the_reason(label):
    """Before: the label was used as a lexicon file name (any *.yaml could be loaded)."""
    line = json.dumps({"text": SAID, "language": label})
    (rej,) = read_jsonl(line + "\n", ReadContext(origin="x.jsonl"))
    assert isinstance(rej, Rejection) and "unknown language" in rej.reason and rej.locator == "line 1"
    assert len(rej.reason) < 200


def test_a_long_language_label_that_names_a_language_is_stored_as_its_code():
    """Before: on PostgreSQL "English (United Kingdom)" (over 16 characters) stored nothing."""
    line = json.dumps({"text": SAID, "language": "English (United Kingdom)"})
    (doc,) = read_jsonl(line + "\n", ReadContext(origin="x.jsonl"))
    assert doc.language == "en"


def test_the_language_option_is_checked():
    from parley.api import Parley

    parley = Parley(None)
    with pytest.raises(ConfigError, match="--language: unknown language"):
        parley.ingest_options(language="../x")
    assert parley.ingest_options(language="Ukrainian").language == "uk"


def test_the_bom_variants_still_read():
    assert decode(codecs.BOM_UTF8 + SAID.encode(), "x") == SAID
    assert decode(SAID.encode("utf-16"), "x") == SAID


@pytest.mark.parametrize("label", ["../signals/lexicons/en", "../../actors/data/actors", "en/../ru"])
def test_lexicon_loaders_take_languages_from_their_closed_lists(label):
    from parley.extract.lexicon import load_lexicon
    from parley.signals.rules import _lexicon_data

    with pytest.raises(ConfigError, match="available"):
        load_lexicon(label)
    with pytest.raises(ConfigError, match="available"):
        _lexicon_data(label)


# ------------------------------------------------------------------------------------- secrets
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("postgresql://parley:s3cr%40t@db.example.org:5432/parley", "postgresql://parley:***@db.example.org:5432/parley"),
        ("postgresql+psycopg://u:pw@127.0.0.1/x?sslmode=require", "postgresql+psycopg://u:***@127.0.0.1/x?sslmode=require"),
        ("https://api.example.org/v1?api_key=abc123&lang=en", "https://api.example.org/v1?api_key=***&lang=en"),
        ("postgresql://parley@127.0.0.1/parley", "postgresql://parley@127.0.0.1/parley"),
        ("./parley.db", "./parley.db"),
    ],
)
def test_secrets_inside_values_are_masked(value, shown):
    from parley.settings import mask_secrets

    assert mask_secrets(value) == shown


def test_parley_settings_never_prints_a_database_password(monkeypatch):
    """Before: `parley settings` printed the password of PARLEY_DB in clear."""
    from typer.testing import CliRunner

    from parley.cli import app

    monkeypatch.setenv("PARLEY_DB", "postgresql://parley:hunter2@127.0.0.1:5432/parley")
    out = CliRunner().invoke(app, ["settings", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert "hunter2" not in out.output and "parley:***@127.0.0.1" in out.output


# ----------------------------------------------------------------------------- HTML size bound
def _page(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {n}: the minister said the talks would resume next week.</p>" for n in range(paragraphs))
    return f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"


def test_an_html_page_over_the_bound_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """Before (issue 15, defect 6): an HTML page of any size under max_file_bytes was read whole and
    parsed whole (100 MB: past 300 s and 2.4 GB). Now one over max_html_bytes is refused with the
    reason, before it is read; the pages under it are read as before."""
    import parley.ingest.readers as readers

    big, small = tmp_path / "big.html", tmp_path / "small.html"
    big.write_text(_page(400))
    small.write_text(_page(3))
    parsed = []
    real = readers._html.extract_page
    monkeypatch.setattr(readers._html, "extract_page", lambda html, url: parsed.append(len(html)) or real(html, url))
    out = _read([big, small], max_html_bytes=10_000)
    [rej] = _rejections(out)
    assert rej.origin.endswith("big.html") and "more than 10,000 (setting max_html_bytes)" in rej.reason
    assert len(_docs(out)) == 1 and parsed == [len(small.read_text())]


def test_html_known_only_by_its_content_is_bounded_too(tmp_path):
    page = tmp_path / "page"  # no extension: sniffed as HTML
    page.write_text(_page(400))
    [rej] = _rejections(_read([page], max_html_bytes=10_000))
    assert "setting max_html_bytes" in rej.reason
    stdin = list(read_inputs(["-"], IngestOptions(max_html_bytes=10_000), stdin=lambda: _page(400).encode()))
    assert "setting max_html_bytes" in _rejections(stdin)[0].reason
