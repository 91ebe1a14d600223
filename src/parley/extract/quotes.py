"""Quotations in a text: every style ("…", “…”, «…», „…“, ''…'', '…'), over several paragraphs.

:func:`find_quotes` returns the spans *inside* the quotation marks, as character offsets into the
text. A quote that runs over several paragraphs (each paragraph opening with a quotation mark and
only the last one closing it, the English convention) is one quote. Single-quoted passages are
taken only outside double quotes and when they are long enough not to be apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` inside the marks, ``outer_start``/``outer_end`` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool = True


_SPACE_BEFORE = set(" \t\n\r([{\u2014\u2013-/\u00a0:;,")
_AFTER_CLOSE = set(" \t\n\r)]}.,;:!?\u2014\u2013-\u00a0\"'\u201d\u2019\u00bb")


def _pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    marks = sorted({m for pair in pairs for m in pair}, key=len, reverse=True)
    return re.compile("|".join(re.escape(m) for m in marks))


class QuoteFinder:
    """Finds quotations with the quotation marks of one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.double = lexicon.double_quotes
        self.single = lexicon.single_quotes
        self._double_re = _pattern(self.double) if self.double else None
        self._single_re = _pattern(self.single) if self.single else None
        self._closers = {}
        for pairs in (self.double, self.single):
            for o, c in pairs:
                self._closers.setdefault(o, set()).add(c)
        self._openers = {o for o, _ in self.double} | {o for o, _ in self.single}
        self._close_only = {c for _, c in self.double + self.single} - self._openers

    def __call__(self, text: str) -> list[Quote]:
        quotes: list[Quote] = []
        if self._double_re is not None:
            quotes = self._scan(text, self._double_re, min_words=1)
        if self._single_re is not None:
            inside = [(q.outer_start, q.outer_end) for q in quotes]
            singles = [
                q
                for q in self._scan(text, self._single_re, min_words=3, single=True)
                if not any(a <= q.outer_start < b for a, b in inside)
            ]
            quotes = sorted(quotes + singles, key=lambda q: q.start)
        return quotes

    def _roles(self, text: str, pos: int, mark: str) -> tuple[bool, bool]:
        before = text[pos - 1] if pos > 0 else " "
        after_pos = pos + len(mark)
        after = text[after_pos] if after_pos < len(text) else " "
        can_open = (before in _SPACE_BEFORE or before in self._openers) and not after.isspace()
        can_close = (not before.isspace()) and (after in _AFTER_CLOSE or after.isspace())
        if mark in self._close_only:
            can_open = False
            can_close = True
        elif mark in self._openers and mark not in {c for cs in self._closers.values() for c in cs}:
            can_open, can_close = True, False
        return can_open, can_close

    def _scan(
        self, text: str, pattern: re.Pattern[str], *, min_words: int, single: bool = False
    ) -> list[Quote]:
        out: list[Quote] = []
        open_mark: str | None = None
        open_pos = -1
        depth = 0  # straight quotation marks nested inside an open quotation
        for m in pattern.finditer(text):
            mark, pos = m.group(), m.start()
            if single and mark in ("'", "\u2019"):
                before = text[pos - 1] if pos > 0 else " "
                after = text[pos + 1] if pos + 1 < len(text) else " "
                if before.isalnum() and after.isalnum():
                    continue  # an apostrophe inside a word: don't, Clinton’s
            can_open, can_close = self._roles(text, pos, mark)
            if open_mark is None:
                if can_open:
                    open_mark, open_pos = mark, pos
                    depth = 0
                continue
            closers = self._closers.get(open_mark, ())
            if mark in closers and can_close and not (can_open and not can_close):
                if depth > 0:
                    depth -= 1
                    continue
                self._emit(out, text, open_pos, len(open_mark), pos, len(mark), min_words, single)
                open_mark = None
                continue
            if can_open and not can_close and mark in self._openers:
                # An opening mark while a quote is open: either the quote runs on into a new
                # paragraph (English convention: no closing mark at the paragraph's end), or the
                # first quote was never closed. Keep one quote when the mark starts a paragraph
                # or a sentence; otherwise close the first one before the new mark.
                prev = text[max(0, pos - 3) : pos]
                if "\n" in prev or re.search(r"[.!?,:]\s*$", prev):
                    continue
                if mark == open_mark and not single:
                    depth += 1  # 'There should be no "suspended" packages'
                    continue
                if single:
                    open_mark, open_pos = mark, pos
                    continue
        if open_mark is not None and not single:
            end = len(text.rstrip())
            if end > open_pos + len(open_mark):
                self._emit(out, text, open_pos, len(open_mark), end, 0, min_words, single, closed=False)
        return out

    @staticmethod
    def _emit(
        out: list[Quote],
        text: str,
        open_pos: int,
        open_len: int,
        close_pos: int,
        close_len: int,
        min_words: int,
        single: bool,
        closed: bool = True,
    ) -> None:
        start, end = open_pos + open_len, close_pos
        # trim spaces inside the marks so that the span starts and ends on words
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return
        body = text[start:end]
        if single and ("\n\n" in body or len(body) > 600):
            return
        if len(body.split()) < min_words:
            return
        out.append(Quote(start, end, open_pos, close_pos + close_len, closed))


def find_quotes(text: str, lexicon: Lexicon) -> list[Quote]:
    """Quotations in ``text`` (spans inside the marks), in order."""
    return QuoteFinder(lexicon)(text)
