"""The dashboard under load (``parley bench load``; ``python -m parley.benchmarks.load DB``).

Starts ``parley serve`` over a store in a process of its own on a free loopback port, then sends
``requests`` GET requests from ``concurrency`` threads, spread round-robin over the heavy pages
(the overview, statements, actors and each of the most active actors' pages, contradictions,
words against deeds, and their JSON twins), and reports errors (status 5xx or a failed
connection), client time-outs, and the 50th and 99th percentile of the response time. Issue 15's
mark: 2,000 requests at concurrency 16 on a store of 5,000 or more real documents, with no
error and no time-out. Reported, never asserted.

Warm (the default): before the clock starts, each path is asked for, one at a time and without a
client time-out, until it gets its real answer (not "computing"; the server computes each heavy
analysis once per store version and keeps it): how long that took, and the slowest first real
answer, are reported as the cold figures.

Cold (``cold=True``, ``--cold``): the clock starts as soon as the freshly started server answers
a request that computes nothing (``/favicon.ico``); the most active actors are read from the
store here, not asked of the server. Besides the figures above it reports how many answers said
"computing" (status 202, or a page with ``Retry-After``: the analysis was not ready) and, for
each path, the seconds from the start of the clock to its first real answer (status 200
without ``Retry-After``).

The server is stopped whatever ends the benchmark: its end, an error, Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import httpx

from ..api import Parley

BASE_PATHS = ("/", "/api/overview", "/statements", "/api/statements", "/actors", "/api/actors",
              "/contradictions", "/api/contradictions", "/saydo", "/api/saydo", "/tactics", "/api/tactics")


@dataclass(frozen=True, slots=True)
class LoadResult:
    store: str
    requests: int
    concurrency: int
    paths: int
    errors: int  # 5xx answers and failed connections
    timeouts: int  # client time-outs
    p50_seconds: float
    p99_seconds: float
    max_seconds: float
    seconds: float
    requests_per_second: float
    warmup_seconds: float = 0.0  # every path asked for once, before the clock starts
    slowest_cold_seconds: float = 0.0
    slowest_cold_path: str = ""
    cold: bool = False  # the clock started with the server freshly started (no warm pass)
    computing: int = 0  # answers that said "computing" (202, or 200 with Retry-After)
    #: cold: seconds from the start of the clock to each path's first real answer (None: never)
    first_answer_seconds: dict[str, float | None] | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from parley.cli import main; main()", "--db", db, "serve", "--port", str(port)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))


def _wait_ready(base: str, proc: subprocess.Popen, seconds: float = 120.0, path: str = "/api/overview") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"parley serve stopped: {proc.stderr.read().decode(errors='replace')[-800:]}")
        try:
            if httpx.get(base + path, timeout=60).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit(f"parley serve did not answer within {seconds:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server (SIGTERM, then SIGKILL after 10 s) and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _Terminated(BaseException):
    """SIGTERM received: unwinds the benchmark so that its ``finally`` stops the server."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated(signum)


def bench_load(db: str, requests: int = 2000, concurrency: int = 16, timeout: float = 30.0,
               actors: int = 10, warm: bool = True, on_ready: Callable[[subprocess.Popen], None] | None = None,
               cold: bool = False) -> LoadResult:
    """``requests`` GETs at ``concurrency`` against ``parley serve --db db`` on loopback (``warm``:
    each path asked for once first, unmeasured; ``cold``: no warm pass, and nothing asked of the
    server before the clock but a page that computes nothing, see the module docstring;
    ``on_ready`` is called with the server's process once it answers). The server never outlives
    the call: on SIGTERM (main thread) the benchmark unwinds, stops it and exits 143."""
    warm = warm and not cold
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    proc = _serve(db, port)
    try:
        _wait_ready(base, proc, path="/favicon.ico" if cold else "/api/overview")
        if on_ready is not None:
            on_ready(proc)
        ids = _top_actors(db, actors) if cold else _top_actors_of(base, actors)
        paths = list(BASE_PATHS) + [f"/actors/{i}" for i in ids] + [f"/api/actors/{i}" for i in ids]
        asked: dict[str, float] = {}
        warm_started = time.perf_counter()
        if warm:
            with httpx.Client(base_url=base, timeout=None) as client:
                for path in paths:
                    start = time.perf_counter()
                    while _computing(client.get(path)):  # asked again until the real answer
                        time.sleep(0.5)
                    asked[path] = time.perf_counter() - start
        warmup = time.perf_counter() - warm_started
        times: list[float] = []
        counts = {"errors": 0, "timeouts": 0, "computing": 0}
        first: dict[str, float] = {}
        lock = threading.Lock()
        next_one = iter(range(requests))

        def worker() -> None:
            with httpx.Client(base_url=base, timeout=timeout) as client:
                while True:
                    with lock:
                        n = next(next_one, None)
                    if n is None:
                        return
                    path = paths[n % len(paths)]
                    start = time.perf_counter()
                    real = False
                    try:
                        answer = client.get(path)
                        status = answer.status_code
                        bad = "errors" if status >= 500 else ("computing" if _computing(answer) else None)
                        real = status == 200 and bad is None
                    except httpx.TimeoutException:
                        bad = "timeouts"
                    except httpx.HTTPError:
                        bad = "errors"
                    end = time.perf_counter()
                    with lock:
                        times.append(end - start)
                        if bad:
                            counts[bad] += 1
                        if real and path not in first:
                            first[path] = end - started

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
    except _Terminated:
        _stop(proc)
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        _stop(proc)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    slowest = max(asked.items(), key=lambda kv: kv[1], default=("", 0.0))
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0
    return LoadResult(store=db, requests=len(times), concurrency=concurrency, paths=len(paths),
                      errors=counts["errors"], timeouts=counts["timeouts"],
                      p50_seconds=round(statistics.median(ordered), 3) if ordered else 0.0,
                      p99_seconds=round(p99, 3), max_seconds=round(ordered[-1], 3) if ordered else 0.0,
                      seconds=round(seconds, 1), requests_per_second=round(len(times) / seconds, 1) if seconds else 0.0,
                      warmup_seconds=round(warmup, 1), slowest_cold_seconds=round(slowest[1], 2),
                      slowest_cold_path=slowest[0], cold=cold, computing=counts["computing"],
                      first_answer_seconds={p: (round(first[p], 2) if p in first else None) for p in paths}
                      if cold else None)


def _computing(answer: httpx.Response) -> bool:
    """Whether the server answered "computing" (202, or a page with Retry-After) instead of the page."""
    return answer.status_code == 202 or (answer.status_code == 200 and "retry-after" in answer.headers)


def _top_actors_of(base: str, actors: int) -> list[str]:
    """The most active actors' ids, as the server lists them."""
    while _computing(answer := httpx.get(base + "/api/actors", timeout=None)):
        time.sleep(0.5)
    top = answer.json()
    ids = [a.get("actor_id") or a.get("actor") or a.get("name") for a in (top.get("actors") or [])][:actors]
    return [i for i in ids if i]


def _top_actors(db: str, actors: int) -> list[str]:
    """The most active actors' ids, read from the store here (a cold run asks the server nothing)."""
    with Parley.open(db, read_only=True) as p:
        return [a.actor_id or a.actor for a in p.actor_activity(limit=actors) if a.actor_id or a.actor]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--no-warm", action="store_true", help="start the clock without the warm pass")
    parser.add_argument("--cold", action="store_true",
                        help="start the clock as soon as the freshly started server answers (see the docstring)")
    args = parser.parse_args(argv)

    def ready(proc: subprocess.Popen) -> None:
        print(f"parley serve answering (pid {proc.pid})", file=sys.stderr, flush=True)

    result = bench_load(args.db, args.requests, args.concurrency, args.timeout, warm=not args.no_warm, on_ready=ready,
                        cold=args.cold)
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
