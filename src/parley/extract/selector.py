"""Which of the rules' statements to keep: a learned statement model over every language.

The rules (:mod:`parley.extract.rules`, :mod:`parley.extract.slavic`, the structure layer) find
candidate statements with high recall; :class:`StatementSelector`, a logistic regression over
features of each candidate, decides which are statements by the guidelines and sets each one's
``confidence``. The features say where the candidate comes from (a reporting verb, a phrase, a
headline, a transcript turn, the points under a header, ...), its cue's lemma, its kind and
length, what its speaker is (a registry actor, a name, a described group, an anonymous role, an
unresolved pronoun or a stray word) and the context it sits in (a turn, a question, a one-speaker
document). Lexical features carry the language (``ru:cue=заявить``), structural ones do not, so
what is learned of structure in one language helps the others.

The model is trained by ``python -m parley.extract.train`` on PolNeAR's train split and the train
split of the annotated corpus, and shipped as a small JSON file of weights
(``data/statement_model.json``); its decision threshold is chosen by leave-one-source-out
cross-validation over the train sources.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..records import Statement
from .lexicon import Lexicon
from .speakers import UNRESOLVED, Speaker, name_form

MODEL_FILE = "statement_model.json"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def speaker_form(sp: Speaker, lx: Lexicon, agent_heads: frozenset[str] = frozenset()) -> str:
    """What a resolved speaker is: ``actor-person``/``actor-institution`` (the registry's),
    ``unresolved-<why>``, else :func:`~parley.extract.speakers.name_form` of its name."""
    if sp.type == UNRESOLVED:
        return f"unresolved-{sp.title or 'stray'}"
    if sp.actor_id is not None:
        return f"actor-{sp.type or 'other'}"
    return name_form(sp.name, lx, agent_heads)


def statement_features(
    st: Statement,
    *,
    origin: str,
    speaker: str,
    lexicon: Lexicon,
    cue_lemma: str | None = None,
    context: str = "none",
) -> list[str]:
    """The features of one candidate statement (see the module's doc)."""
    lang = lexicon.language
    kind = st.kind
    # at most 65 pieces: the buckets end at 64 words (a runaway content of a whole document,
    # split whole for each of its thousands of statements, cost the square of its length)
    words = len(st.text.split(None, 64))
    length = _bucket(words, (2, 4, 8, 16, 32, 64))
    low_mention = (st.mention or "").lower().strip()
    if not low_mention:
        mention = "none"
    elif low_mention in lexicon.pronouns:
        mention = f"pron{lexicon.pronouns[low_mention][0]}"
    elif st.mention[:1].isupper():
        mention = "cap" if " " not in low_mention else "caps"
    else:
        mention = "lower"
    where = "none"
    if st.mention_span is not None and st.cue_span is not None:
        where = "before" if st.mention_span.start < st.cue_span.start else "after"
    content_side = "none"
    if st.cue_span is not None:
        content_side = "right" if st.start >= st.cue_span.end else ("left" if st.end <= st.cue_span.start else "around")
    quoted = any(c in st.text for c in "\"\u201c\u201d\u00ab\u00bb\u201e")
    conf = _bucket(int(st.confidence * 10), (3, 5, 7, 9))
    f = [
        "bias",
        f"o={origin}",
        f"k={kind}",
        f"o={origin}|k={kind}",
        f"s={speaker}",
        f"o={origin}|s={speaker}",
        f"m={mention}",
        f"m={mention}|s={speaker}",
        f"len={length}",
        f"k={kind}|len={length}",
        f"o={origin}|len={length}",
        f"ctx={context}",
        f"ctx={context}|o={origin}",
        f"ctx={context}|m={mention}",
        f"mpos={where}",
        f"side={content_side}",
        f"o={origin}|side={content_side}",
        f"q={quoted}",
        f"conf={conf}",
        f"{lang}:o={origin}",
        f"{lang}:s={speaker}",
        f"{lang}:o={origin}|s={speaker}",
        f"{lang}:len={length}",
    ]
    if cue_lemma:
        cls = lexicon.verb_class(cue_lemma) or "other"
        f += [f"{lang}:cue={cue_lemma}", f"cls={cls}", f"cls={cls}|s={speaker}", f"{lang}:cue={cue_lemma}|k={kind}"]
    if mention == "lower" and len(low_mention.split()) <= 3:
        f.append(f"{lang}:mhead={low_mention.split()[-1]}")
    if mention in ("pron1", "pron3", "pron2"):
        f.append(f"{lang}:pron={low_mention}")
    return f


@dataclass(frozen=True)
class StatementSelector:
    """A trained logistic regression over :func:`statement_features`: the probability that a
    candidate is a statement; candidates below ``threshold`` are dropped."""

    weights: dict[str, float]
    threshold: float = 0.5
    version: str = "0"

    def probability(self, features: list[str]) -> float:
        w = self.weights
        z = sum(w.get(x, 0.0) for x in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "threshold": self.threshold, "weights": self.weights},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "statement model") -> StatementSelector:
        try:
            return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data.get("threshold", 0.5)),
                       str(data.get("version", "0")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{where}: not a statement model ({exc}); rebuild it with python -m parley.extract.train") from None


@functools.cache
def load_selector() -> StatementSelector | None:
    """The packaged statement model, or None when none was trained (the rules' candidates are
    kept as they are). A file that cannot be read is a ConfigError."""
    try:
        text = resources.files(__package__).joinpath("data", MODEL_FILE).read_text("utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"parley/extract/data/{MODEL_FILE}: invalid JSON ({exc}); rebuild it with python -m parley.extract.train") from None
    return StatementSelector.from_dict(data, f"parley/extract/data/{MODEL_FILE}")
