"""A cold store in a real browser: a page whose analysis is still being computed says so at once,
with since when, and reloads itself into the real page once the analysis is ready (issue 15).
The analysis is held back through the cache's ``on_compute`` hook until the test lets it go."""

from __future__ import annotations

import threading

import pytest

from conftest import Server


@pytest.fixture
def held_server(tmp_path):
    from webstore import build_sample_store

    from parley.api import ResultCache
    from parley.store import open_store

    path = tmp_path / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    gate = threading.Event()

    def hold(key: tuple) -> None:
        if key[0] == "contradictions":
            assert gate.wait(120), "the test never let the analysis go"

    with Server(str(path), cache=ResultCache(recheck_seconds=3600, on_compute=hold), patience=1.0) as srv:
        srv.gate = gate
        yield srv
        gate.set()


def test_a_page_being_computed_says_so_and_reloads_itself_into_the_real_page(page, held_server, artifacts):
    response = page.goto(held_server.base + "/contradictions", wait_until="load")
    assert response is not None and response.status == 200
    assert response.headers["retry-after"] == "5"
    assert page.locator("h1").inner_text() == "Computing…"
    box = page.locator("#computing").inner_text()
    assert "the contradictions" in box and "since" in box and "UTC" in box and "reloads itself" in box
    page.screenshot(path=str(artifacts / "sample-computing.png"), full_page=True)
    held_server.gate.set()  # the analysis may now end: the page's own reload must bring it
    page.wait_for_function("document.querySelector('h1').innerText === 'Contradictions'", timeout=60_000)
    assert page.locator(".pair").count() == 2
    assert page.errors == [], page.errors
    assert page.outside == [], f"requests outside the server: {page.outside}"
