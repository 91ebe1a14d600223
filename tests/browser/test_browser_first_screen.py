"""The dashboard's first screen, in Chromium at a laptop's size: it opens on the findings (the
briefing's ranked headlines, each with the statements it cites, outlet and headline named), and
the charts follow them; on the sample store, too thin for any finding, it says so first."""

from __future__ import annotations

import httpx

from test_browser_pages import _visit

LAPTOP = {"width": 1280, "height": 800}


def test_the_demo_opens_on_its_findings(page, demo_server, artifacts):
    page.set_viewport_size(LAPTOP)
    _visit(page, demo_server.base + "/", artifacts, "demo-overview-full", charts=2)
    page.screenshot(path=str(artifacts / "demo-first-screen.png"))  # what a reader sees first
    findings = page.locator("#findings article.finding")
    api = httpx.get(demo_server.base + "/api/overview").json()["findings"]
    assert 1 <= findings.count() == len(api) <= 5
    heading = page.locator("#findings h2").bounding_box()
    first = findings.first.bounding_box()
    assert heading["y"] < LAPTOP["height"] / 2, "the findings start in the top half of the first screen"
    assert first["y"] < LAPTOP["height"], "the first finding is on the first screen"
    assert api[0]["text"][:60] in findings.first.inner_text()
    # each finding cites statements, with the outlet and the headline they were published under
    cite = findings.first.locator(".statement .cite").first
    assert cite.locator(".outlet").inner_text().strip()
    assert cite.locator("a.headline").get_attribute("href").startswith("https://")
    # the charts follow the findings
    for chart in ("#chart-cooperation-view", "#chart-signals_by_side-view"):
        assert page.locator(chart).bounding_box()["y"] > page.locator("#findings").bounding_box()["y"]


def test_a_thin_store_says_it_has_no_finding_first(page, sample_server, artifacts):
    page.set_viewport_size(LAPTOP)
    _visit(page, sample_server.base + "/", artifacts, "sample-first-screen", charts=1)
    empty = page.locator("#findings .empty")
    assert "No finding in this period rests on enough statements" in empty.inner_text()
    assert empty.bounding_box()["y"] < LAPTOP["height"]
