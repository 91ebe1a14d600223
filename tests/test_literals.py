"""parley.literals: folding a text for the literal prefilters. A text holding none of the
characters the fold table maps is folded by lowercasing alone (the table is not applied); the
result is the table's, whatever the text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.literals import _FOLD, fold, needs, passes

_CHARS = "".join(chr(c) for c in _FOLD) + "abcXYZ ſKµΣΟΦς ıİ\u212a"


def _reference(text: str) -> str | None:
    low = text.lower()
    return None if len(low) != len(text) else low.translate(_FOLD)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=16) | st.text(max_size=16))
def test_fold_is_the_tables_fold(text):
    assert fold(text) == _reference(text)


def test_fold_of_plain_and_special_text():
    assert fold("Peskov SAID so") == "peskov said so"
    assert fold("ſtrike") == fold("strike") == "strike"  # the long s folds with s
    assert fold("ΣΟΦΟΣ") == fold("σοφος")
    assert fold("İstanbul") is None
    import re

    assert passes(needs(re.compile(r"will strike", re.I)), fold("We WILL ſtrike"))
