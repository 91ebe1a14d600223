"""Benchmark statement extraction on PolNeAR's train texts (about 840 articles), one core.

Run from the repository root:

    python benchmarks/bench_extract.py [--corpus ../shared/corpora/polnear] [--limit N]

Prints the words per second of a bare spaCy blank("en") tokenizer + sentencizer pass and of the
whole extractor over the same texts, the ratio between them (the figure that counts: target
within 5x) and the peak memory each pass allocated.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "polnear")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    from parley.extract.bench import benchmark

    files = sorted((args.corpus / "train" / "text").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no texts under {args.corpus}/train/text", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8") for f in files]
    result = benchmark(texts)
    print(json.dumps(result.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
