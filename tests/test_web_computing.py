"""A cold store never leaves a dashboard request hanging (issue 15): an analysis not ready within
the app's patience is computed once in the background while the page answers "computing" at
once (HTML: 200 that reloads itself; JSON: 202 with Retry-After); once it is ready the same
request gets the real page. The analysis is slowed through the cache's ``on_compute`` hook."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from webstore import build_sample_store

from parley.api import ResultCache
from parley.store import open_store
from parley.web import create_app


class Gate:
    """Holds back every computation of one of the analyses ``names`` (the first word of the
    library's cache key) until opened."""

    def __init__(self, *names: str):
        self.names = names
        self.open = threading.Event()
        self.held: list[tuple] = []

    def __call__(self, key: tuple) -> None:
        if key[0] in self.names:
            self.held.append(key)
            assert self.open.wait(120), "the test never opened the gate"


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("computing") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return path


def _app(path, gate: Gate, patience: float = 2.0):
    """An app whose requests wait ``patience`` seconds: long enough for everything of the small
    store but the analysis the gate holds (which then answers "computing" whatever the wait)."""
    store = open_store(path)
    cache = ResultCache(recheck_seconds=3600, on_compute=gate)
    return store, cache, create_app(store, cache=cache, patience=patience)


@pytest.fixture(scope="module")
def reference(sample_path):
    """The pages as an app without patience answers them (it waits for everything)."""
    store = open_store(sample_path)
    with TestClient(create_app(store)) as c:
        pages = {p: c.get(p) for p in ("/api/contradictions", "/api/tactics", "/contradictions", "/tactics")}
    store.close()
    return pages


@pytest.mark.parametrize("analysis,page,api", [
    ("contradictions", "/contradictions", "/api/contradictions"),
    ("tactics", "/tactics", "/api/tactics"),
])
def test_a_slow_analysis_answers_computing_at_once_then_the_real_page(sample_path, reference, analysis, page, api):
    gate = Gate(analysis)
    store, cache, app = _app(sample_path, gate)
    with TestClient(app) as client:
        first = client.get(page)
        assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
        assert first.headers["Refresh"] == first.headers["Retry-After"] == "5"
        assert first.headers["Cache-Control"] == "no-store"
        assert '<meta http-equiv="refresh" content="5">' in first.text
        assert "<h1>Computing…</h1>" in first.text and "being computed" not in first.text
        assert "since" in first.text and "reloads itself" in first.text
        twin = client.get(api)
        assert twin.status_code == 202 and twin.headers["Retry-After"] == "5"
        body = twin.json()
        assert body["state"] == "computing" and body["status"] == 202 and body["retry_after"] == 5
        assert body["analysis"] == analysis and body["seconds"] >= 0
        assert body["since"].endswith(("Z", "+00:00"))
        as_json = client.get(page, params={"format": "json"})
        assert as_json.status_code == 202 and as_json.json()["state"] == "computing"
        assert len(gate.held) == 1  # three requests, one computation
        gate.open.set()
        assert cache.settle(120)
        again = client.get(page)
        assert again.status_code == 200 and "Retry-After" not in again.headers
        assert "Computing…" not in again.text
        assert again.text == reference[page].text
        real = client.get(api)
        assert real.status_code == 200 and real.json() == reference[api].json()
        assert len(gate.held) == 1  # served from the kept result
    store.close()


def test_a_page_behind_a_held_analysis_that_is_ready_in_time_waits_for_it(sample_path, reference):
    """Patience is a wait, not a refusal: an analysis ready within it is answered as usual."""
    gate = Gate("contradictions")
    gate.open.set()
    store, _, app = _app(sample_path, gate, patience=120.0)
    with TestClient(app) as client:
        r = client.get("/api/contradictions")
        assert r.status_code == 200 and r.json() == reference["/api/contradictions"].json()
    store.close()


def test_the_overview_waiting_on_the_contradictions_of_its_period_is_computing_too(sample_path):
    gate = Gate("contradictions")
    store, cache, app = _app(sample_path, gate)
    with TestClient(app) as client:
        r = client.get("/api/overview")
        assert r.status_code == 202 and r.json()["analysis"] == "overview"
        home = client.get("/")
        assert home.status_code == 200 and "Computing…" in home.text and "the overview" in home.text
        gate.open.set()
        assert cache.settle(120)
        assert client.get("/api/overview").status_code == 200
        assert "Computing…" not in client.get("/").text
    store.close()


def test_the_computing_answer_is_described_in_the_api(sample_path):
    store = open_store(sample_path)
    schema = create_app(store).openapi()
    store.close()
    for path in ("/api/contradictions", "/api/tactics", "/api/overview", "/api/saydo", "/api/actors/{actor}"):
        described = schema["paths"][path]["get"]["responses"]["202"]
        assert described["content"]["application/json"]["schema"]["$ref"].endswith("/ComputingBody")
    assert "202" in schema["info"]["description"] and "Retry-After" in schema["info"]["description"]


def test_a_statement_search_swapped_in_by_htmx_gets_a_box_that_asks_again_by_itself(sample_path):
    """The search swaps ``#page`` in place (htmx): while the page is computed it gets the box
    under that id, which asks for the same address again after Retry-After seconds."""
    held = threading.Event()

    def hold(key: tuple) -> None:
        if key[:2] == ("memo", "page:statements"):
            assert held.wait(120), "the test never let the search go"

    store = open_store(sample_path)
    cache = ResultCache(recheck_seconds=3600, on_compute=hold)
    with TestClient(create_app(store, cache=cache, patience=2.0)) as client:
        r = client.get("/statements", params={"q": "ceasefire"}, headers={"HX-Request": "true"})
        assert r.status_code == 200 and r.headers["Retry-After"] == "5"
        assert '<div id="page" hx-get="/statements?q=ceasefire" hx-trigger="load delay:5s"' in r.text
        full = client.get("/statements", params={"q": "ceasefire"})
        assert full.status_code == 200 and '<div id="page">' in full.text  # a whole page reloads itself instead
        held.set()
        assert cache.settle(120)
        again = client.get("/statements", params={"q": "ceasefire"}, headers={"HX-Request": "true"})
        assert again.status_code == 200 and "Computing…" not in again.text and 'class="layout" id="page"' in again.text
    store.close()
