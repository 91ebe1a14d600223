"""Speed of the signal coder, in statements per second on one core (reported, not asserted).

    python -m parley.benchmarks.signals [--gold ../shared/gold/dev.jsonl] [--n 5000]

Codes the gold statements (repeated to --n) through ``Coder.pipe`` in batches of 64, twice: as
statements (cue given: events from signals, the classifier only for statements without signals)
and as bare sentences (no cue: every one goes through the PLOVER classifier too).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ..api import Parley
from ..records import Statement
from ..signals import CodeRequest
from . import shared_dir


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.signals", description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=shared_dir() / "gold" / "dev.jsonl")
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args()
    base = []
    for line in args.gold.open(encoding="utf-8"):
        d = json.loads(line)
        for s in d["statements"]:
            base.append(Statement(doc_id=d["id"], start=s["start"], end=s["end"], text=s["text"], kind=s["kind"],
                                  speaker=s["speaker"], side=s.get("side"), cue=s["cue"], language="en"))
    stmts = (base * (args.n // len(base) + 1))[: args.n]
    coder = Parley(None).processor().coder("en")
    list(coder.pipe(stmts[:64]))  # warm up: load lexicon and model
    t0 = time.process_time()
    coded = list(coder.pipe(stmts, batch_size=64))
    t1 = time.process_time()
    reqs = [CodeRequest(text=s.text, language="en") for s in stmts]
    t2 = time.process_time()
    for i in range(0, len(reqs), 64):
        coder.code_requests(reqs[i : i + 64])
    t3 = time.process_time()
    chars = sum(len(s.text) for s in stmts)
    print(json.dumps({
        "statements": len(coded),
        "mean_chars": round(chars / len(stmts)),
        "statements_per_s": round(len(coded) / (t1 - t0)),
        "bare_sentences_per_s": round(len(reqs) / (t3 - t2)),
        "cpu": "process time, one process",
    }))


if __name__ == "__main__":
    main()
