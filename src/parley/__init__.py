"""Parley: who said what about war and peace, coded, set against each other and against deeds."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("parley")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+local"

#: The repository's ``docs/`` folder (in a source checkout), where generated pages are written.
DOCS = Path(__file__).resolve().parents[2] / "docs"

__all__ = ["DOCS", "__version__"]
