"""README's "real output" stays true: its demo tables and its analysis commands' output are
regenerated from `parley demo` (in-process, 120 columns) and every line the README shows must be
a line of that output (leading spaces aside; a line may be cut short on the right). README abridges
(it may leave lines out) but may not change one.

When this fails after a change of behaviour, run the commands it names with COLUMNS=120 against a
fresh demo store and copy the lines into README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
runner = CliRunner()


def run(*args: str) -> list[str]:
    out = runner.invoke(app, list(args), env=ENV, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return [line.rstrip() for line in (out.stdout + "\n" + out.stderr).splitlines()]


def text_blocks(section: str) -> list[str]:
    """The ```text blocks of the README between the heading ``section`` and the next heading."""
    body = README.read_text(encoding="utf-8").split(section, 1)[1]
    body = re.split(r"\n## ", body, maxsplit=1)[0]
    return re.findall(r"```text\n(.*?)```", body, flags=re.S)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("readme") / "parley.db")
    lines = run("demo", "--db", db, "--format", "table")
    return db, lines


def _missing(shown: list[str], real: list[str]) -> list[str]:
    have = [r.strip() for r in real]
    return [line for line in shown if line.strip() and not any(r.startswith(line.strip()) for r in have)]


def test_the_demo_tables_are_real_output(demo):
    _, real = demo
    (block,) = text_blocks("## What `parley demo` prints")[:1]
    shown = block.splitlines()
    assert len([s for s in shown if s.strip()]) >= 15
    missing = _missing(shown, real)
    assert not missing, "README lines not in `parley demo` output:\n" + "\n".join(missing) + \
        "\n--- real output:\n" + "\n".join(real)


def test_each_analysis_command_shown_is_real_output(demo):
    db, _ = demo
    block = text_blocks("## What `parley demo` prints")[1]
    commands = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert len(commands) >= 2
    for chunk in commands:
        command, *shown = chunk.splitlines()
        args = command.split()
        assert args[0] == "parley"
        # README shows what a terminal shows: tables (a pipe gets JSON)
        real = run("--db", db, *args[1:], *([] if "--format" in args else ["--format", "table"]))
        missing = _missing(shown, real)
        assert not missing, f"README lines not in `{command}` output:\n" + "\n".join(missing) + \
            "\n--- real output:\n" + "\n".join(real)
