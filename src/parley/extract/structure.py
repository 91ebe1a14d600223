"""Reading a document's structure before any attribution, the same way in every language.

:func:`read_structure` (or a :class:`StructureReader` kept per language) turns a text into a
:class:`Structure`, whose every offset is an offset into the original text:

- a *view* of the text with markup and emoji masked out (Markdown ``**bold**``, ``[text](url)``
  link targets, bare URLs, HTML tags and entities, emoji and their joiners): each masked character
  is replaced by a space, so the view has the text's length and a span of one is a span of the
  other (:func:`mask_markup`);
- its lines, with bullets and numbering recognised (:class:`Line`);
- *furniture*, text that is not part of the piece and never a statement: lists of related
  headlines, captions and photo credits, bylines, player, cookie and subscription notices,
  footers, timestamps of a transcript (lexicon ``structure.furniture_lines``, ``furniture_spans``
  and ``related_headers``);
- transcript *turns*, each under a label ("Vladimir Putin:", "MR. KIRBY:", "THE PRESIDENT:", "Q");
- *headers* that name the text's speaker, with the text each governs (:class:`Header`): the
  document's own title ("Statement by Foreign Minister Sergey Lavrov"), a header line ("Remarks
  by ...", "Главное из брифинга Захаровой:"), a label line ("Sergey Lavrov:") over paragraphs or
  bullet points;
- *headlines* that give a speaker's words with the speaker's name ("Umerov: talks will go on",
  "«...» — Умєров про ...", "text, – Sybiha"): :class:`Headline`.

Languages differ only in the lexicon data they bring (``lexicons/<language>.yaml``: the
``structure`` section, ``statement_titles``, ``question_labels``, ``role_nouns``); the code is one.
Whether a few words are a speaker's name is asked of a ``name_like`` callback the extractor gives
(the actor registry, and what the language knows of personal names).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..literals import fold, needs, passes
from .lexicon import Lexicon, load_lexicon

__all__ = [
    "Header",
    "Headline",
    "Line",
    "Structure",
    "StructureReader",
    "Turn",
    "mask_markup",
    "read_structure",
]

# ----------------------------------------------------------------------------- markup
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:https?://|tg://|www\.|/)[^)\s]*\)")
_MD_MARKS = re.compile(r"\*\*|__|~~|\|\||`+")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+")
#: marks that open a quotation (a label followed by one is a labelled quotation, not a turn)
QUOTE_OPENERS = "\"\u201c\u00ab\u201e"
_COLON_QUOTE = re.compile(r":[ \u00a0]+[\"\u201c\u00ab\u201e]")  # the labelled quotation's mark, looked for before its pattern
_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>\n]{0,200})?/?>|&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
#: emoji, pictographs, dingbats, arrows and the joiners and selectors that build them
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U0001f1e6-\U0001f1ff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff"
    "\u25a0-\u25ff\ufe0f\ufe0e\u200d\u200b\u2060\u20e3\U000e0020-\U000e007f]"
)
#: a character or string every match of the patterns above holds (a text without one is its own view)
_MARKUP_HINT = re.compile(
    r"[*_\[<&`~|\u200b-\u200d\u2060\ufe0e\ufe0f\u20e3\u2190-\u27bf\u2b00-\u2bff]|[\U0001f000-\U0001faff\U000e0020-\U000e007f]"
    r"|https?://|www\."
)


def mask_markup(text: str) -> str:
    """``text`` with markup, link targets, URLs, HTML remnants and emoji replaced by spaces of
    the same length (line breaks kept): offsets into the result are offsets into ``text``."""
    if not _MARKUP_HINT.search(text):
        return text
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "

    for m in _MD_LINK.finditer(text):
        blank(m.start(), m.start() + 1)  # "["
        blank(m.end(1), m.end())  # "](url)"
    for rx in (_MD_MARKS, _BARE_URL, _HTML, _EMOJI):
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    return "".join(chars)


#: characters that open a bullet point (after the line's spaces)
BULLETS = frozenset("\u25aa\u25ab\u2022\u25cf\u25fe\u25fd\u25a0\u25a1\u2023\u2043\u2219\u00b7\u27a1\u2705\u2757\u2755\u26a1\u2b50\u2714\u2611\u25b6\u25ba\u2192\u261d\u2666\u2756\u25c6\u25c7\u2014\u2013-*\u2796\u2795\u25b8\u25b9\u2713")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s")
_FINAL = ".!?\u2026\"\u201d\u00bb)"


def _is_pictograph(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x1F000 or 0x2600 <= o <= 0x27BF or 0x2B00 <= o <= 0x2BFF or 0x2190 <= o <= 0x21FF


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``start``/``end`` bound its words (bullets, markup and spaces
    trimmed); ``bullet`` when it opens with a bullet, an emoji or a number ("1.")."""

    start: int
    end: int
    bullet: bool = False
    emoji: bool = False  # opens with an emoji (a labelled post: "💬 Sergey Lavrov: ...")

    def text(self, view: str) -> str:
        return view[self.start : self.end]


def _lines(text: str, view: str) -> list[Line]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        k = a
        while k < b and text[k].isspace():
            k += 1
        bullet = emoji = False
        if k < b:
            ch = text[k]
            if _is_pictograph(ch) or ch in "\ufe0f":
                emoji = True
                bullet = True
            elif ch in BULLETS and (ch not in "-*\u2013\u2014" or (k + 1 < b and text[k + 1] == " ")) and not text.startswith("**", k):
                bullet = True
            elif _NUMBERED.match(text, k):
                bullet = True
        # the words: past bullets, emoji, markup and spaces
        while a < b and (view[a].isspace() or text[a] in BULLETS and (a + 1 >= b or not text[a + 1].isalnum())):
            a += 1
        if bullet and _NUMBERED.match(text, a):
            a = _NUMBERED.match(text, a).end()
            while a < b and view[a].isspace():
                a += 1
        while b > a and view[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Line(a, b, bullet, emoji))
    return out


# ----------------------------------------------------------------------------- turns
class _Label(NamedTuple):
    start: int
    label_end: int
    name: str
    end: int


@dataclass(slots=True)
class Turn:
    """A transcript turn: its label ("Vladimir Putin:"; ``label_end`` after the colon) and the
    words it gives (``start``/``end``)."""

    label_start: int
    label_end: int
    name: str
    start: int
    end: int


#: a word that ends a sentence inside what looks like a label ("Mr Shoigu. Sergei Shoigu:")
_LABEL_SENTENCE_END = re.compile(r"(?<![\w.])([A-Za-z\u0400-\u04ff][a-z\u0430-\u045f'\u2019-]{2,})\.[ \u00a0]+(?=[A-Z\u0400-\u042f])")
#: a transcript label that prints the name twice, the second time surname first and run into a
#: title, with a space before the colon: "Prime Minister Anna Berg Berg AnnaPrime Minister of X :"
_TITLED_LABEL = re.compile(
    r"(?:^|(?<=[.!?\u2026\"\u201d\u00bb)*\n]\s)|(?<=\n))"
    r"(?P<label>(?:(?:[A-Z][\w'\u2019\-]*|of|the|and|for|on|in|to)[ \u00a0]){0,12}?"
    r"(?P<first>[A-Z][a-z'\u2019\-]+)[ \u00a0](?P<last>[A-Z][\w'\u2019\-]+)[ \u00a0](?P=last)[ \u00a0](?P=first)"
    r"(?:[A-Z][^:.\n]{0,150}?)?)[ \u00a0]?:[ \u00a0\n]"
)
_LABEL = re.compile(
    r"(?:^|(?<=[.!?\u2026\"\u201d\u00bb)*\n]\s)|(?<=\n)|(?<=\n[ \t\u00a0]))"
    r"(?P<label>[A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019.\-]*(?:[ \u00a0](?:[A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019.\-]*|of|the|and|for|de|von|van|al)){0,12})"
    # a translator's note after the name ("Macky Sall(retranslated):", "Vladimir Putin (in English):")
    r"(?:[ \u00a0]?\([a-z\u0430-\u044f\u0454\u0456\u0457 ]{2,30}\))?:[ \u00a0\n]",
    re.MULTILINE,
)
#: a question turn labelled "Q" alone at the start of a line (White House transcripts)
_Q_LABEL = re.compile(r"^[ \t\u00a0]*(?P<label>Q)(?::|[ \u00a0]{1,3}(?=[A-Z\u0400-\u042f(\"\u201c\u2018']))", re.MULTILINE)
#: words that open a line which only looks like a label ("Note:", "Photo:")
_NOT_LABELS = frozenset(["note", "photo", "source", "update", "read", "related", "example", "caption", "video",
                         "watch", "see", "editor", "image", "credit", "tags", "topics", "share", "also", "warning",
                         "important", "attention", "background", "context", "details", "more", "subscribe", "follow"])


# ----------------------------------------------------------------------------- headers
@dataclass(frozen=True, slots=True)
class Header:
    """Text that names the speaker of the text it governs.

    ``cue`` is the header's span (None for a header given outside the text: the document's title
    or its metadata); ``mentions`` the spans of the speakers' names in the text, ``names`` the
    names as written (one per speaker); ``region`` the text governed; ``form`` one of
    ``document`` (the whole text is the speaker's: title, metadata, a first line), ``block`` (the
    points or paragraphs under a header line), ``label`` (the paragraphs under "Name:")."""

    names: tuple[str, ...]
    region: tuple[int, int]
    form: str
    cue: tuple[int, int] | None = None
    mentions: tuple[tuple[int, int], ...] = ()
    cue_text: str | None = None
    joint: bool = False


@dataclass(frozen=True, slots=True)
class Headline:
    """A line that gives a speaker's words with the speaker's name: ``content`` the words,
    ``mention`` the name, ``cue`` the colon or dash between them; ``quoted`` when the words stand
    in quotation marks."""

    content: tuple[int, int]
    mention: tuple[int, int]
    cue: tuple[int, int]
    quoted: bool = False
    #: a labelled quotation ("Name, Title, Organisation: “...”"): the label's person speaks
    #: the whole quotation, whatever cues stand inside it
    label: bool = False


@dataclass(frozen=True)
class Structure:
    """What :class:`StructureReader` found in one text (all offsets into the text)."""

    text: str
    view: str
    lines: tuple[Line, ...]
    furniture: tuple[tuple[int, int], ...] = ()
    turns: tuple[Turn, ...] = ()
    headers: tuple[Header, ...] = ()
    headlines: tuple[Headline, ...] = ()
    _fstarts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._fstarts.extend(a for a, _ in self.furniture)

    def in_furniture(self, start: int, end: int) -> bool:
        """Whether at least half of [start, end) is furniture."""
        if not self.furniture or end <= start:
            return False
        k = bisect.bisect_right(self._fstarts, end)
        covered = 0
        for a, b in self.furniture[max(0, k - 8) : k]:
            covered += max(0, min(b, end) - max(a, start))
        return 2 * covered >= end - start

    def header_at(self, pos: int) -> Header | None:
        """The innermost header whose region holds ``pos``."""
        best = None
        for h in self.headers:
            if h.region[0] <= pos < h.region[1] and (best is None or h.region[1] - h.region[0] < best.region[1] - best.region[0]):
                best = h
        return best

    def line_at(self, pos: int) -> Line | None:
        k = bisect.bisect_right([ln.start for ln in self.lines], pos) - 1
        if k >= 0 and self.lines[k].start <= pos <= self.lines[k].end:
            return self.lines[k]
        return None


# ----------------------------------------------------------------------------- the reader
_WORD = re.compile(r"[\w\u2019'.\-]+")
#: what every match of a headline's dash forms holds: a dash between spaces ("words — Name"), a
#: comma before a dash ("words, - Name")
_SPACED_DASH = re.compile(r"[ \u00a0](?:[\u2014\u2013]|-{1,2})[ \u00a0]")
_COMMA_DASH = re.compile(r",[ \u00a0]*[\u2014\u2013-]")
#: what makes patterns unsafe to join into one alternation: a back-reference or a conditional by
#: number, an inline flag (allowed only at a pattern's start)
_UNJOINABLE = re.compile(r"\\[1-9]|\(\?\(|\(\?[aiLmsux-]+\)")


def _any_search(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], bool]:
    """Whether any of ``patterns`` is found in a text, as one search of their alternation where
    they can be joined (the same flags, no reference to a group by number, no inline flag, no
    group name twice), else one search each."""
    if len(patterns) > 1 and len({p.flags for p in patterns}) == 1 and not any(_UNJOINABLE.search(p.pattern) for p in patterns):
        try:
            joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
        except re.error:  # a group name used twice
            pass
        else:
            return lambda text: joined.search(text) is not None
    return lambda text: any(p.search(text) for p in patterns)


class StructureReader:
    """Reads texts of one language into :class:`Structure` (lexicon data, one code path)."""

    def __init__(self, lexicon: Lexicon, name_kind: Callable[[str], str | None] | None = None):
        self.lx = lexicon
        raw = (lexicon.raw or {}).get("structure") or {}
        flags = re.IGNORECASE | re.MULTILINE

        def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p, flags) for p in raw.get(key) or ())

        self.furniture_lines = compile_all("furniture_lines")
        self.furniture_spans = compile_all("furniture_spans")
        # each span pattern's literal prefilter: a pattern led by "[^.!?\n]{0,200}" tries 200
        # characters at every position of the text, half of a Ukrainian news text's extraction
        self._furniture_span_needs = tuple(needs(p) for p in self.furniture_spans)
        self.related_headers = compile_all("related_headers")
        self._furniture_line = _any_search(self.furniture_lines)
        self._related_header = _any_search(self.related_headers)
        self.header_patterns = compile_all("header_patterns") + lexicon.statement_titles
        self.header_words = frozenset(str(w).lower() for w in raw.get("header_words") or ())
        self.joint_words = frozenset(str(w).lower() for w in raw.get("joint_header_words") or ())
        self.topic_words = frozenset(str(w).lower() for w in raw.get("headline_topics") or ())
        outlets = raw.get("outlets") or {}
        #: outlet (lower case) -> what the source or address of its own documents contains
        self.outlets: dict[str, tuple[str, ...]] = {str(k).lower(): tuple(str(v).lower() for v in (vs or ())) for k, vs in outlets.items()}
        citing = sorted((str(w) for w in raw.get("citing") or ()), key=len, reverse=True)
        self.citing = re.compile(r"[ \u00a0]*,?[ \u00a0]*\b(?:" + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in citing) + r")\s+", re.IGNORECASE) if citing else None
        #: what a few capitalised words name: "person", "institution", "country" or None
        self.name_kind = name_kind or _default_name_kind(lexicon)

    def name_like(self, name: str) -> bool:
        return self.name_kind(name) is not None

    # ---------------------------------------------------------------- the whole
    def read(self, text: str, title: str | None = None) -> Structure:
        view = mask_markup(text)
        lines = _lines(text, view)
        furniture = self._furniture(view, lines)
        turns = self.turns(text, view)
        headers = [] if turns else self._headers(text, view, lines, furniture, title)
        headlines = [] if turns else self._headlines(text, view, lines, furniture)
        return Structure(text, view, tuple(lines), tuple(furniture), tuple(turns), tuple(headers), tuple(headlines))

    # ---------------------------------------------------------------- furniture
    def _furniture(self, view: str, lines: list[Line]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        related = False
        taken = 0
        for ln in lines:
            line = view[ln.start : ln.end]
            words = len(line.split())
            if related:
                if words <= 25 and taken < 10 and not line.endswith((".", ":")):
                    out.append((ln.start, ln.end))
                    taken += 1
                    continue
                related = False
            if words <= 8 and self._related_header(line):
                out.append((ln.start, ln.end))
                related = True
                taken = 0
                continue
            # (a long line is furniture only in a text of several paragraphs: a wire text of one
            # line that ends with a footer is not all footer)
            if (words <= 40 or len(lines) > 3) and self._furniture_line(line):
                out.append((ln.start, ln.end))
                continue
        folded = fold(view) if self.furniture_spans else None
        for p, need in zip(self.furniture_spans, self._furniture_span_needs, strict=True):
            if not passes(need, folded):
                continue  # a string every match holds is not in the text: no match
            for m in p.finditer(view):
                if m.end() > m.start():
                    out.append((m.start(), m.end()))
        out.sort()
        merged: list[tuple[int, int]] = []
        for a, b in out:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    # ---------------------------------------------------------------- turns
    def _labels(self, text: str) -> list[_Label]:
        colon = ":" in text  # both label patterns end in a colon
        titled = [
            _Label(m.start("label"), m.end(), m.group("label")[: m.end("last") - m.start("label")], m.end())
            for m in (_TITLED_LABEL.finditer(text) if colon else ())
        ]
        out = list(titled)
        for m in (_LABEL.finditer(text) if colon else ()):
            a, label = m.start("label"), m.group("label")
            for dot in _LABEL_SENTENCE_END.finditer(label):
                word = dot.group(1).lower()
                if word not in self.lx.honorifics and f"{word}." not in self.lx.honorifics and label[dot.end():]:
                    a, label = m.start("label") + dot.end(), label[dot.end():]
            if any(t.start < m.end() and a < t.label_end for t in titled):
                continue
            out.append(_Label(a, m.end() - 1, label, m.end()))
        if "Q" in text:
            qs = [_Label(m.start("label"), m.end("label") + (1 if text[m.end("label") : m.end("label") + 1] == ":" else 0), "Q", m.end())
                  for m in _Q_LABEL.finditer(text)]
            if len(qs) >= 2 or (qs and out):
                out.extend(qs)
        return sorted(out, key=lambda x: x.start)

    def _person_label(self, label: str) -> bool:
        lx = self.lx
        words = label.split()
        if words[0].lower().rstrip(".") in lx.question_labels:
            return True
        if label.isupper() and len(words) <= 4:
            # "MR. KIRBY", "THE PRESIDENT", "MODERATOR", "ADMINISTRATION OFFICIAL"
            return not any(w.lower().rstrip(".") in _NOT_LABELS for w in words)
        roles = [w for w in words if w.lower() in lx.role_nouns]
        caps = [w for w in words if w[:1].isupper() and w.lower() not in lx.role_nouns]
        if words[0].lower() in ("the", "a", "an"):
            return False
        if roles:
            return len(caps) >= 1
        return 1 <= len(words) <= 3

    def turns(self, text: str, view: str | None = None) -> list[Turn]:
        """Labelled turns ("Vladimir Putin: ...", "MR. KIRBY: ...", "Q ...") when the text is a
        transcript: a label used twice or more, or one at the top that names a role or a
        question; else none."""
        lx = self.lx
        view = mask_markup(text) if view is None else view
        labels = []
        for m in self._labels(view):
            label = m.name.strip()
            words = label.split()
            if not words or (len(words) == 1 and words[0].lower() in lx.pronouns):
                continue
            if words[0].lower().rstrip(".") in _NOT_LABELS:
                continue
            if any(w.lower() in lx.verb_forms and not w[:1].isupper() for w in words):
                continue
            labels.append(m)
        labels = [m for m in labels if self._person_label(m.name.strip())]
        if not labels:
            return []
        counts: dict[str, int] = {}
        for m in labels:
            counts[m.name.strip()] = counts.get(m.name.strip(), 0) + 1
        first = labels[0]
        first_words = first.name.split()
        # a separator of asterisks ("***", "* * *") before the first label: the transcript after a summary
        stars = re.search(r"\*[ \u00a0]?\*[ \u00a0]?\*", text[max(0, first.start - 8) : first.start]) is not None
        # at the top: nothing before the first label, or, with two labels or more, a few short lines
        # (a dateline, a place, a time: "Via Teleconference", "9:09 A.M. EDT"; one label under
        # them is a speech, read as one speaker's document)
        head_lines = [ln for ln in view[: first.start].splitlines() if ln.strip()]
        # (not a line that opens a list, "Here is what they are saying:", over labelled quotations)
        top = not head_lines or (len(labels) >= 2 and len(head_lines) <= 4
                                 and all(len(ln.strip()) <= 60 and not ln.rstrip().endswith(":") for ln in head_lines)
                                 and view[first.end : first.end + 3].lstrip()[:1] not in QUOTE_OPENERS)
        at_top = (top or stars) and (
            any(w.lower() in lx.role_nouns for w in first_words)
            or first_words[0].lower().rstrip(".") in lx.question_labels
            or stars
        )
        repeated = any(counts[m.name.strip()] >= 2 for m in labels if m.name != "Q")
        if not (repeated or at_top):
            return []
        turns: list[Turn] = []
        for n, m in enumerate(labels):
            end = labels[n + 1].start if n + 1 < len(labels) else len(text)
            start = m.end
            while start < end and view[start].isspace():
                start += 1
            e = end
            while e > start and view[e - 1].isspace():
                e -= 1
            if e <= start:
                continue
            turns.append(Turn(m.start, m.label_end, m.name.strip(), start, e))
        return turns

    # ---------------------------------------------------------------- headers
    def _speaker_in(self, line: str) -> str | None:
        """The speaker a header line names through a header pattern, else None."""
        for p in self.header_patterns:
            m = p.search(line)
            if m and m.groupdict().get("speaker"):
                sp = m.group("speaker").strip(" ,:;-\u2013\u2014")
                sp = re.sub(r"^(?:the|The)\s+", "", sp)
                words = sp.split()
                k = len(words)
                while k > 0 and (words[k - 1][:1].isupper() or words[k - 1].lower() in self.lx.name_inner):
                    k -= 1
                if 0 < k < len(words):
                    # "Key points of Sergey Lavrov": the name after the last lower-case word
                    rest = words[k:]
                    while rest and rest[0].lower() in self.lx.name_inner:
                        rest = rest[1:]
                    sp = " ".join(rest)
                if sp and sp[:1].isupper() and self.name_like(sp):
                    return sp
        return None

    def _names_in(self, line: str, offset: int) -> list[tuple[int, int]]:
        """Spans (offset by ``offset``) of the names in a briefing header line, outside quotation
        marks: its persons, else its institutions, else a country."""
        out: list[tuple[int, int, str]] = []
        runs: list[list[re.Match[str]]] = []
        quoted = False
        prev_end = 0
        for m in _WORD.finditer(line):
            gap = line[prev_end : m.start()]
            quoted ^= sum(gap.count(q) for q in "\"\u00ab\u00bb\u201c\u201d\u201e") % 2 == 1
            w = m.group()
            if not quoted and w[:1].isupper():
                if runs and runs[-1] and gap.strip() == "" and runs[-1][-1].end() == prev_end and len(runs[-1]) < 4 \
                        and not (runs[-1][-1].group().endswith(".") and len(runs[-1][-1].group()) > 2):
                    runs[-1].append(m)
                else:
                    runs.append([m])
            prev_end = m.end()
        for run in runs:
            a, b = run[0].start(), run[-1].end()
            name = re.sub(r"[\u2019']s$", "", line[a:b].rstrip("."))
            kind = self.name_kind(name)
            if kind is not None:
                out.append((offset + a, offset + a + len(name), kind))
        # persons when the line names any; else institutions; a country only alone
        for want in ("person", "institution", "country"):
            got = [(a, b) for a, b, kind in out if kind == want]
            if got:
                return got
        return []

    def _headers(self, text: str, view: str, lines: list[Line], furniture: list[tuple[int, int]],
                 title: str | None) -> list[Header]:
        out: list[Header] = []
        fur = [(a, b) for a, b in furniture]

        def is_furniture(ln: Line) -> bool:
            return any(a <= ln.start and ln.end <= b for a, b in fur)

        if title:
            sp = self._speaker_in(title.strip())
            if sp is not None:
                out.append(Header((sp,), (0, len(text)), "document", cue_text=title))
        for n, ln in enumerate(lines):
            if ln.bullet and not ln.emoji or is_furniture(ln):
                continue
            line = view[ln.start : ln.end]
            words = line.split()
            if not words or len(words) > 25:
                continue
            nxt = [x for x in lines[n + 1 : n + 4] if not is_furniture(x)]
            if not nxt:
                continue
            header = None
            # "Remarks by ...", "Statement by ...", "Комментарий официального представителя ..."
            if not line.endswith((".", "!", "?")) or len(words) <= 12:
                sp = self._speaker_in(line)
                if sp is not None:
                    a = ln.start + line.find(sp)
                    header = ((a, a + len(sp)),)
            # "Главное из брифинга Захаровой:", "Key points of Lavrov's remarks:"
            if header is None and self.header_words and line.rstrip("*_ ").endswith(":"):
                lows = {w.lower().strip(".,:;!?\"'«»*") for w in words}
                if lows & self.header_words:
                    names = self._names_in(line, ln.start)
                    if names:
                        header = tuple(names)
            # "Sergey Lavrov:" alone on its line above his words
            if header is None and line.rstrip().endswith(":") and len(words) <= 6:
                name = line.rstrip(" :")
                if name[:1].isupper() and self.name_like(name):
                    header = ((ln.start, ln.start + len(name)),)
            if header is None:
                continue
            joint = bool({w.lower() for w in words} & self.joint_words) or len(header) > 1
            # the governed text: bullet points (with topic lines between them) when points
            # follow, else the paragraphs to the next header
            first = next((x for x in nxt if x.bullet or not self._topic_line(view[x.start : x.end])), nxt[0])
            end = ln.end
            if first.bullet:
                for x in lines[n + 1 :]:
                    if is_furniture(x):
                        continue
                    xt = view[x.start : x.end]
                    if x.bullet or self._topic_line(xt):
                        end = x.end
                        continue
                    break
            else:
                end = len(text)
            form = "document" if not out and n == 0 and not first.bullet else ("label" if line.rstrip().endswith(":") and not first.bullet and len(words) <= 6 else "block")
            names = tuple(text[a:b] for a, b in header)
            out.append(Header(names, (ln.end, end), form, cue=(ln.start, ln.end), mentions=header,
                              cue_text=text[ln.start : ln.end], joint=joint))
        # a header's region stops where the next header's starts
        fixed = []
        for k, h in enumerate(out):
            stop = h.region[1]
            for h2 in out[k + 1 :]:
                if h2.cue is not None and h.region[0] <= h2.cue[0] < stop:
                    stop = h2.cue[0]
                    break
            fixed.append(Header(h.names, (h.region[0], stop), h.form, h.cue, h.mentions, h.cue_text, h.joint))
        return fixed

    def _topic_line(self, line: str) -> bool:
        """A short line that announces a topic between points ("**On the Oreshnik:**")."""
        words = line.split()
        return 0 < len(words) <= 12 and (line.endswith(":") or not line.endswith(tuple(_FINAL)))

    # ---------------------------------------------------------------- headlines
    def _headlines(self, text: str, view: str, lines: list[Line], furniture: list[tuple[int, int]]) -> list[Headline]:
        out = []
        for n, ln in enumerate(lines):
            if any(a <= ln.start and ln.end <= b for a, b in furniture):
                continue
            h = self.headline(view, ln.start, ln.end)
            if h is not None:
                out.append(h)
        return out

    _NAME = r"[A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019.\-]*(?:[ \u00a0][A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019.\-]*){0,3}"

    @functools.cached_property
    def _colon_form(self) -> re.Pattern[str]:
        return re.compile(r"(?P<name>" + self._NAME + r")(?P<topic>[ \u00a0][^:\n]{1,80}?)?(?P<cue>:)[ \u00a0]+(?P<rest>\S.*)$")

    @functools.cached_property
    def _dash_form(self) -> re.Pattern[str]:
        return re.compile(r"^(?P<rest>.*\S)[ \u00a0]*,?[ \u00a0]+(?P<cue>[\u2014\u2013]|-{1,2})[ \u00a0]+(?P<name>" + self._NAME + r")(?P<topic>[ \u00a0].{1,80})?$")

    @functools.cached_property
    def _comma_dash_form(self) -> re.Pattern[str]:
        """"words, - Name" closing a line (the comma before the dash is what the news of every
        language here sets before a headline's source): the source may follow a role noun
        ("- нардеп Костенко"), stand in quotation marks or be an acronym, and the dash may touch it."""
        return re.compile(r"^(?P<rest>.*[^\s,]),[ \u00a0]*(?P<cue>[\u2014\u2013]|-{1,2})[ \u00a0]*(?P<role>[^\W\d][\w'\u2019\u02bc-]*[ \u00a0]+)?"
                          r"[\"\u00ab\u201c\u201e]?(?P<name>" + self._NAME + r")[\"\u00bb\u201d]?[.!]?$")

    _CAPS = r"[A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019.\-]*"

    @functools.cached_property
    def _labelled_quote_form(self) -> re.Pattern[str]:
        """"Ben Jalbert, Executive Director, Forest Club: “...”" and "Senator Jane Holt (R-Ohio):
        “...”": a name with its titles before it and its affiliations after it, a colon, then a
        quotation (the lists of what others say that official posts publish)."""
        inner = "|".join(re.escape(w) for w in sorted(self.lx.name_inner, key=len, reverse=True) if w.isalpha() and w.islower())
        return re.compile(
            r"(?P<name>" + self._CAPS + r"(?:[ \u00a0](?:(?:" + (inner or "(?!)") + r")[ \u00a0])?" + self._CAPS + r"){0,6})"
            # each affiliation runs to the next comma (no comma inside: one way only to split the
            # list, so a long paragraph without the colon fails at once instead of backtracking)
            r"(?P<affil>(?:,[ \u00a0][^:,\n\"\u201c\u201d\u00ab\u00bb]{2,150}|[ \u00a0]\([^()\n]{1,40}\)){1,8})?"
            r"[ \u00a0]?(?P<cue>:)[ \u00a0]+(?P<open>[\"\u201c\u00ab\u201e])(?P<rest>.*)$"
        )

    def _labelled_quote(self, view: str, a: int, b: int) -> Headline | None:
        if not _COLON_QUOTE.search(view, a, b):
            return None
        m = self._labelled_quote_form.match(view[a:b])
        if m is None:
            return None
        words = m.group("name").split()
        if not m.group("affil") and not any(w in self.lx.name_inner for w in words) and len(words) <= 4:
            # "Name: “...”" alone is the colon form's; "Secretary of State Name: “...”" and "Senate
            # Majority Leader Name Surname: “...”" are not (an inner word, more words than a name has)
            return None
        k = 0
        while k < len(words) - 1 and (words[k].lower().rstrip(".") in self.lx.honorifics or words[k].lower() in self.lx.role_nouns
                                      or words[k].lower() in self.lx.honorifics or words[k] in self.lx.name_inner):
            k += 1
        name = " ".join(words[k:])
        if not name or self.name_kind(name) not in ("person", "institution"):
            return None
        rest = m.group("rest")
        close = max(rest.rfind(q) for q in "\"\u201d\u00bb\u201c")
        if close < 0:  # the quotation goes on into the next paragraph
            close = len(rest.rstrip())
        if len(rest[:close].split()) < 3:
            return None
        na = a + m.start("name") + m.group("name").rfind(name)
        ca = a + m.start("rest")
        return Headline((ca, ca + close), (na, na + len(name)), (a + m.start("name"), a + m.end("cue")), True, True)

    def headline(self, view: str, a: int, b: int) -> Headline | None:
        """The headline form of the line [a, b) of ``view``: "Name: words" (with an optional
        topic, "Путин о переговорах: ...") or "words — Name" ("«...» — Умєров про ..."), the name
        being name-like and the words at least three; else None."""
        line = view[a:b]
        lq = self._labelled_quote(view, a, b)
        if lq is not None:
            return lq
        # each form is tried only on a line holding what every match of it holds (the colon, the
        # dash between spaces, the comma before a dash): most lines hold none, and each form's
        # leading ".*" or name tries the whole line
        m = self._colon_form.match(line) if ":" in line else None
        if m is not None:
            topic = (m.group("topic") or "").split()
            if not topic or topic[0].lower() in self.topic_words:
                name = m.group("name")
                rest = m.group("rest")
                if len(rest.split()) >= 3 and self._headline_name(name):
                    ca, cb = a + m.start("rest"), a + m.end("rest")
                    ca, cb, quoted = _unquote(view, ca, cb)
                    # the cue is the label with its colon, as for a transcript's turn ("Лавров:")
                    return Headline((ca, cb), (a + m.start("name"), a + m.end("name")), (a + m.start("name"), a + m.end("cue")), quoted)
        m = self._comma_dash_form.match(line) if _COMMA_DASH.search(line) else None
        if m is not None:
            role = (m.group("role") or "").strip().lower()
            name = m.group("name")
            rest = m.group("rest")
            if (not role or role in self.lx.role_nouns) and len(rest.split()) >= 3 and self._source_name(name):
                ca, cb, quoted = _unquote(view, a + m.start("rest"), a + m.end("rest"))
                return Headline((ca, cb), (a + m.start("name"), a + m.end("name")), (a + m.start("cue"), a + m.end("cue")), quoted)
        m = self._dash_form.match(line) if _SPACED_DASH.search(line) else None
        if m is not None:
            topic = (m.group("topic") or "").split()
            if not topic or topic[0].lower() in self.topic_words:
                name = m.group("name")
                rest = m.group("rest").rstrip(" ,")
                if len(rest.split()) >= 3 and self._headline_name(name):
                    ca, cb = a + m.start("rest"), a + m.start("rest") + len(rest)
                    ca, cb, quoted = _unquote(view, ca, cb)
                    return Headline((ca, cb), (a + m.start("name"), a + m.end("name")), (a + m.start("cue"), a + m.end("cue")), quoted)
        return None

    def _source_name(self, name: str) -> bool:
        """The source closing a "words, - Name" line: a person's or an institution's name, or one
        word that can only be a name there: an acronym ("ISW", "ЦПД") or a capitalised word that
        is no function word, pronoun or label."""
        if self._headline_name(name):
            return True
        words = name.split()
        if len(words) != 1 or self.name_kind(name) == "country":
            return False
        w = words[0].strip(".")
        low = w.lower()
        lx = self.lx
        if low in lx.pronouns or low in lx.determiners or low in lx.np_breaks or low in lx.question_labels \
                or low in lx.verb_forms or low in _NOT_LABELS or low in lx.months or low in lx.weekdays:
            return False
        if len(w) < 2 or not w[:1].isupper() or not w.replace("-", "").isalpha():
            return False
        # an acronym nobody knows is a name only as written in Latin letters ("ISW"): written in
        # another script ("ЦПД") it has no name to give but a transliteration
        return not (w.isupper() and not w.isascii())

    def _headline_name(self, name: str) -> bool:
        """A person's or an institution's name (a country alone heads no headline's words)."""
        lx = self.lx
        words = name.split()
        if any(w.lower().strip(".") in lx.question_labels or w.lower() in lx.pronouns or w.lower() in lx.verb_forms
               or w.lower().rstrip(".") in _NOT_LABELS for w in words):
            return False
        return self.name_kind(name) in ("person", "institution")


def _unquote(view: str, a: int, b: int) -> tuple[int, int, bool]:
    """[a, b) without the quotation marks around it (and a final stop), and whether it had them."""
    while b > a and view[b - 1] in ".!;:, ":
        b -= 1
    if b - a >= 2 and view[a] in "\"\u201c\u00ab\u201e'\u2018" and view[b - 1] in "\"\u201d\u00bb\u201c'\u2019":
        inner = view[a + 1 : b - 1]
        if not any(c in inner for c in "\"\u201c\u201d\u00ab\u00bb"):
            return a + 1, b - 1, True
    return a, b, False


def _default_name_kind(lx: Lexicon) -> Callable[[str], str | None]:
    """Names judged by their form alone: two to five capitalised words (none a determiner or a
    function word) are a person's, or an institution's when one is an organisation word."""

    def name_kind(name: str) -> str | None:
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
            return None
        if any(w.lower() in lx.determiners or w.lower() in lx.np_breaks or w.lower() in lx.pronouns for w in words):
            return None
        if any(w.lower() in lx.org_words for w in words):
            return "institution"
        return "person" if len(words) >= 2 or any(w.lower() in lx.role_nouns for w in words) else None

    return name_kind


@functools.lru_cache(maxsize=8)
def _reader(language: str) -> StructureReader:
    return StructureReader(load_lexicon(language))


def read_structure(text: str, language: str = "en", title: str | None = None) -> Structure:
    """The structure of ``text`` read with the packaged lexicon of ``language`` (names judged by
    their form alone; the extractor gives its reader the actor registry as well)."""
    return _reader(language).read(text, title)
