"""Scoring reporting-verb occurrences: is this "said" / "noted" / "rejected" a statement's cue?

A logistic regression over cheap context features of the verb (the form and its base, the words
around it, quotation marks and "that" nearby, what stands before it), trained on PolNeAR's train
split by ``python -m parley.extract.train`` and shipped as a small JSON file of weights
(``data/cue_model_<language>.json``). Scoring is a dictionary look-up per feature, so it costs
little more than reading the tokens.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from .lexicon import Lexicon
from .tokens import Tokens

_QMARK = set("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`")


def features(t: Tokens, i: int, lx: Lexicon) -> list[str]:
    """The features of the verb at token ``i``."""
    w = t.lower[i]
    base, cls = lx.verb_forms.get(w, (w, "other"))
    s_start, s_end = t.sent_bounds(i)
    n = len(t.words)

    def word(k: int) -> str:
        if k < s_start:
            return "<s>"
        if k >= s_end:
            return "</s>"
        x = t.lower[k]
        if x and _QMARK.issuperset(x):
            return "<q>"
        if x in lx.pronouns:
            return x
        if t.words[k][:1].isupper():
            return "<Cap>" if x not in lx.determiners else x
        return x

    p1, p2, n1, n2 = word(i - 1), word(i - 2), word(i + 1), word(i + 2)
    suffix = "ing" if w.endswith("ing") else "ed" if w.endswith(("ed", "id", "ld", "ote", "ght")) and w != base else "s" if w.endswith("s") and w != base else "base"
    in_quote = t.qid[i] >= 0
    sent_has_q = any(t.qid[k] >= 0 for k in range(s_start, s_end, max(1, (s_end - s_start) // 12)))
    f = [
        "bias",
        f"w={w}",
        f"b={base}",
        f"c={cls}",
        f"sfx={suffix}",
        f"b={base}|sfx={suffix}",
        f"p1={p1}",
        f"p2={p2}",
        f"n1={n1}",
        f"n2={n2}",
        f"b={base}|n1={n1}",
        f"b={base}|p1={p1}",
        f"p1={p1}|n1={n1}",
        f"c={cls}|n1={n1}",
        f"c={cls}|p1={p1}",
        f"inq={in_quote}",
        f"sq={sent_has_q}",
        f"first={i == s_start}",
        f"pos={min(4, (i - s_start) // 5)}",
        f"left={min(3, s_end - i - 1)}",
    ]
    # a quotation right before or right after
    for k in range(i - 3, i):
        if 0 <= k < n and k >= s_start and t.words[k] and t.words[k][-1] in _QMARK:
            f.append("q_before")
            break
    for k in range(i + 1, min(i + 4, s_end)):
        if t.words[k] and t.words[k][0] in _QMARK:
            f.append("q_after")
            break
    if "that" in t.lower[i + 1 : min(i + 5, s_end)]:
        f.append("that_soon")
    if i + 1 < s_end and t.lower[i + 1] == "to":
        f.append(f"b={base}|to")
    return f


@dataclass(frozen=True)
class CueScorer:
    """A trained logistic regression over :func:`features`."""

    weights: dict[str, float]
    threshold: float = 0.5
    version: str = "0"
    #: lower-case head nouns seen as speakers in the training data ("officials", "the poll")
    agent_heads: frozenset[str] = frozenset()
    #: word forms that are not lexicon verbs but often head a cue in the training data
    learned_forms: frozenset[str] = frozenset()

    def score(self, t: Tokens, idx: list[int], lx: Lexicon) -> list[float]:
        get = self.weights.get
        out = []
        for i in idx:
            z = sum([get(f, 0.0) for f in features(t, i, lx)])  # in the features' order, as ever
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "threshold": self.threshold,
                "agent_heads": sorted(self.agent_heads),
                "learned_forms": sorted(self.learned_forms),
                "weights": self.weights,
            },
            ensure_ascii=False,
            sort_keys=True,
        )


@functools.cache
def load_scorer(language: str) -> CueScorer | None:
    """The packaged scorer for ``language``, or None when none was trained (rules only)."""
    try:
        text = resources.files(__package__).joinpath("data", f"cue_model_{language}.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    return CueScorer(
        dict(data["weights"]),
        float(data.get("threshold", 0.5)),
        str(data.get("version", "0")),
        frozenset(data.get("agent_heads") or ()),
        frozenset(data.get("learned_forms") or ()),
    )
