"""Training the cue scorer (parley.extract.train): what is learned from annotations, and the
packaged model it wrote."""

from __future__ import annotations

from parley.extract import Extractor
from parley.evaluation.attribution import GoldStatement, read_polnear
from parley.extract.lexicon import load_lexicon
from parley.extract.cue_model import load_scorer
from parley.extract.train import THRESHOLDS, agent_heads, learned_forms
from parley.records import Document


def test_agent_heads_keep_nouns_not_function_words():
    gold = [
        GoldStatement("d", 0, 5, "the witness"),
        GoldStatement("d", 0, 5, "Party officials, who asked not to be named"),
        GoldStatement("d", 0, 5, "many more"),
        GoldStatement("d", 0, 5, "Donald Trump"),
        GoldStatement("d", 0, 5, None),
    ]
    heads = agent_heads([(None, gold)], min_count=1)
    assert heads == {"witness", "officials"}
    assert agent_heads([(None, gold)], min_count=2) == frozenset()


def test_learned_forms_are_cue_words_outside_the_lexicon():
    text = "Peskov shrugged off the idea. Lavrov shrugged and left. Peskov shrugged it off again."
    doc = Document.create(text, language="en")
    spans = [(text.index("shrugged"), text.index("shrugged") + 8), (text.rindex("shrugged"), text.rindex("shrugged") + 8)]
    gold = [GoldStatement(doc.id, 0, 5, "Peskov", cue_spans=(sp,)) for sp in spans]
    ex = Extractor(scorer=None)
    assert learned_forms(ex, [(doc, gold)], min_cues=2, min_rate=0.5) == {"shrugged"}
    assert learned_forms(ex, [(doc, gold)], min_cues=3, min_rate=0.5) == frozenset()


def test_learned_from_polnear_train(corpora_dir):
    data = read_polnear(corpora_dir / "polnear", "train")[:120]
    ex = Extractor(scorer=None)
    forms = learned_forms(ex, data)
    lx = load_lexicon("en")
    assert forms and not forms & set(lx.verb_forms)
    heads = agent_heads(data)
    assert {"officials", "poll"} & heads and not heads & lx.determiners


def test_packaged_model():
    sc = load_scorer("en")
    assert sc is not None and sc.threshold in THRESHOLDS
    assert sc.learned_forms and sc.agent_heads and "bias" in sc.weights
