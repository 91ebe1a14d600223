"""Write ``docs/codebook.md`` from the codebook data: ``python -m parley.signals.docs [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from .codebook import codebook_markdown

#: docs/codebook.md of the source tree (src/parley/signals/docs.py -> repository root).
DOC_FILE = Path(__file__).resolve().parents[3] / "docs" / "codebook.md"


def write(path: Path = DOC_FILE) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codebook_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOC_FILE))
