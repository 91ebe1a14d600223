"""Parley: who said what about war and peace, coded, set against each other and against deeds."""

from pathlib import Path

#: The one place the version is written: ``pyproject.toml`` reads it from here (a literal, so that
#: no command pays for ``importlib.metadata`` to learn it at start-up).
__version__ = "0.1.0"

#: The repository's ``docs/`` folder (in a source checkout), where generated pages are written.
DOCS = Path(__file__).resolve().parents[2] / "docs"

__all__ = ["DOCS", "__version__"]
