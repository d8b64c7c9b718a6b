"""One JSON shape for every API error, so scripts can always find what went wrong.

    {"detail": "<summary>", "errors": {"<parameter or field>": ["<problem>", …]}}

`errors` is present for validation problems (400), naming each parameter or field. A problem in
a list of objects is named by its place, as in "classifications[0].reason".
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        # Model validation that escaped a serializer: still a 400 naming the fields.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, DataError) and "NUL" in str(exc):
        # psycopg 3 refuses a NUL in any text parameter, a slug to look up included (psycopg2's
        # ValueError was taken by DRF's lookups as "not found" or "invalid").
        exc = exceptions.ParseError("Text may not contain NUL (0x00) characters.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"detail": "The request has invalid values.", "errors": flat(errors)}
    elif isinstance(exc, exceptions.NotFound) and _looked_up(context):
        response.data = {"detail": _not_found_message(context)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response


def flat(errors, name: str = "") -> dict[str, list[str]]:
    """Nested problems (a list of objects, each with its fields) as one level of names."""
    if isinstance(errors, dict):
        found = {}
        for key, value in errors.items():
            part = str(key)
            inner = f"{name}[{part}]" if part.isdigit() else f"{name}.{part}" if name else part
            found |= flat(value, inner)
        return found
    if isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        found = {}
        for index, item in enumerate(errors):
            if item:
                found |= flat(item, f"{name}[{index}]")
        return found
    return (
        {name: [str(message) for message in errors]}
        if isinstance(errors, list)
        else {name: [str(errors)]}
    )


def _looked_up(context) -> bool:
    view = context.get("view")
    return bool(view and getattr(view, "lookup_field", None) and view.kwargs)


def _not_found_message(context) -> str:
    """“There is no case “atlantis”.” rather than Django's generic query message."""
    view = context["view"]
    value = view.kwargs.get(view.lookup_url_kwarg or view.lookup_field, "")
    noun = view.get_queryset().model._meta.verbose_name
    return f"There is no {noun} “{value}”."
