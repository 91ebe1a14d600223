"""Publication dates from whatever a source gives: ISO strings, RFC 822, "25 February 2022",
"25 февраля 2022", Unix timestamps, feedparser's time tuples."""

from __future__ import annotations

import datetime as dt
import re
import time
from functools import lru_cache
from typing import Any

from .._lazy import lazy_module
from ..records import IMPLAUSIBLE_DATE

__all__ = ["EARLIEST_DATE", "IMPLAUSIBLE_DATE", "implausible_date", "parse_date"]

dateparser = lazy_module("dateparser")

#: Before it, a publication date is implausible unless the user says otherwise (the
#: ``earliest_date`` setting): the press this tool reads begins after the Soviet Union.
EARLIEST_DATE = dt.date(1991, 1, 1)


def implausible_date(day: dt.date, earliest: dt.date = EARLIEST_DATE, today: dt.date | None = None, *,
                     latest: dt.date | None = None) -> str | None:
    """Why ``day`` cannot be a publication date (before ``earliest``, or after ``today``, a day's
    grace for time zones, unless ``latest`` says how far dates may run), or None when it can."""
    today = today or dt.date.today()
    if day < earliest:
        return f"before {earliest.isoformat()} (the earliest_date setting)"
    if latest is not None:
        return f"after {latest.isoformat()}" if day > latest else None
    if day > today + dt.timedelta(days=1):
        return f"in the future (after {today.isoformat()})"
    return None


_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=4096)
def _parse_text(value: str) -> dt.date | None:
    m = _ISO.match(value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        parsed = dateparser.parse(
            value,
            languages=["en", "ru", "uk"],
            settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False},
        )
    except (ValueError, OverflowError, OSError):  # "in 99999999 years" and the like: no date
        return None
    return parsed.date() if parsed else None


def parse_date(value: Any) -> dt.date | None:
    """A date from ``value``, or None when it holds none."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        try:  # feedparser's tuples can hold year 0 or a day 0
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except (ValueError, OverflowError):
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 10**9 <= value < 10**11:  # seconds since the epoch
            return dt.datetime.fromtimestamp(value, dt.UTC).date()
        if 10**12 <= value < 10**14:  # milliseconds
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
        return None
    return _parse_text(str(value).strip()[:200])
