"""`parley actors ...` in-process: output and exact exit codes."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.cli.actors import actors_app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_user_registry(monkeypatch):
    monkeypatch.delenv("PARLEY_REGISTRY", raising=False)


def test_sub_app_is_importable_and_registered():
    assert any(g.typer_instance is actors_app and g.name == "actors" for g in app.registered_groups)


def test_list_filters_and_formats():
    result = runner.invoke(app, ["actors", "list", "--side", "UA", "--type", "person", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0].keys() == {"id", "name", "type", "side", "roles"}
    assert {r["side"] for r in rows} == {"UA"} and {r["type"] for r in rows} == {"person"}
    assert "volodymyr-zelensky" in {r["id"] for r in rows}
    result = runner.invoke(app, ["actors", "list", "--side", "none", "--format", "jsonl"])
    assert result.exit_code == 0
    sides = {json.loads(line)["side"] for line in result.stdout.splitlines()}
    assert sides == {None}


def test_list_unknown_side_is_an_error():
    result = runner.invoke(app, ["actors", "list", "--side", "XX"])
    assert result.exit_code == 1
    assert "unknown side 'XX'" in result.stderr


def test_show_by_id_name_and_role():
    result = runner.invoke(app, ["actors", "show", "dmitry-peskov", "--format", "table"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Dmitry Peskov  (dmitry-peskov)"
    assert "2012-05-22 – now  Press Secretary of the President of Russia" in result.stdout
    result = runner.invoke(app, ["actors", "show", "Пескова", "-l", "ru", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "dmitry-peskov"
    result = runner.invoke(app, ["actors", "show", "the Ukrainian foreign minister", "--on", "2022-03-01", "-f", "jsonl"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "dmytro-kuleba"


def test_show_unknown_is_exit_1():
    result = runner.invoke(app, ["actors", "show", "Nobody Atall"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no actor is called 'Nobody Atall'")
    result = runner.invoke(app, ["actors", "show", "Peskov", "--on", "yesterday"])
    assert result.exit_code == 1 and "not a date" in result.stderr


def test_check_passes_on_the_packaged_registry(tmp_path, monkeypatch):
    # a ./parley.db left in the working directory (a demo run) would attach the demo's registry
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARLEY_DB", raising=False)
    result = runner.invoke(app, ["actors", "check"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_check_fails_on_a_bad_extra_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./parley.db of a demo run
    monkeypatch.delenv("PARLEY_DB", raising=False)
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        textwrap.dedent(
            """\
            actors:
            - id: fake-peskov
              name: Fake Peskov
              type: person
              gender: m
              side: RU
              names: {en: [Dmitri Peskov]}
              roles:
              - {office: kremlin-spokesman, start: 2020-01-01}
              sources: [a test]
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PARLEY_REGISTRY", str(extra))
    result = runner.invoke(app, ["actors", "check"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert any("duplicate name 'Dmitri Peskov'" in line for line in lines)
    assert any("overlapping terms" in line and "fake-peskov" in line for line in lines)


def test_malformed_extra_file_is_exit_1(tmp_path, monkeypatch):
    extra = tmp_path / "broken.yaml"
    extra.write_text("actors:\n- {id: x, name: X, type: robot}\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_REGISTRY", str(extra))
    result = runner.invoke(app, ["actors", "list"])
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "'x'" in result.stderr


def test_unresolved_reads_the_store(tmp_path):
    from parley.records import Document, Statement
    from parley.store import open_store

    db = tmp_path / "parley.db"
    store = open_store(db)
    text = "Пескова сказал: да. Пескова сказал: нет. Пескова сказал: может быть. Mr Nobody said: no."
    doc = Document.create(text, language="ru")
    store.add_documents([doc])
    spans = [("Пескова", "да"), ("Пескова", "нет"), ("Пескова", "может быть"), ("Mr Nobody", "no")]
    statements, at = [], 0
    for mention, quote in spans:
        start = text.index(quote, text.index(mention, at))
        at = start + len(quote)
        statements.append(Statement(doc.id, start, at, quote, "direct", mention=mention, speaker=mention))
    store.replace_statements(doc.id, statements)
    store.close()
    result = runner.invoke(app, ["--db", str(db), "actors", "unresolved", "--limit", "2", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["mention"], r["count"], r["resolves_to"]) for r in rows] == [
        ("Пескова", 3, "dmitry-peskov"),
        ("Mr Nobody", 1, None),
    ]


@pytest.mark.parametrize("command", ["list", "show", "check", "unresolved"])
def test_every_command_help_ends_with_an_example(command):
    result = runner.invoke(app, ["actors", command, "--help"])
    assert result.exit_code == 0
    assert "Example: parley actors" in result.stdout or "Example: PARLEY_REGISTRY" in result.stdout
