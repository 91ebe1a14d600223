"""Rendering a :class:`~parley.report.briefing.Briefing`: HTML (self-contained, charts inline as
SVG), PDF (the HTML through WeasyPrint) and Markdown (charts written as SVG files beside it)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .. import charts
from ..api.briefing import Briefing
from ..errors import ConfigError

FORMATS = ("html", "pdf", "md")

def _side_badge(code: str | None, palette: dict[str, str] | None = None) -> Markup:
    colour = dict(zip(*charts.side_colours([code], palette)))[code or charts.NO_SIDE]
    return Markup('<span class="side" style="background: {}">{}</span>').format(colour, code or "–")


def _refs(numbers: Iterable[int]) -> Markup:
    return Markup("").join(Markup('<a class="ref" href="#c{0}">[{0}]</a>').format(n) for n in numbers)


def chart_svgs(b: Briefing, width: int = 640) -> dict[str, Markup]:
    """Each chart of the briefing as inline SVG (vl-convert)."""
    out = {}
    for c in b.charts:
        svg = charts.to_svg(charts.fixed_width(c.spec, width))
        out[c.name] = Markup(svg)
    return out


def render_html(b: Briefing) -> str:
    """The briefing as one self-contained HTML page."""
    env = Environment(loader=PackageLoader("parley.report", "templates"),
                      autoescape=select_autoescape(["html"], default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["clip"] = lambda s, n=180: s if s is None or len(s) <= n else s[: n - 1].rstrip() + "…"
    env.globals.update(side=lambda code: _side_badge(code, b.palette), refs=_refs, side_names=b.side_names)
    return env.get_template("briefing.html").render(b=b, svgs=chart_svgs(b))


def render_pdf(b: Briefing) -> bytes:
    """The briefing as PDF (the HTML laid out by WeasyPrint; no network access)."""
    # WeasyPrint takes most of a second to import and needs Pango: loaded for a PDF only.
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"the briefing loads nothing from outside ({url})")

    return HTML(string=render_html(b), url_fetcher=no_fetch).write_pdf()


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace(
        "]", "\\]").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(b: Briefing, *, chart_files: dict[str, str] | None = None) -> str:
    """The briefing as Markdown; ``chart_files`` maps chart names to image paths to reference."""
    chart_files = chart_files or {}

    def refs(numbers: Iterable[int]) -> str:
        return "".join(f"[^{n}]" for n in numbers)

    lines = [f"# {b.title}", "",
             (f"*Parley {b.version} · generated {b.generated_at} · {b.statements} statements from {b.documents} "
              f"documents{f' ({b.copies} more copies of the same words by the same speaker counted once)' if b.copies else ''}, "
              f"{b.events} recorded events. Every claim cites the statement it rests on.*"), "",
             "## Key takeaways", ""]
    if b.headlines:
        lines += [f"- {('**' + h.side + '** ') if h.side else ''}{_md_escape(h.text)}{refs(h.citations)} "
                  f"({h.statements} statements)" for h in b.headlines]
        if b.findings_tested > len(b.headlines):
            lines += ["", f"*The {len(b.headlines)} strongest of {b.findings_tested} findings.*"]
    else:
        lines.append(f"No finding in this period rests on enough statements (at least {b.min_evidence} on each side "
                     "of a comparison, and an interval that excludes no change): no sustained shift, marked change "
                     "of signals or distinct role. The sections below quote what was said.")
    if not b.previous_covered:
        lines += ["", "*The store does not cover the whole period before this one: signals are not compared with it.*"]
    lines.append("")
    lines += [f"## What changed this week ({b.week_since} to {b.until})", ""]
    if b.week:
        lines += ["| Side | Statements this week | The week before | Signals new this week | Signals not heard again |",
                  "|---|---:|---:|---|---|"]
        lines += [f"| {w.side} {_md_escape(b.side_names.get(w.side, w.side))} | {w.statements} | {w.previous} | "
                  f"{', '.join(code + refs([c]) for code, c in w.new_signals) or '–'} | "
                  f"{', '.join(w.gone_signals) or '–'} |" for w in b.week]
        lines += ["", "*Counts, not findings: a week rarely holds enough statements for one.*", ""]
    else:
        lines += ["No side spoke in the last two weeks of the period.", ""]
    if b.subjects:
        lines += ["## The sides side by side", ""]
        for x in b.subjects:
            lines += [f"### {x.topic.replace('_', ' ').capitalize()}", ""]
            for v in x.views:
                coop = f", cooperation {v.cooperation:+.2f}" if v.cooperation is not None else ""
                text = " ".join(v.text.split())
                text = text if len(text) <= 200 else text[:199] + "…"
                lines.append(f"- **{v.side} {_md_escape(b.side_names.get(v.side, v.side))}**: {v.statements} "
                             f"statement{'' if v.statements == 1 else 's'}{coop}; latest: “{_md_escape(text)}”"
                             f"{refs([v.citation])}")
            lines.append("")
    for i, c in enumerate((c for c in b.charts if c.name in ("signals_by_side", "cooperation")), 1):
        if c.name in chart_files:
            lines += [f"![Figure {i}. {c.title}]({chart_files[c.name]})", ""]
    for s in b.sections:
        lines += [f"## {b.side_names.get(s.side, s.side)} ({s.side})", ""]
        summary = f"{s.statements} statements in the period"
        if s.cooperation is not None:
            summary += f"; mean cooperation score {s.cooperation:+.2f}"
        if s.signal_counts:
            summary += "; signals: " + ", ".join(
                f"{k} {v}" + (f" (before: {s.previous_counts.get(k, 0)})" if b.previous_covered else "")
                for k, v in s.signal_counts.items())
        lines += [summary + ".", ""]
        for q in s.quotes:
            also = f" (the same words also in {refs(q.sources)})" if q.sources else ""
            lines += [f"> “{_md_escape(q.text)}”{refs([q.citation])}{also}  ",
                      (f"> — {_md_escape(q.speaker or 'Unknown speaker')}, {q.published or 'undated'} "
                       f"({', '.join(q.signals)})"), ""]
    if b.timelines:
        lines += ["## In their own words, over the period", "",
                  "*Each side's most quoted officials, a quote from each stretch of the period, in the order said.*", ""]
        for t in b.timelines:
            lines += [f"### {_md_escape(t.actor)} ({t.side}), {t.statements} coded statement"
                      f"{'' if t.statements == 1 else 's'}", ""]
            for q in t.quotes:
                text = " ".join(q.text.split())
                text = text if len(text) <= 240 else text[:239] + "…"
                also = f" (also in {refs(q.sources)})" if q.sources else ""
                lines.append(f"- {q.published or 'undated'} · {', '.join(q.signals)}: “{_md_escape(text)}”"
                             f"{refs([q.citation])}{also}")
            lines.append("")
    lines += ["## Who stands apart on their side", ""]
    if b.roles:
        lines += ["| Actor | Side | Role | Coded statements | Cooperation | Rest of side | Difference (interval) |",
                  "|---|---|---|---:|---:|---:|---|"]
        lines += [f"| {_md_escape(r.actor)} | {r.side} | {r.role} | {r.scored} | {r.cooperation:+.2f} | "
                  f"{r.side_cooperation:+.2f} | [{r.difference_low:+.2f}, {r.difference_high:+.2f}] |" for r in b.roles]
    else:
        lines.append(f"No actor's statements set it apart from the rest of its side with enough evidence (at least "
                     f"{b.min_evidence} coded statements and an interval that excludes its side's mean).")
    lines += ["", "## Contradictions", ""]
    if b.contradictions:
        lines += [f"- **{c.rule.replace('_', ' ')}**{f' ({c.topic})' if c.topic else ''}: "
                  f"{_md_escape(c.explanation)}{refs([c.a, c.b])}" for c in b.contradictions]
    else:
        lines.append("No two statements of one side contradict each other in this period.")
    lines += ["", "## Tactics", ""]
    if b.tactics:
        lines += [f"- **{t.pattern.replace('_', ' ')}**: {_md_escape(t.summary)}{refs(t.citations)} "
                  f"(evidence: {_md_escape(t.strength)})" for t in b.tactics]
    else:
        lines.append("No negotiating tactic rests on enough evidence in this period (docs/tactics.md gives the "
                     "thresholds).")
    lines += ["", "## Words against deeds", ""]
    if b.saydo_warning:
        lines += [f"**Warning:** {_md_escape(b.saydo_warning)}", ""]
    if b.ceasefires:
        lines += ["| Side | Declared | Window | Attacks in window | Before | Verdict | Source |",
                  "|---|---|---|---:|---:|---|---|"]
        lines += [f"| {c.side or '–'} | {c.declared} | {c.start} – {c.end}{' (assumed)' if c.window_source != 'text' else ''} "
                  f"| {c.attacks} | {c.attacks_before} | {c.verdict} | {refs([c.citation])} |" for c in b.ceasefires]
    else:
        lines.append("No ceasefire was declared, proposed or accepted in this period.")
    if "saydo" in chart_files:
        lines += ["", f"![Words against deeds]({chart_files['saydo']})"]
    lines += ["", "## Sources", ""]
    for c in b.citations:
        where = f"document `{c.doc_id}`, characters {c.start}–{c.end}"
        extra = "".join([f", “{_md_escape(c.title)}”" if c.title else "", f", {_md_escape(c.source)}" if c.source else "",
                         f", <{c.url}>" if c.url else "", f" · [in Parley]({c.link})" if c.link else ""])
        text = " ".join(c.text.split())
        text = text if len(text) <= 180 else text[:179] + "…"
        lines.append(f"[^{c.number}]: {_md_escape(c.speaker or 'Unknown speaker')}"
                     f"{f' ({c.side})' if c.side else ''}, {c.published or 'undated'}: “{_md_escape(text)}” — {where}{extra}.")
    lines += ["", f"*Store: {b.store}.*", ""]
    return "\n".join(lines)


def write_report(b: Briefing, path: str | Path, fmt: str) -> list[Path]:
    """Write the briefing to ``path`` in ``fmt`` (html, pdf, md); return the files written
    (Markdown also writes its charts as SVG files beside it)."""
    if fmt not in FORMATS:
        raise ConfigError(f"{fmt!r} is not a report format; use one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.parent.exists():
        raise ConfigError(f"cannot write {path}: folder {path.parent} does not exist")
    if fmt == "html":
        path.write_text(render_html(b), encoding="utf-8")
        return [path]
    if fmt == "pdf":
        path.write_bytes(render_pdf(b))
        return [path]
    written = []
    files = {}
    for c in b.charts:
        svg_path = path.with_name(f"{path.stem}-{c.name}.svg")
        svg_path.write_text(charts.to_svg(charts.fixed_width(c.spec)), encoding="utf-8")
        files[c.name] = svg_path.name
        written.append(svg_path)
    path.write_text(render_markdown(b, chart_files=files), encoding="utf-8")
    return [path, *written]


__all__ = ["FORMATS", "escape", "render_html", "render_markdown", "render_pdf", "write_report"]
