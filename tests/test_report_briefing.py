"""The briefing: headlines with evidence, quotes per side, contradictions, words against deeds, charts —
every claim citing a statement (document, offsets, date, speaker) — rendered as HTML, PDF and Markdown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from webstore import build_sample_store

from parley.analysis._scores import MIN_EVIDENCE
from parley.api import Parley
from parley.api.query import StatementQuery
from parley.errors import ConfigError
from parley.report import build_briefing, render_html, render_markdown, write_report
from parley.store import open_store

SINCE, UNTIL = dt.date(2024, 3, 1), dt.date(2024, 5, 31)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "sample.db"
    store = open_store(path)
    built = build_sample_store(store)
    return store, built


@pytest.fixture(scope="module")
def briefing(sample):
    store, _ = sample
    return build_briefing(store, since=SINCE, until=UNTIL, base_url="http://127.0.0.1:8000")


def test_every_citation_points_at_its_statement(sample, briefing):
    _, built = sample
    by_id = {s.id: s for s in built["statements"]}
    docs = {d.id: d for d in built["documents"]}
    assert [c.number for c in briefing.citations] == list(range(1, len(briefing.citations) + 1))
    for c in briefing.citations:
        s = by_id[c.statement_id]
        assert docs[c.doc_id].text[c.start:c.end] == c.text == s.text
        assert c.published == s.published.isoformat() and c.speaker == s.speaker
        assert c.link == f"http://127.0.0.1:8000/documents/{c.doc_id}#s-{c.statement_id[:12]}"
    cited = {n for h in briefing.headlines for n in h.citations}
    cited |= {q.citation for s in briefing.sections for q in s.quotes}
    cited |= {n for c in briefing.contradictions for n in (c.a, c.b)} | {c.citation for c in briefing.ceasefires}
    cited |= {n for w in briefing.week for _, n in w.new_signals} | {v.citation for x in briefing.subjects for v in x.views}
    cited |= {q.citation for t in briefing.timelines for q in t.quotes}
    assert cited == {c.number for c in briefing.citations}, "no citation without a claim, no claim without one"
    # numbered in reading order: headlines, this week, the subjects, then the sides' quotes
    order = [n for h in briefing.headlines for n in h.citations] + \
        [n for w in briefing.week for _, n in w.new_signals] + [v.citation for x in briefing.subjects for v in x.views] + \
        [q.citation for s in briefing.sections for q in s.quotes]
    assert order[0] == 1


def test_a_handful_of_statements_makes_no_headline(briefing, sample):
    """The sample store's sides speak a few times each: too little for any finding, however stark.
    The broken ceasefire and the contradiction are still reported, in their sections."""
    assert briefing.headlines == [] and briefing.findings_tested == 0
    assert briefing.statements < 3 * MIN_EVIDENCE
    broken = next(c for c in briefing.ceasefires if c.side == "RU")
    assert broken.verdict == "broken" and broken.attacks == 3
    assert "declare a ceasefire" in briefing.citations[broken.citation - 1].text
    assert briefing.contradictions
    assert "No finding in this period rests on enough statements" in render_html(briefing)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from parley.demo import run_demo

    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    run_demo(store)
    return store


def test_headlines_rest_on_evidence(demo_store):
    from parley.api import Parley
    from parley.api.briefing import MAX_HEADLINES

    b = build_briefing(demo_store, since=dt.date(2030, 2, 1), until=dt.date(2030, 5, 31))
    assert 0 < len(b.headlines) <= MAX_HEADLINES
    assert {"shift", "role"} <= {h.kind for h in b.headlines}
    for h in b.headlines:
        assert h.citations and h.statements >= MIN_EVIDENCE
    assert [h.strength for h in b.headlines] == sorted((h.strength for h in b.headlines), reverse=True)
    shift = next(h for h in b.headlines if h.kind == "shift")
    assert re.search(r"from [+-]\d\.\d\d to [+-]\d\.\d\d .*difference \[[+-]\d\.\d\d, [+-]\d\.\d\d\]", shift.text)
    # each role headline says what the command line and the dashboard say of that actor
    parley = Parley.of(demo_store)
    for h in (h for h in b.headlines if h.kind == "role"):
        name = h.text.split(" was ")[0]
        p = parley.profile(name, since=dt.date(2030, 2, 1), until=dt.date(2030, 5, 31))
        assert p.role.replace("its side", "the rest of") in h.text.replace(b.side_names[p.side], "").replace("  ", " ")


def test_signals_are_compared_only_with_a_previous_period_the_store_covers(demo_store):
    # the demo begins in February 2030: a briefing of February compares with nothing
    b = build_briefing(demo_store, since=dt.date(2030, 2, 1), until=dt.date(2030, 2, 28))
    assert not b.previous_covered and not [h for h in b.headlines if h.kind == "signal"]
    later = build_briefing(demo_store, since=dt.date(2030, 4, 1), until=dt.date(2030, 5, 17))
    assert later.previous_covered


def test_sections_quote_each_side(briefing):
    assert [s.side for s in briefing.sections] == ["RU", "UA", "US"]
    for s in briefing.sections:
        assert s.quotes and all(q.signals for q in s.quotes)
        speakers = [q.speaker for q in s.quotes]
        assert len(s.quotes) <= 5
        assert len(set(speakers)) > 1 or s.side == "US"
    ru = briefing.sections[0]
    assert any("CEASEFIRE" in q.signals for q in ru.quotes)


def test_side_filter_and_period_checks(sample):
    store, _ = sample
    b = build_briefing(store, since=SINCE, until=UNTIL, sides=["ua"])
    assert [s.side for s in b.sections] == ["UA"] and all(c.side == "UA" for c in b.citations)
    assert [c.rule for c in b.contradictions] == ["unconditional_vs_conditions"]
    assert b.citations[0].link is None
    with pytest.raises(ConfigError, match="after"):
        build_briefing(store, since=UNTIL, until=SINCE)
    empty = build_briefing(store, since=dt.date(2020, 1, 1), until=dt.date(2020, 1, 31))
    assert empty.statements == 0 and empty.citations == [] and empty.charts == []
    assert "No finding in this period rests on enough statements" in render_html(empty)


def test_html_has_charts_and_citations(briefing):
    html = render_html(briefing)
    assert html.count("<svg") == len(briefing.charts) == 3
    assert "Week starting" in html and "Recorded attacks" in html
    for c in briefing.citations:
        assert f'id="c{c.number}"' in html and f'href="#c{c.number}"' in html
        assert f"characters {c.start}–{c.end}" in html and c.doc_id in html
    assert "http://" not in re.sub(r'href="http[^"]+"|<a href="[^"]*">http[^<]*</a>|xmlns(:xlink)?="http[^"]+"', "",
                                   html), "nothing is loaded from outside"
    assert "&lt;script&gt;" not in html or "<script>" not in html


def test_pdf_holds_the_text_the_charts_and_the_citations(briefing, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "b.pdf"
    write_report(briefing, out, "pdf")
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Key takeaways" in flat and "Sources" in flat
    assert "Andrei Sokolov" in flat and "Olena Kovalenko" in flat
    assert "Week starting" in flat and "Recorded attacks" in flat  # the charts' axes, drawn as vector text
    cited = set(re.findall(r"characters\s*(\d+)\s*[–-]\s*(\d+)", flat))
    for c in briefing.citations:
        assert (str(c.start), str(c.end)) in cited
    assert "[1]" in flat
    uris = [a.get_object()["/A"].get("/URI") for p in reader.pages for a in (p.get("/Annots") or [])
            if "/A" in a.get_object()]
    assert f"http://127.0.0.1:8000/documents/{briefing.citations[0].doc_id}#s-" \
        f"{briefing.citations[0].statement_id[:12]}" in uris, "citations link to the dashboard"


def test_markdown_writes_charts_beside_it(briefing, tmp_path):
    out = tmp_path / "b.md"
    written = write_report(briefing, out, "md")
    assert written[0] == out and len(written) == 4
    md = out.read_text(encoding="utf-8")
    for p in written[1:]:
        assert p.read_text().startswith("<svg") and f"]({p.name})" in md
    for c in briefing.citations:
        assert f"[^{c.number}]: " in md and f"[^{c.number}]" in md.split("## Sources")[0]
    assert "## Contradictions" in md and "| RU | 2024-04-08 |" in md
    assert render_markdown(briefing).count("[^1]:") == 1


def test_report_refuses_unknown_format_and_missing_folder(briefing, tmp_path):
    with pytest.raises(ConfigError, match="format"):
        write_report(briefing, tmp_path / "b.docx", "docx")
    with pytest.raises(ConfigError, match="does not exist"):
        write_report(briefing, tmp_path / "nope" / "b.html", "html")


def test_a_truce_reported_twice_is_listed_with_both_statements(demo_store):
    """Two statements announcing the same truce: both listed under words against deeds, none a headline."""
    b = build_briefing(demo_store, since=dt.date(2030, 2, 1), until=dt.date(2030, 5, 31))
    assert not [h for h in b.headlines if h.kind == "ceasefire"]
    windows = [(c.side, c.start, c.end) for c in b.ceasefires]
    assert len(windows) > len(set(windows))


def test_what_changed_this_week_and_the_sides_side_by_side(demo_store):
    b = build_briefing(demo_store, since=dt.date(2030, 4, 1), until=dt.date(2030, 5, 17))
    assert b.week_since == dt.date(2030, 5, 11)
    by_side = {w.side: w for w in b.week}
    parley_week = {sd: sum(1 for s in Parley.of(demo_store).folded(Parley.of(demo_store).statements(
        Parley.of(demo_store).query(side=sd, since=dt.date(2030, 5, 11), until=dt.date(2030, 5, 17)))))
        for sd in by_side}
    assert {sd: w.statements for sd, w in by_side.items()} == parley_week
    cited = {c.number: c for c in b.citations}
    for w in b.week:
        for code, n in w.new_signals:  # each new signal cites a statement of that week carrying it
            assert cited[n].published >= "2030-05-11" and cited[n].side == w.side
    assert b.subjects and all(len(x.views) >= 2 for x in b.subjects)
    for x in b.subjects:
        assert len({v.side for v in x.views}) == len(x.views)
        for v in x.views:
            assert cited[v.citation].side == v.side and cited[v.citation].text == v.text
    md = render_markdown(b)
    assert "## What changed this week (2030-05-11 to 2030-05-17)" in md and "## The sides side by side" in md
    html = render_html(b)
    assert 'id="week"' in html and 'id="subjects"' in html


def test_the_briefing_lists_the_tactics_parley_tactics_finds(demo_store):
    since, until = dt.date(2030, 2, 1), dt.date(2030, 5, 31)
    b = build_briefing(demo_store, since=since, until=until)
    p = Parley.of(demo_store)
    expected = [(t.pattern, t.side, t.summary) for t in p.tactics(p.query(since=since, until=until)).findings]
    assert [(t.pattern, t.side, t.summary) for t in b.tactics] == expected and len(expected) == 6
    cited = {c.number: c for c in b.citations}
    for t in b.tactics:
        assert t.citations and all(cited[n].side == t.side or t.pattern == "role_split" for n in t.citations)
    md = render_markdown(b)
    assert "## Tactics" in md and "- **stalling**: XB offered talks" in md
    html = render_html(b)
    assert 'id="tactics"' in html and "charm offensive" in html
    only = build_briefing(demo_store, since=since, until=until, sides=["XA"])
    assert {t.side for t in only.tactics} == {"XA"}


def test_each_sides_most_quoted_actors_get_a_quote_timeline(demo_store):
    """Issue 12: a quote timeline per actor: the actor's own coded statements, in the order said,
    one from each stretch of the period, cited; the most quoted actors of each side first."""
    since, until = dt.date(2030, 2, 1), dt.date(2030, 5, 31)
    b = build_briefing(demo_store, since=since, until=until)
    assert b.timelines and {t.side for t in b.timelines} == {s.side for s in b.sections if s.quotes}
    parley = Parley.of(demo_store)
    for t in b.timelines:
        assert 2 <= len(t.quotes) <= 6 and len(t.quotes) <= t.statements
        cited = [b.citations[q.citation - 1] for q in t.quotes]
        dates = [c.published for c in cited]
        assert dates == sorted(dates), "in the order said"
        mine = [s for s in parley.statements(StatementQuery(since=since, until=until, side=t.side))
                if s.actor_id == t.actor_id]
        assert {c.statement_id for c in cited} <= {s.id for s in mine}, "only the actor's own words"
        # one quote per stretch: the quotes span the actor's period, first stretch to last
        coded = sorted(s.published for s in mine if any(not g.negated for g in s.signals))
        assert dates[0] <= coded[len(coded) // len(t.quotes)].isoformat() and dates[-1] >= coded[-1 - len(coded) // len(t.quotes)].isoformat()
    per_side: dict[str, list[int]] = {}
    for t in b.timelines:
        per_side.setdefault(t.side, []).append(t.statements)
    assert all(v == sorted(v, reverse=True) and len(v) <= 3 for v in per_side.values())
    html, md = render_html(b), render_markdown(b)
    first = b.timelines[0]
    assert 'id="timelines"' in html and f'id="timeline-{first.actor_id}"' in html
    assert "## In their own words, over the period" in md and f"### {first.actor} ({first.side})" in md


def test_the_findings_check_counts_thin_headlines_and_role_disagreements(demo_store, monkeypatch):
    """`python -m parley.evaluation.findings` (issue 12's measure on the shared corpora): on the
    demo, headlines rest on the threshold and the briefing's roles are `parley profile`'s; a
    threshold raised above the evidence, or a profile that says otherwise, is counted."""
    from parley.evaluation import findings

    parley = Parley.of(demo_store)
    since, until = dt.date(2030, 2, 1), dt.date(2030, 5, 31)
    ok = findings.check_findings(parley, since, until)
    assert ok.headlines and ok.least_evidence >= MIN_EVIDENCE and ok.below_threshold == 0
    assert ok.roles and ok.role_disagreements == ()
    monkeypatch.setattr(findings, "MIN_EVIDENCE", ok.least_evidence + 1)
    real = Parley.profile

    def contrary(self, actor, **kw):
        p = real(self, actor, **kw)
        return type("P", (), {"role": p.role + " (contrary)"})()

    monkeypatch.setattr(Parley, "profile", contrary)
    bad = findings.check_findings(parley, since, until)
    assert bad.below_threshold >= 1 and len(bad.role_disagreements) == ok.roles
