"""Measuring the extractor's speed against a bare spaCy pass over the same texts.

    python -m parley.benchmarks.extract [--corpus ../shared/corpora/polnear] [--limit N]

prints, for PolNeAR's train texts (about 840 articles), the words per second of a bare spaCy
blank("en") tokenizer + sentencizer pass and of the whole extractor over the same texts, the ratio
between them (the figure that counts: target within 5x) and the peak memory each pass allocated.

:func:`benchmark` runs, in the same process and on one core, spaCy's blank English tokenizer
with the rule sentencizer (the floor any spaCy-based extractor pays), then the whole extractor,
over the same texts, and reports words per second for both, their ratio and the peak memory
each pass allocated (``tracemalloc``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy

from ..extract import get_extractor
from ..records import Document
from . import one_core, shared_dir


@dataclass(frozen=True, slots=True)
class BenchResult:
    documents: int
    words: int
    statements: int
    bare_seconds: float
    extract_seconds: float
    bare_peak_mb: float
    extract_peak_mb: float

    @property
    def bare_wps(self) -> float:
        return self.words / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def extract_wps(self) -> float:
        return self.words / self.extract_seconds if self.extract_seconds else 0.0

    @property
    def ratio(self) -> float:
        """How many times slower than the bare spaCy pass the extractor is."""
        return self.extract_seconds / self.bare_seconds if self.bare_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "words": self.words,
            "statements": self.statements,
            "bare_spacy_words_per_second": round(self.bare_wps),
            "extract_words_per_second": round(self.extract_wps),
            "slowdown_vs_bare": round(self.ratio, 2),
            "bare_peak_mb": round(self.bare_peak_mb, 1),
            "extract_peak_mb": round(self.extract_peak_mb, 1),
        }


def benchmark(texts: Sequence[str], extractor=None, *, repeat: int = 2) -> BenchResult:
    """Time the bare spaCy pass and the extractor over ``texts`` (best of ``repeat`` runs)."""
    ex = extractor or get_extractor("en")
    docs = [Document.create(t, language="en") for t in texts]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ex(Document.create("Warm-up: Peskov said so."))  # load lexicon, scorer and spaCy once

    def bare() -> int:
        n = 0
        for d in nlp.pipe(texts, batch_size=64):
            n += len(d)
        return n

    def full() -> int:
        return sum(len(out) for out in ex.pipe(docs, batch_size=64))

    def timed(fn) -> tuple[float, float, int]:
        best = float("inf")
        result = 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        tracemalloc.start()
        fn()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return best, peak / 1e6, result

    b_s, b_mb, _ = timed(bare)
    e_s, e_mb, n_st = timed(full)
    return BenchResult(len(texts), words, n_st, b_s, e_s, b_mb, e_mb)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.extract", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared_dir() / "corpora" / "polnear")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    one_core()
    files = sorted((args.corpus / "train" / "text").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no texts under {args.corpus}/train/text", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8") for f in files]
    print(json.dumps(benchmark(texts).as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
