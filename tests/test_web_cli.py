"""`parley serve` and `parley report` from the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner
from webstore import build_sample_store

from parley.cli import app
from parley.store import open_store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_localhost_read_only(sample_db):
    port = _free_port()
    env = {**os.environ, "PARLEY_DB": sample_db}
    proc = subprocess.Popen([sys.executable, "-c", "from parley.cli import main; main()", "serve", "--port", str(port),
                             # the first page computes the overview; on a slow machine that outlasts the default
                             # patience (3 s) and the answer is the "being computed" page (tests/test_web_computing.py)
                             "--patience", "300"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                r = httpx.get(base + "/", timeout=300)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"parley serve exited: {proc.stderr.read()}")
                time.sleep(0.1)
        else:
            pytest.fail("parley serve did not answer")
        assert r.status_code == 200 and "Signals by side" in r.text
        assert httpx.get(base + "/api/statements?signal=CEASEFIRE").json()["total"] == 2
        w = httpx.post(base + "/api/statements")
        assert w.status_code == 405 and w.json()["error"] == "read_only"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "read-only" in proc.stderr.read()


def test_serve_help_ends_with_an_example():
    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--allow-writes" in r.output and "Example: parley serve" in r.output


@pytest.mark.parametrize("fmt", ["html", "pdf", "md"])
def test_report_command(sample_db, tmp_path, fmt):
    out = tmp_path / f"briefing.{fmt}"
    r = CliRunner().invoke(app, ["--db", sample_db, "report", "--from", "2024-03-01", "--to", "2024-05-31",
                                 "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.exists() and out.stat().st_size > 1000
    assert "cited statements" in r.output
    if fmt == "html":
        html = out.read_text()
        assert "<svg" in html and 'href="#c1"' in html and "Andrei Sokolov" in html
    elif fmt == "pdf":
        assert out.read_bytes()[:5] == b"%PDF-"
    else:
        assert (tmp_path / "briefing-signals_by_side.svg").exists() and "[^1]:" in out.read_text()


def test_report_errors(sample_db, tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["--db", sample_db, "report", "--from", "2024-05-01", "--to", "2024-04-01",
                            "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "Error: --from (2024-05-01) is after --to (2024-04-01)" in r.output
    r = runner.invoke(app, ["--db", sample_db, "report", "--from", "2024-05-01", "--to", "2024-06-01",
                            "--format", "docx", "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1 and "not a report format" in r.output
    r = runner.invoke(app, ["--db", sample_db, "report", "--from", "someday", "--to", "2024-06-01",
                            "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "--from 'someday' is not a date" in r.output


def test_serve_passes_its_patience_to_the_dashboard(sample_db, monkeypatch):
    import socket

    from parley import web

    seen = {}

    def fake_serve(parley, **kwargs):
        seen.update(kwargs)

    monkeypatch.setattr(web, "serve", fake_serve)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = CliRunner().invoke(app, ["--db", sample_db, "serve", "--port", str(port), "--patience", "0.5"])
    assert r.exit_code == 0, r.output
    assert seen["patience"] == 0.5
    seen.clear()
    r = CliRunner().invoke(app, ["--db", sample_db, "serve", "--port", str(port)])
    assert r.exit_code == 0 and seen["patience"] == web.PATIENCE_SECONDS
    bad = CliRunner().invoke(app, ["--db", sample_db, "serve", "--port", str(port), "--patience", "-1"])
    assert bad.exit_code != 0 and "--patience" in bad.output
