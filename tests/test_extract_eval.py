"""The attribution evaluation: matching rules on hand-made records, and the quality floors on
real annotated text (../shared/gold/dev.jsonl, PolNeAR dev and train)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_doubles import TinyRegistry

from parley.extract import Extractor, get_extractor
from parley.evaluation.attribution import (
    GoldStatement,
    evaluate_gold,
    evaluate_polnear,
    match_statements,
    overlap_ok,
    read_gold,
    read_polnear,
    source_agrees,
    speakers_agree,
)
from parley.records import Statement

FLOORS = json.loads((Path(__file__).parent / "floors" / "attribution.json").read_text())
TOL = FLOORS["tolerance"]


def st(start, end, speaker, doc="d"):
    return Statement(doc_id=doc, start=start, end=end, text="x" * (end - start), kind="indirect", speaker=speaker)


def test_overlap_needs_half_of_the_shorter_span():
    assert overlap_ok(0, 10, 5, 100)  # 5 of the shorter 10
    assert not overlap_ok(0, 10, 6, 100)
    assert not overlap_ok(0, 10, 10, 20)


def test_speakers_agree_on_name_or_surname():
    assert speakers_agree("Dmitry Peskov", "Peskov")
    assert speakers_agree("Mr. Trump", "Donald Trump")
    assert not speakers_agree("Dmitry Peskov", "Sergey Lavrov")
    assert not speakers_agree(None, "Peskov")


def test_source_agrees_with_an_apposition():
    assert source_agrees("Phil Smith", "Phil Smith, a spokesman for the United Mine Workers,")
    assert source_agrees("Laurence H. Tribe", "Another critic, Laurence H. Tribe,")
    assert not source_agrees("Trump", "Hillary Clinton")


def test_match_is_many_to_one_and_checks_speakers():
    gold = [GoldStatement("d", 0, 100, "Volodymyr Zelensky"), GoldStatement("d", 200, 250, "Peskov")]
    pred = [st(0, 40, "Zelensky"), st(40, 100, "Volodymyr Zelensky"), st(200, 250, "Lavrov"), st(0, 40, "x", doc="e")]
    assert match_statements(pred, gold) == [(0, 0), (1, 0)]
    assert match_statements(pred, gold, check_speaker=False) == [(0, 0), (1, 0), (2, 1)]


def test_readers(gold_dir, corpora_dir):
    docs = read_gold(gold_dir / "dev.jsonl")
    assert len(docs) == 20 and sum(len(g) for _, g in docs) == 204
    for doc, gold in docs:
        for g in gold:
            assert 0 <= g.start < g.end <= len(doc.text)
    pn = read_polnear(corpora_dir / "polnear", "dev")
    assert len(pn) == 84
    assert all(doc.external_id and doc.published for doc, _ in pn)


def test_offsets_on_real_text(gold_dir, corpora_dir):
    ex = Extractor(registry=TinyRegistry())
    docs = [d for d, _ in read_gold(gold_dir / "dev.jsonl")] + [d for d, _ in read_polnear(corpora_dir / "polnear", "dev")]
    n = 0
    for doc, out in zip(docs, ex.pipe(docs)):
        for s in out:
            n += 1
            assert doc.text[s.start : s.end] == s.text
            assert s.start < s.end
            for p in s.parts:
                assert doc.text[p.start : p.end] == p.text
            assert s.kind in ("direct", "indirect", "mixed")
            assert s.speaker or s.mention  # an unresolved speaker keeps its mention
    assert n > 1000


@pytest.mark.corpora
def test_gold_dev_floor(gold_dir):
    r = evaluate_gold(gold_dir / "dev.jsonl", extractor=Extractor(registry=TinyRegistry()))
    floor = FLOORS["gold_dev_tiny_registry"]
    assert r.f1 >= floor["f1"] - TOL, r.as_dict()
    assert r.precision >= floor["precision"] - TOL, r.as_dict()
    assert r.recall >= floor["recall"] - TOL, r.as_dict()


@pytest.mark.corpora
def test_polnear_dev_floor(corpora_dir):
    r = evaluate_polnear(corpora_dir / "polnear", "dev", extractor=get_extractor("en", None))
    floor = FLOORS["polnear_dev"]
    assert r.f1 >= floor["f1"] - TOL, r.as_dict()
    assert r.precision >= floor["precision"] - TOL, r.as_dict()
    assert r.recall >= floor["recall"] - TOL, r.as_dict()
    assert r.speaker_accuracy >= floor["speaker_accuracy"] - TOL, r.as_dict()


# ----------------------------------------------------------------- the annotated corpus
from parley.evaluation.annotations import default_dir  # noqa: E402
from parley.evaluation.attribution import (  # noqa: E402
    annotated_documents,
    evaluate_annotations,
    grouped_scores,
)
from parley.extract.train import leave_one_source_out  # noqa: E402


def _annotations():
    path = default_dir()
    if not any(path.glob("*.jsonl")):
        pytest.skip("the repository holds no annotation files yet")
    return path


def test_speaker_accuracy_counts_content_matched_statements():
    gold = [GoldStatement("d", 0, 100, "Volodymyr Zelensky"), GoldStatement("d", 200, 250, "Dmitry Peskov")]
    pred = [st(0, 90, "Volodymyr Zelensky"), st(200, 250, "Sergey Lavrov")]
    from parley.evaluation.attribution import score

    s = score("t", [(pred, gold)], check_speaker_in_match=True)
    assert (s.true_positives, s.found, s.speaker_checked, s.speaker_correct) == (1, 1, 2, 1)


def test_grouped_scores_by_language_and_genre():
    from parley.records import Document

    d1, d2 = Document.create("a" * 300, language="en"), Document.create("b" * 300, language="ru")
    items = [
        __import__("parley.evaluation.attribution", fromlist=["EvalDocument"]).EvalDocument(d1, (GoldStatement(d1.id, 0, 50, "A B"),), "en", "en-wire", "s1", "c"),
        __import__("parley.evaluation.attribution", fromlist=["EvalDocument"]).EvalDocument(d2, (GoldStatement(d2.id, 0, 50, "C D"),), "ru", "ru-news", "s2", "c"),
    ]
    preds = [[st(0, 50, "A B", doc=d1.id)], []]
    rows = grouped_scores("dev", items, preds)
    by = {(r["language"], r["genre"]): r for r in rows}
    assert by[("all", "all")]["f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert by[("en", "en-wire")]["f1"] == 1.0 and by[("ru", "ru-news")]["recall"] == 0.0
    with pytest.raises(Exception, match="cannot group by"):
        grouped_scores("dev", items, preds, by=("colour",))


def test_the_blind_split_is_never_scored_here():
    with pytest.raises(Exception, match="blind"):
        evaluate_annotations(None, "blind")


@pytest.mark.corpora
def test_annotated_documents_carry_the_record_speaker(corpora_dir):
    items = annotated_documents(_annotations(), "dev")
    speeches = [it for it in items if it.corpus == "zelenskyy-speeches-en-2022-23"]
    assert speeches and all(it.document.metadata.get("speaker") for it in speeches)
    assert all(it.genre and it.language in ("en", "ru", "uk") for it in items)


def test_cli_eval_annotations_and_its_errors():
    from typer.testing import CliRunner

    from parley.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["eval", "attribution", "--loso", "--format", "json"])
    assert r.exit_code == 1 and "--loso needs --annotations" in r.output
    r = runner.invoke(app, ["eval", "attribution", "--annotations", str(_annotations()), "--split", "blind", "--format", "json"])
    assert r.exit_code == 1 and "blind split is not scored here" in r.output


@pytest.mark.corpora
def test_cli_eval_annotations_dev(corpora_dir):
    from typer.testing import CliRunner

    from parley.cli import app

    r = CliRunner().invoke(app, ["eval", "attribution", "--annotations", str(_annotations()), "--split", "dev",
                                 "--by", "genre,language", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows[0]["language"] == "all" and {"en", "uk", "ru"} <= {x["language"] for x in rows}
    assert all(0 <= x["f1"] <= 1 and x["split"] == "dev" for x in rows)


@pytest.mark.corpora
def test_annotations_dev_floors(corpora_dir):
    rows = evaluate_annotations(_annotations(), "dev", by=("language", "genre"), registry=_default_registry())
    _check(rows, FLOORS["annotations_dev"], "dev")


@pytest.mark.corpora
def test_leave_one_source_out_floors(corpora_dir):
    rows = leave_one_source_out(_annotations(), polnear=corpora_dir / "polnear", registry=_default_registry())
    _check(rows, FLOORS["leave_one_source_out"], "loso")


def _check(rows, floors, split):
    got = {f"{r['language']}/{r['genre']}": r for r in rows if "source" not in r or not r.get("source")}
    missing = [k for k in floors if not k.startswith("_") and k not in got]
    assert not missing, f"no {split} figures for {missing}"
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        r = got[key]
        for metric in ("f1", "speaker_accuracy"):
            assert r[metric] >= floor[metric] - TOL, (key, metric, r[metric], floor[metric])


from parley.evaluation.attribution import _default_registry  # noqa: E402
