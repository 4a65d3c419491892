"""A bounded schemathesis run against the OpenAPI schema: no input makes the API answer 5xx."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from safecontact.checks.services_api import api_client_create
from safecontact.core.tests.factories import OrganisationFactory


def _load():
    spec = SchemaGenerator().get_schema(request=None, public=True)
    spec = json.loads(json.dumps(spec, default=str))
    loaded = schemathesis.openapi.from_dict(spec)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()


@pytest.fixture
def keep_test_connection():
    # Schemathesis calls the real WSGI handler, whose request signals close "old" connections. Inside the
    # test's transaction that closes PostgreSQL's connection mid-test (SQLite's in-memory one ignores it),
    # so detach them as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, keep_test_connection):
    council = OrganisationFactory(name="Fuzz Council", slug="fuzz")
    return api_client_create(name="fuzz", council=council, organisation=council)[1]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_5xx(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])
    if response.status_code >= 400:
        headers = {k.lower(): v for k, v in response.headers.items()}
        content_type = headers.get("content-type")
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (case.path, response.status_code, content_type)
