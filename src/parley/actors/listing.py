"""Rows and texts about the registry for the CLI, the web app and the generated docs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, NotFound
from ..records import Actor, to_dict
from .registry import LANGUAGES, Registry, load_registry


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return f"{start.isoformat() if start else '?'} – {end.isoformat() if end else 'now'}"


def actor_rows(
    registry: Registry,
    *,
    side: str | None = None,
    type: str | None = None,
    countries: bool = False,
) -> list[dict[str, Any]]:
    """One row per actor, filtered by side ('none': independents) and type."""
    if side is not None and side.lower() in ("none", "null", "-"):
        actors = registry.by_side(None)
    elif side is not None:
        if side.upper() not in {s.upper() for s in registry.sides}:
            raise ConfigError(f"unknown side {side!r}; known: {', '.join(registry.sides)} or 'none'")
        actors = registry.by_side(side)
    else:
        actors = registry.actors
    country_ids = registry.country_ids
    rows = []
    for a in actors:
        if type and a.type != type:
            continue
        if not countries and a.id in country_ids:
            continue
        current = [r.title for r in a.roles if r.end is None]
        rows.append(
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "side": a.side,
                "gender": a.gender,
                "roles": current or [r.title for r in a.roles[-1:]],
                "aliases": {k: list(v) for k, v in a.aliases.items()},
                "sources": list(a.sources),
            }
        )
    return rows


@dataclass
class ActorDetail:
    actor: Actor
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    matched: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = to_dict(self.actor)
        out["matched"] = self.matched
        return out

    def lines(self) -> list[str]:
        a = self.actor
        out = [f"{a.name}  ({a.id})", f"  type: {a.type}" + (f", gender: {a.gender}" if a.gender else "")]
        out.append(f"  side: {a.side or '— (independent)'}")
        if self.matched:
            out.append(f"  matched: {self.matched}")
        for lang in LANGUAGES:
            if a.aliases.get(lang):
                out.append(f"  names ({lang}): {', '.join(a.aliases[lang])}")
        if a.roles:
            out.append("  roles:")
            for r in a.roles:
                out.append(f"    {_span(r.start, r.end)}  {r.title}")
                for lang in ("ru", "uk"):
                    if r.aliases.get(lang):
                        out.append(f"        {lang}: {r.aliases[lang][0]}")
        if a.sources:
            out.append("  sources: " + "; ".join(a.sources))
        if a.notes:
            out.append(f"  notes: {a.notes}")
        return out


def actor_detail(registry: Registry, query: str, *, on: str | dt.date | None = None, language: str = "en") -> ActorDetail:
    """The actor with this id, else the one the name resolves to (at ``on``)."""
    if isinstance(on, str):
        try:
            on = dt.date.fromisoformat(on)
        except ValueError:
            raise ConfigError(f"--on {on!r} is not a date; write YYYY-MM-DD") from None
    if query in registry:
        return ActorDetail(registry.get(query))
    actor = registry.resolve(query, on=on, language=language)
    if actor is None:
        raise NotFound(
            f"no actor is called {query!r} (or the name is shared by several); "
            "try its id, a fuller name, --on DATE for a role, or `parley actors list`"
        )
    return ActorDetail(actor, matched=query)


def registry_markdown(registry: Registry) -> str:
    """docs/actors.md: every actor with its side, roles and sources, generated from the data."""
    lines = [
        "# Actors",
        "",
        "Generated from `src/parley/actors/data/actors.yaml` by `python -m parley.actors.listing`;",
        "do not edit by hand (a test fails when this page and the data disagree).",
        "",
        (f"{sum(1 for a in registry.actors if a.id not in registry.country_ids)} actors and "
        f"{len(registry.country_ids)} countries and blocs. Names in every language, inflected case "
        "forms and role phrases are in the YAML file; `parley actors show NAME` prints them."),
        "",
        "| id | name | type | side | roles |",
        "|---|---|---|---|---|",
    ]
    for a in sorted(registry.actors, key=lambda a: (a.side or "~", a.type, a.name)):
        if a.id in registry.country_ids:
            continue
        roles = "<br>".join(f"{r.title} ({_span(r.start, r.end)})" for r in a.roles)
        lines.append(f"| `{a.id}` | {a.name} | {a.type} | {a.side or '—'} | {roles} |")
    lines += ["", "## Countries and blocs (the side table)", ""]
    lines.append(", ".join(f"{a.side} {a.name}" for a in registry.actors if a.id in registry.country_ids))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(registry_markdown(load_registry()), end="")
