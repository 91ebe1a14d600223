"""The PLOVER event classifier: features, storage round trip, training data readers."""

from __future__ import annotations

import numpy as np
import pytest

from parley.errors import ConfigError, InputError
from parley.evaluation.signals import _stratified_folds, evaluate_plover, yield_merged
from parley.signals.plover_model import (
    PloverModel,
    event_region,
    load_model,
    mark,
    plain,
    read_gsr,
    read_plv,
    read_synthetic,
    stems,
    verb_context,
)

SENTENCES = [
    ("<s>Russia</s> accused <t>Ukraine</t> of shelling the city.", "ACCUSE"),
    ("<s>Kyiv</s> blamed <t>Moscow</t> for the attack on the station.", "ACCUSE"),
    ("<s>The army</s> shelled <t>the village</t> with artillery.", "ASSAULT"),
    ("<s>Troops</s> bombed <t>the town</t> overnight.", "ASSAULT"),
    ("<s>The president</s> met <t>his counterpart</t> in Ankara.", "CONSULT"),
    ("<s>The minister</s> held talks with <t>the envoy</t> in Geneva.", "CONSULT"),
]


def test_features_hide_the_actors():
    m = "<s>Russia</s> accused <t>Ukraine</t> of lying"
    assert "Russia" not in plain(m) and "SRCX" in plain(m) and "TGTX" in plain(m)
    assert verb_context(m).split()[:1] == ["A_accused"]
    assert "B_accused" in verb_context(m)


def test_event_region_reads_the_act():
    r = event_region("<s>Russia</s> has not accused <t>Ukraine</t> of lying").split()
    assert "NEGV" in r and "V_accus" in r and "VV_accus_TGT" in r and "ORD_ST" in r
    r = event_region("<s>The army</s> reportedly shelled the outskirts of <t>Kharkiv</t>").split()
    assert r[0] == "V_shell" and "R_outskirt" in r and "NEGV" not in r
    assert "ORD_TS" in event_region("<t>Kyiv</t> was accused by <s>Moscow</s>").split()
    assert event_region("no marked source here") == ""
    assert stems("<s>A</s> accusing <t>B</t> of accusations").split() == ["SRCX", "accus", "TGTX", "of", "accus"]


def test_event_region_on_the_corpus(corpora_dir):
    rows = read_plv(corpora_dir / "plover" / "PLV_train.tsv")[:200]
    regions = [event_region(r.marked).split() for r in rows]
    assert sum(any(t.startswith("V_") for t in reg) for reg in regions) > 0.9 * len(rows)
    assert all(not any(w in " ".join(reg) for w in ("<s>", "</s>", "<t>")) for reg in regions)


def test_mark_places_source_and_target():
    assert mark("Russia accused Ukraine of lying", "Russia", "Ukraine") == "<s>Russia</s> accused <t>Ukraine</t> of lying"
    assert mark("we are ready", "Peskov", cue="said") == "<s>Peskov</s> said we are ready"


def test_fit_save_load_round_trip(tmp_path):
    m = PloverModel.fit([s for s, _ in SENTENCES], [y for _, y in SENTENCES], C=10)
    assert set(m.classes) == {"ACCUSE", "ASSAULT", "CONSULT"}
    p = m.save(tmp_path / "m.npz")
    back = PloverModel.load(p)
    probe = ["<s>Moscow</s> accused <t>Kyiv</t> of sabotage.", "<s>Planes</s> bombed <t>the city</t>."]
    assert back.predict(probe) == m.predict(probe)
    assert np.allclose(back.predict_proba(probe).sum(axis=1), 1.0)
    assert back.temperature == pytest.approx(m.temperature, rel=1e-5)
    with pytest.raises(ConfigError, match="python -m parley.signals.train"):
        PloverModel.load(tmp_path / "missing.npz")
    old = tmp_path / "old.npz"
    np.savez_compressed(old, classes=np.array(["A"]), coef=np.zeros((1, 1)))
    with pytest.raises(ConfigError, match="older PLOVER model"):
        PloverModel.load(old)


def test_pretraining_rows_weigh_less_and_stay_out_of_the_vocabulary():
    pre = [("Soldiers fired rockets at a convoy near the zebra farm.", "ASSAULT")] * 5
    m = PloverModel.fit([s for s, _ in SENTENCES], [y for _, y in SENTENCES], pretrain=pre)
    assert "zebra" not in m.vectorizers["words"].vocabulary_
    assert m.temperature > 0
    assert m.predict(["<s>Troops</s> shelled <t>the city</t>."]) == ["ASSAULT"]


def test_shipped_model_predicts_the_fifteen_roots():
    m = load_model()
    assert len(m.classes) == 15 and "YIELD" in m.classes
    assert m.predict(["<s>Rebels</s> kidnapped <t>two aid workers</t> near the border."]) == ["ASSAULT"]


def test_yield_merge_and_folds():
    assert yield_merged("RETREAT") == yield_merged("CONCEDE") == "YIELD"
    assert yield_merged("ACCUSE") == "ACCUSE"
    folds = _stratified_folds(["A"] * 10 + ["B"] * 5, 5, seed=0)
    assert sorted(i for f in folds for i in f) == list(range(15))
    assert all(len(f) == 3 for f in folds)


def test_readers_on_the_corpus(corpora_dir):
    plv = read_plv(corpora_dir / "plover" / "PLV_train.tsv")
    assert len(plv) > 1000 and all("<s>" in r.marked for r in plv[:50])
    gsr = read_gsr(corpora_dir / "plover" / "PLOVER_GSR_CAMEO.json")
    assert len(gsr) > 300
    assert {r.root for r in gsr} <= set(load_model().classes)
    assert sum("<s>" in r.marked for r in gsr) > 0.9 * len(gsr)


def test_read_synthetic_stories(corpora_dir, tmp_path):
    rows = read_synthetic(corpora_dir / "plover" / "gpt_synthetic_events_2023-10-19_19.csv.zip")
    assert len(rows) > 4000
    roots = {r for _, r in rows}
    assert "YIELD" in roots and not roots & {"CONCEDE", "RETREAT"}
    assert roots <= set(load_model().classes)
    import zipfile

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("x.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match="not a synthetic-story file"):
        read_synthetic(bad)


def test_read_plv_rejects_other_files(tmp_path):
    bad = tmp_path / "x.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a PLV file"):
        read_plv(bad)
    with pytest.raises(InputError, match="no such file"):
        read_plv(tmp_path / "none.tsv")


def test_cross_validation_runs_on_a_small_file(corpora_dir, tmp_path):
    lines = (corpora_dir / "plover" / "PLV_train.tsv").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(lines[:1] + lines[1::6]) + "\n", encoding="utf-8")
    rep = evaluate_plover(small, cv=3, extra=[], pretrain=[])
    assert rep.mode == "cv3" and rep.sentences == len(lines[1::6])
    assert 0.0 < rep.macro_f1 <= rep.accuracy + 0.5
    assert 0.3 < rep.accuracy <= 1.0
