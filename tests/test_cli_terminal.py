"""What Parley prints to a terminal is inert (issue 15, defect 12): a file name, a title or a
reason holding escape sequences, carriage returns or new lines can neither drive the terminal
nor forge a line of Parley's own output ("Rejected: …")."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.cli._common import terminal_safe

FORGED = "a\nRejected: forged.txt: all is well\x1b[31m\rred\u202etxt.txt"


@pytest.mark.parametrize(("value", "shown"), [
    ("plain text, été", "plain text, été"),
    ("\x1b[2J", "\\x1b[2J"),
    ("a\nRejected: b", "a\\nRejected: b"),
    ("over\rwrite", "over\\rwrite"),
    ("\u202eevil", "\\u202eevil"),
    ("bell\x07 and \x9b csi", "bell\\x07 and \\x9b csi"),
    ("tab\tkept", "tab\tkept"),
])
def test_terminal_safe_shows_control_characters_as_escapes(value, shown):
    assert terminal_safe(value) == shown


def test_terminal_safe_can_keep_line_breaks():
    assert terminal_safe("one\ntwo\x1b[0m", newlines=True) == "one\ntwo\\x1b[0m"


def test_a_file_name_cannot_forge_a_rejected_line_or_drive_the_terminal(tmp_path):
    """Before: the name was printed raw, so the terminal saw an escape sequence and a second
    "Rejected:" line Parley never wrote."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / FORGED).write_text("")  # empty: rejected, so its name is printed
    out = CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "ingest", str(folder), "--format", "json"])
    assert out.exit_code == 1
    lines = [ln for ln in out.output.splitlines() if ln.startswith("Rejected:")]
    assert len(lines) == 1, out.output
    assert "\x1b" not in out.output and "\r" not in out.output and "\u202e" not in out.output
    assert "a\\nRejected: forged.txt: all is well\\x1b[31m\\rred\\u202etxt.txt: empty file" in lines[0]


def test_stored_values_print_inert_in_tables_and_show(tmp_path):
    src = tmp_path / "in.jsonl"
    record = {"text": "Peskov said that the talks would resume next week.", "title": "T\x1b]0;owned\x07 [red]x[/red]\nRejected: y",
              "url": "https://example.org/\x1b[1m"}
    src.write_text(json.dumps(record) + "\n")
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "ingest", str(src)]).exit_code == 0
    table = runner.invoke(app, ["--db", db, "docs", "--format", "table"])
    assert table.exit_code == 0 and "\x1b" not in table.output and "\x07" not in table.output
    assert "[red]x[/red]" in table.output  # markup in a value is text, not a style
    doc_id = json.loads(runner.invoke(app, ["--db", db, "docs", "--format", "jsonl"]).output.splitlines()[0])["id"]
    shown = runner.invoke(app, ["--db", db, "show", doc_id])
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "\x07" not in shown.output
    assert "T\\x1b]0;owned\\x07 [red]x[/red]\\nRejected: y" in shown.output
