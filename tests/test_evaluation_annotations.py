"""The annotated corpus: offsets into the shared corpora, rebuilt and checked on load."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from parley.errors import InputError
from parley.evaluation import annotations as ann

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="module")
def docs(corpora_dir):
    return ann.load(ANNOTATIONS, corpora_dir)


def test_every_annotation_rebuilds_from_the_corpora_with_its_checksum(docs):
    assert len(docs) >= 150
    assert sum(len(d.statements) for d in docs) >= 2500
    for d in docs:
        for s in d.statements:
            assert 0 <= s.start < s.end <= len(d.document.text)
            assert d.document.text[s.start : s.end].strip(), d.key


def test_documents_are_annotated_once_and_never_repeat_the_gold_files(docs, corpora_dir):
    keys = Counter(d.key for d in docs)
    assert [k for k, n in keys.items() if n > 1] == []
    assert not [d.key for d in docs if ann.in_gold(d.corpus, d.record, corpora_dir)]


def test_splits_are_by_source(docs):
    """No source (outlet, office, section) gives documents to two splits."""
    by_source: dict[tuple[str, str], set[str]] = {}
    for d in docs:
        by_source.setdefault(ann.split_unit(d), set()).add(d.split)
    assert {k: v for k, v in by_source.items() if len(v) > 1} == {}
    per_lang = Counter((d.language, d.split) for d in docs)
    for lang in ("en", "ru", "uk"):
        assert per_lang[(lang, "train")] > 0 and per_lang[(lang, "blind")] > 0, lang


def test_a_changed_text_is_an_error_not_a_silent_mismatch(tmp_path, corpora_dir):
    line = json.loads((ANNOTATIONS / "a4.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line["sha1"] = "0" * 40
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="checksum"):
        ann.load(bad, corpora_dir)


def test_unknown_codes_and_sides_are_errors_naming_the_statement(tmp_path, corpora_dir):
    line = json.loads((ANNOTATIONS / "a4.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line["statements"] = [dict(line["statements"][0], signals=["MAKE_PEACE"], side="Russia")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1, statement 0: unknown signal code\(s\) MAKE_PEACE"):
        ann.load(bad, corpora_dir)


def test_a_draft_resolves_spans_given_as_text_or_as_first_and_last_words(tmp_path, corpora_dir):
    rec = ann.record("ria-telegram-2024", "271580", corpora_dir)
    text = rec.text
    quote = text[:137]
    draft = tmp_path / "draft.jsonl"
    base = {"corpus": "ria-telegram-2024", "record": "271580", "language": "ru", "genre": "ru-telegram",
            "split": "train", "annotator": "t"}
    stmt = {"speaker": "Dmitry Peskov", "side": "RU", "mention": "Песков", "cue": "заявил", "kind": "indirect",
            "signals": ["PRAISE"], "conditional": None, "theatre": "russia-ukraine", "target": "QA"}
    draft.write_text(
        json.dumps(dict(base, statements=[dict(stmt, text=quote)]), ensure_ascii=False) + "\n"
        + json.dumps(dict(base, statements=[dict(stmt, **{"from": quote[:20], "to": quote[-15:]})]), ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out, problems = ann.resolve_draft(draft, corpora_dir)
    assert problems == []
    a, b = out
    assert a["statements"][0]["start"] == b["statements"][0]["start"] == 0
    assert a["statements"][0]["end"] == b["statements"][0]["end"] == 137
    m0, m1 = a["statements"][0]["mention"]
    assert text[m0:m1] == "Песков" and m0 > 137  # the mention after the quote, not inside it


def test_mention_and_cue_are_placed_next_to_the_statement_not_at_an_earlier_occurrence():
    text = 'Peskov said one thing. "Talks will go on," Peskov said later.'
    span = (text.index("Talks"), text.index(',"'))
    assert ann._find(text, "Peskov", near=span) == (text.rindex("Peskov"), text.rindex("Peskov") + 6)
    assert ann._find(text, "said", near=span)[0] == text.rindex("said")
    # a pronoun is never found inside another word
    assert ann._find("the theory, he said", "he", near=(0, 3)) == (12, 14)


def test_agreement_of_a_pass_with_itself_is_perfect_and_drops_with_changes(docs):
    sample = [d for d in docs if d.split == "train"][:20]
    (same,) = [a for a in ann.agreement(sample[:5], sample[:5]) if a.language == sample[0].language]
    assert same.statement_f1 == 1.0 and same.speaker_agreement == 1.0 and same.signal_f1 == 1.0
    import dataclasses

    halved = [dataclasses.replace(d, statements=d.statements[: len(d.statements) // 2]) for d in sample[:5]]
    (less,) = [a for a in ann.agreement(sample[:5], halved) if a.language == sample[0].language]
    assert less.statement_f1 < 1.0
