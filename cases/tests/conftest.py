"""Fixtures shared by the cases app's tests: an editor, and an API client signed in as one."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="pw", is_staff=True)


@pytest.fixture
def editor_api(editor):
    """Signed in with a token, as a script would be."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return api
