"""A tiny stand-in for the actor registry (``parley.actors.Registry``), for the extract tests.

It implements the part of the registry API the extractor uses (``resolve``, ``get``, ``actors``,
``find_mentions``) over a handful of actors, so that the extractor's tests do not depend on the
packaged registry's contents.
"""

from __future__ import annotations

import datetime as dt
import re

from parley.records import Actor, Role


def _a(id, name, type, side, gender=None, aliases=(), roles=()):
    return Actor(
        id=id,
        name=name,
        type=type,
        side=side,
        gender=gender,
        aliases={"en": tuple(aliases)},
        roles=tuple(
            Role(title, dt.date.fromisoformat(s) if s else None, dt.date.fromisoformat(e) if e else None, {"en": tuple(al)})
            for title, s, e, al in roles
        ),
    )


ACTORS = (
    _a("putin", "Vladimir Putin", "person", "RU", "m", ["Putin", "Vladimir Vladimirovich Putin"],
       [("President of Russia", "2012-05-07", None, ["Russian President", "the Russian leader", "the President of Russia", "the Russian President"])]),
    _a("zelensky", "Volodymyr Zelensky", "person", "UA", "m", ["Zelenskyy", "Zelensky", "Volodymyr Zelenskyy", "Zelenskiy"],
       [("President of Ukraine", "2019-05-20", None, ["Ukrainian President", "the President of Ukraine", "the Ukrainian President", "the Ukrainian Head of State"])]),
    _a("peskov", "Dmitry Peskov", "person", "RU", "m", ["Peskov", "Dmitri Peskov"],
       [("Kremlin spokesman", "2012-05-22", None, ["the Kremlin spokesman", "Kremlin press secretary", "Presidential Press Secretary"])]),
    _a("lavrov", "Sergey Lavrov", "person", "RU", "m", ["Lavrov", "Sergei Lavrov"],
       [("Foreign Minister of Russia", "2004-03-09", None, ["Russian Foreign Minister", "the Russian Foreign Minister"])]),
    _a("yermak", "Andriy Yermak", "person", "UA", "m", ["Yermak", "Andrii Yermak"],
       [("Head of the Office of the President of Ukraine", "2020-02-11", None, ["Head of the President's Office"])]),
    _a("zhovkva", "Ihor Zhovkva", "person", "UA", "m", ["Zhovkva"], []),
    _a("podolyak", "Mykhailo Podolyak", "person", "UA", "m", ["Podolyak", "Podoliak", "Mykhailo Podoliak"], []),
    _a("ustenko", "Oleh Ustenko", "person", "UA", "m", ["Ustenko", "Oleg Ustenko"], []),
    _a("xi", "Xi Jinping", "person", "CN", "m", ["Xi"], [("President of China", "2013-03-14", None, ["the President of China", "Chinese President"])]),
    _a("macron", "Emmanuel Macron", "person", "FR", "m", ["Macron"], [("President of France", "2017-05-14", None, ["the President of France", "French President"])]),
    _a("lukashenko", "Alexander Lukashenko", "person", "BY", "m", ["Lukashenko"], [("President of Belarus", "1994-07-20", None, ["the President of Belarus"])]),
    _a("michel", "Charles Michel", "person", "EU", "m", ["Michel"], [("President of the European Council", "2019-12-01", "2024-11-30", [])]),
    _a("biden", "Joe Biden", "person", "US", "m", ["Biden", "Joseph Biden"], [("President of the United States", "2021-01-20", "2025-01-20", ["US President", "the US President"])]),
    _a("kremlin", "the Kremlin", "institution", "RU", None, ["Kremlin"], []),
    _a("russia", "Russia", "institution", "RU", None, ["Russian Federation"], []),
)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").strip().lower()
    text = re.sub(r"^(the|a|an)\s+", "", text)
    return re.sub(r"\s+", " ", text)


class TinyRegistry:
    """Resolves names, aliases, surnames and role titles (at a date) of :data:`ACTORS`."""

    def __init__(self, actors=ACTORS):
        self.actors = tuple(actors)
        self._by_id = {a.id: a for a in self.actors}
        self._names: dict[str, Actor] = {}
        for a in self.actors:
            for n in (a.name, *a.aliases.get("en", ())):
                self._names[_norm(n)] = a

    def get(self, actor_id: str) -> Actor:
        return self._by_id[actor_id]

    def resolve(
        self, mention: str, *, on: dt.date | None = None, language: str = "en", side: str | None = None
    ) -> Actor | None:
        key = _norm(mention)
        if key in self._names:
            return self._names[key]
        if side is not None and key in ("president", "head of state"):
            # a bare role resolves only with the side the text speaks from
            for a in self.actors:
                if a.side == side and any(r.title.startswith("President of") and (on is None or r.holds_on(on)) for r in a.roles):
                    return a
        for a in self.actors:
            for r in a.roles:
                if not r.holds_on(on) and on is not None:
                    continue
                if key in {_norm(x) for x in (r.title, *r.aliases.get("en", ()))}:
                    return a
        return None

    def find_mentions(self, text: str, language: str = "en") -> list[tuple[int, int, Actor]]:
        out = []
        for a in self.actors:
            for n in sorted({a.name, *a.aliases.get("en", ())}, key=len, reverse=True):
                for m in re.finditer(r"\b" + re.escape(n) + r"\b", text):
                    if not any(s <= m.start() < e for s, e, _ in out):
                        out.append((m.start(), m.end(), a))
        return sorted(out, key=lambda x: x[0])


class SidelessRegistry(TinyRegistry):
    """A registry whose ``resolve`` takes no ``side`` (an older or third-party registry)."""

    def resolve(self, mention: str, *, on: dt.date | None = None, language: str = "en") -> Actor | None:
        return super().resolve(mention, on=on, language=language)
