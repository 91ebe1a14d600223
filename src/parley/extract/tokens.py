"""The token view the extractor works on: spaCy's tokenizer and sentencizer, as plain arrays.

The extractor needs a handful of facts per token (text, lower-cased text, character offsets,
sentence, the quotation it sits in); reading them once into Python lists keeps the rules fast and
keeps every span an exact slice of the document text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .quotes import Quote

QUOTE_CHARS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a`")


@dataclass(slots=True)
class Tokens:
    """One document as arrays of token facts (index ``i`` is the i-th token)."""

    text: str
    words: list[str]
    lower: list[str]
    starts: list[int]
    ends: list[int]
    sent: list[int]  # sentence number of each token
    sents: list[tuple[int, int]]  # token range [start, end) of each sentence
    quotes: list[Quote]
    qid: list[int]  # index into ``quotes`` of the quotation a token is inside (marks included), or -1

    def __len__(self) -> int:
        return len(self.words)

    def is_punct(self, i: int) -> bool:
        w = self.words[i]
        if w[:1].isalnum():  # most words: decided by their first character
            return False
        return not any(c.isalnum() for c in w)

    def is_qmark(self, i: int) -> bool:
        w = self.words[i]
        return bool(w) and QUOTE_CHARS.issuperset(w)

    def is_cap(self, i: int) -> bool:
        w = self.words[i]
        return w[:1].isupper()

    def token_at(self, char: int) -> int:
        """The index of the token that starts at or covers character ``char``."""
        k = bisect.bisect_right(self.starts, char) - 1
        return max(k, 0)

    def token_after(self, char: int) -> int:
        """The index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def sent_bounds(self, i: int) -> tuple[int, int]:
        return self.sents[self.sent[i]]


def preceding_content(t: Tokens, sn: int, found, max_sentences: int = 3) -> tuple[int, int]:
    """Token range of the content that comes before a cue in sentence ``sn`` ("… . That is what
    Lavrov told reporters."): the sentences before, back to the previous statement in ``found``
    or a paragraph break, at most ``max_sentences``."""
    first = sn - 1
    while first > 0 and sn - first < max_sentences:
        prev_a, prev_b = t.sents[first - 1]
        if any(c.end > t.starts[prev_a] for c in found):
            break
        if "\n" in t.text[t.ends[prev_b - 1] : t.starts[t.sents[first][0]]]:
            break
        first -= 1
    return t.sents[first][0], t.sents[sn - 1][1]


#: the token attributes build_tokens reads from a spaCy Doc
_TOKEN_ATTRS = ["IDX", "LENGTH", "SENT_START"]


def build_tokens(doc, text: str, quotes: list[Quote]) -> Tokens:
    """Arrays from a spaCy ``Doc`` (tokenized and sentencized) and the quotations found in it.

    Whitespace tokens (line breaks, non-breaking spaces) are dropped; a line break ends a
    sentence (titles and datelines carry no final stop), and so does a gap of three spaces or more
    before a capital or a quotation mark (paragraphs of news text whose line breaks were lost:
    "Чи є загроза втрати міста   Військовий експерт ... зазначає, що ...")."""
    words: list[str] = []
    starts: list[int] = []
    sent: list[int] = []
    sents: list[tuple[int, int]] = []
    cur = -1
    first = 0
    new_sent = True
    wide_gap = False
    # each token's offset, length and sentence start, read as one array: iterating the Doc makes
    # a spaCy Token object per token, which cost more than all the rest of this function. The
    # token's text is its slice of ``text`` (the text ``doc`` was made from); a sentence start is
    # 1, -1 for a token that does not start one (stored unsigned: read back as signed); a column
    # made a list at a time is several times faster than a row at a time
    facts = doc.to_array(_TOKEN_ATTRS).view("int64")
    for idx, n, sent_start in zip(facts[:, 0].tolist(), facts[:, 1].tolist(), facts[:, 2].tolist()):
        w = text[idx : idx + n]
        if sent_start > 0:
            new_sent = True
        if not w or w.isspace():
            if "\n" in w:
                new_sent = True
            elif n >= 2:
                wide_gap = True  # three spaces or more: a paragraph break in text that lost its lines
            continue
        if idx and text[idx - 1] == "\n":
            new_sent = True
        if wide_gap and (w[:1].isupper() or w[:1] in "\"\u201c\u00ab\u201e"):
            new_sent = True
        wide_gap = False
        k = len(words)
        if new_sent or k == 0:
            if cur >= 0 and k > first:
                sents.append((first, k))
            cur += 1
            first = k
            new_sent = False
        words.append(w)
        starts.append(idx)
        sent.append(cur)
    if words:
        sents.append((first, len(words)))
    # sentence numbers must be dense: renumber
    ends = [s + len(w) for s, w in zip(starts, words)]
    lower = [w.lower() for w in words]
    qid = [-1] * len(words)
    open_marks = {q.outer_start for q in quotes}
    if open_marks and len(sents) > 1:
        # the sentencizer leaves an opening quotation mark at the end of the previous sentence
        fixed: list[tuple[int, int]] = []
        shift = 0
        for n, (a, b) in enumerate(sents):
            a += shift
            shift = 0
            if n + 1 < len(sents) and b - a > 1 and starts[b - 1] in open_marks:
                shift = -1
                b -= 1
            fixed.append((a, b))
        sents = fixed
        for n, (a, b) in enumerate(sents):
            for k in range(a, b):
                sent[k] = n
    if len(sents) > 1:
        sents = _merge_false_splits(text, words, lower, starts, sents)
        for n, (a, b) in enumerate(sents):
            for k in range(a, b):
                sent[k] = n
    if quotes:
        qi = 0
        nq = len(quotes)
        for k, s in enumerate(starts):
            while qi < nq and quotes[qi].outer_end <= s:
                qi += 1
            if qi < nq and quotes[qi].outer_start <= s < quotes[qi].outer_end:
                qid[k] = qi
    return Tokens(text, words, lower, starts, ends, sent, sents, quotes, qid)


#: abbreviations after which a full stop does not end the sentence ("Sen. Ted Cruz (Tex.) has said")
_ABBREVIATIONS = frozenset(
    ["no", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "maj",
     "capt", "adm", "cmdr", "prof", "vs", "rev", "hon", "pres", "u.s", "ft", "mt", "ave", "inc", "ltd", "co",
     "corp", "dept", "univ", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec"]
)


def _merge_false_splits(
    text: str, words: list[str], lower: list[str], starts: list[int], sents: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join sentences the sentencizer split after an abbreviation ("No. 2 Republican", "Sen.
    Ted Cruz (Tex.) has said"): a sentence that opens with a lower-case word, or follows an
    abbreviation's stop, on the same line, continues the one before."""
    out = [sents[0]]
    for a, b in sents[1:]:
        pa, pb = out[-1]
        first = words[a]
        same_line = "\n" not in text[starts[pb - 1] : starts[a]]
        merge = False
        if same_line and first[:1].islower() and first[:1].isalpha():
            merge = True
        elif same_line and pb - pa >= 2 and words[pb - 1] in (".", ".)") or (same_line and words[pb - 1].endswith(".") and len(words[pb - 1]) > 1):
            prev = lower[pb - 2] if words[pb - 1] in (".", ".)") else lower[pb - 1][:-1]
            prev = prev.rstrip(".").lstrip("(")
            if prev in _ABBREVIATIONS or (len(prev) == 1 and prev.isalpha() and words[pb - 1] != ".)"):
                merge = True
        if merge:
            out[-1] = (pa, b)
        else:
            out.append((a, b))
    return out
