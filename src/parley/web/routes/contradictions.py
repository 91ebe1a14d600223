"""``/contradictions`` and ``/api/contradictions``: pairs side by side with the rule's explanation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ...api import MAX_WINDOW_DAYS
from .. import models, pages
from ..context import ERROR_RESPONSES, TEXT_PATTERN, Fmt, Page, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    Actor = Query(None, max_length=200, pattern=TEXT_PATTERN,
                  description="Only pairs in which this actor (id or name) is one of the speakers.")
    Rule = Query(None, pattern=web.rule_pattern, description="Only this rule.")
    # the default stated here is the setting in force (contradiction_window_days)
    Window = Query(None, ge=0, le=MAX_WINDOW_DAYS,
                   description=f"Days within which two statements are compared (default {web.window_days}, "
                               "the contradiction_window_days setting).")

    def data(p: dict[str, Any], actor, rule, window_days, page, per_page) -> models.ContradictionsPage:
        return pages.contradictions_page(web.parley, actor=actor, rule=rule, window_days=window_days, page=page,
                                         per_page=per_page, **p)

    @r.get("/api/contradictions", response_model=models.ContradictionsPage, responses=ERROR_RESPONSES,
           tags=["pages"], summary="Pairs of statements of one side that cannot both hold, newest first")
    def api_contradictions(p: dict = Depends(web.period), actor: str | None = Actor, rule: str | None = Rule,
                           window_days: int | None = Window, page: int = Page,
                           per_page: int = Query(25, ge=1, le=200)):
        return web.as_json(data(p, actor or None, rule or None, window_days, page, per_page))

    @r.get("/contradictions", include_in_schema=False)
    def contradictions_html(request: Request, p: dict = Depends(web.period), actor: str | None = Actor,
                            rule: str | None = Rule, window_days: int | None = Window, page: int = Page,
                            per_page: int = Query(25, ge=1, le=200), format: Fmt = "html"):
        found = data(p, actor or None, rule or None, window_days, page, per_page)
        if format == "json":
            return web.as_json(found)
        return web.render(request, "contradictions.html", "contradictions", data=found, sides=web.side_options(),
                          window=window_days if window_days is not None else web.window_days,
                          title="Contradictions")

    return r
