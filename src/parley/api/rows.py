"""Flat rows of the api's records for tables and CSV (what ``parley ... --format csv`` prints),
and the lists a face shows as they are (contradiction rules, statement row fields).

The faces take these from here rather than from the stages that define them, so that a face
imports nothing below the api."""

from __future__ import annotations

from ..analysis.contradictions import RULE_NAMES, RULES, Rule, contradiction_row
from ..analysis.profiles import profile_row
from ..analysis.tactics import PATTERNS as TACTICS
from ..analysis.tactics import tactic_row
from ..analysis.trends import trend_rows
from ..pipeline import ROW_FIELDS
from ..signals.codebook import codebook_rows, render_markdown

__all__ = [
    "ROW_FIELDS",
    "RULES",
    "RULE_NAMES",
    "Rule",
    "TACTICS",
    "codebook_rows",
    "contradiction_row",
    "profile_row",
    "render_markdown",
    "tactic_row",
    "trend_rows",
]
