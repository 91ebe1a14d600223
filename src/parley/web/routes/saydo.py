"""``/saydo`` and ``/api/saydo``: declared ceasefires against recorded attacks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import models, pages
from ..context import ERROR_RESPONSES, Fmt, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    By = Query("week", pattern=r"^(?:day|week|month|quarter|year)$", description="Period of the series.")

    def data(p: dict[str, Any], by: str) -> models.SayDoPage:
        return pages.saydo_page(web.parley, by=by, **p)

    @r.get("/api/saydo", response_model=models.SayDoPage, responses=ERROR_RESPONSES, tags=["pages"],
           summary="Words against deeds: declared ceasefires against recorded attacks")
    def api_saydo(p: dict = Depends(web.period), by: str = By):
        return web.as_json(data(p, by))

    @r.get("/saydo", include_in_schema=False)
    def saydo_html(request: Request, p: dict = Depends(web.period), by: str = By, format: Fmt = "html"):
        found = data(p, by)
        if format == "json":
            return web.as_json(found)
        return web.render(request, "saydo.html", "saydo", data=found, sides=web.side_options(), title="Words and deeds")

    return r
