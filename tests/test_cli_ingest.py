"""`parley ingest`, `docs`, `show` and `rejections`, in-process, on both back ends."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parley.cli import app
from parley.store import open_store

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


RECORDS = [
    {"id": "a1", "title": "First", "text": "The spokesman said talks would resume.\n\nThe minister disagreed.",
     "published": "2025-03-01"},
    {"id": "a2", "title": "Second", "text": "«Мы готовы к переговорам», — заявил представитель.",
     "published": "2025-03-02"},
    {"id": "a3", "title": "Third", "text": "  Spaces kept,\ttabs kept,\r\nCRLF kept.  ", "published": "2025-03-03"},
]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_jsonl_once_then_nothing_new_and_text_back_byte_for_byte(db_url, tmp_path):
    src = write_jsonl(tmp_path / "records.jsonl", RECORDS)
    first = run("--db", db_url, "ingest", "--no-extract", str(src), "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == [{"read": 3, "new": 3, "duplicate": 0, "rejected": 0, "statements": 0}]
    again = run("--db", db_url, "ingest", "--no-extract", str(src), "--format", "json")
    assert json.loads(again.stdout) == [{"read": 3, "new": 0, "duplicate": 3, "rejected": 0, "statements": 0}]
    out = run("--db", db_url, "docs", "--format", "jsonl")
    assert out.exit_code == 0
    back = {d["external_id"]: d for d in map(json.loads, out.stdout.splitlines())}
    assert len(back) == 3
    for rec in RECORDS:
        assert back[rec["id"]]["text"] == rec["text"]
        assert back[rec["id"]]["title"] == rec["title"]
        assert back[rec["id"]]["published"] == rec["published"]
    assert back["a2"]["language"] == "ru"


def test_folder_with_bad_files_ingests_the_good_and_exits_non_zero(db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"id": f"r{i}", "text": f"Statement number {i} by an official."}) for i in range(10)]
    lines[6] = "{not json"
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "good.md").write_text("# Note\n\nThe envoy said a deal was close.", encoding="utf-8")
    result = run("--db", db_path, "ingest", "--no-extract", str(folder), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{"read": 10, "new": 10, "duplicate": 0, "rejected": 3, "statements": 0}]
    err = result.stderr
    assert f"Rejected: {folder / 'batch.jsonl'} (line 7): invalid JSON" in err
    assert f"Rejected: {folder / 'blob.bin'}: binary file" in err
    assert f"Rejected: {folder / 'empty.txt'}: empty file" in err
    rej = run("--db", db_path, "rejections", "--format", "jsonl")
    rows = [json.loads(x) for x in rej.stdout.splitlines()]
    assert {(Path(r["origin"]).name, r["locator"]) for r in rows} == {
        ("batch.jsonl", "line 7"), ("blob.bin", ""), ("empty.txt", "")}
    # nothing already stored is lost when the batch is run again
    again = run("--db", db_path, "ingest", "--no-extract", str(folder), "--format", "json")
    assert json.loads(again.stdout)[0]["new"] == 0
    assert len(run("--db", db_path, "docs", "--format", "jsonl").stdout.splitlines()) == 10


def test_ingest_from_standard_input(db_path):
    payload = json.dumps({"id": "in1", "text": "Piped statement."}) + "\n"
    result = run("--db", db_path, "ingest", "--no-extract", "-", "--format", "csv", input=payload)
    assert result.exit_code == 0
    assert result.stdout == "read,new,duplicate,rejected,statements\n1,1,0,0,0\n"


def test_docs_search_filters_and_show(db_path, tmp_path):
    src = write_jsonl(tmp_path / "r.jsonl", RECORDS)
    run("--db", db_path, "ingest", "--no-extract", str(src))
    found = run("--db", db_path, "docs", "spokesman", "--format", "jsonl")
    assert [json.loads(x)["external_id"] for x in found.stdout.splitlines()] == ["a1"]
    ru = run("--db", db_path, "docs", "--language", "ru", "--format", "csv")
    assert ru.stdout.splitlines()[0] == "id,published,source,language,title"
    assert ru.stdout.splitlines()[1].endswith(",2025-03-02,,ru,Second")
    dated = run("--db", db_path, "docs", "--since", "2025-03-02", "--until", "2025-03-02", "--format", "jsonl")
    assert len(dated.stdout.splitlines()) == 1
    shown = run("--db", db_path, "show", "a3", "--format", "json")
    assert json.loads(shown.stdout)[0]["text"] == RECORDS[2]["text"]
    table = run("--db", db_path, "show", "a1")
    assert "The spokesman said talks would resume." in table.stdout and "external_id" in table.stdout


def test_errors_are_one_line_and_exit_1(db_path):
    open_store(db_path).close()  # an empty store (a read command never creates one)
    missing = run("--db", db_path, "show", "nothing-here")
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: no document 'nothing-here' in sqlite:///{db_path}; list them with `parley docs`\n"
    bad_date = run("--db", db_path, "docs", "--since", "someday-ish")
    assert bad_date.exit_code == 1
    assert bad_date.stderr == "Error: --since 'someday-ish' is not a date; write it as YYYY-MM-DD\n"
    bad_field = run("--db", db_path, "ingest", "--no-extract", "--field", "txt", str(DATA / "note.md"))
    assert bad_field.exit_code == 1
    assert bad_field.stderr == "Error: --field 'txt': write it as FIELD=COLUMN, e.g. --field text=body\n"
    bad_db = run("--db", "mysql://x/y", "docs")
    assert bad_db.exit_code == 1 and "not a store Parley can open" in bad_db.stderr


def test_field_mapping_on_the_command_line(db_path):
    result = run("--db", db_path, "ingest", "--no-extract", "--field", "text=summary", str(DATA / "no_text.csv"),
                 "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["new"] == 1


def test_version_and_help():
    assert run("--version").stdout.startswith("parley ")
    helped = run("ingest", "--help")
    assert helped.exit_code == 0 and "Example: parley ingest" in helped.stdout


def test_ingest_extracts_and_codes_on_both_back_ends(db_url):
    """The whole pipeline into SQLite and PostgreSQL: same statements, signals and filters."""
    from parley.demo import corpus_paths

    wire = next(p for p in corpus_paths() if p.name == "wire.jsonl")
    result = run("--db", db_url, "ingest", str(wire), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)[0]
    assert summary["new"] == summary["read"] > 40 and summary["statements"] > 100
    rows = [json.loads(x) for x in run("--db", db_url, "statements", "--signal", "CEASEFIRE", "--format",
                                        "jsonl").stdout.splitlines()]
    assert rows and all("CEASEFIRE" in [s["code"] for s in r["signals"]] for r in rows)
    assert all(r["extractor"].startswith("parley.extract.en/") for r in rows)
    again = run("--db", db_url, "ingest", str(wire), "--format", "json")
    assert json.loads(again.stdout)[0]["new"] == 0


def test_statements_rejects_unknown_codes_and_topics(db_path):
    open_store(db_path).close()
    bad = run("--db", db_path, "statements", "--signal", "OFFER_TALKS,SURRENDER")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: 'SURRENDER' is not a known signal code; known codes: OFFER_TALKS, ")
    topic = run("--db", db_path, "statements", "--topic", "weather")
    assert topic.exit_code == 1 and "'weather' is not a known topic; known topics: " in topic.stderr
    kind = run("--db", db_path, "statements", "--kind", "rumour")
    assert kind.exit_code == 1 and "known kinds are direct, indirect, mixed" in kind.stderr
