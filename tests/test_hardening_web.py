"""The web app against hostile stored content and hostile requests: markup in every shown field is
escaped, a ``javascript:`` URL is never a link, paths cannot leave the app, huge or odd parameters
get the one JSON error shape, and no request makes the server fail (500)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.records import Document, Signal, Span, Statement
from parley.store import open_store
from parley.web import create_app, pages

ERROR_KEYS = {"ok", "status", "error", "message", "details"}
XSS = '<script>alert("xss")</script>'
ATTR = '"><img src=x onerror=alert(1)>'
SPEAKER = f"Evil {XSS} Speaker"
SOURCES = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "java\tscript:alert(1)",
           'https://news.example.org/a?b="><script>alert(1)</script>']


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    store = open_store(path)
    docs = []
    for i, url in enumerate(SOURCES):
        text = f"{XSS} {ATTR} Peskov said that the talks {i} would resume. {XSS}"
        doc = Document.create(text, title=f"Title {XSS} {ATTR} {i}", source=f"src {XSS}", url=url, language="en",
                              author=f"Author {ATTR}", published=dt.date(2024, 3, 1 + i),
                              metadata={"note": XSS, ATTR: ATTR})
        docs.append(doc)
    store.add_documents(docs)
    for doc in docs:
        start = doc.text.index("the talks")
        end = doc.text.index("resume.") + len("resume")
        m0 = doc.text.index("Peskov")
        statement = Statement(
            doc_id=doc.id, start=start, end=end, text=doc.text[start:end], kind="indirect",
            speaker=SPEAKER, actor_id=f"x-{ATTR}", side="RU", mention=doc.text[m0 : m0 + 6],
            mention_span=Span.of(doc.text, m0, m0 + 6), cue=f"said {XSS}", published=doc.published, language="en",
            signals=(Signal("OFFER_TALKS", 0.9, cues=(XSS, "talks"), conditions=(ATTR,), target=f"T {XSS}"),
                     Signal("REJECT", 0.8, cues=(ATTR,), conditions=(XSS,))),
        )
        store.replace_statements(doc.id, [statement])
    store.close()
    return path, docs


@pytest.fixture(scope="module")
def client(hostile):
    store = open_store(hostile[0])
    app = create_app(store, cache=pages.ResultCache(recheck_seconds=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    store.close()


def _pages(docs):
    actor = f"x-{ATTR}"
    return (["/", "/statements", "/actors", "/contradictions", "/saydo", f"/actors/{actor}",
             f"/statements?actor={actor}", "/statements?q=talks"]
            + [f"/documents/{d.id}" for d in docs])


def _assert_inert(html: str) -> None:
    assert XSS not in html and "<img src=x" not in html
    assert "<script>alert" not in html
    for href in re.findall(r"""(?:href|src|action|formaction)\s*=\s*["']?([^"'\s>]*)""", html, flags=re.IGNORECASE):
        scheme = re.sub(r"[\s\x00-\x1f]", "", href).lower()
        assert not scheme.startswith(("javascript:", "data:", "vbscript:")), href


def test_markup_in_every_stored_field_is_escaped_on_every_page(client, hostile):
    _, docs = hostile
    for path in _pages(docs):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        _assert_inert(r.text)
        assert "&lt;script&gt;alert(" in r.text or path in ("/contradictions", "/saydo"), path


def test_the_document_page_shows_a_javascript_url_as_text_not_a_link(client, hostile):
    _, docs = hostile
    for doc in docs:
        html = client.get(f"/documents/{doc.id}").text
        _assert_inert(html)
        assert "Title &lt;script&gt;" in html and "Author &#34;&gt;&lt;img" in html
        assert f'href="{doc.url}"' not in html
    # an http(s) URL is a link, with its quotes escaped so it cannot leave the attribute
    html = client.get(f"/documents/{docs[-1].id}").text
    assert 'href="https://news.example.org/a?b=&#34;&gt;&lt;script&gt;' in html


def test_json_twins_give_the_stored_values_back_exactly(client, hostile):
    _, docs = hostile
    data = client.get(f"/api/documents/{docs[0].id}").json()
    blob = repr(data)
    assert data["document"]["url"] == SOURCES[0] if "document" in data else SOURCES[0] in blob
    assert SPEAKER in blob and XSS in blob
    r = client.get("/statements", params={"format": "json"})
    assert r.headers["content-type"] == "application/json" and SPEAKER in r.text.replace("\\u003c", "<").replace('\\"', '"')


@pytest.mark.parametrize(
    "path",
    ["/documents/../../etc/passwd", "/documents/..%2f..%2fetc%2fpasswd", "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
     "/api/documents/..%2F..%2Fpyproject.toml", "/static/../../pyproject.toml", "/static/..%2f..%2fpyproject.toml",
     "/static/%2e%2e/%2e%2e/records.py", "/actors/..%2f..%2f..%2fetc%2fpasswd", "/documents/%00", "/documents/a%0ab",
     "/api/documents/" + "a" * 5000, "//etc/passwd", "/documents/C:%5Cwindows%5Cwin.ini"],
)
def test_paths_cannot_leave_the_app(client, path):
    r = client.get(path, headers={"accept": "application/json"})
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text and "[project]" not in r.text and "dataclass" not in r.text
    assert set(r.json()) == ERROR_KEYS and r.json()["status"] == r.status_code


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/statements", {"q": "a" * 60_000}),
        ("/api/statements", {"actor": "x" * 10_000}),
        ("/api/statements", {"page": "9" * 400}),
        ("/api/statements", {"per_page": "-1"}),
        ("/api/statements", {"per_page": "1e9"}),
        ("/api/statements", {"since": "99999-01-01"}),
        ("/api/statements", {"since": "0000-01-01"}),
        ("/api/statements", {"until": "2024-02-31"}),
        ("/api/statements", {"signal": XSS}),
        ("/api/statements", {"side": "Р" * 3}),
        ("/api/statements", {"q": "a\x00b"}),
        ("/api/statements", {"topic": ATTR}),
        ("/api/contradictions", {"window_days": "9" * 30}),
        ("/api/actors", {"limit": "NaN"}),
        ("/api/overview", {"since": "\u0662\u0660\u0662\u0664-01-01"}),  # Arabic-Indic digits
    ],
)
def test_huge_and_odd_parameters_get_the_json_error_shape(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 400, (params, r.status_code, r.text[:200])
    body = r.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == 400
    assert body["error"] == "invalid_parameter" and body["details"]
    assert len(r.text) < 5000  # the error does not echo a huge value back
    assert r.headers["x-content-type-options"] == "nosniff"  # an echoed "<script>" is JSON text, never HTML


def test_html_error_pages_escape_what_they_echo(client):
    r = client.get("/statements", params={"signal": XSS})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    _assert_inert(r.text)
    r = client.get(f"/nowhere/{XSS}")
    assert r.status_code == 404
    _assert_inert(r.text)


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/api/documents/ffffffffffff", 404, "not_found"),
        ("GET", "/api/nothing-here", 404, "not_found"),
        ("GET", "/api/statements?page=0", 400, "invalid_parameter"),
        ("POST", "/api/statements", 405, "read_only"),
        ("DELETE", "/api/documents/x", 405, "read_only"),
        ("PUT", "/", 405, "read_only"),
    ],
)
def test_every_4xx_has_the_one_json_error_shape(client, method, path, status, error):
    r = client.request(method, path, headers={"accept": "application/json"})
    assert r.status_code == status
    body = r.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == status and body["error"] == error
    assert isinstance(body["message"], str) and body["message"] and isinstance(body["details"], list)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/api/statements", "/api/overview", "/api/actors", "/api/contradictions", "/api/saydo",
                          "/statements", "/"]),
    params=st.dictionaries(
        st.sampled_from(["q", "actor", "side", "signal", "topic", "since", "until", "page", "per_page", "limit",
                         "rule", "window_days", "format", "x"]),
        st.text(max_size=300), max_size=4),
)
def test_no_parameter_value_makes_the_server_fail(client, path, params):
    r = client.get(path, params=params)
    # 404: a side or an actor that is not known, the known ones listed
    assert r.status_code in (200, 400, 404), (params, r.status_code, r.text[:300])
    if r.status_code in (400, 404) and r.headers["content-type"] == "application/json":
        assert set(r.json()) == ERROR_KEYS
    if r.headers["content-type"].startswith("text/html"):
        _assert_inert(r.text)


@pytest.mark.parametrize("path", ["/", "/statements", "/api/statements", "/actors", "/openapi.json"])
def test_head_is_answered_like_get_without_a_body(client, path):
    """Before (issue 15): HEAD answered 405 while announcing ``Allow: GET, HEAD``."""
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]
    assert "Content-Security-Policy" in head.headers


def test_head_of_a_missing_page_is_a_404(client):
    assert client.head("/no/such/page").status_code == 404
