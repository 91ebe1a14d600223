"""The judged run: `parley serve` on the demo database, every page in Chromium, with screenshots."""

from __future__ import annotations

import re

import httpx
import pytest
from test_browser_pages import _visit


@pytest.fixture(scope="module")
def demo_urls(demo_server):
    overview = httpx.get(demo_server.base + "/api/overview").json()
    pair = overview["contradictions"][0]
    return {
        "overview": ("/", 2),
        "statements": ("/statements", 0),
        "document": (f"/documents/{pair['a']['doc_id']}", 0),
        "actors": ("/actors", 0),
        "actor": (f"/actors/{overview['actors'][0]['actor']}", 2),
        "contradictions": ("/contradictions", 0),
        "saydo": ("/saydo", 1),
    }


@pytest.mark.parametrize("name", ["overview", "statements", "document", "actors", "actor", "contradictions", "saydo"])
def test_demo_page(page, demo_server, demo_urls, artifacts, name):
    path, charts = demo_urls[name]
    _visit(page, demo_server.base + path, artifacts, f"demo-{name}", charts=charts)
    assert page.locator("main h1").inner_text().strip()
    main = page.locator("main").inner_text()
    assert "No statements yet" not in main and len(main) > 500


def test_demo_filter_click(page, demo_server, artifacts):
    _visit(page, demo_server.base + "/statements", artifacts, "demo-statements-all")
    total = int(page.locator("#count strong").first.inner_text())
    page.locator('#facet-sides a[data-value="XB"]').click()
    page.wait_for_url(re.compile(r"side=XB"))
    page.wait_for_function("document.querySelector('#count').innerText.includes('side: XB')")
    xb = int(page.locator("#count strong").first.inner_text())
    assert 0 < xb < total
    page.locator('select[name="signal"]').select_option("CEASEFIRE")
    page.wait_for_url(re.compile(r"signal=CEASEFIRE"))
    page.wait_for_function("document.querySelector('#count').innerText.includes('signal: CEASEFIRE')")
    rows = page.locator("#statements tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(2).inner_text().strip() == "XB" and "CEASEFIRE" in cells.nth(4).inner_text()
    page.screenshot(path=str(artifacts / "demo-statements-filtered.png"), full_page=True)
    api = httpx.get(demo_server.base + "/api/statements", params={"side": "XB", "signal": "CEASEFIRE"}).json()
    assert api["total"] == rows.count()


def test_demo_tactics_page(page, demo_server, artifacts):
    _visit(page, demo_server.base + "/tactics", artifacts, "demo-tactics")
    assert page.locator("main h1").inner_text().strip() == "Tactics"
    found = page.locator("article.tactic")
    patterns = {found.nth(i).get_attribute("data-pattern") for i in range(found.count())}
    assert patterns == {"mixed_messages", "role_split", "charm_offensive", "truce_against_deeds", "stalling"}
    # each finding states its evidence and cites its statements (outlet, headline, document link)
    for i in range(found.count()):
        assert found.nth(i).locator(".strength").inner_text().startswith("Evidence:")
        assert found.nth(i).locator(".statement").count() >= 1
        assert found.nth(i).locator(".cite a[href^='/documents/']").count() >= 1
    # filter by side: only that side's findings remain
    page.locator('select[name="side"]').select_option("XA")
    page.locator("form.filters button").click()
    page.wait_for_url(re.compile(r"side=XA"))
    sides = page.locator("article.tactic .why .side")
    assert page.locator("article.tactic").count() == 2
    assert all(sides.nth(i).inner_text() == "XA" for i in range(sides.count()))
    page.locator("#withheld summary").click()
    assert "stalling XA" in page.locator("#withheld").inner_text()
    page.screenshot(path=str(artifacts / "demo-tactics-xa.png"), full_page=True)
