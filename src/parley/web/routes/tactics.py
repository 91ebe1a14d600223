"""``/tactics`` and ``/api/tactics``: the negotiating tactics each side's statements show."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import models, pages
from ...records import THEATRES
from ..context import ERROR_RESPONSES, Fmt, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    Theatre = Query(None, pattern="^(?:" + "|".join([*THEATRES, "all"]) + ")$",
                    description="Only statements about this theatre (" + ", ".join(THEATRES) + ", or all).")

    def data(p: dict[str, Any], theatre: str | None) -> models.TacticsPage:
        return pages.tactics_page(web.parley, theatre=theatre or None, **p)

    @r.get("/api/tactics", response_model=models.TacticsPage, responses=ERROR_RESPONSES, tags=["pages"],
           summary="Negotiating tactics: mixed messages, role split, charm offensive, truce against deeds, stalling")
    def api_tactics(p: dict = Depends(web.period), theatre: str | None = Theatre):
        return web.as_json(data(p, theatre))

    @r.get("/tactics", include_in_schema=False)
    def tactics_html(request: Request, p: dict = Depends(web.period), theatre: str | None = Theatre,
                     format: Fmt = "html"):
        found = data(p, theatre)
        if format == "json":
            return web.as_json(found)
        return web.render(request, "tactics.html", "tactics", data=found, sides=web.side_options(), title="Tactics")

    return r
