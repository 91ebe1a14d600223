"""The dashboard under load (``parley bench load``; ``python -m parley.benchmarks.load DB``).

Starts ``parley serve`` over a store in a process of its own on a free loopback port, then sends
``requests`` GET requests from ``concurrency`` threads, spread round-robin over the heavy pages
(the overview, statements, actors and each of the most active actors' pages, contradictions,
words against deeds, and their JSON twins), and reports errors (status 5xx or a failed
connection), client time-outs, and the 50th and 99th percentile of the response time. Issue 15's
mark: 2,000 requests at concurrency 16 on a store of 5,000 or more real documents, with no
error and no time-out. Reported, never asserted.

Before the clock starts, each path is asked for once, one at a time and without a client
time-out (the server computes each heavy analysis once per store version and keeps it): how
long that took, and the slowest first answer, are reported as the cold figures. The server is
stopped whatever ends the benchmark: its end, an error, Ctrl-C or SIGTERM.
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

BASE_PATHS = ("/", "/api/overview", "/statements", "/api/statements", "/actors", "/api/actors",
              "/contradictions", "/api/contradictions", "/saydo", "/api/saydo")


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from parley.cli import main; main()", "--db", db, "serve", "--port", str(port)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))


def _wait_ready(base: str, proc: subprocess.Popen, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"parley serve stopped: {proc.stderr.read().decode(errors='replace')[-800:]}")
        try:
            if httpx.get(base + "/api/overview", timeout=60).status_code < 500:
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
               actors: int = 10, warm: bool = True, on_ready: Callable[[subprocess.Popen], None] | None = None) -> LoadResult:
    """``requests`` GETs at ``concurrency`` against ``parley serve --db db`` on loopback (``warm``:
    each path asked for once first, unmeasured; ``on_ready`` is called with the server's process
    once it answers). The server never outlives the call: on SIGTERM (main thread) the benchmark
    unwinds, stops it and exits 143."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    proc = _serve(db, port)
    try:
        _wait_ready(base, proc)
        if on_ready is not None:
            on_ready(proc)
        top = httpx.get(base + "/api/actors", timeout=None).json()
        ids = [a.get("actor_id") or a.get("actor") or a.get("name") for a in (top.get("actors") or [])][:actors]
        paths = list(BASE_PATHS) + [f"/actors/{i}" for i in ids if i] + [f"/api/actors/{i}" for i in ids if i]
        cold: dict[str, float] = {}
        warm_started = time.perf_counter()
        if warm:
            with httpx.Client(base_url=base, timeout=None) as client:
                for path in paths:
                    start = time.perf_counter()
                    client.get(path)
                    cold[path] = time.perf_counter() - start
        warmup = time.perf_counter() - warm_started
        times: list[float] = []
        counts = {"errors": 0, "timeouts": 0}
        lock = threading.Lock()
        next_one = iter(range(requests))

        def worker() -> None:
            with httpx.Client(base_url=base, timeout=timeout) as client:
                while True:
                    with lock:
                        n = next(next_one, None)
                    if n is None:
                        return
                    start = time.perf_counter()
                    try:
                        status = client.get(paths[n % len(paths)]).status_code
                        bad = "errors" if status >= 500 else None
                    except httpx.TimeoutException:
                        bad = "timeouts"
                    except httpx.HTTPError:
                        bad = "errors"
                    took = time.perf_counter() - start
                    with lock:
                        times.append(took)
                        if bad:
                            counts[bad] += 1

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
    slowest = max(cold.items(), key=lambda kv: kv[1], default=("", 0.0))
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0
    return LoadResult(store=db, requests=len(times), concurrency=concurrency, paths=len(paths),
                      errors=counts["errors"], timeouts=counts["timeouts"],
                      p50_seconds=round(statistics.median(ordered), 3) if ordered else 0.0,
                      p99_seconds=round(p99, 3), max_seconds=round(ordered[-1], 3) if ordered else 0.0,
                      seconds=round(seconds, 1), requests_per_second=round(len(times) / seconds, 1) if seconds else 0.0,
                      warmup_seconds=round(warmup, 1), slowest_cold_seconds=round(slowest[1], 2),
                      slowest_cold_path=slowest[0])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--no-warm", action="store_true", help="start the clock with the server cold")
    args = parser.parse_args(argv)

    def ready(proc: subprocess.Popen) -> None:
        print(f"parley serve answering (pid {proc.pid})", file=sys.stderr, flush=True)

    result = bench_load(args.db, args.requests, args.concurrency, args.timeout, warm=not args.no_warm, on_ready=ready)
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
