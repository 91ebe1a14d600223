"""What every router of the app shares: the Parley, the templates, the parameter patterns read from
the codebook and the settings, and the helpers that answer a request as HTML or JSON."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__, charts
from ..api.rows import RULE_NAMES
from ..api import Computing, Parley, StatementQuery
from ..errors import ParleyError
from . import models, pages

SIDE_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,15}$"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
DOC_ID_PATTERN = r"^[^\x00-\x1f\x7f/]{1,200}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Fmt = Literal["html", "json"]

#: how a "computing" answer names what is computed (by the first word of its cache key)
COMPUTING_NAMES = {
    "contradictions": "the contradictions", "tactics": "the negotiating tactics", "saydo": "words against deeds",
    "profiles": "the actors' profiles", "overview": "the overview", "folded": "the statements folded by quote",
    "statements": "the statements", "shifts": "the cooperation trends", "findings": "the findings",
    "actor": "this actor's record", "actors": "the most active actors", "profile": "this actor's profile",
    "facets": "the statement counts",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"model": models.ComputingBody,
          "description": "The analysis behind this answer is being computed (once, in the background): ask again "
                         "after the seconds of the `Retry-After` header."},
    400: {"model": models.ErrorBody, "description": "A parameter is invalid; `message` says which and why."},
    404: {"model": models.ErrorBody, "description": "Nothing of that id."},
}
READ_ONLY_MESSAGE = (
    "this Parley server is read-only: it answers GET requests only; start it with "
    "`parley serve --allow-writes` to enable writes"
)


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


def _alternatives(items) -> str:
    return "|".join(sorted(items, key=lambda s: (-len(s), s)))


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


@dataclass
class Web:
    """One app's shared state and helpers (see the module docstring)."""

    parley: Parley
    allow_writes: bool
    #: the seconds a request waits for an analysis before it is answered "computing" (None: no limit)
    patience: float | None = None
    env: Environment = field(init=False)
    codes: list[str] = field(init=False)
    #: set when the app's warm-up (``create_app(warm=True)``) has computed the heavy pages
    warmed: threading.Event = field(init=False, default_factory=threading.Event)
    topics: list[str] = field(init=False)

    def __post_init__(self) -> None:
        codebook = self.parley.codebook  # strict: a codebook that cannot be loaded stops the app
        self.codes = list(codebook.signals)
        self.topics = list(codebook.topics)
        self.env = self._environment()

    # ------------------------------------------------------------------ patterns and defaults
    @property
    def signal_pattern(self) -> str:
        alt = _alternatives(self.codes)
        return f"^(?:{alt})(?:,(?:{alt}))*$"

    @property
    def topic_pattern(self) -> str:
        return f"^(?:{_alternatives(self.topics)})$"

    @property
    def rule_pattern(self) -> str:
        return f"^(?:{_alternatives(RULE_NAMES)})$"

    @property
    def window_days(self) -> int:
        """The contradiction window in force (the ``contradiction_window_days`` setting)."""
        return int(self.parley.settings.contradiction_window_days)

    # ------------------------------------------------------------------ templates
    def _environment(self) -> Environment:
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
        env.globals["version"] = __version__
        env.globals["url"] = pages.url
        env.globals["side_colour"] = lambda side: self.parley.palette().get(
            (side or charts.NO_SIDE).upper() if side else charts.NO_SIDE, charts.NO_SIDE_COLOUR)
        env.globals["window_days"] = self.window_days
        return env

    # ------------------------------------------------------------------ answering
    def render(self, request: Request, template: str, nav: str | None, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(request=request, nav=nav, writes=self.allow_writes, **context)
        return HTMLResponse(html)

    @staticmethod
    def as_json(model: models._Model, status_code: int = 200) -> JSONResponse:
        return JSONResponse(model.model_dump(mode="json"), status_code=status_code)

    @staticmethod
    def wants_json(request: Request) -> bool:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return True
        if request.query_params.get("format") == "json":
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def error_response(self, request: Request, status: int, error: str, message: str,
                       details: list[models.ErrorDetail] | None = None) -> Response:
        body = models.ErrorBody(status=status, error=error, message=message, details=details or [])
        if self.wants_json(request):
            return JSONResponse(body.model_dump(mode="json"), status_code=status)
        html = self.env.get_template("error.html").render(
            request=request, error=body, title=f"Error {status}", writes=self.allow_writes, nav=None
        )
        return HTMLResponse(html, status_code=status)

    def computing_response(self, request: Request, exc: Computing, retry: int) -> Response:
        """The answer while ``exc``'s analysis is computed in the background: JSON 202 with
        :class:`~parley.web.models.ComputingBody`, HTML 200 with a page that reloads itself; both
        with ``Retry-After`` and never stored by a browser."""
        what = COMPUTING_NAMES.get(exc.what, exc.what.replace("_", " "))
        seconds = int(exc.seconds)
        message = (f"Parley is computing {what} for this store, since {exc.since:%Y-%m-%d %H:%M:%S} UTC "
                   f"({seconds} s); this is done once, then kept. Ask again in {retry} s.")
        headers = {"Retry-After": str(retry), "Cache-Control": "no-store"}
        if self.wants_json(request):
            body = models.ComputingBody(analysis=exc.what, since=exc.since, seconds=seconds, retry_after=retry,
                                        message=message)
            return JSONResponse(body.model_dump(mode="json"), status_code=202, headers=headers)
        query = request.url.query
        html = self.env.get_template("computing.html").render(
            request=request, what=what, since=exc.since, seconds=seconds, retry=retry, title="Computing…",
            writes=self.allow_writes, nav=None, partial=self.partial(request),
            again=request.url.path + (f"?{query}" if query else ""))
        return HTMLResponse(html, status_code=200, headers={**headers, "Refresh": str(retry)})

    def side_options(self) -> list[str]:
        return list(self.parley.sides())

    # ------------------------------------------------------------------ parameters
    def statement_query(self) -> Any:
        """The dependency that reads a statement search's parameters into a StatementQuery."""
        signal_pattern, topic_pattern = self.signal_pattern, self.topic_pattern

        def read(
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
        ) -> StatementQuery:
            return StatementQuery.of(q=q, actor=actor, side=side, signal=signal, topic=topic,
                                     since=parse_date(since, "since"), until=parse_date(until, "until"))

        return read

    @staticmethod
    def period(
        side: str | None = Query(None, pattern=SIDE_PATTERN, description="Side code (RU, UA, US, EU, ...)."),
        since: str | None = DateQuery("On or after"),
        until: str | None = DateQuery("On or before"),
    ) -> dict[str, Any]:
        return {"side": side.upper() if side else None, "since": parse_date(since, "since"),
                "until": parse_date(until, "until")}

    @staticmethod
    def partial(request: Request) -> bool:
        return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


#: A page number parameter.
Page = Query(1, ge=1, le=100_000, description="Page number, from 1.")
