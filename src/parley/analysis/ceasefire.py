"""Reading a ceasefire's window from the words that declare it.

``ceasefire_window(statement)`` returns the first and last day a declared, proposed or accepted
ceasefire covers, when the text gives them: an explicit range ("from May 8 to May 10", "с 8 по 10
мая"), a start and a length ("a three-day truce from May 8", "a 30-day ceasefire", "for 72
hours"), an end ("until May 11"), or a named holiday ("Easter truce", "Christmas truce", Orthodox
dates). A length without a start starts on the day the statement was published. Dates without a year take
the year of publication. When the text gives none of these, the answer is None.

>>> import datetime as dt
>>> from parley.records import Statement
>>> s = Statement("d", 0, 1, "Putin declared a three-day truce from May 8.", "indirect",
...               published=dt.date(2025, 4, 28))
>>> ceasefire_window(s)
(datetime.date(2025, 5, 8), datetime.date(2025, 5, 10))
"""

from __future__ import annotations

import datetime as dt
import math
import re

from ..records import Statement

_F = re.IGNORECASE | re.UNICODE

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan январ января січня січень",
        "february feb феврал февраля лютого лютий",
        "march mar март марта березня березень",
        "april apr апрел апреля квітня квітень",
        "may мая май травня травень",
        "june jun июн июня червня червень",
        "july jul июл июля липня липень",
        "august aug август августа серпня серпень",
        "september sep sept сентябр сентября вересня вересень",
        "october oct октябр октября жовтня жовтень",
        "november nov ноябр ноября листопада листопад",
        "december dec декабр декабря грудня грудень",
    ),
    1,
):
    for _n in _names.split():
        MONTHS[_n] = _i
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\w*"

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "sixty": 60, "ninety": 90,
    "одно": 1, "одн": 1, "дву": 2, "двух": 2, "два": 2, "тр": 3, "трех": 3, "трёх": 3, "три": 3,
    "четыр": 4, "пят": 5, "семи": 7, "десяти": 10, "тридцати": 30,
    "дво": 2, "двох": 2, "трьох": 3, "чотирь": 4, "п'ят": 5, "тридцят": 30,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"

_CEASE = r"(cease[- ]?fire|truce|armistice|pause|halt|moratorium|перемири\w*|перемир.я|прекращени\w* огня|припинення вогню|режим\w* тиш\w*)"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH, _F)
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", _F)
_RANGE_SAME_MONTH = re.compile(
    r"\b(?:from|between|с|від|з)\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:to|until|till|and|-|–|по|до)\s*(\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH,
    _F,
)
_RANGE_MONTH_FIRST = re.compile(
    r"\b(?:from|between)\s+" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:to|until|till|and|-|–)\s*(\d{1,2})\b(?!\s*(?:hours|days))",
    _F,
)
_LINK = r"[иыеоёі]?[\s-]*"  # "three-day", "тридцатидневное", "тридцятиденне"
_LENGTH_DAYS = re.compile(_NUM + _LINK + r"(day|days|дн\w*|денн\w*|сут\w*|доб\w*)", _F)
_LENGTH_HOURS = re.compile(_NUM + _LINK + r"(hour|hours|час\w*|годин\w*)", _F)
_LENGTH_WEEKS = re.compile(_NUM + _LINK + r"(week|weeks|недел\w*|тиж\w*)", _F)
_LENGTH_MONTHS = re.compile(_NUM + _LINK + r"(month|months|месяц\w*|місяц\w*)", _F)
_FROM = re.compile(r"\b(from|starting|beginning|as of|effective|с|від|з)\b", _F)
_UNTIL = re.compile(r"\b(until|till|through|up to|по|до)\b", _F)
_EASTER = re.compile(r"(easter|пасх\w*|великодн\w*|великдень)", _F)
_CHRISTMAS = re.compile(r"(christmas|рождеств\w*|різдв\w*)", _F)


def orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday (Julian computus, given as a Gregorian date) of ``year``."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month = (d + e + 114) // 31
    day = (d + e + 114) % 31 + 1
    return dt.date(year, month, day) + dt.timedelta(days=13 if year < 2100 else 14)


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    for k in sorted(NUMBERS, key=len, reverse=True):
        if token.startswith(k):
            return NUMBERS[k]
    return None


def _date(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dates(text: str, year: int) -> list[tuple[int, dt.date]]:
    """Day-and-month dates in ``text`` with their character offsets."""
    out = []
    for m in _DAY_MONTH.finditer(text):
        d = _date(int(m.group(1)), MONTHS[_month_key(m.group(2))], year)
        if d:
            out.append((m.start(), d))
    for m in _MONTH_DAY.finditer(text):
        d = _date(int(m.group(2)), MONTHS[_month_key(m.group(1))], year)
        if d:
            out.append((m.start(), d))
    return sorted(out)


def _month_key(word: str) -> str:
    w = word.lower()
    for k in sorted(MONTHS, key=len, reverse=True):
        if w.startswith(k):
            return k
    return w


def _length_days(text: str) -> int | None:
    for pat, per in ((_LENGTH_DAYS, 1.0), (_LENGTH_WEEKS, 7.0), (_LENGTH_MONTHS, 30.0), (_LENGTH_HOURS, 1 / 24)):
        m = pat.search(text)
        if m:
            n = _number(m.group(1))
            if n:
                return max(1, math.ceil(n * per))
    return None


def window_from_text(text: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The ceasefire window ``text`` names (see the module docstring), or None."""
    year = (published or dt.date.today()).year
    m = _RANGE_SAME_MONTH.search(text)
    if m:
        month = MONTHS[_month_key(m.group(3))]
        a, b = _date(int(m.group(1)), month, year), _date(int(m.group(2)), month, year)
        if a and b and a <= b:
            return a, b
    m = _RANGE_MONTH_FIRST.search(text)
    if m:
        month = MONTHS[_month_key(m.group(1))]
        a, b = _date(int(m.group(2)), month, year), _date(int(m.group(3)), month, year)
        if a and b and a <= b:
            return a, b
    dates = _dates(text, year)
    length = _length_days(text)
    if len(dates) >= 2 and dates[0][1] <= dates[1][1] and (dates[1][1] - dates[0][1]).days <= 366:
        between = text[dates[0][0]:dates[1][0]]
        if _UNTIL.search(between) or re.search(r"\b(and|to)\b|-|–", between):
            return dates[0][1], dates[1][1]
    if dates:
        pos, day = dates[0]
        before = text[max(0, pos - 25):pos]
        if _UNTIL.search(before) and not _FROM.search(before):
            start = published or day
            return (start, day) if start <= day else (day, day)
        if length:
            return day, day + dt.timedelta(days=length - 1)
        return day, day
    if _EASTER.search(text):
        easter = orthodox_easter(year)
        if published and easter < published - dt.timedelta(days=14):
            easter = orthodox_easter(year + 1)
        return easter - dt.timedelta(days=1), easter
    if _CHRISTMAS.search(text):
        christmas = dt.date(year, 1, 7)
        if published and christmas < published - dt.timedelta(days=14):
            christmas = dt.date(year + 1, 1, 7)
        return christmas - dt.timedelta(days=1), christmas
    if length and published:
        return published, published + dt.timedelta(days=length - 1)
    return None


def ceasefire_window(statement: Statement) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the ceasefire ``statement`` declares, proposes or accepts, when its
    text says (see the module docstring); None when it does not."""
    return window_from_text(statement.text, statement.published)
