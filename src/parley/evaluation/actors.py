"""Measuring the registry on real text: the gold statements' speakers and mentions, RIA posts.

    python -m parley.evaluation.actors ../shared        # prints the figures as JSON

The figures are pinned in ``tests/floors/actors.json``; ``tests/test_actors_eval.py`` fails when
one drops below its floor.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..actors.registry import Registry, load_registry

GOLD_FILES = ("dev.jsonl", "dev-ru.jsonl", "dev-uk.jsonl")

#: Mentions no registry can resolve on its own: pronouns and joint or generic references.
PRONOUNS = frozenset(
    ["he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "you", "we", "i", "он", "она", "оно", "они", "его", "ее", "её", "их", "ему", "ей", "им", "він", "вона", "воно", "вони", "його", "її", "їх", "йому", "їй", "їм"]
)

#: Known spelling variants of the gold set: speaker as written -> the registry's canonical name.
GOLD_VARIANTS = {
    "Oleg Ustenko": "Oleh Ustenko",
    "McFaul–Yermak expert group": "Yermak-McFaul international expert group",
}

#: Which side a gold source speaks from (what the extractor knows from a document's source).
SOURCE_SIDES = {"en.kremlin.ru": "RU", "president.gov.ua": "UA", "resistinua": "UA", "rian_ru": None}


def gold_statements(gold_dir: Path) -> Iterator[tuple[dict, dict]]:
    """(document, statement) pairs of the gold files."""
    for name in GOLD_FILES:
        path = Path(gold_dir) / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    doc = json.loads(line)
                    for st in doc.get("statements") or ():
                        yield doc, st


def is_pronoun(mention: str) -> bool:
    return mention.strip().lower() in PRONOUNS


@dataclass
class MentionScore:
    total: int = 0  # non-null mentions that are not pronouns
    resolved_right: int = 0
    resolved_wrong: int = 0
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)  # mention, gold, got

    @property
    def share(self) -> float:
        return self.resolved_right / self.total if self.total else 0.0


def speaker_names(gold_dir: Path, registry: Registry | None = None) -> dict[str, str | None]:
    """Each distinct gold speaker and the canonical name it resolves to (None: unresolved)."""
    reg = registry or load_registry()
    out: dict[str, str | None] = {}
    for doc, st in gold_statements(gold_dir):
        speaker = st["speaker"]
        if speaker in out:
            continue
        actor = reg.resolve(speaker, language="en")
        out[speaker] = actor.name if actor else None
    return out


def mention_share(gold_dir: Path, registry: Registry | None = None, *, with_side: bool = False) -> dict[str, MentionScore]:
    """How many gold mentions resolve, at the document's date, to the gold speaker; per file."""
    reg = registry or load_registry()
    scores: dict[str, MentionScore] = {}
    for doc, st in gold_statements(gold_dir):
        mention = st.get("mention")
        if not mention or is_pronoun(mention):
            continue
        lang = doc.get("language") or "en"
        score = scores.setdefault(lang, MentionScore())
        score.total += 1
        on = dt.date.fromisoformat(doc["published"][:10]) if doc.get("published") else None
        side = SOURCE_SIDES.get(doc.get("source") or "") if with_side else None
        actor = reg.resolve(mention, on=on, language=lang, side=side)
        gold = GOLD_VARIANTS.get(st["speaker"], st["speaker"])
        if actor is not None and actor.name == gold:
            score.resolved_right += 1
        else:
            if actor is not None:
                score.resolved_wrong += 1
            score.misses.append((mention, gold, actor.name if actor else None))
    return scores


def gazetteer_recall(gold_dir: Path, registry: Registry | None = None) -> tuple[int, int]:
    """Of the gold mentions that resolve to their speaker and occur in the text, how many
    :meth:`Registry.find_mentions` (at the document's date) finds there: (found, total)."""
    reg = registry or load_registry()
    found = total = 0
    for name in GOLD_FILES:
        path = Path(gold_dir) / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            doc = json.loads(line)
            lang = doc.get("language") or "en"
            on = dt.date.fromisoformat(doc["published"][:10]) if doc.get("published") else None
            hits = None
            for st in doc.get("statements") or ():
                mention = st.get("mention")
                if not mention:
                    continue
                actor = reg.resolve(mention, on=on, language=lang)
                where = doc["text"].find(mention)
                if actor is None or actor.name != st["speaker"] or where < 0:
                    continue
                if hits is None:
                    hits = reg.find_mentions(doc["text"], lang, on=on)
                total += 1
                end = where + len(mention)
                if any(s < end and e > where and a.id == actor.id for s, e, a in hits):
                    found += 1
    return found, total


_RIA_CUE = re.compile(
    r"(?:заявил[аи]?|сообщил[аи]?|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|написал[аи]?|"
    r"добавил[аи]?|считает|пояснил[аи]?|рассказал[аи]?|по словам|по мнению)\s+"
    r"((?:[А-ЯЁA-Z][\w\-]*|[а-яё\-]+)(?:\s+(?:[А-ЯЁA-Z][\w\-]*|[а-яё\-]+)){0,6})"
)


def ria_mentions(path: Path) -> Counter[str]:
    """Speaker phrases after a speech verb in the RIA Telegram posts ("заявил глава МИД Лавров").

    Each phrase is cut at its last capitalised word (a name ends the phrase) and must hold one.
    """
    posts = json.loads(Path(path).read_text(encoding="utf-8"))
    found: Counter[str] = Counter()
    for post in posts:
        text = post.get("text") or ""
        for m in _RIA_CUE.finditer(text):
            words = m.group(1).split()
            caps = [i for i, w in enumerate(words) if w[:1].isupper() and not w.isupper()]
            if not caps:
                continue
            # a name is a run of capitalised words; stop after the first run
            end = caps[0]
            while end + 1 < len(words) and words[end + 1][:1].isupper() and not words[end + 1].isupper():
                end += 1
            phrase = " ".join(words[: end + 1]).strip(" ,.")
            if words[0] == "РИА":  # "заявил РИА Новости X": the agency is the addressee
                continue
            found[phrase] += 1
    return found


def ria_resolution(path: Path, registry: Registry | None = None) -> dict[str, object]:
    reg = registry or load_registry()
    mentions = ria_mentions(path)
    resolved = {m: reg.resolve(m, on=dt.date(2024, 12, 1), language="ru") for m in mentions}
    hit = [m for m, a in resolved.items() if a is not None]
    return {
        "distinct_mentions": len(mentions),
        "distinct_resolved": len(hit),
        "occurrences": sum(mentions.values()),
        "occurrences_resolved": sum(mentions[m] for m in hit),
        "resolved": {m: resolved[m].name for m in sorted(hit, key=lambda m: -mentions[m])},
        "unresolved": [m for m, _ in mentions.most_common() if resolved[m] is None],
    }


def figures(shared: Path, registry: Registry | None = None) -> dict[str, object]:
    """Every figure pinned in tests/floors/actors.json."""
    reg = registry or load_registry()
    gold = Path(shared) / "gold"
    names = speaker_names(gold, reg)
    ok = sum(1 for s, n in names.items() if n == GOLD_VARIANTS.get(s, s))
    out: dict[str, object] = {
        "actors": len(reg.actors),
        "gold_speakers": len(names),
        "gold_speakers_resolved": ok,
    }
    for with_side in (False, True):
        for lang, score in sorted(mention_share(gold, reg, with_side=with_side).items()):
            suffix = "_with_side" if with_side else ""
            out[f"mention_share_{lang}{suffix}"] = round(score.share, 4)
            out[f"mention_wrong_{lang}{suffix}"] = score.resolved_wrong
    found, total = gazetteer_recall(gold, reg)
    out["gazetteer_recall"] = round(found / total, 4) if total else 0.0
    ria = Path(shared) / "corpora" / "ria-telegram-2024" / "ria_novosti_telegram_2024.json"
    if ria.exists():
        r = ria_resolution(ria, reg)
        out["ria_distinct_mentions"] = r["distinct_mentions"]
        out["ria_distinct_resolved"] = r["distinct_resolved"]
        out["ria_occurrences_resolved"] = r["occurrences_resolved"]
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    shared = Path(args[0]) if args else Path(__file__).resolve().parents[4] / "shared"
    print(json.dumps(figures(shared), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
