"""Shared fixtures: the shared corpora and gold folders (skipped when absent) and fresh stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
GOLD = SHARED / "gold"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads real text from the shared folder")
    return path


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    """``../shared/corpora`` (the test is skipped, with a message, when it is absent)."""
    return _need(CORPORA)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """``../shared/gold`` (the test is skipped, with a message, when it is absent)."""
    return _need(GOLD)
