"""Do the briefing's findings rest on enough evidence? (issue 12)

    python -m parley.evaluation.findings STORE --period 2022-02-01:2022-04-30 [--period …]

builds the briefing of each period over the store (``Parley.briefing``) and reports, per period:
its statements, headlines and findings tested, the fewest statements a headline rests on, the
headlines below the evidence threshold (:data:`~parley.analysis._scores.MIN_EVIDENCE`: there
should be none), and the roles the briefing states that ``parley profile`` (``Parley.profile``,
which the dashboard's actor page reads too) states otherwise (there should be none).
Figures are printed, one JSON line per period; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..analysis._scores import MIN_EVIDENCE
from ..api import Parley


@dataclass(frozen=True, slots=True)
class FindingsCheck:
    since: str
    until: str
    statements: int
    findings_tested: int
    headlines: int
    headline_kinds: tuple[str, ...]
    #: the fewest statements a headline rests on (None: no headline)
    least_evidence: int | None
    #: headlines resting on fewer than the threshold's statements
    below_threshold: int
    roles: int
    #: (actor, the briefing's role, parley profile's role) where the two differ
    role_disagreements: tuple[tuple[str, str, str], ...]
    seconds: float


def check_findings(parley: Parley, since: dt.date, until: dt.date) -> FindingsCheck:
    """The briefing of ``since``–``until`` checked against the threshold and ``parley profile``."""
    start = time.perf_counter()
    b = parley.briefing(since=since, until=until)
    differ = []
    for r in b.roles:
        profile = parley.profile(r.actor_id or r.actor, since=since, until=until)
        if profile.role != r.role:
            differ.append((r.actor, r.role, profile.role))
    return FindingsCheck(
        since.isoformat(), until.isoformat(), b.statements, b.findings_tested, len(b.headlines),
        tuple(h.kind for h in b.headlines), min((h.statements for h in b.headlines), default=None),
        sum(1 for h in b.headlines if h.statements < MIN_EVIDENCE), len(b.roles), tuple(differ),
        round(time.perf_counter() - start, 1),
    )


def _period(text: str) -> tuple[dt.date, dt.date]:
    first, sep, last = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a period as YYYY-MM-DD:YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m parley.evaluation.findings", description=__doc__.split("\n\n")[0])
    ap.add_argument("store", help="a SQLite file or a postgresql:// URL")
    ap.add_argument("--period", type=_period, action="append", required=True,
                    help="YYYY-MM-DD:YYYY-MM-DD (repeatable)")
    args = ap.parse_args(argv)
    with Parley.open(args.store) as parley:
        for since, until in args.period:
            print(json.dumps(asdict(check_findings(parley, since, until)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
