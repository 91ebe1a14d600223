"""``/statements`` and ``/api/statements``: search and filters, paginated."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from ...api import StatementQuery
from .. import models, pages
from ..context import ERROR_RESPONSES, Fmt, Page, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    query = web.statement_query()

    def data(q: StatementQuery, page: int, per_page: int) -> models.StatementsPage:
        return pages.statements_page(web.parley, q, page=page, per_page=per_page)

    @r.get("/api/statements", response_model=models.StatementsPage, responses=ERROR_RESPONSES, tags=["pages"],
           summary="Statements matching a search and filters, newest first, paginated")
    def api_statements(q: StatementQuery = Depends(query), page: int = Page,
                       per_page: int = Query(50, ge=1, le=500, description="Statements per page.")):
        return web.as_json(data(q, page, per_page))

    @r.get("/statements", include_in_schema=False)
    def statements_html(request: Request, q: StatementQuery = Depends(query), page: int = Page,
                        per_page: int = Query(50, ge=1, le=500), format: Fmt = "html"):
        found = data(q, page, per_page)
        if format == "json":
            return web.as_json(found)
        response = web.render(request, "statements.html", "statements", data=found, sides=web.side_options(),
                              codes=web.codes, topics=web.topics, title="Statements")
        response.headers["Vary"] = "HX-Request"
        return response

    return r
