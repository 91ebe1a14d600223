"""The dashboard's pages and their JSON twins, in-process (FastAPI's TestClient), on a hand-built store."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import SQLAlchemyError
from webstore import build_sample_store

from parley.records import Document
from parley.store import open_store
from parley.web import create_app, pages

ERROR_KEYS = {"ok", "status", "error", "message", "details"}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "sample.db"
    store = open_store(path)
    built = build_sample_store(store)
    store.close()
    return path, built


@pytest.fixture(scope="module")
def client(sample_db):
    path, _ = sample_db
    store = open_store(path)
    app = create_app(store, cache=pages.ResultCache(recheck_seconds=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    store.close()


@pytest.fixture(scope="module")
def built(sample_db):
    return sample_db[1]


def _doc(built, title_start):
    return next(d for d in built["documents"] if d.title.startswith(title_start))


# ------------------------------------------------------------------------------------ pages
PAGES = ["/", "/statements", "/actors", "/actors/ua-kovalenko", "/contradictions", "/saydo"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_html_with_its_json_twin(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text and "</html>" in r.text
    j = client.get(path, params={"format": "json"})
    assert j.status_code == 200 and j.headers["content-type"] == "application/json"
    api = "/api/overview" if path == "/" else "/api" + path
    a = client.get(api)
    assert a.status_code == 200
    assert a.json() == j.json()
    assert a.json()["ok"] is True


def test_overview_shows_chart_shifts_contradictions_and_actors(client, built):
    r = client.get("/")
    html = r.text
    assert 'data-spec="chart-signals_by_side-spec"' in html
    assert "Signals by side" in html
    # the two same-side contradictions of the sample, explained
    assert "offered talks without conditions" in html and "ruled a ceasefire out" in html
    # most active actors link to their pages
    assert 'href="/actors/ru-sokolov"' in html and "Andrei Sokolov" in html
    data = client.get("/api/overview").json()
    assert data["stats"]["statements"] == len(built["statements"])
    assert {p["side"] for p in data["timeline"]} == {"RU", "UA", "US"}
    assert len(data["contradictions"]) == 2
    assert data["actors"][0]["statements"] >= data["actors"][-1]["statements"]
    assert data["period"] == {"first": "2024-03-04", "last": "2024-05-28", "since": None, "until": None,
                              "recent_since": "2024-03-04"}
    assert data["shifts"] == [], \
        "the sample's RU turn from talks to threats rests on a handful of statements: no shift (MIN_EVIDENCE)"
    assert "No sustained shift" in html


def test_statements_filters(client, built):
    every = client.get("/api/statements", params={"per_page": 500}).json()
    assert every["total"] == len(built["statements"])
    dates = [s["published"] for s in every["statements"]]
    assert dates == sorted(dates, reverse=True)

    statements = built["statements"]
    rej = client.get("/api/statements", params={"signal": "REJECT"}).json()
    assert rej["total"] == sum("REJECT" in s.signal_codes for s in statements) > 0
    assert all("REJECT" in [g["code"] for g in s["signals"]] for s in rej["statements"])

    two = client.get("/api/statements", params={"signal": "REJECT,THREATEN", "side": "ru"}).json()
    assert two["total"] == sum(s.side == "RU" and bool({"REJECT", "THREATEN"} & set(s.signal_codes))
                               for s in statements) > 0
    assert {s["side"] for s in two["statements"]} == {"RU"}

    q = client.get("/api/statements", params={"q": "ceasefire"}).json()
    assert q["total"] == sum(bool(re.search(r"\bceasefire\b", s.text, re.IGNORECASE)) for s in statements) > 0

    topic = client.get("/api/statements", params={"topic": "prisoners"}).json()
    assert {s["actor_id"] for s in topic["statements"]} == {"ua-kovalenko", "ru-sokolov"}

    period = client.get("/api/statements", params={"since": "2024-04-01", "until": "2024-04-30"}).json()
    assert period["total"] and all("2024-04-01" <= s["published"] <= "2024-04-30" for s in period["statements"])

    actor = client.get("/api/statements", params={"actor": "ru-volkova"}).json()
    n = sum(s.actor_id == "ru-volkova" for s in statements)
    assert actor["total"] == n and {s["speaker"] for s in actor["statements"]} == {"Maria Volkova"}
    assert actor["facets"]["sides"] == {"RU": n}
    assert sum(actor["facets"]["signals"].values()) >= 5


def test_statements_pagination_links_are_stable(client):
    p1 = client.get("/api/statements", params={"per_page": 10, "side": "RU"}).json()
    assert p1["pages"] == 2 and p1["links"]["prev"] is None
    assert p1["links"]["next"] == "/api/statements?side=RU&per_page=10&page=2"
    p2 = client.get(p1["links"]["next"]).json()
    assert p2["page"] == 2 and p2["links"]["next"] is None
    assert p2["links"]["prev"] == "/api/statements?side=RU&per_page=10"
    ids = [s["id"] for s in p1["statements"]] + [s["id"] for s in p2["statements"]]
    assert len(ids) == len(set(ids)) == p1["total"]
    html = client.get("/statements", params={"per_page": 10, "side": "RU"}).text
    assert 'href="/statements?side=RU&amp;per_page=10&amp;page=2"' in html


def test_statement_rows_link_to_their_document(client, built):
    html = client.get("/statements", params={"signal": "CEASEFIRE"}).text
    for s in built["statements"]:
        if "CEASEFIRE" in s.signal_codes:
            assert f'href="/documents/{s.doc_id}#s-{s.id[:12]}"' in html


def test_document_page_highlights_statements_cues_and_provenance(client, built):
    doc = _doc(built, "Prisoner exchange")
    statements = built["by_title"][doc.title][1]
    r = client.get(f"/documents/{doc.id}")
    assert r.status_code == 200
    html = r.text
    for s in statements:
        assert f'id="s-{s.id[:12]}"' in html  # the statement in the list
        assert f'id="t-{s.id[:12]}"' in html  # its marker in the text
        assert s.speaker in html
    assert '<span class="seg mention">President Olena Kovalenko</span>' in html
    assert '<span class="seg cue">said</span>' in html
    assert 'class="seg stmt sigcue"' in html and ">agreed to exchange</span>" in html
    # provenance: source, URL, dates and the versions of the rules
    prov = html.split('id="provenance"', 1)[1]
    for needle in ("Example Wire", doc.url, "2024-03-19", "parley.extract/1", "parley.signals.rules/1", "test-fixture"):
        assert needle in prov
    # the text itself is intact: stripping the markup gives the document back
    text = html.split('id="text">', 1)[1].split("</article>", 1)[0]
    text = re.sub(r'<a class="marker"[^>]*>\[\d+\]</a>', "", text)
    text = re.sub(r"<[^>]+>", "", text).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    assert text == doc.text
    api = client.get(f"/api/documents/{doc.id}").json()
    assert api["document"]["text"] == doc.text
    assert [s["id"] for s in api["statements"]] == [s.id for s in sorted(statements, key=lambda s: s.start)]
    assert api["provenance"]["coders"] == ["parley.signals.rules/1"]


def test_document_by_prefix_and_unknown(client, built):
    doc = built["documents"][0]
    assert client.get(f"/api/documents/{doc.id[:10]}").json()["document"]["id"] == doc.id
    r = client.get("/api/documents/0000000000nope")
    assert r.status_code == 404 and set(r.json()) == ERROR_KEYS and r.json()["error"] == "not_found"


def test_document_text_is_escaped(client, built):
    doc = _doc(built, "Hostile markup")
    html = client.get(f"/documents/{doc.id}").text
    assert "<script>alert" not in html and "<script>document.title" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold claims&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html  # the title
    listing = client.get("/statements", params={"q": "ampersands"}).text
    assert "<script>alert" not in listing and "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; ampersands" in listing
    # the only script elements are the vendored files and the JSON chart specs
    for tag in re.findall(r"<script[^>]*>", client.get("/").text):
        assert 'src="/static/' in tag or 'type="application/json"' in tag


def test_actor_page(client):
    data = client.get("/api/actors/ua-kovalenko").json()
    assert data["actor"]["name"] == "Olena Kovalenko" and data["actor"]["side"] == "UA"
    assert data["statements_total"] == 5
    assert data["profile"]["statements"] == 5 and data["profile"]["side"] == "UA"
    assert data["signal_mix"]["OFFER_TALKS"] == 1
    assert {"timeline", "signal_mix"} <= set(data["charts"])
    assert [c["rule"] for c in data["contradictions"]] == ["unconditional_vs_conditions"]
    html = client.get("/actors/ua-kovalenko").text
    assert "Contradictions involving Olena Kovalenko" in html and "offered talks without conditions" in html
    # an unresolved speaker has a page under the name as written
    r = client.get("/actors/A senior diplomat")
    assert r.status_code == 200 and "Nobody in the region believed" in r.text
    missing = client.get("/api/actors/nobody-at-all")
    assert missing.status_code == 404 and set(missing.json()) == ERROR_KEYS


def test_actors_page(client):
    data = client.get("/api/actors", params={"side": "RU"}).json()
    assert {a["actor"] for a in data["actors"]} == {"ru-sokolov", "ru-volkova"}


def test_contradictions_page(client, built):
    data = client.get("/api/contradictions").json()
    assert data["total"] == 2 and data["statements_compared"] == len(built["statements"])
    first = data["contradictions"][0]  # newest first
    assert first["rule"] == "ceasefire_vs_rejection" and first["a"]["side"] == first["b"]["side"] == "RU"
    assert first["a"]["published"] < first["b"]["published"]
    assert client.get("/api/contradictions", params={"side": "UA"}).json()["total"] == 1
    assert client.get("/api/contradictions", params={"rule": "ceasefire_vs_rejection"}).json()["total"] == 1
    assert client.get("/api/contradictions", params={"actor": "Taras Bondar"}).json()["total"] == 1
    assert client.get("/api/contradictions", params={"window_days": 1}).json()["total"] == 0
    html = client.get("/contradictions").text
    assert html.count('class="pair"') == 2 and "ceasefire vs rejection" in html


def test_saydo_page(client):
    data = client.get("/api/saydo").json()
    verdicts = {c["side"]: (c["verdict"], c["attacks"]) for c in data["ceasefires"]}
    assert verdicts == {"RU": ("broken", 3), "UA": ("kept", 0)}
    assert data["events"] == 13 and "saydo" in data["charts"]
    html = client.get("/saydo").text
    assert 'class="verdict-broken"' in html and "We declare a ceasefire from 12 April" in html


# ------------------------------------------------------------------------------------ errors
BAD = [
    ("/api/statements", {"since": "2024-13-01"}, "since"),
    ("/api/statements", {"until": "yesterday"}, "until"),
    ("/api/statements", {"signal": "FOO"}, "signal"),
    ("/api/statements", {"signal": "REJECT,,"}, "signal"),
    ("/api/statements", {"topic": "bogus"}, "topic"),
    ("/api/statements", {"side": "R U"}, "side"),
    ("/api/statements", {"page": "0"}, "page"),
    ("/api/statements", {"per_page": "100000"}, "per_page"),
    ("/api/statements", {"q": "a\x00b"}, "q"),
    ("/api/statements", {"q": "x" * 201}, "q"),
    ("/api/contradictions", {"rule": "no_such_rule"}, "rule"),
    ("/api/contradictions", {"window_days": "-1"}, "window_days"),
    ("/api/saydo", {"by": "fortnight"}, "by"),
    ("/api/statements", {"until": ""}, "until"),
    ("/api/statements", {"until": "0"}, "until"),
    ("/api/statements", {"since": "2024-02-31"}, "since"),
    ("/api/actors/ru-sokolov", {"since": "2024-02-30"}, "since"),
    ("/statements", {"format": "xml"}, "format"),
]


@pytest.mark.parametrize("path,params,param", BAD)
def test_bad_parameters_get_one_json_error_shape(client, path, params, param):
    r = client.get(path, params=params, headers={"accept": "application/json"})
    assert r.status_code == 400, r.text
    body = r.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == 400 and body["error"] == "invalid_parameter"
    assert body["message"]
    assert param in [d["param"] for d in body["details"]]
    assert body["message"].startswith(param + ":")


def test_an_inverted_period_is_empty_and_said_so(client):
    for api in ("/api/overview", "/api/statements", "/api/contradictions", "/api/saydo", "/api/actors"):
        r = client.get(api, params={"since": "2024-05-01", "until": "2024-04-01"})
        assert r.status_code == 200, api
    assert client.get("/api/statements", params={"since": "2024-05-01", "until": "2024-04-01"}).json()["total"] == 0
    html = client.get("/statements", params={"since": "2024-05-01", "until": "2024-04-01"}).text
    assert 'id="period-note"' in html and "Swap the two dates" in html
    # an HTML form's empty fields are no filter on pages
    assert client.get("/statements", params={"since": "", "q": ""}).status_code == 200


def test_error_messages_say_what_to_do(client):
    body = client.get("/api/statements", params={"signal": "FOO"}).json()
    assert "OFFER_TALKS" in body["message"] and "'FOO'" in body["message"]
    body = client.get("/api/statements", params={"since": "2024-13-01"}).json()
    assert "YYYY-MM-DD" in body["message"]


def test_html_pages_show_errors_as_html_with_the_same_fields(client):
    r = client.get("/statements", params={"since": "nope"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "invalid parameter" in r.text and "since" in r.text and "YYYY-MM-DD" in r.text
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "no page at /no/such/page" in r.text
    r = client.get("/api/no/such/thing")
    assert r.status_code == 404 and set(r.json()) == ERROR_KEYS


# ----------------------------------------------------------------------------------- safety
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_by_default(client, method):
    r = client.request(method.upper(), "/api/statements")
    assert r.status_code == 405
    assert set(r.json()) == ERROR_KEYS and r.json()["error"] == "read_only"
    assert "--allow-writes" in r.json()["message"]
    assert r.headers["allow"] == "GET, HEAD"


def test_read_only_store_connections(sample_db):
    from parley.errors import StoreError

    store = open_store(sample_db[0])
    create_app(store)
    with pytest.raises((StoreError, SQLAlchemyError)) as info:
        store.set_meta("written", True)
    assert "readonly" in str(info.value).lower() or "read-only" in str(info.value).lower()
    store.close()
    writable = open_store(sample_db[0])
    create_app(writable, allow_writes=True)
    writable.set_meta("written", True)
    assert writable.get_meta("written") is True
    writable.close()


def test_security_headers_and_no_external_assets(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    for attr in re.findall(r'(?:src|<link[^>]*href)="([^"]+)"', r.text):
        assert attr.startswith(("/", "#")), attr  # every asset is served here
    for tag, attr in re.findall(r'(<a [^>]*href="([^"]+)"[^>]*>)', r.text):
        # links out are the sources' own pages (http/https only), opened without the referrer
        assert attr.startswith(("/", "#")) or (attr.startswith(("http://", "https://"))
                                              and 'rel="noopener noreferrer nofollow"' in tag), tag
    for asset in ("htmx-2.0.11.min.js", "vega-6.4.0.min.js", "vega-lite-6.4.3.min.js", "vega-embed-7.3.0.min.js"):
        a = client.get(f"/static/vendor/{asset}")
        assert a.status_code == 200 and "javascript" in a.headers["content-type"] and len(a.content) > 10_000


def test_openapi_describes_every_api_page_and_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {"/api/overview", "/api/statements", "/api/documents/{doc_id}", "/api/actors",
                "/api/actors/{actor}", "/api/contradictions", "/api/saydo"}
    assert expected <= {p.replace("{actor:path}", "{actor}") for p in paths}
    for ops in paths.values():
        op = ops["get"]
        assert "200" in op["responses"] and "400" in op["responses"]
        assert op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
        assert "422" not in op["responses"]
    assert not any(p.startswith("/statements") or p == "/" for p in paths)
    sig = next(p for p in paths["/api/statements"]["get"]["parameters"] if p["name"] == "signal")
    assert "REJECT" in sig["schema"]["anyOf"][0]["pattern"]


# ------------------------------------------------------------------------- back ends, writes
def test_pages_on_every_back_end(store):
    """The same pages over SQLite (memory, file) and PostgreSQL, read-only at the connection."""
    built = build_sample_store(store)
    app = create_app(store, cache=pages.ResultCache(recheck_seconds=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in PAGES + [f"/documents/{built['documents'][0].id}"]:
            assert c.get(path).status_code == 200, path
        data = c.get("/api/statements", params={"q": "ceasefire", "side": "RU"}).json()
        assert data["total"] >= 1 and all(s["side"] == "RU" for s in data["statements"])
        assert c.get("/api/contradictions").json()["total"] == 2
        assert c.post("/api/statements").status_code == 405
    from parley.errors import StoreError

    with pytest.raises((StoreError, SQLAlchemyError)):
        store.set_meta("written", True)


def test_ingest_endpoint_only_with_writes(sample_db, tmp_path):
    import shutil

    path = tmp_path / "copy.db"
    shutil.copy(sample_db[0], path)
    ro = create_app(open_store(path))
    assert "/api/documents" not in TestClient(ro).get("/openapi.json").json()["paths"]
    r = TestClient(ro).post("/api/documents", content=b"Some text.")
    assert r.status_code == 405 and r.json()["error"] == "read_only"

    store = open_store(path)
    before = store.stats()["documents"]
    c = TestClient(create_app(store, allow_writes=True, cache=pages.ResultCache(recheck_seconds=0)))
    assert "post" in c.get("/openapi.json").json()["paths"]["/api/documents"]
    text = ("Brussels, 3 June 2024. The envoy Jonas Berg said that talks could resume next week. "
            "\"We are ready to meet,\" he said.")
    r = c.post("/api/documents", params={"source": "Pasted", "language": "en"}, content=text.encode())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["new"] == 1 and body["read"] == 1 and len(body["documents"]) == 1
    doc = c.get(body["documents"][0]["self"]).json()["document"]
    assert doc["text"] == text and doc["source"] == "Pasted"
    assert store.stats()["documents"] == before + 1
    assert c.get("/api/overview").json()["stats"]["documents"] == before + 1  # the cache follows the store
    again = c.post("/api/documents", params={"source": "Pasted", "language": "en"}, content=text.encode()).json()
    assert again["new"] == 0 and again["duplicate"] == 1
    empty = c.post("/api/documents", content=b"  \n")
    assert empty.status_code == 400 and set(empty.json()) == ERROR_KEYS
    store.close()


def test_chart_specs_cannot_break_out_of_their_script_element():
    from parley.web.app import _json_for_script

    raw = _json_for_script({"title": "</script><script>alert(1)</script>", "a&b": "<!--"})
    assert "<" not in raw and ">" not in raw and "&" not in raw
    import json

    assert json.loads(str(raw)) == {"title": "</script><script>alert(1)</script>", "a&b": "<!--"}


def test_document_page_says_whether_the_document_was_extracted(tmp_path):
    """Issue 15: a document over the per-document budget is stored without statements; its page
    says so (and why), instead of looking like a document in which nobody said anything."""
    store = open_store(tmp_path / "states.db")
    built = build_sample_store(store)
    done, too_long = built["documents"][:2]
    unread = Document.create("Stored with --no-extract: nobody has read it yet.", title="Unread", language="en")
    store.add_documents([unread])
    store.set_extraction_states({too_long.id: "too_long"})
    app = create_app(store, cache=pages.ResultCache(recheck_seconds=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        notes = {d.id: c.get(f"/api/documents/{d.id}").json()["provenance"] for d in (done, too_long, unread)}
        assert [(notes[d.id]["extraction"], notes[d.id]["extraction_note"]) for d in (done, too_long, unread)] == [
            ("done", "extracted"), ("too_long", "not extracted: too long"), (None, "not extracted yet")]
        html = c.get(f"/documents/{too_long.id}").text
        assert '<dd id="extraction-state">not extracted: too long</dd>' in html
        assert c.get(f"/documents/{unread.id}").text.count('id="extraction-state">not extracted yet<') == 1
    store.close()


def test_a_read_only_server_answers_a_page_again_from_its_kept_bytes(sample_db, monkeypatch):
    """Under load each request rendered its page again (templates, JSON, charts) even with the
    analyses cached; a read-only server now keeps each page's answer until the store changes."""
    path, _ = sample_db
    store = open_store(path)
    try:
        app = create_app(store, cache=pages.ResultCache(recheck_seconds=3600))
        with TestClient(app, raise_server_exceptions=False) as c:
            first = c.get("/statements?side=RU")
            assert first.status_code == 200

            def broken(*a, **k):
                raise AssertionError("the page was computed again")

            monkeypatch.setattr(pages, "statements_page", broken)
            again = c.get("/statements?side=RU")
            assert again.status_code == 200 and again.content == first.content
            assert again.headers["content-type"] == first.headers["content-type"]
            assert "Content-Security-Policy" in again.headers
            assert c.get("/api/statements?side=RU").status_code == 500  # another address: computed (broken here)
    finally:
        store.close()
