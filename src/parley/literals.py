"""Literal prefilters of regular expressions: the strings a pattern's every match contains.

:func:`needs` reads a compiled pattern's parse tree and returns clauses of strings, lowercased and
folded the way the regex engine equates characters under IGNORECASE (:func:`fold`), such that a
text the pattern matches has, for every clause, one of its strings in it (:func:`passes`). A
search is skipped when a text fails the test: the same matches, found only where they can be. The
signal rules (:mod:`parley.signals.rules`) and the document-structure reader
(:mod:`parley.extract.structure`) use it.
"""

from __future__ import annotations

import re
import re._constants as _sre_nodes  # the regex parser's node names
import re._parser as _sre_parser
from typing import Any

_MAX_NEEDS = 64  # beyond this many alternatives a literal prefilter costs more than it saves

try:  # the characters the regex engine takes as one under IGNORECASE beyond simple lowercasing
    from re._casefix import _EXTRA_CASES as _CASE_EXTRA
except ImportError:  # another interpreter: case-insensitive patterns get no prefilter
    _CASE_EXTRA = None


def _fold_table(extra: dict[int, tuple[int, ...]]) -> dict[int, int]:
    """Each character the engine's IGNORECASE equates with another (``ſ`` and ``s``, ``ς`` and
    ``σ``, ``ᲀ`` and ``в`` ...) mapped to one of its class, so a folded literal is in the folded text
    wherever the engine would match it."""
    out: dict[int, int] = {}
    for k, vs in extra.items():
        cls = {k, *vs}
        for c in cls:
            out[c] = min(cls | ({out[c]} if c in out else set()))
    return {c: r for c, r in out.items() if c != r}


_FOLD = _fold_table(_CASE_EXTRA or {})
#: the characters :data:`_FOLD` maps, as one class: a text without them is folded by lowercasing
#: (``str.translate`` with a table looks every character up, ten times the cost of the search)
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]") if _FOLD else None


def fold(text: str) -> str | None:
    """``text`` lowercased and case-folded as the rules' prefilter reads it (None: lowercasing
    changes its length, so offsets would drift and the prefilter is not used)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    if _FOLDED_CHARS is None or _FOLDED_CHARS.search(low) is None:
        return low
    return low.translate(_FOLD)


def _fold_literal(ch: str) -> str | None:
    """One literal character as it stands in folded text (None: it has no single-character form).
    A case-insensitive pattern's literal matches the characters whose lowercase form is its own
    or one the engine equates with it: all of them fold to the same character."""
    low = ch.lower()
    return low.translate(_FOLD) if len(low) == 1 else None


def _best(clause: frozenset[str]) -> tuple[int, int]:
    """How selective a clause is: its shortest string longest, then the fewest strings."""
    return (min(map(len, clause)), -len(clause))


def _required(items: Any) -> list[frozenset[str]]:
    """The clauses every match of the parsed regex ``items`` satisfies: each a set of strings,
    lowercased and folded (:func:`fold`), one of which the match contains.

    The clauses of a sequence are those of its mandatory parts: a run of literal characters, a
    group, a repeat taken at least once, and a branch every alternative of which has a clause (the
    branch's clauses are unions of one clause of each alternative: the most selective of each,
    the second most selective of each, and so on). Anything else
    (classes, optional parts, assertions, backreferences) promises nothing. A literal with no
    single-character lowercase form ends a run. Whether the pattern (or a part of it) ignores
    case does not matter: its literals are read in the folded text."""
    C = _sre_nodes
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            ch = _fold_literal(chr(av))
            if ch is not None:
                run.append(ch)
                continue
        flush()
        if op is C.SUBPATTERN:
            out += _required(av[-1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            out += _required(av[2])
        elif op is C.BRANCH:
            alts = [sorted(_required(b), key=_best, reverse=True) for b in av[1]]
            if all(alts):  # the j-th clause: each alternative's j-th most selective (or its last)
                for j in range(max(map(len, alts))):
                    got = frozenset().union(*(a[min(j, len(a) - 1)] for a in alts))
                    if len(got) <= _MAX_NEEDS:
                        out.append(got)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out += _required(av)
    flush()
    return [c for c in out if all(c)]  # a clause with the empty string promises nothing


_MAX_CLAUSES = 3  # the most selective clauses are tested; more cost more than they save


def needs(rx: re.Pattern[str] | None) -> tuple[tuple[str, ...], ...] | None:
    """The literal prefilter of a rule's pattern (the signal rules keep it as :attr:`parley.signals.rules.Rule.needs`): clauses, each of
    strings lowercased and folded, one of which is in the folded text (:func:`fold`) wherever
    ``rx`` matches it; the most selective clause first."""
    if rx is None:
        return None
    if rx.flags & re.IGNORECASE and _CASE_EXTRA is None:
        return None
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
    except (re.error, AttributeError):
        return None
    clauses: list[tuple[str, ...]] = []
    for got in sorted(set(_required(list(parsed))), key=lambda c: (*_best(c), sorted(c)), reverse=True):
        # a string that contains another of the clause adds nothing to the test
        clause = tuple(sorted(n for n in got if not any(m != n and m in n for m in got)))
        if clause not in clauses:
            clauses.append(clause)
    return tuple(clauses[:_MAX_CLAUSES]) or None


def passes(needs: tuple[tuple[str, ...], ...] | None, folded: str | None) -> bool:
    """Whether a text (lowercased and folded, :func:`fold`) passes a rule's literal prefilter:
    every clause has a string in it (no prefilter, or no folded text: it passes)."""
    if needs is None or folded is None:
        return True
    for clause in needs:
        for literal in clause:
            if literal in folded:
                break
        else:
            return False
    return True
