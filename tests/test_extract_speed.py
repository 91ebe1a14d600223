"""Faster extraction, the same statements (issue 14): the token arrays read from spaCy's Doc at
once, the registry's fuzzy search over the names of a possible length only, the rules' word
comparisons done in C. Each is checked against the slower way it replaced, on sentences written
here and on real press releases. Speed itself is measured by ``parley bench ingest``."""

from __future__ import annotations

import csv

import pytest
from rapidfuzz import fuzz, process

from parley.actors import load_registry
from parley.actors.registry import FUZZY_CUTOFF
from parley.extract import get_extractor
from parley.extract.extractor import _pipeline
from parley.extract.tokens import _merge_false_splits, build_tokens

KREMLIN = "kremlin-zelensky-press-2021-22"

SENTENCES = [
    'Dmitry Peskov said: "Russia is ready for talks."\nHe added nothing.',
    "TITLE WITHOUT A STOP\n\nZelensky said the talks   Would go on. The U.S. Sen. Ted Cruz (Tex.) has said so.",
    "  Leading spaces, \u00a0a non-breaking one,\ttabs\t\tand   \u201cthree spaces before a quote\u201d.",
    "",
    "x",
]


def _slow_tokens(doc, text):
    """build_tokens' words, offsets and sentences as it read them before, from one spaCy Token
    object per token (with no quotations, so no sentence is moved to an opening mark)."""
    words, starts, sents = [], [], []
    first, new_sent, wide_gap = 0, True, False
    for tok in doc:
        w = tok.text
        if tok.is_sent_start:
            new_sent = True
        if not w or w.isspace():
            if "\n" in w:
                new_sent = True
            elif len(w) >= 2:
                wide_gap = True
            continue
        if "\n" in text[tok.idx - 1 : tok.idx] if tok.idx else False:
            new_sent = True
        if wide_gap and (w[:1].isupper() or w[:1] in "\"\u201c\u00ab\u201e"):
            new_sent = True
        wide_gap = False
        if new_sent or not words:
            if words and len(words) > first:
                sents.append((first, len(words)))
            first, new_sent = len(words), False
        words.append(w)
        starts.append(tok.idx)
    if words:
        sents.append((first, len(words)))
    if len(sents) > 1:
        sents = _merge_false_splits(text, words, [w.lower() for w in words], starts, sents)
    return words, starts, sents


def _check_tokens(text):
    doc = _pipeline("en")(text)
    t = build_tokens(doc, text, [])
    assert (t.words, t.starts, t.sents) == _slow_tokens(doc, text)
    assert all(text[a:b] == w for a, b, w in zip(t.starts, t.ends, t.words, strict=True))
    assert [t.sent[a] for a, _ in t.sents] == list(range(len(t.sents)))


@pytest.mark.parametrize("text", SENTENCES)
def test_token_arrays_read_at_once_are_the_tokens_spacy_made(text):
    _check_tokens(text)


@pytest.mark.corpora
def test_token_arrays_of_real_press_releases_are_the_tokens_spacy_made(corpora_dir):
    csv.field_size_limit(1 << 30)
    with open(corpora_dir / KREMLIN / "putin_press_releases_en.csv", encoding="utf-8", newline="") as fh:
        bodies = [row["body"] for _, row in zip(range(60), csv.DictReader(fh))]
    for body in bodies:
        _check_tokens(body)


# ----------------------------------------------------------------------------- registry
def _misspellings(name: str) -> list[str]:
    return [name[:-1] + "x", name + " jr", name[1:], name.replace(" ", "  ", 1), name[: len(name) // 2],
            name + " and the delegation of the republic"]


def test_fuzzy_search_over_names_of_a_possible_length_finds_what_the_whole_list_finds():
    registry = load_registry()
    keys = registry._fuzzy_keys
    assert len(keys) > 500
    queries = [q for k in keys[::7] for q in _misspellings(k)]
    queries += ["vladimir zelenskiy", "volodymyr zelensky", "sergei lavrov", "antony blinken", "dmitri peskov",
                "the president of the russian federation said on monday", "olaf scholz", "emmanuel macronn"]
    found = 0
    for q in queries:
        whole = process.extract(q, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        near = process.extract(q, registry._fuzzy_near(q), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3)
        assert [(k, s) for k, s, _ in near] == [(k, s) for k, s, _ in whole], q
        found += bool(whole)
    assert found > len(queries) // 10  # the misspellings do reach the cutoff, not only miss it


# ----------------------------------------------------------------------------- rules
def test_words_at_compares_as_indexing_does_at_both_ends():
    engine = get_extractor("en").engine
    t = build_tokens(_pipeline("en")("The two leaders met in Moscow ."), "The two leaders met in Moscow .", [])
    assert engine._words_at(t, 0, ("the", "two", "leaders"))
    assert engine._words_at(t, 1, ("two", "leaders"))
    assert not engine._words_at(t, 1, ("two", "presidents"))
    assert not engine._words_at(t, 5, ("moscow", ".", "next"))  # runs past the end
    assert engine._words_at(t, -2, ("moscow",))  # counted from the end
    assert not engine._words_at(t, -2, ("moscow", ".", "x"))


# ----------------------------------------------------------------------------- tokenizer cache
@pytest.mark.corpora
def test_a_tokenizer_keeping_more_chunks_split_splits_them_the_same(corpora_dir):
    """spaCy keeps 10,000 chunks split and splits the rest again each time; ours keeps
    TOKENIZER_CACHE. Past 10,000 distinct chunks (600 press releases) both split alike."""
    from parley.extract.extractor import TOKENIZER_CACHE

    nlp = _pipeline("en")
    assert nlp.tokenizer.max_cache_size == TOKENIZER_CACHE > 10_000
    small = _pipeline.__wrapped__("en")  # a second pipeline, not the shared one
    small.tokenizer.max_cache_size = 10_000
    csv.field_size_limit(1 << 30)
    with open(corpora_dir / KREMLIN / "zelenskyy_press_releases_en.csv", encoding="utf-8", newline="") as fh:
        bodies = [row["body"] for _, row in zip(range(600), csv.DictReader(fh))]
    chunks = {c for body in bodies for c in body.split()}
    assert len(chunks) > 12_000
    for body in bodies + bodies[:50]:
        assert [(t.text, t.idx, t.is_sent_start) for t in nlp(body)] == \
            [(t.text, t.idx, t.is_sent_start) for t in small(body)]


def test_name_keys_are_computed_once_per_text_and_are_the_same_keys():
    from parley.actors.text import norm, skeleton

    names = ["Volodymyr Zelenskyy", "Zelensky's", "Sergei  Lavrov", "SERGEY LAVROV", "Дмитрий Песков", "Mykhailo Podolyak"]
    first = [(norm(n), skeleton(norm(n))) for n in names]
    hits = norm.cache_info().hits, skeleton.cache_info().hits
    assert [(norm(n), skeleton(norm(n))) for n in names] == first
    assert norm.cache_info().hits >= hits[0] + len(names) and skeleton.cache_info().hits >= hits[1] + len(names)
    assert [k for k, _ in first[:4]] == ["volodymyr zelenskyy", "zelensky", "sergei lavrov", "sergey lavrov"]
    assert skeleton("zelenskiy") == skeleton("zelensky") == skeleton("zelenskyy")
