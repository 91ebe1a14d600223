"""The JSON API against its own OpenAPI description (schemathesis): every generated request gets an
answer that the description allows, and never a server error.

Each operation is driven with schemathesis' Hypothesis strategies, both valid requests (positive)
and requests that break the description (negative: those must get a 4xx in the error shape).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from webstore import build_sample_store

from parley.store import open_store
from parley.web import create_app

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode

ERROR_KEYS = {"ok", "status", "error", "message", "details"}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "sample.db"
    store = open_store(path)
    build_sample_store(store)
    store.close()
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(open_store(path)))


def _operations():
    from parley.web import create_app as make

    schema = schemathesis.openapi.from_asgi("/openapi.json", make(open_store(":memory:")))
    return sorted(op.ok().label for op in schema.get_all_operations())


OPERATIONS = _operations()


def test_every_api_page_is_described():
    assert len(OPERATIONS) == 8, OPERATIONS


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms_to_its_openapi_description(api_schema, label, mode):
    op = next(o.ok() for o in api_schema.get_all_operations() if o.ok().label == label)

    @given(case=op.as_strategy(generation_mode=mode))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call()
        assert response.status_code < 500, f"{case.as_curl_command()} -> {response.status_code}: {response.text}"
        if response.status_code >= 400:
            assert set(response.json()) == ERROR_KEYS
        if mode is GenerationMode.POSITIVE:
            case.validate_response(response)
        else:
            assert response.status_code < 500

    run()
