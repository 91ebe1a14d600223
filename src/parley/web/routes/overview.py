"""``/`` and ``/api/overview``: signals by side over time, recent shifts, latest contradictions,
most active actors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from .. import models, pages
from ..context import ERROR_RESPONSES, Fmt, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()

    def data(p: dict[str, Any]) -> models.Overview:
        return pages.overview(web.parley, **p)

    @r.get("/api/overview", response_model=models.Overview, responses=ERROR_RESPONSES, tags=["pages"],
           summary="The overview: signals by side over time, recent shifts, latest contradictions, active actors")
    def api_overview(p: dict = Depends(web.period)):
        return web.as_json(data(p))

    @r.get("/", include_in_schema=False)
    def overview_html(request: Request, p: dict = Depends(web.period), format: Fmt = "html"):
        found = data(p)
        if format == "json":
            return web.as_json(found)
        return web.render(request, "overview.html", "overview", data=found, sides=web.side_options(), title="Overview")

    return r
