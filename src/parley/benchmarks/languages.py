"""Benchmark extraction and coding per language: Russian and Ukrainian against English, per word.

    python -m parley.benchmarks.languages [--shared ../shared] [--repeat 2]

Texts: Russian, the RIA Novosti Telegram posts (``corpora/ria-telegram-2024``); Ukrainian and
English, the two sides of the parallel officials' statements (``corpora/ua-officials-2022``), so
that the Ukrainian/English comparison is over the same statements. Prints, per language, the words,
the seconds (best of ``--repeat`` runs, one core) and words per second of extraction and of
extraction plus coding, and each language's time per word relative to English (the target:
within 1.5x).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ..api import Parley
from ..records import Document
from . import one_core, shared_dir


def _texts(shared: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"ru": [], "uk": [], "en": []}
    ria = shared / "corpora" / "ria-telegram-2024" / "ria_novosti_telegram_2024.json"
    for rec in json.loads(ria.read_text(encoding="utf-8")):
        if rec.get("text"):
            out["ru"].append(rec["text"])
    ua = shared / "corpora" / "ua-officials-2022" / "ua_officials_statements_2022.jsonl"
    with ua.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text") and rec.get("lang") in ("uk", "en"):
                out[rec["lang"]].append(rec["text"])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.languages", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    one_core()
    processor = Parley(None).processor()
    texts = _texts(args.shared)
    rows = {}
    for lang in ("en", "ru", "uk"):
        docs = [Document.create(t, language=lang) for t in texts[lang]]
        words = sum(len(t.split()) for t in texts[lang])
        ex = processor.extractor(lang)
        coder = processor.coder(lang)
        list(ex(docs[0]))  # warm-up: lexicons, registry tables, analysers
        best_x = best_c = float("inf")
        n = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            stmts = [s for out in ex.pipe(docs) for s in out]
            t1 = time.perf_counter()
            list(coder.pipe(stmts))
            t2 = time.perf_counter()
            best_x, best_c, n = min(best_x, t1 - t0), min(best_c, t2 - t0), len(stmts)
        rows[lang] = {
            "documents": len(docs), "words": words, "statements": n,
            "extract_seconds": round(best_x, 3), "extract_words_per_second": round(words / best_x),
            "extract_and_code_seconds": round(best_c, 3), "extract_and_code_words_per_second": round(words / best_c),
        }
    en_x = rows["en"]["extract_seconds"] / rows["en"]["words"]
    en_c = rows["en"]["extract_and_code_seconds"] / rows["en"]["words"]
    for lang in ("ru", "uk"):
        rows[lang]["extract_time_per_word_vs_en"] = round(rows[lang]["extract_seconds"] / rows[lang]["words"] / en_x, 2)
        rows[lang]["extract_and_code_time_per_word_vs_en"] = round(
            rows[lang]["extract_and_code_seconds"] / rows[lang]["words"] / en_c, 2
        )
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
