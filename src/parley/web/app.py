"""The web app: FastAPI, server-rendered Jinja2 pages with a little htmx, and a JSON twin of every page.

Pages (each also answers ``?format=json`` with the body of its ``/api/...`` twin):

======================  ==========================  =============================================
page                    JSON                        what it shows
======================  ==========================  =============================================
``/``                   ``/api/overview``           signals by side over time, recent shifts,
                                                    latest contradictions, most active actors
``/statements``         ``/api/statements``         search (``q``) and filters, paginated
``/documents/{id}``     ``/api/documents/{id}``     the text with its statements highlighted
``/actors``             ``/api/actors``             the most active speakers
``/actors/{id}``        ``/api/actors/{id}``        profile, timeline, signal mix, contradictions
``/contradictions``     ``/api/contradictions``     pairs side by side with the rule's explanation
``/tactics``            ``/api/tactics``            negotiating tactics, each with its evidence
``/saydo``              ``/api/saydo``              declared ceasefires against recorded attacks
======================  ==========================  =============================================

A heavy analysis is computed once per store version, in the background, and kept. A request that
would wait more than ``patience`` seconds for it (``parley serve``: :data:`PATIENCE_SECONDS`) is
answered at once with what is being computed and since when, never left hanging: a page with
status 200 that reloads itself (``Refresh`` header and ``<meta http-equiv="refresh">``), a JSON
request with status 202, the body :class:`~parley.web.models.ComputingBody` and a ``Retry-After``
header (:data:`RETRY_SECONDS`); asked again once the computation has ended, it gets the real
answer. Such answers are never kept in the page cache.

Every page is answered by calling :class:`parley.api.Parley` (:mod:`parley.web.pages` turns its
records into the JSON models); the routes live in :mod:`parley.web.routes`, one router per page
family. The OpenAPI description is at ``/openapi.json``. Every error, HTML or JSON, carries the
fields of :class:`~parley.web.models.ErrorBody`. The app is read-only unless created with
``allow_writes=True``: requests other than GET/HEAD are refused, and the store's connections are
themselves read-only (SQLite ``query_only``, PostgreSQL read-only transactions).
"""

from __future__ import annotations

import logging
import threading
import time
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..api import MISSING, NO_CACHE, Computing, Parley, ResultCache, StatementQuery, patience
from ..api.rows import RULE_NAMES
from ..errors import ParleyError
from . import models, pages
from .context import READ_ONLY_MESSAGE, InvalidParameter, Web, _json_for_script  # noqa: F401 - re-exported
from .routes import ROUTERS

if TYPE_CHECKING:  # for the annotation only: a face never touches the store
    from ..store import Store

log = logging.getLogger(__name__)

#: how long ``parley serve`` lets a request wait for an analysis before answering "computing"
PATIENCE_SECONDS = 3.0
#: the seconds after which a "computing" answer asks to be asked again (Retry-After, Refresh)
RETRY_SECONDS = 5


def create_app(
    source: Parley | Store,
    *,
    allow_writes: bool = False,
    registry: Any = None,
    cache: ResultCache | None = None,
    warm: bool = False,
    patience: float | None = None,
) -> FastAPI:
    """The web app over ``source``: a :class:`~parley.api.Parley`, or an open
    :class:`~parley.store.Store` (a Parley is made over it).

    ``registry`` replaces the registry in force over a store given directly (tests); ``cache`` keeps pages and analyses until
    the store changes (default: a new one). ``warm`` computes the overview in a background thread at
    once (``parley serve`` does). ``patience``: the seconds a request waits for an analysis before
    it is answered "computing" (see the module docstring; None: it waits as long as it takes).
    """
    parley = source if isinstance(source, Parley) else Parley(source, registry=registry)
    if cache is not None:
        parley.cache = cache
    elif parley.cache is NO_CACHE:
        parley.cache = ResultCache()
    if not allow_writes and parley.store is not None:
        parley.store.make_read_only()
    web = Web(parley, allow_writes, patience)

    app = FastAPI(
        title="Parley",
        version=__version__,
        description=(
            "Who said what about war and peace, on what terms, and whether it adds up. Every page of the "
            "dashboard has a JSON twin here; every error has the shape of `ErrorBody`. Read-only unless "
            "the server was started with `--allow-writes`. A heavy analysis is computed once, in the "
            "background: while it is being computed (on a freshly started server), a page answers at once "
            "with status 202, the body `ComputingBody` (what is computed, since when) and a `Retry-After` "
            "header; ask again after that many seconds for the real answer. Contradictions are sought within "
            f"{web.window_days} days unless `window_days` says otherwise (the `contradiction_window_days` setting)."
        ),
        docs_url=None,  # Swagger UI and ReDoc load their assets from the internet
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.parley = parley
    app.state.allow_writes = allow_writes
    app.state.cache = parley.cache
    app.state.web = web
    app.mount("/static", StaticFiles(directory=str(resources.files("parley.web").joinpath("static"))), name="static")
    _middleware(app, web)
    _error_handlers(app, web)
    for module in ROUTERS:
        app.include_router(module.router(web))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if warm:
        _warm_up(web)
    return app


def _middleware(app: FastAPI, web: Web) -> None:
    @app.middleware("http")
    async def guard_and_headers(request: Request, call_next):
        started = time.perf_counter()
        head = request.method == "HEAD"
        if head:  # every page answers HEAD as it answers GET, without the body (it announces both)
            request.scope["method"] = "GET"
        raw = request.scope.get("query_string", b"")
        if raw and not request.scope["path"].startswith("/api/"):
            # an HTML form sends its empty fields ("since="): on a page an empty value is no filter
            # (the API keeps to its description and refuses them)
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) != len(pairs):
                request.scope["query_string"] = urlencode(kept).encode("ascii")
        # a read-only server keeps each page's answer until the store changes: a burst of requests
        # for a heavy page costs one rendering, not one each (the analyses behind it are cached too)
        path = request.scope["path"]
        keep = (not web.allow_writes and request.method == "GET" and not path.startswith("/static/")
                and path != "/favicon.ico")
        key = (path, request.scope.get("query_string", b""), request.headers.get("host", ""),
               request.headers.get("accept", ""),
               request.headers.get("HX-Request", ""), request.headers.get("HX-History-Restore-Request", ""))
        kept = web.parley.recall(key) if keep else MISSING
        if not web.allow_writes and request.method not in ("GET", "HEAD", "OPTIONS"):
            response: Response = web.error_response(request, 405, "read_only", READ_ONLY_MESSAGE)
            response.headers["Allow"] = "GET, HEAD"
        elif kept is not MISSING:
            response = Response(content=kept[1], status_code=200, headers=kept[0])
        else:
            with patience(web.patience):  # a request is never left waiting for an analysis for long
                response = await call_next(request)
            # a "computing" answer (Retry-After) is never kept: the next request must get the page
            if keep and response.status_code == 200 and "retry-after" not in response.headers:
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
                web.parley.keep(key, (headers, body))
                response = Response(content=body, status_code=200, headers=headers)
            if request.headers.get("HX-Request") == "true" and response.status_code == 200:
                # an htmx swap: the address bar shows the page's stable address (bookmarkable)
                query = request.scope.get("query_string", b"").decode("ascii")
                response.headers["HX-Push-Url"] = request.scope["path"] + (f"?{query}" if query else "")
                response.headers["Vary"] = "HX-Request"
        if head:
            body = getattr(response, "body_iterator", None)
            if body is not None:
                async for _ in body:  # drained, not sent
                    pass
            response = Response(status_code=response.status_code, headers=dict(response.headers))
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response


def _error_handlers(app: FastAPI, web: Web) -> None:
    @app.exception_handler(Computing)
    async def computing(request: Request, exc: Computing):
        return web.computing_response(request, exc, RETRY_SECONDS)

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError):
        status = getattr(exc, "http_status", 400)
        name = {404: "not_found", 500: "store_error"}.get(status, "invalid_parameter")
        details = [models.ErrorDetail(param=exc.param, message=str(exc).split(": ", 1)[1])] \
            if isinstance(exc, InvalidParameter) else []
        return web.error_response(request, status, name, str(exc), details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
            param = ".".join(loc) or None
            given = e.get("input")
            msg = e.get("msg", "invalid value")
            if e.get("type") == "string_pattern_mismatch" and param in ("signal",):
                msg = f"must be one or more known signal codes, comma-separated: {', '.join(web.codes)}"
            elif e.get("type") == "string_pattern_mismatch" and param == "topic":
                msg = f"must be a known topic: {', '.join(web.topics)}"
            elif e.get("type") == "string_pattern_mismatch" and param == "rule":
                msg = f"must be a contradiction rule: {', '.join(RULE_NAMES)}"
            elif e.get("type") == "string_pattern_mismatch" and param == "side":
                msg = "must be a side code: letters and digits, such as RU, UA, US, EU, NATO"
            elif e.get("type") == "string_pattern_mismatch" and param in ("since", "until"):
                msg = "must be a date written YYYY-MM-DD"
            elif e.get("type") == "string_pattern_mismatch":
                msg = "must not contain control characters"
            if isinstance(given, str) and len(given) <= 80 and given.isprintable():
                msg = f"{msg} (got {given!r})"
            details.append(models.ErrorDetail(param=param, message=msg))
        message = "; ".join(f"{d.param}: {d.message}" if d.param else d.message for d in details) or "invalid request"
        return web.error_response(request, 400, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        name = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}; start from / or see /openapi.json for the API"
        response = web.error_response(request, exc.status_code, name, message)
        if exc.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("error while answering %s", request.url)
        return web.error_response(request, 500, "internal_error",
                                  f"the server failed while answering this request ({type(exc).__name__}); "
                                  "the log has the details")


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for path in schema.get("paths", {}).values():
        for op in path.values():
            op.get("responses", {}).pop("422", None)  # validation errors answer 400 with ErrorBody
    comps = schema.get("components", {}).get("schemas", {})
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


#: the most active actors whose pages the warm-up computes (the overview lists as many)
WARM_ACTORS = 12


def _warm_up(web: Web) -> None:
    """Compile the templates and compute the heavy pages in the background, once, so that the
    visitors (and a burst of concurrent requests) find them cached: the overview and statements
    first, then the actors, contradictions, words against deeds, tactics and the most active
    actors' pages. A failure is logged as a warning (the page computes it again when asked);
    ``web.warmed`` is set when the warm-up ends."""

    def run() -> None:
        p = web.parley
        steps = [
            lambda: [web.env.get_template(n) for n in web.env.list_templates(extensions=["html"])],
            lambda: pages.statements_page(p, StatementQuery(), page=1, per_page=50),
            lambda: pages.overview(p),
            lambda: pages.actors_page(p),
            lambda: pages.contradictions_page(p),
            lambda: pages.saydo_page(p),
            lambda: pages.tactics_page(p),
        ]
        try:
            for step in steps:
                try:
                    step()
                except ParleyError:
                    log.warning("could not prepare a page in advance", exc_info=True)
            try:
                top = pages.actors_page(p).actors[:WARM_ACTORS]
            except ParleyError:
                top = []
            for a in top:
                try:
                    pages.actor_page(p, a.actor)
                except ParleyError:
                    log.warning("could not prepare the page of %s in advance", a.actor, exc_info=True)
        finally:
            web.warmed.set()

    threading.Thread(target=run, name="parley-warm-up", daemon=True).start()
