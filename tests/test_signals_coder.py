"""The coder stage: API, batching, events, backends (the endpoint one on canned answers)."""

from __future__ import annotations

import json

import httpx
import pytest

from parley.errors import ConfigError, UnknownCode
from parley.records import EventCode, Statement
from parley.signals import CodeRequest, CodeResult, get_coder
from parley.signals.coder import EndpointBackend, build_request, parse_response
from parley.stages import Stage, stamp


def st(text, cue="said", **kw):
    return Statement(doc_id="d1", start=0, end=len(text), text=text, kind="indirect", cue=cue, **kw)


@pytest.fixture(scope="module")
def coder():
    return get_coder()


def test_coder_is_a_stage(coder):
    assert isinstance(coder, Stage)
    assert coder.name == "parley.signals" and coder.version
    assert stamp(coder) == "parley.signals/1"
    assert "Statement.signals" in coder.provides and "Statement.event" in coder.provides


def test_call_sets_signals_and_event_on_a_copy(coder):
    s = st("We are ready to resume negotiations.", speaker="Dmitry Peskov", side="RU", language="en")
    out = coder(s)
    assert s.signals == () and s.event is None  # the input is not changed
    assert out.signal_codes == ("OFFER_TALKS",)
    assert out.event.plover == "CONSULT" and out.event.cameo == "036" and out.event.goldstein == 4.0
    assert out.text == s.text and out.speaker == s.speaker


def test_cue_carries_the_signal(coder):
    assert coder(st("Xi Jinping on his re-election", cue="congratulated")).signal_codes == ("PRAISE",)
    assert coder(st("to maintain close personal contact", cue="It was agreed")).signal_codes == ("AGREE",)


def test_pipe_equals_one_by_one(coder):
    texts = [
        "We are ready to resume negotiations.",
        "The economy grew by two per cent.",
        "We will never agree to these terms.",
        "Russian troops shelled Kharkiv overnight, killing civilians.",
    ] * 20
    stmts = [st(t) for t in texts]
    piped = list(coder.pipe(stmts, batch_size=7))
    assert len(piped) == len(stmts)
    assert [p.signals for p in piped] == [coder(s).signals for s in stmts]
    assert [p.event for p in piped] == [coder(s).event for s in stmts]


def test_statement_without_signals_gets_a_model_event_or_none(coder):
    out = coder(st("The contraction in our economy is huge."))
    assert out.signals == ()
    assert isinstance(out.event, EventCode)
    if out.event.plover is None:
        assert out.event.cameo == "010" and out.event.goldstein == 0.0


def test_bare_event_sentence_is_coded_by_the_classifier(coder):
    res = coder.code_text("Russian forces fired artillery shells and rockets at the city of Kharkiv, killing five people.")
    assert isinstance(res, CodeResult)
    assert res.event.plover == "ASSAULT"
    assert res.event.quad == 4 and res.event.goldstein < 0
    assert res.event.plover_mode == "heavy-weapons"


def test_code_text_returns_typed_result(coder):
    res = coder.code_text("We propose an immediate ceasefire.", cue="said", source="Volodymyr Zelensky", language="en")
    assert res.codes == ("CEASEFIRE",)
    ev = res.event
    assert (ev.plover, ev.plover_mode, ev.cameo) == ("RETREAT", "ceasefire", "0871")
    assert json.loads(json.dumps(res.to_dict()))["signals"][0]["code"] == "CEASEFIRE"


def test_unsupported_language_is_left_uncoded(coder, caplog):
    out = coder(st("Мы готовы к переговорам.", language="xx"))
    assert out.signals == () and out.event is None
    assert "no signal lexicon" in caplog.text


def test_unknown_backend_and_language():
    with pytest.raises(ConfigError, match="not a coder backend"):
        get_coder("magic")
    with pytest.raises(ConfigError, match="no signal lexicon"):
        get_coder("rules", language="xx")


# --- the endpoint backend, on canned answers ------------------------------------------------------

CANNED = {
    "results": [
        {"signals": [{"code": "OFFER_TALKS", "confidence": 0.9, "cues": ["ready to talk"], "conditional": False,
                      "topics": ["negotiations", "not-a-topic"]}],
         "plover": "CONSULT", "plover_mode": None},
        {"signals": [], "plover": None},
    ]
}


def test_build_request_carries_codes_and_items():
    body = build_request([CodeRequest("We are ready to talk.", "said"), CodeRequest("x")])
    assert set(body["codes"]) >= {"OFFER_TALKS", "SANCTION"}
    assert [i["id"] for i in body["items"]] == [0, 1]
    assert body["items"][0]["cue"] == "said"


def test_parse_response_reads_canned_answers():
    res = parse_response(json.dumps(CANNED), 2)
    assert res[0].codes == ("OFFER_TALKS",)
    assert res[0].signals[0].conditional is False
    assert res[0].signals[0].topics == ("negotiations",)  # unknown topics dropped
    assert res[0].event.plover == "CONSULT" and res[0].event.cameo
    assert res[1].signals == () and res[1].event is None


def test_parse_response_rejects_bad_answers():
    with pytest.raises(ConfigError, match="not JSON"):
        parse_response("<html>", 1)
    with pytest.raises(ConfigError, match="1 results for 2 items"):
        parse_response({"results": [{}]}, 2)
    with pytest.raises(UnknownCode, match="known codes"):
        parse_response({"results": [{"signals": [{"code": "NEGOTIATE"}]}]}, 1)


def test_endpoint_backend_posts_and_reads(monkeypatch):
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["auth"] = request.headers.get("Authorization")
        seen["body"] = json.loads(request.content)
        return httpx.Response(200, json=CANNED)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    coder = get_coder("endpoint", endpoint="http://coder.test/v1", api_key="k", client=client)
    out = list(coder.pipe([st("We are ready to talk."), st("Nothing here.")]))
    assert out[0].signal_codes == ("OFFER_TALKS",)
    assert seen["auth"] == "Bearer k"
    assert len(seen["body"]["items"]) == 2


def test_endpoint_backend_errors():
    with pytest.raises(ConfigError, match="needs a URL"):
        EndpointBackend(endpoint="")
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    coder = get_coder("endpoint", endpoint="http://coder.test/v1", api_key="", client=client)
    with pytest.raises(ConfigError, match="HTTP 503"):
        coder.code_text("We are ready to talk.")
