"""Hostile inputs, class by class: inputs tried, crashes, hangs, records lost (``parley bench
hostile``; ``python -m parley.benchmarks.hostile``). Issue 15's closing table; every figure must
be zero.

Each class writes its inputs into a folder of its own (file names, encodings, tiny and binary
files, JSON Lines, CSV and JSON records, HTML and feeds, extraction's formerly quadratic texts,
dates, and what a folder walk meets: FIFOs, devices, symbolic links), then ``parley ingest``
(with extraction) reads that folder into a fresh SQLite store, in a process of its own, under a
deadline. Then:

* **crashes**: the run ended with an exit status other than 0 (all stored) or 1 (some rejected),
  or printed a traceback;
* **hangs**: the run was still going at the deadline (``--deadline`` seconds, plus the
  per-document budget, ``extract_max_seconds``, for each file of 50 KB or more) and was killed;
* **records lost**: records of the inputs that left no trace: each record (a file, a JSON Lines
  line, a CSV row, an element of a JSON array, a feed entry) must be a stored document (its
  ``origin``) or a recorded rejection with its reason; every record is written distinct, so none
  is a duplicate.

Fetching is not exercised here (no network; the hostile HTTP server's cases are tests in
``tests/test_hardening_ingest.py``). Reported, never asserted.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from ..errors import ConfigError
from ..settings import resolve
from .growth import many_speakers, name_runs, said_that

#: what each class's files hold: the file's path (bytes: a file name need not be UTF-8) and how many
#: records it holds
Inputs = list[tuple[bytes, int]]

SAID = "Dmitry Peskov said the talks in Istanbul would resume next week without preconditions."


@dataclass(frozen=True, slots=True)
class HostileRow:
    input_class: str
    inputs: int  # files (and other entries) written into the class's folder
    records: int  # records they hold
    stored: int  # records stored as documents
    rejected: int  # records rejected with a recorded reason
    crashes: int
    hangs: int
    lost: int  # records with no trace (neither stored nor rejected)
    seconds: float


def _write(folder: Path, name: str | bytes, data: bytes | str, records: int = 1) -> tuple[bytes, int]:
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path, records


def _unique(i: int, label: str) -> str:
    return f"{SAID} ({label} {i})"


# ------------------------------------------------------------------------------------ classes
def file_names(folder: Path) -> Inputs:
    names: list[bytes] = [
        b"caf\xe9-latin1.txt", b"\xff\xfe-invalid.txt", b"\x1b[31mred\x1b[0m.txt", b"line\nbreak.txt",
        b"Rejected: forged.txt", b"-leading-dash.txt", b"x" * 250 + b".txt", "кириллица.txt".encode(),
        "emoji-\U0001f600.txt".encode(), b"tab\there.txt", b"\x07bell.txt", b" space .txt",
    ]
    return [_write(folder, n, _unique(i, "name")) for i, n in enumerate(names)]


def encodings(folder: Path) -> Inputs:
    ru = "Песков заявил, что переговоры в Стамбуле возобновятся на следующей неделе"
    out = []
    for i, (enc, bom) in enumerate([("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
                                    ("utf-32-be", codecs.BOM_UTF32_BE), ("cp1251", b""), ("koi8-r", b""),
                                    ("latin-1", b""), ("utf-16", b"")]):
        text_ = (ru if enc in ("cp1251", "koi8-r") else _unique(i, enc)) + f" ({enc} {i})."
        out.append(_write(folder, f"enc-{i}.txt", bom + text_.encode(enc)))
    mixed = (_unique(20, "mixed") + "\n").encode() + (ru + " (смешанный).\n").encode("cp1251")
    out.append(_write(folder, "mixed.txt", mixed))
    return out


def tiny(folder: Path) -> Inputs:
    rnd = random.Random(15)
    out = [_write(folder, f"bytes-{n}-{k}.txt", bytes(rnd.randrange(256) for _ in range(n)))
           for n in range(1, 8) for k in range(3)]
    out += [_write(folder, "empty.txt", b""), _write(folder, "spaces.txt", " \n\t\r\n" * 50),
            _write(folder, "zero-width.txt", "\u200b\u200c\u200d\u2060\ufeff" * 40),
            _write(folder, "bidi.txt", "\u202e\u202d\u2066\u2069" * 30), _write(folder, "dots.txt", "." * 500)]
    return out


def binary(folder: Path) -> Inputs:
    rnd = random.Random(16)
    return [
        _write(folder, "random-1k.txt", bytes(rnd.randrange(256) for _ in range(1024))),
        _write(folder, "random-64k.bin", bytes(rnd.randrange(256) for _ in range(65536))),
        _write(folder, "elf.txt", b"\x7fELF\x02\x01\x01" + bytes(2000)),
        _write(folder, "png.html", b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(3000))),
        _write(folder, "gzip.txt", gzip.compress(_unique(1, "gzip").encode() * 50)),
        _write(folder, "nul-inside.txt", _unique(2, "nul").encode() + b"\x00" * 10 + b" and more text here."),
        _write(folder, "nuls.md", b"\x00" * 4096),
        _write(folder, "utf8-invalid.txt", _unique(3, "invalid").encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 20),
    ]


def jsonl(folder: Path) -> Inputs:
    lines = [
        {"text": _unique(1, "u2028") + "\u2028more text after a line separator."},
        {"text": _unique(2, "u0085") + "\u0085more text after a next-line character."},
        {"text": _unique(3, "lang"), "language": "English (United Kingdom)"},
        {"text": _unique(4, "lang"), "language": "../../../../etc/passwd"},
        {"text": _unique(5, "lang"), "language": "tlh"},
        {"text": _unique(6, "lang"), "language": "x" * 300},
        {"text": _unique(7, "title"), "title": "\x1b]0;owned\x07" + "T" * 10_000},
        {"text": _unique(8, "url"), "url": "javascript:alert(1)"},
        {"text": _unique(9, "meta"), "metadata": {"a": {"b": {"c": {"d": [1, 2, {"e": None}]}}}}},
        {"text": 12345},
        {"text": None},
        {"text": ["a", "list"]},
        {"text": _unique(13, "big number"), "published": 10 ** 400},
        {"text": _unique(14, "float"), "score": 1e308 * 10},
        {"body": _unique(15, "no text field")},
    ]
    raw = [json.dumps(x, ensure_ascii=False) for x in lines]
    raw += ['{"text": "' + _unique(16, "surrogate") + ' \\ud800 lone"}',
            '{"text": "' + _unique(17, "nul") + ' \\u0000 inside"}',
            '[' * 100_000 + ']' * 100_000,
            '{"text": "' + _unique(19, "unterminated"),
            '"just a string"', "null", "42",
            '{"text": "' + _unique(23, "long") + " " + "word " * 1_000_000 + '"}',
            '{"text": "' + _unique(24, "nospace") + "x" * 2_000_000 + '"}',
            '{"text": "' + _unique(25, "dup keys") + '", "text": "' + _unique(26, "dup keys") + '"}']
    return [_write(folder, "hostile.jsonl", "\n".join(raw) + "\n", len(raw)),
            _write(folder, "crlf.jsonl", "\r\n".join(json.dumps({"text": _unique(30 + i, "crlf")}) for i in range(3)),
                   3)]


def csv_files(folder: Path) -> Inputs:
    head = "id,title,text\n"
    return [
        _write(folder, "unterminated.csv", head + f'1,a,"{_unique(1, "csv")}\n2,b,{_unique(2, "csv")}\n'
               f'3,c,{_unique(3, "csv")}\n', 3),
        _write(folder, "nul-early.csv", (head + f"1,a,{_unique(4, 'csv')}\x00\n2,b,{_unique(5, 'csv')}\n"), 2),
        _write(folder, "nul-late.csv", head + "".join(f"{i},t,{_unique(100 + i, 'csv')}\n" for i in range(200))
               + f"999,z,{_unique(6, 'csv')}\x00\n", 201),
        _write(folder, "huge-field.csv", head + f'1,a,"{_unique(7, "csv")} ' + "y" * 3_000_000 + '"\n', 1),
        _write(folder, "ragged.csv", head + f"1,a,{_unique(8, 'csv')},extra,extra\n2\n3,c,{_unique(9, 'csv')}\n", 3),
        _write(folder, "bom.csv", "\ufeff" + head + f"1,a,{_unique(10, 'csv')}\n", 1),
        _write(folder, "semicolon.csv", "id;title;text\n" + f"1;a;{_unique(11, 'csv')}\n", 1),
        _write(folder, "header-only.csv", head, 1),  # no record: the file itself is rejected
        _write(folder, "cp1251.csv", (head + "1,а,Песков заявил о переговорах (csv 12)\n").encode("cp1251"), 1),
    ]


def json_files(folder: Path) -> Inputs:
    many = [{"text": _unique(i, "array"), "title": f"t{i}"} for i in range(300)]
    return [
        _write(folder, "deep.json", "[" * 50_000 + "]" * 50_000),
        _write(folder, "scalar.json", "3.14"),
        _write(folder, "array.json", json.dumps(many), len(many)),
        _write(folder, "object.json", json.dumps({"text": _unique(1, "object"), "published": "2024-02-31"})),
        _write(folder, "truncated.json", json.dumps(many[:5])[:-40]),
        _write(folder, "mixed-array.json", json.dumps([{"text": _unique(2, "mixed")}, 5, "x", None, []]), 5),
    ]


def html_files(folder: Path, max_html_bytes: int) -> Inputs:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                        for i in range(1, 10))
              + ']><html><body><p>&lol9;</p></body></html>')
    return [
        _write(folder, "laughs.html", laughs),
        _write(folder, "xxe.xhtml.html", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               f'<html><body><p>&e; {_unique(1, "xxe")}</p></body></html>'),
        _write(folder, "script-only.html", "<html><script>" + "var a=1;" * 1000 + "</script><style>p{}</style></html>"),
        _write(folder, "nested.html", "<div>" * 100_000 + _unique(2, "nested") + "</div>" * 100_000),
        _write(folder, "unclosed.html", "<html><body><p>" + _unique(3, "unclosed") + "<b><i><table><tr><td>"),
        _write(folder, "links.html", f'<html><body><p>{_unique(4, "links")}</p><a href="javascript:alert(1)">x</a>'
               '<a href="data:text/html,x">y</a></body></html>'),
        _write(folder, "over-limit.html", "<html><body>" + ("<p>" + _unique(5, "big") + "</p>")
               * (max_html_bytes // 90 + 10) + "</body></html>"),
        _write(folder, "one-line.html", "<html><body><p>" + (_unique(6, "line") + " ") * 20_000 + "</p></body></html>"),
    ]


def feeds(folder: Path) -> Inputs:
    def rss(items: str, doctype: str = "") -> str:
        return (f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>t</title><link>https://x.org/</link>'
                f"{items}</channel></rss>")

    def item(i: int, link: str = "", date: str = "") -> str:
        return (f"<item><title>t{i}</title><link>{link or f'https://x.org/{i}'}</link>"
                f"<description>{_unique(i, 'feed')}</description>{date}</item>")

    return [
        _write(folder, "laughs.xml", rss(item(1) + "<item><title>&lol3;</title><description>&lol3;</description></item>",
               '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'), 2),
        _write(folder, "xxe.xml", rss(item(2) + "<item><title>&e;</title><description>&e; x</description></item>",
                                      '<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>'), 2),
        _write(folder, "links.xml", rss(item(3, "file:///etc/passwd") + item(4, "http://169.254.169.254/latest/")
                                        + item(5, "javascript:alert(1)") + item(6, "http://100.64.0.1/")), 4),
        _write(folder, "dates.xml", rss(item(7, date="<pubDate>Mon, 00 Jan 0000 00:00:00 GMT</pubDate>")
                                        + item(8, date="<pubDate>not a date</pubDate>")
                                        + item(9, date="<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>")), 3),
        _write(folder, "broken.xml", rss(item(10) + "<item><title>unclosed")[:-10], 1),
    ]


def extraction(folder: Path) -> Inputs:
    plain = " ".join(f"{_unique(i, 'prose')} The minister added that the sides would meet again." for i in range(6000))
    return [
        _write(folder, "said-that.txt", said_that(54_000)),
        _write(folder, "name-runs.txt", name_runs(172_000)),
        _write(folder, "many-speakers.txt", many_speakers(200_000)),
        _write(folder, "prose-1mb.txt", plain[:1_000_000]),
        _write(folder, "prose-3mb.txt", (plain + " ") * 3),  # over extract_max_chars: stored, not extracted
        _write(folder, "one-word.txt", "a" * 2_000_000),
        _write(folder, "quotes.txt", '"' * 200_000 + _unique(1, "quotes")),
        _write(folder, "colons.txt", ("Putin: " * 30_000) + _unique(2, "colons")),
    ]


def dates(folder: Path) -> Inputs:
    days = ["2024-02-31", "0000-01-01", "9999-12-31", "-5", "1e10", "2024-13-01", "1900-01-01",
            "2024-02-29T25:61:61", "yesterday", ""]
    lines = [json.dumps({"text": _unique(i, "date"), "published": d}) for i, d in enumerate(days)]
    return [_write(folder, "dates.jsonl", "\n".join(lines) + "\n", len(lines))]


def folder_entries(folder: Path) -> Inputs:
    out = []
    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    out.append((os.fsencode(fifo), 1))
    for name, target in (("zero.txt", "/dev/zero"), ("passwd.txt", "/etc/passwd"), ("dangling.txt", "/no/such/file"),
                         ("random.txt", "/dev/urandom")):
        os.symlink(target, folder / name)
        out.append((os.fsencode(folder / name), 1))
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    out += [(os.fsencode(folder / "loop-a.txt"), 1), (os.fsencode(folder / "loop-b.txt"), 1)]
    sub = folder / "sub"
    sub.mkdir()
    os.symlink(folder, sub / "up")  # a loop back to the folder being walked
    out.append(_write(folder, "ok.txt", _unique(1, "folder")))
    return out


CLASSES: dict[str, Callable[..., Inputs]] = {
    "file names": file_names, "encodings": encodings, "tiny or empty files": tiny, "binary files": binary,
    "JSON Lines records": jsonl, "CSV rows": csv_files, "JSON files": json_files, "HTML": html_files,
    "feeds": feeds, "extraction (long, dense)": extraction, "dates": dates, "folder entries": folder_entries,
}


# ------------------------------------------------------------------------------------ running
def _traces(db: str, inputs: Inputs) -> tuple[int, int, int]:
    """(stored, rejected, lost) records of ``inputs`` in the store ``db``."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            docs = [r[0] or "" for r in conn.execute(text("SELECT origin FROM documents"))]
            rejections = [(r[0] or "", r[1] or "") for r in conn.execute(text("SELECT origin, locator FROM rejections"))]
    finally:
        engine.dispose()
    stored = rejected = lost = 0
    for raw, records in inputs:
        path = os.fsdecode(raw)
        # an origin is the path as the reader wrote it (a byte of a name that is not UTF-8 as \xNN)
        names = {path, raw.decode("utf-8", "backslashreplace"), raw.decode("utf-8", "replace")}
        s = sum(1 for o in docs if o in names or o.split("#", 1)[0] in names)
        r = sum(1 for o, _ in rejections if o in names)
        stored += min(s, records)
        rejected += min(r, records - min(s, records))
        lost += max(0, records - s - r)
    return stored, rejected, lost


def run_class(name: str, make: Callable[..., Inputs], root: Path, *, deadline: float, budget: float,
              max_html_bytes: int) -> HostileRow:
    folder = root / name.replace(" ", "-").replace("(", "").replace(")", "").replace(",", "")
    folder.mkdir()
    inputs = make(folder, max_html_bytes) if make is html_files else make(folder)
    records = sum(n for _, n in inputs)
    db = str(root / (folder.name + ".db"))
    cmd = [sys.executable, "-c", "from parley.cli import main; main()", "--db", db, "ingest", str(folder),
           "--format", "json"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    # small documents have no reason to be slow; each large one may use the per-document budget
    big = sum(1 for raw, _ in inputs if os.path.isfile(raw) and os.path.getsize(raw) >= 50_000)
    limit = deadline + budget * big
    hangs = crashes = 0
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        hangs = 1
    seconds = time.perf_counter() - started
    if not hangs and (proc.returncode not in (0, 1) or b"Traceback" in err):
        crashes = 1
        sys.stderr.write(f"{name}: exit {proc.returncode}\n{err.decode(errors='replace')[-2000:]}\n")
    stored, rejected, lost = _traces(db, inputs) if os.path.exists(db) else (0, 0, records)
    return HostileRow(name, len(inputs), records, stored, rejected, crashes, hangs, lost, round(seconds, 1))


def bench_hostile(classes: Sequence[str] | None = None, *, deadline: float = 300.0, budget: float | None = None,
                  max_html_bytes: int | None = None, announce: Callable[[str], None] | None = None) -> list[HostileRow]:
    """Each class of :data:`CLASSES` (or those named) ingested into a fresh store under a deadline;
    a last row sums them."""
    settings = resolve()
    budget = float(settings.extract_max_seconds) if budget is None else budget
    max_html = int(settings.max_html_bytes) if max_html_bytes is None else max_html_bytes
    names = list(classes or CLASSES)
    unknown = [n for n in names if n not in CLASSES]
    if unknown:
        raise ConfigError(f"unknown class(es) {', '.join(unknown)}; known: {', '.join(CLASSES)}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="parley-hostile-") as tmp:
        for name in names:
            if announce:
                announce(name)
            rows.append(run_class(name, CLASSES[name], Path(tmp), deadline=deadline, budget=budget,
                                  max_html_bytes=max_html))
    rows.append(HostileRow("all", *(sum(getattr(r, f) for r in rows) for f in
                                    ("inputs", "records", "stored", "rejected", "crashes", "hangs", "lost")),
                           round(sum(r.seconds for r in rows), 1)))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class", dest="classes", action="append", help="only this class (repeatable)")
    parser.add_argument("--deadline", type=float, default=300.0)
    args = parser.parse_args(argv)
    for row in bench_hostile(args.classes, deadline=args.deadline, announce=lambda n: print(n, file=sys.stderr)):
        print(json.dumps(asdict(row), ensure_ascii=False))


if __name__ == "__main__":
    main()
