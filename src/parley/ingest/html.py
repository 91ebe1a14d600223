"""Main text, title, author and date of an HTML page (trafilatura, htmldate, dateparser).

trafilatura finds the main text and the metadata. Its date comes from htmldate, which in its
extensive search can take a footer's "© 2026" for the publication date; Parley asks htmldate for
the date without the extensive search first, and accepts a year-only guess (January 1st) only when
that year is not the page's copyright year.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import htmldate
import lxml.etree
import trafilatura

from .dates import parse_date

log = logging.getLogger(__name__)

_COPYRIGHT_YEAR = re.compile(r"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?(\d{4})", re.I)


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    sitename: str | None
    language: str | None


def _is_copyright_guess(day: dt.date, copyright_years: set[int]) -> bool:
    """A January 1st of the page's copyright year is the footer read as a date, not a date."""
    return day.year in copyright_years and (day.month, day.day) == (1, 1)


def _date_from_html(html: str, url: str | None, fallback: str | None = None) -> dt.date | None:
    copyright_years = {int(y) for y in _COPYRIGHT_YEAR.findall(html)}
    candidates: list[str] = []
    for extensive in (False, True):
        try:
            found = htmldate.find_date(
                html, url=url, original_date=True, extensive_search=extensive, outputformat="%Y-%m-%d"
            )
        except (lxml.etree.LxmlError, ValueError, TypeError) as exc:  # odd markup: no date from it
            log.debug("htmldate failed on %s: %s", url, exc)
            found = None
        if found:
            candidates.append(found)
    if fallback:
        candidates.append(fallback)
    for found in candidates:
        day = parse_date(found)
        if day is not None and not _is_copyright_guess(day, copyright_years):
            return day
    return None


def extract_page(html: str, url: str | None = None) -> Page | None:
    """The main content of a page, or None when there is none worth keeping."""
    meta = trafilatura.extract_metadata(html, default_url=url)
    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        text = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
    if not text or not text.strip():
        return None
    published = _date_from_html(html, url, meta.date if meta is not None else None)
    return Page(
        text=text,
        title=(meta.title if meta else None) or None,
        author=(meta.author if meta else None) or None,
        published=published,
        url=(meta.url if meta and meta.url else url),
        sitename=(meta.sitename if meta else None) or None,
        language=(meta.language if meta else None) or None,
    )
