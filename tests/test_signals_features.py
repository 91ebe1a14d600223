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


def test_words_without_nt_are_those_of_the_full_pattern(corpora_dir):
    """A text without "n't" is read by the word pattern's last alternative alone: the same words
    as the whole pattern, on sentences written here and on real releases."""
    import csv

    from parley.signals.features import _TOKEN_RE, words

    def full(text):
        return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]

    texts = ["We don't agree, and they won’t either.", "Russia's so-called 'red lines' — rock'n'roll",
             "Президент заявив, що п’ять сторін", "can't shan't n't", ""]
    path = corpora_dir / "kremlin-zelensky-press-2021-22" / "putin_press_releases_en.csv"
    if path.exists():
        csv.field_size_limit(10**8)
        with path.open(encoding="utf-8") as f:
            texts += [row["body"] for _, row in zip(range(100), csv.DictReader(f))]
    for text in texts:
        assert words(text) == full(text)
    assert [w for _, _, w in words("We don't")] == ["We", "do", "n't"]
