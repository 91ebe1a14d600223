"""Citations a reader can follow: outlet, headline, link (http/https only), date, speaker and the
sentence, on the command line's JSON, the dashboard's pages and JSON, and the briefing; the
document id and offsets stay."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.api import Parley
from parley.cli import app
from parley.records import safe_link
from parley.report import render_markdown
from parley.store import open_store
from parley.web import create_app, pages

runner = CliRunner()

RECORDS = [
    {"id": "w1", "title": "Minister rules out talks", "source": "Example Wire", "url": "https://example.org/a1",
     "published": "2025-03-01",
     "text": "Foreign Minister Sergei Lavrov said on Saturday that Moscow was ready to negotiate without preconditions."},
    {"id": "w2", "title": "A trap", "source": "Odd Outlet", "url": "javascript:alert(1)", "published": "2025-03-02",
     "text": "Kremlin spokesman Dmitry Peskov said talks could only begin once Kyiv withdraws its troops."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cite")
    src = folder / "records.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    path = str(folder / "p.db")
    out = runner.invoke(app, ["--db", path, "ingest", str(src), "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return path


def test_only_http_links_are_links():
    assert safe_link("https://example.org/x") == "https://example.org/x"
    assert safe_link("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "example.org/x", "", None):
        assert safe_link(bad) is None


def test_the_command_line_json_cites_outlet_headline_and_link(db):
    out = runner.invoke(app, ["--db", db, "statements", "--format", "json"], catch_exceptions=False)
    rows = json.loads(out.stdout)
    assert len(rows) == 2
    by_outlet = {r["citation"]["outlet"]: r for r in rows}
    wire = by_outlet["Example Wire"]["citation"]
    assert wire["headline"] == "Minister rules out talks" and wire["url"] == "https://example.org/a1"
    assert wire["speaker"] and wire["published"] == "2025-03-01" and wire["sentence"] == by_outlet["Example Wire"]["text"]
    assert {"doc_id", "start", "end"} <= set(wire) and by_outlet["Example Wire"]["start"] == wire["start"]
    assert by_outlet["Odd Outlet"]["citation"]["url"] is None  # javascript: is never a link


def test_the_dashboard_cites_outlet_headline_and_link(db):
    store = open_store(db)
    try:
        with TestClient(create_app(store, cache=pages.ResultCache(recheck_seconds=0))) as client:
            data = client.get("/api/statements").json()
            cited = {s["citation"]["outlet"]: s["citation"] for s in data["statements"]}
            assert cited["Example Wire"]["headline"] == "Minister rules out talks"
            assert cited["Odd Outlet"]["url"] is None
            html = client.get("/statements").text
            assert 'href="https://example.org/a1"' in html and "Example Wire" in html and "Minister rules out talks" in html
            assert "javascript:alert" not in html
    finally:
        store.close()


def test_the_briefing_cites_outlet_headline_and_only_http_links(db):
    with Parley.open(db) as p:
        b = p.briefing(since=dt.date(2025, 3, 1), until=dt.date(2025, 3, 2))
    assert b.citations
    by_source = {c.source: c for c in b.citations}
    assert by_source["Example Wire"].url == "https://example.org/a1"
    assert by_source["Odd Outlet"].url is None and by_source["Odd Outlet"].title == "A trap"
    md = render_markdown(b)
    assert "Example Wire" in md and "<https://example.org/a1>" in md and "javascript:" not in md


def test_the_html_briefing_carries_a_content_security_policy_and_only_http_links(db):
    """Before (issue 15, defect 11): the briefing's HTML had no Content-Security-Policy, and a
    ``--base-url`` of any scheme made clickable links of it."""
    from parley.errors import ConfigError
    from parley.report import render_html

    with Parley.open(db) as p:
        b = p.briefing(since=dt.date(2025, 3, 1), until=dt.date(2025, 3, 2), base_url="https://parley.example.org/")
        with pytest.raises(ConfigError, match="base-url"):
            p.briefing(since=dt.date(2025, 3, 1), until=dt.date(2025, 3, 2), base_url="javascript:alert(1)//")
    html = render_html(b)
    head = html.split("</head>", 1)[0]
    assert '<meta http-equiv="Content-Security-Policy"' in head and "default-src 'none'" in head
    hrefs = [h.split('"', 1)[0] for h in html.split('href="')[1:]]
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs
    assert "javascript:" not in html
