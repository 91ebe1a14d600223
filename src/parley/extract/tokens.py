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
        return not any(c.isalnum() for c in w)

    def is_qmark(self, i: int) -> bool:
        w = self.words[i]
        return bool(w) and all(c in QUOTE_CHARS for c in w)

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


def build_tokens(doc, text: str, quotes: list[Quote]) -> Tokens:
    """Arrays from a spaCy ``Doc`` (tokenized and sentencized) and the quotations found in it.

    Whitespace tokens (line breaks, non-breaking spaces) are dropped; a line break ends a
    sentence (titles and datelines carry no final stop)."""
    words: list[str] = []
    starts: list[int] = []
    sent: list[int] = []
    sents: list[tuple[int, int]] = []
    cur = -1
    first = 0
    new_sent = True
    for tok in doc:
        w = tok.text
        if tok.is_sent_start:
            new_sent = True
        if not w or w.isspace():
            if "\n" in w:
                new_sent = True
            continue
        if "\n" in text[tok.idx - 1 : tok.idx] if tok.idx else False:
            new_sent = True
        k = len(words)
        if new_sent or k == 0:
            if cur >= 0 and k > first:
                sents.append((first, k))
            cur += 1
            first = k
            new_sent = False
        words.append(w)
        starts.append(tok.idx)
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
    if quotes:
        qi = 0
        nq = len(quotes)
        for k, s in enumerate(starts):
            while qi < nq and quotes[qi].outer_end <= s:
                qi += 1
            if qi < nq and quotes[qi].outer_start <= s < quotes[qi].outer_end:
                qid[k] = qi
    return Tokens(text, words, lower, starts, ends, sent, sents, quotes, qid)
