"""Docs that cannot drift: generated pages match the code, every command has help with an example,
and the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley import docgen, settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(docgen.pages()))
def test_generated_pages_are_up_to_date(name):
    committed = ROOT / "docs" / name
    assert committed.exists(), f"docs/{name} is missing: run `python -m parley.docgen`"
    assert committed.read_text(encoding="utf-8") == docgen.pages()[name], (
        f"docs/{name} is out of date: run `python -m parley.docgen` and commit the result"
    )


def test_every_command_has_help_ending_with_an_example():
    missing = []
    for name, cmd in docgen.iter_commands():
        help_text = (cmd.help or "").strip()
        if not help_text:
            missing.append(f"{name}: no help")
            continue
        last = help_text.split("\n\n")[-1]
        if "Example" not in last:
            missing.append(f"{name}: help does not end with an example")
    assert missing == []


def test_every_setting_is_documented():
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for s in settings.SETTINGS:
        assert f"`{s.name}`" in page and s.env in page


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    known = {name.split(" ", 1)[1] for name, _ in docgen.iter_commands() if " " in name}
    used = set()
    for line in readme.splitlines():
        m = re.match(r"^\s*(?:\$ )?parley (?:--db \S+ )?([a-z][a-z-]*(?: [a-z][a-z-]*)?)", line)
        if m:
            words = m.group(1).split()
            name = " ".join(words) if " ".join(words) in known else words[0]
            used.add(name)
    assert used, "the README shows no parley commands"
    assert used <= known, f"README uses unknown commands: {sorted(used - known)}"
    top = {n for n in known if " " not in n}
    assert {"ingest", "statements", "demo"} <= top


def test_readme_first_screen_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:40])
    assert "parley demo" in first_screen
    assert 'pip install -e ".[test]" && python -m pytest' in first_screen
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in ci
