"""How fast the command line starts (``python -m parley.benchmarks.startup``).

Runs, each ``--repeat`` times in a fresh process, ``python -c pass`` (the interpreter alone),
``parley --help`` and ``parley extract`` on a file of one sentence, and reports the median wall
time and CPU time (user + system) of each, with the difference from ``python -c pass``. The
compiled cache is warmed by one run first (``--cold`` also measures a first run with an empty
cache). Issue 14's marks: ``--help`` within 0.5 s and the one-sentence extract within 1.5 s of
``python -c pass``. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

SENTENCE = 'Dmitry Peskov said: "Russia is ready for talks without preconditions."\n'


@dataclass(frozen=True, slots=True)
class StartupBench:
    command: str
    runs: int
    wall_seconds: float  # median
    cpu_seconds: float  # median, user + system
    wall_over_python: float  # median wall minus python -c pass's
    cpu_over_python: float


def _once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: the parley package's folder
PACKAGE = Path(__file__).resolve().parents[1]


def modules_without_bytecode(package: Path = PACKAGE) -> list[Path]:
    """The package's modules whose compiled bytecode is missing or older than their source (each
    such module is compiled from source whenever a process imports it, unless Python may write
    the bytecode: ``PYTHONDONTWRITEBYTECODE`` unset and the folder writable)."""
    out = []
    for source in sorted(package.rglob("*.py")):
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            if cached.stat().st_mtime >= source.stat().st_mtime:
                continue
        except OSError:
            pass
        out.append(source)
    return out


def compile_bytecode(package: Path = PACKAGE) -> bool:
    """Compile the package's modules into their ``__pycache__`` folders, as installing a wheel
    does (True when every module compiled)."""
    return bool(compileall.compile_dir(str(package), quiet=1))


def bench_startup(repeat: int = 7, cold: bool = False) -> list[StartupBench]:
    parley = [sys.executable, "-c", "from parley.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(SENTENCE, encoding="utf-8")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "parley --help": [*parley, "--help"],
            "parley extract one-sentence.txt": [*parley, "extract", str(one), "--format", "jsonl"],
        }
        env = dict(os.environ)
        runs: dict[str, list[tuple[float, float]]] = {}
        if cold:
            env_cold = {**env, "PARLEY_CACHE_DIR": str(Path(tmp) / "cache")}
            runs["parley extract one-sentence.txt (empty cache)"] = [
                _once(commands["parley extract one-sentence.txt"], env_cold)]
        _once(commands["parley extract one-sentence.txt"], env)  # the compiled cache, warmed
        for name, argv in commands.items():
            runs[name] = [_once(argv, env) for _ in range(repeat)]
    base_wall = statistics.median(w for w, _ in runs["python -c pass"])
    base_cpu = statistics.median(c for _, c in runs["python -c pass"])
    out = []
    for name, got in runs.items():
        wall = statistics.median(w for w, _ in got)
        cpu = statistics.median(c for _, c in got)
        out.append(StartupBench(name, len(got), round(wall, 3), round(cpu, 3), round(wall - base_wall, 3),
                                round(cpu - base_cpu, 3)))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.benchmarks.startup", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="runs of each command (default 7; the median is kept)")
    ap.add_argument("--cold", action="store_true", help="also time a first extract with an empty compiled cache")
    ap.add_argument("--json", action="store_true", help="print JSON instead of lines")
    ap.add_argument("--compile", action="store_true",
                    help="compile Parley's modules to bytecode first, as installing a wheel does")
    args = ap.parse_args(argv)
    if args.compile and not compile_bytecode():
        raise SystemExit("compiling Parley's modules failed (run python -m compileall on the package to see why)")
    missing = len(modules_without_bytecode())
    results = bench_startup(args.repeat, args.cold)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if args.json:
        print(json.dumps({"load_average": load, "modules_without_bytecode": missing,
                          "results": [asdict(r) for r in results]}, indent=2))
        return
    print(f"load average while measuring: {load:.2f} on {os.cpu_count()} cores")
    if missing:
        print(f"{missing} of Parley's modules have no compiled bytecode: every run compiles those it imports "
              f"from source (--compile compiles them first, as installing a wheel does)")
    for r in results:
        print(f"{r.command:48s} wall {r.wall_seconds:6.3f} s ({r.wall_over_python:+.3f} over python)   "
              f"cpu {r.cpu_seconds:6.3f} s ({r.cpu_over_python:+.3f})   [{r.runs} runs, median]")


if __name__ == "__main__":
    main()
