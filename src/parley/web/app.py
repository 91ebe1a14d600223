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
``/saydo``              ``/api/saydo``              declared ceasefires against recorded attacks
======================  ==========================  =============================================

The OpenAPI description is at ``/openapi.json``. Every error, HTML or JSON, carries the fields of
:class:`~parley.web.models.ErrorBody`. The app is read-only unless created with
``allow_writes=True``: requests other than GET/HEAD are refused, and the store's connections are
themselves read-only (SQLite ``query_only``, PostgreSQL read-only transactions).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ParleyError
from . import charts, models, pages

log = logging.getLogger(__name__)

SIDE_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,15}$"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
DOC_ID_PATTERN = r"^[^\x00-\x1f\x7f/]{1,200}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Fmt = Literal["html", "json"]


class InvalidParameter(ParleyError):
    """A query parameter that passed its pattern but means nothing (a date like 2024-02-31)."""

    def __init__(self, param: str, message: str):
        self.param = param
        super().__init__(f"{param}: {message}")


def DateQuery(description: str):  # noqa: N802 - reads like FastAPI's Query
    """A date parameter written YYYY-MM-DD, and nothing else (no timestamps, no other formats)."""
    return Query(None, pattern=DATE_PATTERN, description=description + " (YYYY-MM-DD)",
                 json_schema_extra={"format": "date"})


def parse_date(value: str | None, param: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(param, f"must be a date written YYYY-MM-DD (got {value!r})") from None

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": models.ErrorBody, "description": "A parameter is invalid; `message` says which and why."},
    404: {"model": models.ErrorBody, "description": "Nothing of that id."},
}
READ_ONLY_MESSAGE = (
    "this Parley server is read-only: it answers GET requests only; start it with "
    "`parley serve --allow-writes` to enable writes"
)


def _codebook():
    try:
        from ..signals.codebook import load_codebook

        return load_codebook()
    except Exception:  # noqa: BLE001 - the patterns fall back to any upper-case code
        return None


def _alternatives(items) -> str:
    return "|".join(sorted(items, key=lambda s: (-len(s), s)))


def _read_only(store) -> None:
    """Make every connection of the store read-only (a bug can then never write)."""
    from sqlalchemy import event, text

    engine = store.engine
    if engine.dialect.name == "sqlite":

        def on_connect(dbapi_connection, _record):
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA query_only=ON")
            cur.close()

        event.listen(engine, "connect", on_connect)
        if engine.url.database in (None, "", ":memory:"):
            with engine.connect() as conn:  # the one shared in-memory connection
                conn.execute(text("PRAGMA query_only=ON"))
        else:
            engine.dispose()
    else:

        def on_pg_connect(dbapi_connection, _record):
            with dbapi_connection.cursor() as cur:
                cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()

        event.listen(engine, "connect", on_pg_connect)
        engine.dispose()


def _json_for_script(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>`` breakout)."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(raw)


def _html_url(api_url: str | None) -> str | None:
    """The page address of an ``/api/...`` address."""
    if not api_url:
        return api_url
    if api_url.startswith("/api/overview"):
        return "/" + api_url[len("/api/overview"):]
    if api_url.startswith("/api/"):
        return api_url[4:]
    return api_url


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("parley.web", "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = _json_for_script
    env.filters["html_url"] = _html_url
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["clip"] = lambda s, n=240: (s if s is None or len(s) <= n else s[: n - 1].rstrip() + "…")
    env.filters["signed"] = lambda v, fmt="+.2f": "n/a" if v is None else format(v, fmt)
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v:.0%}"
    env.globals["side_colour"] = lambda side: charts.SIDE_COLOURS.get((side or "").upper(), charts.NO_SIDE_COLOUR)
    env.globals["version"] = __version__
    env.globals["url"] = pages.url
    return env


def create_app(
    store,
    *,
    allow_writes: bool = False,
    registry: Any = None,
    cache: pages.ResultCache | None = None,
    warm: bool = False,
) -> FastAPI:
    """The web app over ``store`` (an open :class:`~parley.store.Store`).

    ``registry`` is the actor registry (default: the one in force for the store, when it loads).
    ``warm`` computes the overview in a background thread at once (``parley serve`` does).
    """
    if not allow_writes:
        _read_only(store)
    if registry is None:
        registry = pages.registry_for(store)
    cache = cache if cache is not None else pages.ResultCache()
    env = _environment()
    env.globals["side_colour"] = lambda side: pages.palette(store, cache).get(
        (side or charts.NO_SIDE).upper() if side else charts.NO_SIDE, charts.NO_SIDE_COLOUR)
    cb = _codebook()
    codes = list(cb.signals) if cb else []
    topics = list(cb.topics) if cb else []
    signal_pattern = (f"^(?:{_alternatives(codes)})(?:,(?:{_alternatives(codes)}))*$" if codes
                      else r"^[A-Z_]+(?:,[A-Z_]+)*$")
    topic_pattern = f"^(?:{_alternatives(topics)})$" if topics else r"^[a-z_]+$"
    from ..analysis.contradictions import RULE_NAMES

    rule_pattern = f"^(?:{_alternatives(RULE_NAMES)})$"

    app = FastAPI(
        title="Parley",
        version=__version__,
        description=(
            "Who said what about war and peace, on what terms, and whether it adds up. Every page of the "
            "dashboard has a JSON twin here; every error has the shape of `ErrorBody`. Read-only unless "
            "the server was started with `--allow-writes`."
        ),
        docs_url=None,  # Swagger UI and ReDoc load their assets from the internet
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.allow_writes = allow_writes
    app.state.cache = cache
    app.state.registry = registry

    from importlib import resources

    static_dir = resources.files("parley.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    # ------------------------------------------------------------------ middleware
    @app.middleware("http")
    async def guard_and_headers(request: Request, call_next):
        started = time.perf_counter()
        raw = request.scope.get("query_string", b"")
        if raw and not request.scope["path"].startswith("/api/"):
            # an HTML form sends its empty fields ("since="): on a page an empty value is no filter
            # (the API keeps to its description and refuses them)
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) != len(pairs):
                request.scope["query_string"] = urlencode(kept).encode("ascii")
        if not allow_writes and request.method not in ("GET", "HEAD", "OPTIONS"):
            response: Response = _error_response(request, 405, "read_only", READ_ONLY_MESSAGE)
            response.headers["Allow"] = "GET, HEAD"
        else:
            response = await call_next(request)
            if request.headers.get("HX-Request") == "true" and response.status_code == 200:
                # an htmx swap: the address bar shows the page's stable address (bookmarkable)
                query = request.scope.get("query_string", b"").decode("ascii")
                response.headers["HX-Push-Url"] = request.scope["path"] + (f"?{query}" if query else "")
                response.headers["Vary"] = "HX-Request"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    # --------------------------------------------------------------------- errors
    def wants_json(request: Request) -> bool:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return True
        if request.query_params.get("format") == "json":
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def _error_response(request: Request, status: int, error: str, message: str,
                        details: list[models.ErrorDetail] | None = None) -> Response:
        body = models.ErrorBody(status=status, error=error, message=message, details=details or [])
        if wants_json(request):
            return JSONResponse(body.model_dump(mode="json"), status_code=status)
        html = env.get_template("error.html").render(
            request=request, error=body, title=f"Error {status}", writes=allow_writes, nav=None
        )
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError):
        status = getattr(exc, "http_status", 400)
        name = {404: "not_found", 500: "store_error"}.get(status, "invalid_parameter")
        details = [models.ErrorDetail(param=exc.param, message=str(exc).split(": ", 1)[1])] \
            if isinstance(exc, InvalidParameter) else []
        return _error_response(request, status, name, str(exc), details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
            param = ".".join(loc) or None
            given = e.get("input")
            msg = e.get("msg", "invalid value")
            if e.get("type") == "string_pattern_mismatch" and param in ("signal",):
                msg = f"must be one or more known signal codes, comma-separated: {', '.join(codes)}"
            elif e.get("type") == "string_pattern_mismatch" and param == "topic":
                msg = f"must be a known topic: {', '.join(topics)}"
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
        return _error_response(request, 400, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        name = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}; start from / or see /openapi.json for the API"
        response = _error_response(request, exc.status_code, name, message)
        if exc.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("error while answering %s", request.url)
        return _error_response(request, 500, "internal_error",
                               f"the server failed while answering this request ({type(exc).__name__}); "
                               "the log has the details")

    # ------------------------------------------------------------------ parameters
    def statement_filters(
        q: str | None = Query(None, max_length=200, pattern=TEXT_PATTERN,
                              description="Full-text search over the statements' words."),
        actor: str | None = Query(None, max_length=200, pattern=TEXT_PATTERN,
                                  description="Actor id, or the speaker's name as stored."),
        side: str | None = Query(None, pattern=SIDE_PATTERN, description="Side code (RU, UA, US, EU, ...)."),
        signal: str | None = Query(None, pattern=signal_pattern,
                                   description="Signal codes, comma-separated (any of them)."),
        topic: str | None = Query(None, pattern=topic_pattern, description="A topic of the codebook."),
        since: str | None = DateQuery("Published on or after"),
        until: str | None = DateQuery("Published on or before"),
    ) -> pages.StatementFilters:
        return pages.StatementFilters(q=q or None, actor=actor or None, side=side.upper() if side else None,
                                      signal=signal or None, topic=topic or None, since=parse_date(since, "since"),
                                      until=parse_date(until, "until"))

    def period(
        side: str | None = Query(None, pattern=SIDE_PATTERN, description="Side code (RU, UA, US, EU, ...)."),
        since: str | None = DateQuery("On or after"),
        until: str | None = DateQuery("On or before"),
    ) -> dict[str, Any]:
        return {"side": side.upper() if side else None, "since": parse_date(since, "since"),
                "until": parse_date(until, "until")}

    Page = Query(1, ge=1, le=100_000, description="Page number, from 1.")

    def render(request: Request, template: str, nav: str, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, nav=nav, writes=allow_writes, **context)
        return HTMLResponse(html)

    def as_json(model: models._Model) -> JSONResponse:
        return JSONResponse(model.model_dump(mode="json"))

    def partial(request: Request) -> bool:
        return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")

    def side_options(**filters: Any) -> list[str]:
        from ..store import queries

        return list(queries.sides(store))

    # -------------------------------------------------------------------- overview
    def overview_data(p: dict[str, Any]) -> models.Overview:
        return cache.get(store, ("page:overview", tuple(sorted(p.items()))),
                         lambda: pages.overview(store, cache=cache, registry=registry, **p))

    @app.get("/api/overview", response_model=models.Overview, responses=ERROR_RESPONSES, tags=["pages"],
             summary="The overview: signals by side over time, recent shifts, latest contradictions, active actors")
    def api_overview(p: dict = Depends(period)):
        return as_json(overview_data(p))

    @app.get("/", include_in_schema=False)
    def overview_html(request: Request, p: dict = Depends(period), format: Fmt = "html"):
        data = overview_data(p)
        if format == "json":
            return as_json(data)
        return render(request, "overview.html", "overview", data=data, sides=side_options(), title="Overview")

    # ------------------------------------------------------------------ statements
    def statements_data(f: pages.StatementFilters, page: int, per_page: int) -> models.StatementsPage:
        return pages.statements_page(store, f, page=page, per_page=per_page, cache=cache)

    @app.get("/api/statements", response_model=models.StatementsPage, responses=ERROR_RESPONSES, tags=["pages"],
             summary="Statements matching a search and filters, newest first, paginated")
    def api_statements(f: pages.StatementFilters = Depends(statement_filters), page: int = Page,
                       per_page: int = Query(50, ge=1, le=500, description="Statements per page.")):
        return as_json(statements_data(f, page, per_page))

    @app.get("/statements", include_in_schema=False)
    def statements_html(request: Request, f: pages.StatementFilters = Depends(statement_filters), page: int = Page,
                        per_page: int = Query(50, ge=1, le=500), format: Fmt = "html"):
        data = statements_data(f, page, per_page)
        if format == "json":
            return as_json(data)
        response = render(request, "statements.html", "statements", data=data, sides=side_options(), codes=codes,
                          topics=topics, title="Statements")
        response.headers["Vary"] = "HX-Request"
        return response

    # ------------------------------------------------------------------- documents
    DocId = Path(..., pattern=DOC_ID_PATTERN, description="Document id (or a unique prefix of 6+ characters).")

    @app.get("/api/documents/{doc_id}", response_model=models.DocumentPage, responses=ERROR_RESPONSES,
             tags=["pages"], summary="A document, its statements and its provenance")
    def api_document(doc_id: str = DocId):
        data, _, _ = pages.document_page(store, doc_id)
        return as_json(data)

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document_html(request: Request, doc_id: str = DocId, format: Fmt = "html"):
        data, doc, statements = pages.document_page(store, doc_id)
        if format == "json":
            return as_json(data)
        segments = pages.highlight_segments(doc, statements)
        return render(request, "document.html", "statements", data=data, segments=segments,
                      title=doc.title or f"Document {doc.id[:12]}")

    # ---------------------------------------------------------------------- actors
    ActorId = Path(..., min_length=1, max_length=200, pattern=TEXT_PATTERN,
                   description="Actor id, or the speaker's name as stored.")

    @app.get("/api/actors", response_model=models.ActorsPage, responses=ERROR_RESPONSES, tags=["pages"],
             summary="The most active speakers")
    def api_actors(p: dict = Depends(period), limit: int = Query(100, ge=1, le=1000)):
        return as_json(pages.actors_page(store, limit=limit, **p))

    @app.get("/actors", include_in_schema=False)
    def actors_html(request: Request, p: dict = Depends(period), limit: int = Query(100, ge=1, le=1000),
                    format: Fmt = "html"):
        data = pages.actors_page(store, limit=limit, **p)
        if format == "json":
            return as_json(data)
        return render(request, "actors.html", "actors", data=data, sides=side_options(), title="Actors")

    def actor_data(actor: str, since, until) -> models.ActorPage:
        return cache.get(store, ("page:actor", actor, since, until),
                         lambda: pages.actor_page(store, actor, since=since, until=until, cache=cache,
                                                  registry=registry))

    @app.get("/api/actors/{actor:path}", response_model=models.ActorPage, responses=ERROR_RESPONSES,
             tags=["pages"], summary="An actor's record: profile, timeline, signal mix, contradictions")
    def api_actor(actor: str = ActorId, since: str | None = DateQuery("On or after"),
                  until: str | None = DateQuery("On or before")):
        return as_json(actor_data(actor, parse_date(since, "since"), parse_date(until, "until")))

    @app.get("/actors/{actor:path}", include_in_schema=False)
    def actor_html(request: Request, actor: str = ActorId, since: str | None = DateQuery("On or after"),
                   until: str | None = DateQuery("On or before"), format: Fmt = "html"):
        data = actor_data(actor, parse_date(since, "since"), parse_date(until, "until"))
        if format == "json":
            return as_json(data)
        return render(request, "actor.html", "actors", data=data, title=data.actor.name)

    # --------------------------------------------------------------- contradictions
    def contradictions_data(p: dict, actor, rule, window_days, page, per_page) -> models.ContradictionsPage:
        return pages.contradictions_page(store, actor=actor, rule=rule, window_days=window_days, page=page,
                                         per_page=per_page, cache=cache, registry=registry, **p)

    Actor = Query(None, max_length=200, pattern=TEXT_PATTERN,
                  description="Only pairs in which this actor (id or name) is one of the speakers.")
    Rule = Query(None, pattern=rule_pattern, description="Only this rule.")
    Window = Query(None, ge=0, le=3660, description="Days within which two statements are compared (default 21).")

    @app.get("/api/contradictions", response_model=models.ContradictionsPage, responses=ERROR_RESPONSES,
             tags=["pages"], summary="Pairs of statements of one side that cannot both hold, newest first")
    def api_contradictions(p: dict = Depends(period), actor: str | None = Actor, rule: str | None = Rule,
                           window_days: int | None = Window, page: int = Page,
                           per_page: int = Query(25, ge=1, le=200)):
        return as_json(contradictions_data(p, actor or None, rule or None, window_days, page, per_page))

    @app.get("/contradictions", include_in_schema=False)
    def contradictions_html(request: Request, p: dict = Depends(period), actor: str | None = Actor,
                            rule: str | None = Rule, window_days: int | None = Window, page: int = Page,
                            per_page: int = Query(25, ge=1, le=200), format: Fmt = "html"):
        data = contradictions_data(p, actor or None, rule or None, window_days, page, per_page)
        if format == "json":
            return as_json(data)
        return render(request, "contradictions.html", "contradictions", data=data, sides=side_options(),
                      title="Contradictions")

    # ---------------------------------------------------------------------- saydo
    By = Query("week", pattern=r"^(?:day|week|month|quarter|year)$", description="Period of the series.")

    def saydo_data(p: dict[str, Any], by: str) -> models.SayDoPage:
        return cache.get(store, ("page:saydo", tuple(sorted(p.items())), by),
                         lambda: pages.saydo_page(store, by=by, cache=cache, **p))

    @app.get("/api/saydo", response_model=models.SayDoPage, responses=ERROR_RESPONSES, tags=["pages"],
             summary="Words against deeds: declared ceasefires against recorded attacks")
    def api_saydo(p: dict = Depends(period), by: str = By):
        return as_json(saydo_data(p, by))

    @app.get("/saydo", include_in_schema=False)
    def saydo_html(request: Request, p: dict = Depends(period), by: str = By, format: Fmt = "html"):
        data = saydo_data(p, by)
        if format == "json":
            return as_json(data)
        return render(request, "saydo.html", "saydo", data=data, sides=side_options(), title="Words and deeds")

    # ---------------------------------------------------------------------- writes
    if allow_writes:

        @app.post("/api/documents", response_model=models.IngestResult, status_code=201,
                  responses={**ERROR_RESPONSES, 413: {"model": models.ErrorBody, "description": "Body too large."}},
                  tags=["writes"],
                  summary="Ingest a document sent as the request body (only with --allow-writes)")
        async def api_ingest(
            request: Request,
            source: str | None = Query(None, max_length=200, pattern=TEXT_PATTERN,
                                       description="Label the document with this source."),
            language: str | None = Query(None, pattern=r"^[a-z]{2,3}$", description="Skip identification."),
            format: str | None = Query(None, pattern=r"^(?:text|markdown|html|json|jsonl|csv|feed)$",
                                       description="Reader to use (default: guessed from the content)."),
            extract: bool = Query(True, description="Extract and code its statements."),
        ):
            from starlette.concurrency import run_in_threadpool

            from .. import settings
            from ..ingest import IngestOptions, ingest

            limit = int(settings.get("max_file_bytes"))
            body = await request.body()
            if len(body) > limit:
                return _error_response(request, 413, "too_large",
                                       f"the body has {len(body):,} bytes, more than the limit of {limit:,} "
                                       "(setting max_file_bytes)")
            if not body.strip():
                return _error_response(request, 400, "invalid_parameter", "the request body is empty: send the "
                                       "document's text (or HTML, JSON, JSONL, CSV, a feed) as the body")
            options = IngestOptions(source=source, language=language, format=format)
            summary = await run_in_threadpool(ingest, store, ["-"], options, extract=extract, stdin=lambda: body)
            result = models.IngestResult(
                **summary.as_dict(), run=summary.run_id,
                documents=[models.Links(self=f"/api/documents/{i}", html=f"/documents/{i}") for i in summary.new_ids],
                rejections=[models.ErrorDetail(param=r.locator, message=r.reason) for r in summary.rejections],
            )
            return JSONResponse(result.model_dump(mode="json"), status_code=201)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    # --------------------------------------------------------------------- openapi
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for op in path.values():
                op.get("responses", {}).pop("422", None)  # validation errors answer 400 with ErrorBody
        comps = schema.get("components", {}).get("schemas", {})
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    if warm:
        # compute the overview's analyses in the background, so the first visitor gets them cached
        def warm_up() -> None:
            try:
                for name in env.list_templates(extensions=["html"]):
                    env.get_template(name)  # compiled once, here rather than on a first visit
                statements_data(pages.StatementFilters(), 1, 50)
                overview_data({"side": None, "since": None, "until": None})
            except Exception:
                log.warning("could not prepare the overview in advance", exc_info=True)

        threading.Thread(target=warm_up, name="parley-warm-up", daemon=True).start()
    return app
