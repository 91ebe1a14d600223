"""How the dashboard's pages scale: time per page on stores of growing size (reported, not asserted).

    python -m parley.benchmarks.web [--sizes 1000,10000,100000] [--db demo.db] [--repeat 5] [--json out.json]

For each size a store is generated (fictional, templated statements: 4 sides, 40 speakers, two years,
signals with cues and topics, one document per 5 statements, attacks as events) and kept under
bench-out/ (in the working directory) for the next run; ``--db`` measures an existing store (the demo database) as well. Each
page is requested through the whole app (FastAPI's TestClient: routing, validation, queries,
analyses, templates): the first request ("cold": analyses computed) and then the median of
``--repeat`` more ("warm": analyses cached until the store changes). ``--warm-start`` creates the
app as ``parley serve`` does, which prepares the overview in the background, and measures after that.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from ..api import Parley
from ..records import Document, Event, Signal, Span, Statement
from ..signals.codebook import load_codebook
from ..store import open_store
from ..web import create_app

OUT = Path("bench-out")

SIDES = {"RU": ("Russia", "Moscow"), "UA": ("Ukraine", "Kyiv"), "US": ("United States", "Washington"),
         "EU": ("European Union", "Brussels")}
FIRST = ["Andrei", "Olena", "James", "Maria", "Taras", "Ursula", "Pavel", "Iryna", "Robert", "Anna"]
LAST = ["Sokolov", "Kovalenko", "Harper", "Volkova", "Bondar", "Lindqvist", "Orlov", "Shevchuk", "Miller", "Berg"]
TEMPLATES = {
    "OFFER_TALKS": ("We are ready to negotiate with {other} on {topic}.", "ready to negotiate", True),
    "SET_CONDITIONS": ("Talks on {topic} can only begin once {other} withdraws its forces.", "can only begin once", None),
    "REJECT": ("We reject the proposal from {other} on {topic}.", "reject", None),
    "CEASEFIRE": ("We declare a ceasefire from tomorrow for three days.", "declare a ceasefire", False),
    "AGREE": ("We agreed with {other} on {topic}.", "agreed", None),
    "CONCEDE": ("We are prepared to drop our demand on {topic}.", "drop our demand", None),
    "THREATEN": ("If {other} keeps escalating on {topic}, the response will be harsh.", "response will be harsh", None),
    "ACCUSE": ("{other} has committed crimes and lies about {topic}.", "committed crimes", None),
    "PRAISE": ("We thank our partners for their support on {topic}.", "thank", None),
    "COOPERATE": ("We will work together with our partners on {topic}.", "work together", None),
    "SANCTION": ("We are imposing new sanctions on {other} over {topic}.", "imposing new sanctions", None),
}
TOPICS = ["territory", "sanctions", "prisoners", "energy", "nato", "weapons", "humanitarian", "negotiations", "food"]
PAGES = [
    ("overview", "/"),
    ("statements", "/statements"),
    ("statements ?q=", "/statements?q=sanctions"),
    ("statements ?signal&side", "/statements?signal=REJECT,THREATEN&side=RU"),
    ("statements page 20", "/statements?page=20"),
    ("api/statements", "/api/statements?topic=energy&since={mid}"),
    ("document", "/documents/{doc}"),
    ("actor", "/actors/{actor}"),
    ("contradictions", "/contradictions?since={recent}"),
    ("saydo", "/saydo?since={recent}"),
]


def generate(path: Path, n: int, seed: int = 7) -> None:
    """A store of ``n`` statements (5 per document) with events (written to the store directly:
    the generated statements are the benchmark's input, not something Parley read)."""
    rng = random.Random(seed)
    cb = load_codebook()
    events_by_code = {c: cb.signal(c).event_code(confidence=0.8, coder="bench/1") for c in TEMPLATES}
    speakers = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", side, f"{side.lower()}-{i}")
                for i, side in enumerate(list(SIDES) * 10)]
    start = dt.date(2023, 1, 2)
    store = open_store(path)
    run = store.start_run("bench-generate", {"n": n, "seed": seed})
    docs, by_doc, made = [], {}, 0
    codes = list(TEMPLATES)
    while made < n:
        day = start + dt.timedelta(days=int(730 * made / n))
        parts, pending = [], []
        pos = 0
        for _ in range(min(5, n - made)):
            name, side, actor = rng.choice(speakers)
            other = rng.choice([SIDES[s][1] for s in SIDES if s != side])
            code = rng.choice(codes)
            template, cue, cond = TEMPLATES[code]
            topic = rng.choice(TOPICS)
            quote = template.format(other=other, topic=topic.replace("_", " "))
            mention = f"{SIDES[side][0]}'s envoy {name}"
            chunk_start = pos
            lead = f'{mention} said: "'
            q0 = chunk_start + len(lead)
            chunk = f'{lead}{quote}" '
            parts.append(chunk)
            pos += len(chunk)
            pending.append((name, side, actor, code, cue, cond, topic, chunk_start, len(mention), q0, quote))
        text = "".join(parts).rstrip()
        doc = Document.create(f"{text} [{made}]", title=f"Bulletin {made // 5}", source="Bench Wire",
                              url=f"https://bench.example/{made}", published=day, language="en", reader="bench")
        docs.append(doc)
        sts = []
        for name, side, actor, code, cue, cond, topic, m0, mlen, q0, quote in pending:
            sts.append(Statement(
                doc_id=doc.id, start=q0, end=q0 + len(quote), text=doc.text[q0:q0 + len(quote)], kind="direct",
                speaker=name, actor_id=actor, side=side, mention=doc.text[m0:m0 + mlen],
                mention_span=Span.of(doc.text, m0, m0 + mlen), cue="said",
                cue_span=Span.of(doc.text, m0 + mlen + 1, m0 + mlen + 5), published=day, language="en",
                signals=(Signal(code, 0.8, cues=(cue,), conditional=cond, topics=(topic,), coder="bench/1"),),
                event=events_by_code[code], extractor="bench/1",
            ))
        by_doc[doc.id] = sts
        made += len(sts)
        if len(docs) >= 2000:
            store.add_documents(docs)
            store.replace_statements_many(by_doc, run_id=run)
            docs, by_doc = [], {}
    if docs:
        store.add_documents(docs)
        store.replace_statements_many(by_doc, run_id=run)
    events = []
    for i in range(n // 20):
        day = start + dt.timedelta(days=rng.randrange(730))
        side = rng.choice(["RU", "UA"])
        events.append(Event(id=f"bench-{i}", date=day, dataset="acled", event_type=rng.choice(
            ["Battles", "Explosions/Remote violence", "Protests"]), side1=side, side2="UA" if side == "RU" else "RU",
            fatalities=rng.randrange(4)))
    store.add_events(events)
    store.finish_run(run, {"statements": n})
    store.close()


def measure(db: str, repeat: int, warm_start: bool = False) -> list[dict]:
    parley = Parley.open(db, read_only=True)
    n = parley.count_statements()
    span = parley.date_range()
    last = span.last or dt.date.today()
    some = parley.statements(limit=1, newest_first=True)
    actors = parley.actor_activity(limit=1)
    values = {
        "mid": (span.first + (last - span.first) / 2).isoformat() if span.first else last.isoformat(),
        "recent": (last - dt.timedelta(days=90)).isoformat(),
        "doc": some[0].doc_id if some else "none",
        "actor": actors[0].actor if actors else "none",
    }
    started = time.perf_counter()
    client = TestClient(create_app(parley, warm=warm_start))
    if warm_start:  # as `parley serve` does: the overview is prepared in the background at start
        for t in threading.enumerate():
            if t.name == "parley-warm-up":
                t.join()
        print(f"warm-up at start: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = []
    for name, template in PAGES:
        url = template.format(**values)
        t = time.perf_counter()
        r = client.get(url)
        cold = (time.perf_counter() - t) * 1000
        warm = []
        for _ in range(repeat):
            t = time.perf_counter()
            r = client.get(url)
            warm.append((time.perf_counter() - t) * 1000)
        rows.append({"statements": n, "page": name, "url": url, "status": r.status_code, "bytes": len(r.content),
                     "cold_ms": round(cold, 1), "warm_ms": round(statistics.median(warm), 1)})
    parley.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.web", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="Statements per generated store (comma-separated).")
    ap.add_argument("--db", action="append", default=[], help="Also measure this store (e.g. the demo database).")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="Write the rows here as JSON.")
    ap.add_argument("--warm-start", action="store_true",
                    help="Start the app as `parley serve` does (overview prepared in the background) and "
                         "measure after that warm-up.")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    targets = [(db, db) for db in args.db]
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        path = OUT / f"bench-web-{size}.db"
        if not path.exists():
            t = time.perf_counter()
            generate(path.with_suffix(".tmp"), size)
            path.with_suffix(".tmp").rename(path)
            print(f"generated {size} statements in {time.perf_counter() - t:.0f} s: {path}", file=sys.stderr)
        targets.append((f"generated {size}", str(path)))
    rows = []
    print(f"{'store':>18} {'statements':>10}  {'page':<26} {'status':>6} {'cold ms':>9} {'warm ms':>9}")
    for label, db in targets:
        for row in measure(db, args.repeat, args.warm_start):
            row["store"] = label
            rows.append(row)
            print(f"{label[-18:]:>18} {row['statements']:>10}  {row['page']:<26} {row['status']:>6} "
                  f"{row['cold_ms']:>9.1f} {row['warm_ms']:>9.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
