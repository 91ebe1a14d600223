"""The text analyser's shortcuts read what the plain reading reads: clause breaks from the gaps
between words, and a document's theatre context from its mentions alone (parties and theatre
words, without concepts), on sentences written here and on real text."""

from __future__ import annotations

import itertools

import pytest

from parley.evaluation.annotations import load
from parley.signals.features import _BREAK_RE, get_analyzer, words
from parley.signals.theatre import DocumentContext

WRITTEN = {
    "en": "Russia is ready for talks - but only if Kyiv withdraws; the Kremlin (Peskov said) «will wait». "
          "Israel and Hamas agreed on a ceasefire in Gaza, the State Department said.",
    "ru": "Россия готова к переговорам — но лишь после того как Киев выведет войска; Песков: «ждём». "
          "Израиль и ХАМАС договорились о прекращении огня в Газе.",
    "uk": "Україна готова до переговорів, але лише за умови виведення російських військ з Криму. "
          "Зеленський подякував Байдену.",
}


def _plain_breaks(text: str) -> list[bool]:
    ws = words(text)
    return [bool(k) and _BREAK_RE.search(text, ws[k - 1][1], s) is not None for k, (s, _, _) in enumerate(ws)]


def _check(language: str, text: str) -> None:
    an = get_analyzer(language)
    toks = an.tokens(text)
    assert [t.brk for t in toks] == _plain_breaks(text)
    ments = an.mentions(text)
    assert [(t.text, t.norm, t.start, t.end, t.party, t.theatres) for t in ments] == [
        (t.text, t.norm, t.start, t.end, t.party, t.theatres) for t in toks if t.party is not None or t.theatres]
    assert DocumentContext.of(ments) == DocumentContext.of(toks)


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_breaks_and_mentions_read_as_the_plain_reading_on_written_text(language):
    text = WRITTEN[language]
    _check(language, text)
    toks = get_analyzer(language).tokens(text)
    assert any(t.brk for t in toks) and any(t.party for t in toks) and any(t.theatres for t in toks)
    assert not any(t.concepts for t in get_analyzer(language).mentions(text))


@pytest.mark.corpora
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_breaks_and_mentions_read_as_the_plain_reading_on_real_text(corpora_dir, language):
    docs = load(None, corpora_dir, split="train", language=language)
    assert docs, f"no {language} train documents"
    for d in itertools.islice(docs, 60):
        _check(language, d.document.text)
