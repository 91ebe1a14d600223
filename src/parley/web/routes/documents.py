"""``/documents/{id}`` and ``/api/documents/{id}``: the text with its statements highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request

from .. import models, pages
from ..context import DOC_ID_PATTERN, ERROR_RESPONSES, Fmt, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    DocId = Path(..., pattern=DOC_ID_PATTERN, description="Document id (or a unique prefix of 6+ characters).")

    @r.get("/api/documents/{doc_id}", response_model=models.DocumentPage, responses=ERROR_RESPONSES,
           tags=["pages"], summary="A document, its statements and its provenance")
    def api_document(doc_id: str = DocId):
        data, _, _ = pages.document_page(web.parley, doc_id)
        return web.as_json(data)

    @r.get("/documents/{doc_id}", include_in_schema=False)
    def document_html(request: Request, doc_id: str = DocId, format: Fmt = "html"):
        data, doc, statements = pages.document_page(web.parley, doc_id)
        if format == "json":
            return web.as_json(data)
        segments = pages.highlight_segments(doc, statements)
        return web.render(request, "document.html", "statements", data=data, segments=segments,
                          title=doc.title or f"Document {doc.id[:12]}")

    return r
