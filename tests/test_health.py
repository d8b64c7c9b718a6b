"""/healthz tells a load balancer whether this process can serve."""

from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-store" in response["Cache-Control"]  # never a stored answer


@pytest.mark.django_db
def test_503_when_the_database_is_unreachable(client):
    with mock.patch("rallying.health.connection.cursor", side_effect=OperationalError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable: OperationalError",
        "cache": "local",
    }
