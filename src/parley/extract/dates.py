"""The date of a statement: the document's date unless the sentence gives another.

"On Monday, Peskov said ..." in a document of Wednesday 2 March is a statement of 28 February;
"on February 24" is that day of the document's year (or the year before, when that would fall
after the document); "yesterday" is the day before.
"""

from __future__ import annotations

import datetime as dt
import re

from .._lazy import lazy_module
from .lexicon import Lexicon

dateparser = lazy_module("dateparser")


def statement_date(text: str, cand, published: dt.date | None, lexicon: Lexicon) -> dt.date | None:
    """The date a statement was made, read from the words around its cue."""
    if published is None or cand.cue is None:
        return published
    a = max(0, cand.cue[0] - 60)
    b = min(len(text), cand.cue[1] + 40)
    window = text[a:b].lower()
    return date_in(window, published, lexicon) or _other_date(window, cand.cue[0] - a, published, lexicon) or published


_DAY_MONTH = None


def date_in(window: str, published: dt.date, lexicon: Lexicon) -> dt.date | None:
    months = lexicon.months
    if months:
        names = "|".join(months)
        m = re.search(rf"\bon\s+(?:(\d{{1,2}})\s+({names})|({names})\s+(\d{{1,2}}))\b(?:,?\s+(\d{{4}}))?", window)
        if m:
            day = int(m.group(1) or m.group(4))
            month = months.index(m.group(2) or m.group(3)) + 1
            year = int(m.group(5)) if m.group(5) else published.year
            try:
                d = dt.date(year, month, day)
            except ValueError:
                return None
            if not m.group(5) and d > published:
                try:
                    d = dt.date(year - 1, month, day)
                except ValueError:
                    return None
            # "on June 22, 1941" dates what is spoken of, not the speaking: a statement's own date
            # falls within the year before its document, else the document's date stands
            return d if published - dt.timedelta(days=366) <= d <= published else None
    for word, delta in lexicon.relative_days.items():
        if re.search(rf"\b{re.escape(word)}\b", window):
            return published + dt.timedelta(days=int(delta))
    if lexicon.weekdays:
        m = re.search(r"\bon\s+(" + "|".join(lexicon.weekdays) + r")\b", window)
        if m:
            wd = lexicon.weekdays.index(m.group(1))
            back = (published.weekday() - wd) % 7
            return published - dt.timedelta(days=back)
    return None


_ABBR_MONTHS = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_OTHER = re.compile(
    r"\bon\s+(?P<a>\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|{_ABBR_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_ABBR_MONTHS}(?:\s+\d{{4}})?)(?![\w-])"
    r"|\b(?P<b>last\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    r"|\bon\s+(?P<c>the\s+\d{1,2}(?:st|nd|rd|th)\s+of\s+\w+)"
)


def _other_date(window: str, cue_at: int, published: dt.date, lexicon: Lexicon) -> dt.date | None:
    """A date in another form ("on 24.02.2022", "on Feb. 24", "last Monday"), read with
    dateparser, when it stands in the cue's own clause (no sentence break between them) and falls
    within the year before the document."""
    for m in _OTHER.finditer(window):
        lo, hi = sorted((m.start(), cue_at))
        if re.search(r"[.!?]\s", window[lo:hi].replace("feb. ", "feb ")):
            continue  # another sentence's date
        phrase = m.group("a") or m.group("b") or m.group("c")
        try:
            got = dateparser.parse(
                phrase,
                languages=[lexicon.language],
                settings={
                    "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
                    "PREFER_DATES_FROM": "past",
                    "DATE_ORDER": "DMY",
                },
            )
        except (ValueError, TypeError, OverflowError, LookupError):  # an unreadable phrase is no date
            got = None
        if got is None:
            continue
        d = got.date()
        if m.group("b") and d >= published:
            d -= dt.timedelta(days=7)  # "last Monday" is before the document's day
        if published - dt.timedelta(days=366) <= d <= published:
            return d
    return None
