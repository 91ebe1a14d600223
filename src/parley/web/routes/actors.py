"""``/actors``, ``/actors/{id}`` and their ``/api/`` twins: the most active speakers, an actor's
record."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request

from .. import models, pages
from ..context import ERROR_RESPONSES, TEXT_PATTERN, DateQuery, Fmt, Web, parse_date


def router(web: Web) -> APIRouter:
    r = APIRouter()
    ActorId = Path(..., min_length=1, max_length=200, pattern=TEXT_PATTERN,
                   description="Actor id, or the speaker's name as stored.")

    @r.get("/api/actors", response_model=models.ActorsPage, responses=ERROR_RESPONSES, tags=["pages"],
           summary="The most active speakers")
    def api_actors(p: dict = Depends(web.period), limit: int = Query(100, ge=1, le=1000)):
        return web.as_json(pages.actors_page(web.parley, limit=limit, **p))

    @r.get("/actors", include_in_schema=False)
    def actors_html(request: Request, p: dict = Depends(web.period), limit: int = Query(100, ge=1, le=1000),
                    format: Fmt = "html"):
        data = pages.actors_page(web.parley, limit=limit, **p)
        if format == "json":
            return web.as_json(data)
        return web.render(request, "actors.html", "actors", data=data, sides=web.side_options(), title="Actors")

    @r.get("/api/actors/{actor:path}", response_model=models.ActorPage, responses=ERROR_RESPONSES,
           tags=["pages"], summary="An actor's record: profile, timeline, signal mix, contradictions")
    def api_actor(actor: str = ActorId, since: str | None = DateQuery("On or after"),
                  until: str | None = DateQuery("On or before")):
        return web.as_json(pages.actor_page(web.parley, actor, since=parse_date(since, "since"),
                                            until=parse_date(until, "until")))

    @r.get("/actors/{actor:path}", include_in_schema=False)
    def actor_html(request: Request, actor: str = ActorId, since: str | None = DateQuery("On or after"),
                   until: str | None = DateQuery("On or before"), format: Fmt = "html"):
        data = pages.actor_page(web.parley, actor, since=parse_date(since, "since"), until=parse_date(until, "until"))
        if format == "json":
            return web.as_json(data)
        return web.render(request, "actor.html", "actors", data=data, title=data.actor.name)

    return r
