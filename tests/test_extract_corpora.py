"""Over each corpus of ../shared/corpora: none of the 100 most frequent unresolved speakers (speakers
the registry does not know) is a stray word: a date, a preposition or another function word, a
common noun, an adverb. A sample of each corpus keeps the test quick."""

from __future__ import annotations

import collections
import random
import re

import pytest

from parley.evaluation.attribution import _default_registry, read_polnear
from parley.extract import get_extractor
from parley.records import Document

#: characters of text read per corpus (long transcripts count for many short posts)
BUDGET = 400_000

#: words that are never a speaker's name nor open one (a hand list, independent of the lexicons)
_FUNCTION = frozenset(
    """a an the this that these those some any each every all both no none nobody everyone everybody someone
    somebody anyone it its they them he she we you i who which what whose when where why how despite
    although though however moreover therefore meanwhile instead indeed incidentally naturally together
    having being on in at by for with from to of about over under after before during since until between
    among against without within through as if but and or so then now today yesterday tomorrow tonight
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday photo video image reuters getty please thank thanks dear""".split()
)
_RU_UK_FUNCTION = frozenset(
    """в на с по для от до из к о об при за под над через после перед у без между против он она они оно его ее её
    их мы вы я кто что это этот эта эти тот та те все всё также однако ранее сегодня вчера фото видео
    він вона вони воно його її ми ви я хто що це цей ця ці той та ті всі також однак раніше сьогодні вчора відео""".split()
)


def stray(name: str) -> str | None:
    """Why ``name`` is a stray word, else None."""
    words = re.findall(r"[\w'\u2019.\-]+", name)
    if not words:
        return "no word"
    first = words[0].lower().strip(".")
    if first == "the" and len(words) > 1 and words[1][:1].isupper():
        first = words[1].lower()  # "The New York Times"
    if first in _FUNCTION or first in _RU_UK_FUNCTION:
        return f"opens with {words[0]!r}"
    if any(w.isdigit() or re.search(r"\d[A-Z][a-z]", w) for w in words):
        return "a number"
    if all(w[:1].islower() for w in words):
        return "all lower case (a common noun)"
    if len(words) == 1 and len(words[0].strip(".")) == 1:
        return "a letter"
    return None


def _documents(corpus: str, corpora_dir):
    if corpus == "polnear":
        return [(d, "en") for d, _ in read_polnear(corpora_dir / "polnear", "train")]
    from parley.evaluation.annotations import corpus_records

    recs = list(corpus_records(corpus, corpora_dir).values())
    random.Random(7).shuffle(recs)
    return [(Document.create(r.text, title=r.title, source=r.source, url=r.url, published=r.published,
                             language=r.language), r.language) for r in recs if r.text.strip()]


@pytest.mark.parametrize(
    "corpus",
    ["kremlin-zelensky-press-2021-22", "ria-telegram-2024", "ua-officials-2022", "whitehouse-briefings-2024-26",
     "zelenskyy-speeches-en-2022-23", "ukrainian-news-2024-11", "rbc-news-ru-2025-07", "ua-by-outlets-en-2022-24",
     "polnear"],
)
def test_no_stray_word_among_the_most_frequent_unresolved_speakers(corpus, corpora_dir):
    if not (corpora_dir / corpus).is_dir():
        pytest.skip(f"{corpus} is absent")
    registry = _default_registry()
    if registry is None:
        pytest.skip("the packaged actor registry does not load")
    counts: collections.Counter[str] = collections.Counter()
    read = 0
    for doc, lang in _documents(corpus, corpora_dir):
        if read > BUDGET:
            break
        read += len(doc.text)
        for s in get_extractor(lang, registry)(doc):
            if s.actor_id is None and s.speaker:
                counts[s.speaker] += 1
    assert counts, f"no unresolved speaker at all in {corpus}: nothing was tested"
    bad = [(name, n, stray(name)) for name, n in counts.most_common(100) if stray(name)]
    assert not bad, bad
