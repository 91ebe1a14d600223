"""Briefings: what happened in a period, for people who will not open the dashboard.

>>> import datetime as dt
>>> from parley.api import Parley
>>> from parley.store import open_store
>>> b = build_briefing(Parley(open_store(":memory:")), since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
>>> b.title
'Briefing: all sides, 2024-03-01 to 2024-03-31'

The briefing itself is built by :meth:`parley.api.Parley.briefing` (:mod:`parley.api.briefing`);
this package renders it as HTML, PDF or Markdown. It needs neither the dashboard nor FastAPI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..api import Parley
from ..api.briefing import Briefing, Citation, Headline, key_statements
from .render import FORMATS, render_html, render_markdown, render_pdf, write_report


def build_briefing(source: Any, *, since: dt.date, until: dt.date, sides: Sequence[str] = (),
                   base_url: str | None = None, quotes_per_side: int = 5, chart_width: int = 640) -> Briefing:
    """The briefing for ``since``–``until`` over ``sides``: ``source.briefing(...)`` for a
    :class:`~parley.api.Parley`, or over a :class:`~parley.store.Store` given directly."""
    return Parley.of(source).briefing(since=since, until=until, sides=sides, base_url=base_url,
                                      quotes_per_side=quotes_per_side, chart_width=chart_width)


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
