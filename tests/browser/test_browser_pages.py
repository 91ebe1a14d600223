"""Every page in a real browser: answers 200 with real content, charts drawn, filters that work,
document text shown as text, nothing fetched from outside; a screenshot of each page is saved."""

from __future__ import annotations

import re

import pytest


def _visit(page, url: str, artifacts, name: str, *, charts: int = 0):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('div.chart[data-rendered=yes] svg').length >= {charts}", timeout=20_000
        )
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    assert page.errors == [], page.errors
    assert page.outside == [], f"requests outside the server: {page.outside}"
    return response


def test_overview(page, sample_server, artifacts):
    _visit(page, sample_server.base + "/", artifacts, "sample-overview", charts=2)
    assert page.locator("h1").inner_text() == "Overview"
    # the charts are real SVG drawn by vega-embed, with labelled axes and dates
    svg = page.locator("#chart-signals_by_side-view svg")
    assert "Week starting" in svg.inner_html() and "CEASEFIRE" in svg.inner_html()
    assert page.locator(".pair").count() == 2
    assert page.locator("#actors tbody tr").count() >= 5
    page.locator("#actors a", has_text="Maria Volkova").first.click()
    page.wait_for_url(re.compile(r"/actors/ru-volkova$"))
    assert "Maria Volkova" in page.locator("h1").inner_text()


def test_statements_filter_by_clicking(page, sample_server, artifacts):
    _visit(page, sample_server.base + "/statements", artifacts, "sample-statements")
    total = int(page.locator("#count strong").first.inner_text())
    assert total == len(sample_server.built["statements"])
    # click a facet: htmx swaps the results in and pushes the address
    page.locator('#facet-signals a[data-value="REJECT"]').click()
    page.wait_for_url(re.compile(r"signal=REJECT"))
    page.wait_for_function("document.querySelector('#count').innerText.includes('signal: REJECT')")
    rows = page.locator("#statements tbody tr")
    expected = sum("REJECT" in s.signal_codes for s in sample_server.built["statements"])
    assert rows.count() == expected
    for i in range(rows.count()):
        assert "REJECT" in rows.nth(i).locator("td").nth(4).inner_text()
    assert page.locator('select[name="signal"]').input_value() == "REJECT"
    page.screenshot(path=str(artifacts / "sample-statements-reject.png"), full_page=True)
    # then narrow by side with the form
    page.locator('select[name="side"]').select_option("UA")
    page.wait_for_url(re.compile(r"side=UA"))
    page.wait_for_function("document.querySelector('#count').innerText.includes('side: UA')")
    assert rows.count() == sum("REJECT" in s.signal_codes and s.side == "UA" for s in sample_server.built["statements"])
    # a full-text search typed into the form
    page.goto(sample_server.base + "/statements")
    page.locator('input[name="q"]').fill("prisoners")
    page.locator('form#filters button[type="submit"]').click()
    page.wait_for_url(re.compile(r"q=prisoners"))
    page.wait_for_function("document.querySelector('#count').innerText.includes('q: prisoners')")
    assert rows.count() >= 1 and all("prisoners" in rows.nth(i).inner_text().lower() for i in range(rows.count()))
    # each row links to its document, at the statement
    rows.first.locator("a", has_text="document").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+#s-[0-9a-f]{12}$"))
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()


def test_document_page_shows_markup_as_text(page, sample_server, artifacts):
    doc = next(d for d in sample_server.built["documents"] if d.title.startswith("Hostile markup"))
    _visit(page, f"{sample_server.base}/documents/{doc.id}", artifacts, "sample-document-escaped")
    assert page.title() != "owned" and "owned" not in page.title()
    text = page.locator("#text").inner_text()
    assert "<script>document.title='owned'</script>" in text and "<b>Bold claims</b>" in text
    assert page.locator("#text script, #text b").count() == 0
    assert page.locator("#text .seg.stmt").count() >= 1 and page.locator("#text .seg.mention").count() >= 1


def test_document_page_highlights(page, sample_server, artifacts):
    doc = next(d for d in sample_server.built["documents"] if d.title.startswith("Prisoner exchange"))
    _visit(page, f"{sample_server.base}/documents/{doc.id}", artifacts, "sample-document")
    assert page.locator("#statement-list > li").count() == 2
    assert page.locator("#text .seg.sigcue").first.inner_text() == "agreed to exchange"
    prov = page.locator("#provenance").inner_text()
    assert "parley.extract/1" in prov and "parley.signals.rules/1" in prov and "Example Wire" in prov


def test_actor_page(page, sample_server, artifacts):
    _visit(page, sample_server.base + "/actors/ua-kovalenko", artifacts, "sample-actor", charts=2)
    assert "Olena Kovalenko" in page.locator("h1").inner_text()
    assert page.locator("#profile").inner_text().strip()
    assert page.locator(".pair").count() == 1


def test_contradictions_page(page, sample_server, artifacts):
    _visit(page, sample_server.base + "/contradictions", artifacts, "sample-contradictions")
    assert page.locator(".pair").count() == 2
    page.locator('select[name="side"]').select_option("RU")
    page.locator("form.filters button").click()
    page.wait_for_url(re.compile(r"side=RU"))
    assert page.locator(".pair").count() == 1
    assert "ruled a ceasefire out" in page.locator(".pair").inner_text()


def test_saydo_page(page, sample_server, artifacts):
    _visit(page, sample_server.base + "/saydo", artifacts, "sample-saydo", charts=1)
    assert page.locator("#ceasefires tbody tr").count() == 2
    assert page.locator(".verdict-broken").inner_text() == "broken"


@pytest.mark.parametrize("path", ["/statements?since=2024-13-01", "/documents/0000000000nope"])
def test_errors_render_as_pages(page, sample_server, path):
    response = page.goto(sample_server.base + path)
    assert response.status in (400, 404)
    assert page.locator("#error").is_visible()
