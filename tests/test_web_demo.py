"""The dashboard and the briefing on the bundled demo (`parley demo`): real content on every page,
the same figures as the library computes, and a briefing for the demo period with charts and citations."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from parley.store import open_store
from parley.web import create_app, pages

demo = pytest.importorskip("parley.demo", reason="the demo package is not available")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(path)
    summary = demo.run_demo(store)
    store.close()
    return path, summary


@pytest.fixture(scope="module")
def client(demo_db):
    store = open_store(demo_db[0])
    with TestClient(create_app(store, cache=pages.ResultCache(recheck_seconds=0)), raise_server_exceptions=False) as c:
        yield c
    store.close()


def test_every_page_has_real_content(client, demo_db):
    _, summary = demo_db
    overview = client.get("/api/overview").json()
    assert overview["stats"]["statements"] == summary.counts["statements"]
    assert set(overview["sides"]) >= {"XA", "XB"}
    assert overview["timeline"] and overview["actors"] and overview["contradictions"]
    doc_id = overview["contradictions"][0]["a"]["doc_id"]
    actor = overview["actors"][0]["actor"]
    for path, needle in [
        ("/", "Signals by side"),
        ("/statements", "statements, page 1"),
        ("/statements?side=XB&signal=CEASEFIRE", "signal: <strong>CEASEFIRE</strong>"),
        (f"/documents/{doc_id}", "(Parley demo, fictional)"),
        ("/actors", overview["actors"][0]["speaker"]),
        (f"/actors/{actor}", "Signal mix"),
        ("/contradictions", 'class="pair"'),
        ("/saydo", 'class="verdict-'),
    ]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert needle in r.text, (path, needle)
        twin = client.get(path, params={"format": "json"})
        assert twin.status_code == 200 and twin.json()["ok"] is True


def test_pages_agree_with_the_library(client, demo_db):
    _, summary = demo_db
    data = client.get("/api/contradictions", params={"per_page": 200}).json()
    assert data["total"] == summary.contradictions_total
    assert {(c["a"]["id"], c["b"]["id"]) for c in data["contradictions"]} >= {
        (c.a.id, c.b.id) for c in summary.contradictions}
    saydo = client.get("/api/saydo").json()
    assert sorted((c["side"], c["verdict"]) for c in saydo["ceasefires"]) == sorted(
        (c.side, c.verdict) for c in summary.ceasefires)
    signals = client.get("/api/statements", params={"per_page": 1}).json()["facets"]["signals"]
    assert signals == dict(summary.signal_counts)


def test_document_highlights_every_statement(client):
    listing = client.get("/api/statements", params={"signal": "CEASEFIRE", "per_page": 1}).json()
    s = listing["statements"][0]
    html = client.get(f"/documents/{s['doc_id']}").text
    assert f'id="s-{s["id"][:12]}"' in html and f'id="t-{s["id"][:12]}"' in html
    doc = client.get(f"/api/documents/{s['doc_id']}").json()
    for st in doc["statements"]:
        assert doc["document"]["text"][st["start"]:st["end"]] == st["text"]
        assert f'id="s-{st["id"][:12]}"' in html
    assert html.count('class="seg') >= len(doc["statements"])
    assert "parley.extract" in html  # the version of the rules that produced the statements


def test_briefing_for_the_demo_period(demo_db, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from parley.report import build_briefing, render_html, write_report

    store = open_store(demo_db[0])
    b = build_briefing(store, since=demo.DEMO_SINCE, until=demo.DEMO_UNTIL)
    assert b.statements > 100 and b.headlines and b.citations and b.contradictions and b.ceasefires
    html = render_html(b)
    assert html.count("<svg") == len(b.charts) >= 2
    for c in b.citations:
        assert f'id="c{c.number}"' in html and f"characters {c.start}–{c.end}" in html
        assert store.get_document(c.doc_id).text[c.start:c.end] == c.text
    out = tmp_path / "demo.pdf"
    write_report(b, out, "pdf")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "Key takeaways" in text and "Week starting" in text and "Signals by side" in text
    cited = re.findall(r"characters\s*(\d+)\s*[–-]\s*(\d+)", text)
    assert len(cited) >= len(b.citations)
    store.close()


def test_tactics_page_and_api(client):
    api = client.get("/api/tactics").json()
    assert api["ok"] is True
    assert {(f["pattern"], f["side"]) for f in api["findings"]} == {
        ("mixed_messages", "XA"), ("role_split", "XA"), ("role_split", "XB"), ("charm_offensive", "XB"),
        ("truce_against_deeds", "XB"), ("stalling", "XB")}
    for f in api["findings"]:
        assert f["strength"] and f["evidence"] and all(s["citation"]["outlet"] for s in f["evidence"])
    assert [p["name"] for p in api["patterns"]][0] == "mixed_messages"
    xb = client.get("/api/tactics", params={"side": "XB"}).json()
    assert {f["side"] for f in xb["findings"]} == {"XB"} and len(xb["findings"]) == 4
    html = client.get("/tactics", params={"side": "XA"})
    assert html.status_code == 200
    assert html.text.count('class="pair tactic"') == 2 and "Lena Marek" in html.text and "Withheld as too thin" in html.text
    assert client.get("/tactics", params={"format": "json"}).json()["findings"] == api["findings"]
    bad = client.get("/api/tactics", params={"theatre": "mars"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_parameter"
