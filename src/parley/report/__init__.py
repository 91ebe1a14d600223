"""Briefings: what happened in a period, for people who will not open the dashboard.

>>> import datetime as dt
>>> from parley.store import open_store
>>> from parley.report import build_briefing, render_markdown
>>> b = build_briefing(open_store(":memory:"), since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
>>> b.title
'Briefing: all sides, 2024-03-01 to 2024-03-31'
"""

from __future__ import annotations

from .briefing import Briefing, Citation, Headline, build_briefing, key_statements
from .render import FORMATS, render_html, render_markdown, render_pdf, write_report

__all__ = [
    "FORMATS",
    "Briefing",
    "Citation",
    "Headline",
    "build_briefing",
    "key_statements",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_report",
]
