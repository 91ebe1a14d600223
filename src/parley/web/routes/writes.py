"""``POST /api/documents``: ingest a document sent as the request body (only with
``--allow-writes``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from .. import models
from ..context import ERROR_RESPONSES, TEXT_PATTERN, Web


def router(web: Web) -> APIRouter:
    r = APIRouter()
    if not web.allow_writes:
        return r

    @r.post("/api/documents", response_model=models.IngestResult, status_code=201,
            responses={**ERROR_RESPONSES, 413: {"model": models.ErrorBody, "description": "Body too large."}},
            tags=["writes"], summary="Ingest a document sent as the request body (only with --allow-writes)")
    async def api_ingest(
        request: Request,
        source: str | None = Query(None, max_length=200, pattern=TEXT_PATTERN,
                                   description="Label the document with this source."),
        language: str | None = Query(None, pattern=r"^[a-z]{2,3}$", description="Skip identification."),
        format: str | None = Query(None, pattern=r"^(?:text|markdown|html|json|jsonl|csv|feed)$",
                                   description="Reader to use (default: guessed from the content)."),
        extract: bool = Query(True, description="Extract and code its statements."),
    ):
        parley = web.parley
        limit = int(parley.settings.max_file_bytes)
        body = await request.body()
        if len(body) > limit:
            return web.error_response(request, 413, "too_large",
                                      f"the body has {len(body):,} bytes, more than the limit of {limit:,} "
                                      "(setting max_file_bytes)")
        if not body.strip():
            return web.error_response(request, 400, "invalid_parameter", "the request body is empty: send the "
                                      "document's text (or HTML, JSON, JSONL, CSV, a feed) as the body")
        options = parley.ingest_options(source=source, language=language, format=format)
        summary = await run_in_threadpool(parley.ingest, ["-"], options, extract=extract, stdin=lambda: body)
        result = models.IngestResult(
            **summary.as_dict(), run=summary.run_id,
            documents=[models.Links(self=f"/api/documents/{i}", html=f"/documents/{i}") for i in summary.new_ids],
            rejections=[models.ErrorDetail(param=rej.locator, message=rej.reason) for rej in summary.rejections],
        )
        return JSONResponse(result.model_dump(mode="json"), status_code=201)

    return r
