"""Guards that the PostgreSQL run of the suite really ran on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_constraints_exist_in_the_postgresql_catalogue():
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conname LIKE 'cases_c%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "cases_case_latitude_range",
        "cases_case_publication_valid",
        "cases_classification_unique",
        "cases_classification_inference_has_reason",
    } <= names
