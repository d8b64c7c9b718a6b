"""OpenAPI details drf-spectacular cannot see: who may call each operation, the values each
parameter takes, and the error responses each can give, so that the schema accepts exactly what
the server accepts (tests/test_api_fuzz.py holds the two to each other)."""

from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from rallying.ndjson import NDJSONSchemaMixin

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
VALIDATION_ERROR = inline_serializer(
    "ValidationError",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Each parameter or field with a problem, and what the problem is. Absent "
            "when the request as a whole is at fault (a body that is not JSON, too many "
            "parameters).",
        ),
    },
)
# A slug as Django's SlugField validates it; the router's `[^/.]+` lets all of these through.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# Free text may be anything but NUL, which Django's form fields refuse (and PostgreSQL cannot store).
TEXT_PATTERN = r"^[^\u0000]*$"


class RallyingAutoSchema(NDJSONSchemaMixin, AutoSchema):
    """The project's schema for every API view.

    A subclass may set `filter_parameters`: a function called when the schema is built (so it may
    read the database) that returns the OpenApiParameters of a list's filters with the values they
    accept. (A class attribute, not an argument: `@extend_schema` on a view subclasses its schema
    class and makes a new instance.)
    """

    filter_parameters = None  # a staticmethod in subclasses

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self._is_public():
            # Stated, not left out: a read needs no credentials, whatever the default.
            operation["security"] = []
        return operation

    def get_auth(self):
        # Writes: a token or a signed-in session (the authentication classes), staff only.
        return [] if self._is_public() else super().get_auth()

    def _is_public(self) -> bool:
        return all(
            getattr(permission, "allows_anonymous", lambda method: False)(self.method)
            for permission in self.view.get_permissions()
        )

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.filter_parameters and self.method == "GET" and self._takes_filters():
            parameters = [*parameters, *self.filter_parameters()]
        return parameters

    def _takes_filters(self) -> bool:
        return getattr(self.view, "action", None) == "list"

    def get_request_serializer(self):
        # WritableViewSet (rallying/api_views.py) reads a write with its write serializer and
        # answers with the record as it is read.
        if self._is_write() and getattr(self.view, "write_serializer", None) is not None:
            return self.view.write_serializer
        return super().get_request_serializer()

    def get_response_serializers(self):
        if self._is_write() and getattr(self.view, "read_serializer", None) is not None:
            return self.view.read_serializer
        return super().get_response_serializers()

    def _is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH")

    def map_parsers(self):
        # Scripts send JSON (docs/api.md); the form parsers are there for the browsable API's
        # HTML forms, and are not part of the contract.
        parsers = super().map_parsers()
        return [media_type for media_type in parsers if media_type == "application/json"] or parsers

    def _get_format_parameters(self):
        # Every endpoint takes `?format=`, so it is documented even where JSON is the only value
        # (drf-spectacular leaves it out then, and the browsable API's `api` is for browsers).
        formats = self.map_renderers("format")
        name = api_settings.URL_FORMAT_OVERRIDE
        if not name or not formats:
            return []
        description = (
            "The format of the answer, instead of the Accept header (empty: as the Accept "
            "header says)."
        )
        if "ndjson" in formats:
            description += " `ndjson`: a list's every row matching the filters, one per line."
        return [
            {
                "in": "query",
                "name": name,
                "schema": {"type": "string", "enum": ["", *formats]},
                "description": description,
            }
        ]

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        lookup = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        # drf-spectacular names a `pk` lookup `id` (SCHEMA_COERCE_PATH_PK).
        names = {lookup, "id"} if lookup == "pk" else {lookup}
        field = self._lookup_model_field()
        for parameter in parameters:
            if parameter["name"] not in names:
                continue
            if isinstance(field, models.SlugField):
                parameter["schema"].update(pattern=SLUG_PATTERN, maxLength=field.max_length)
            elif isinstance(field, models.AutoField):
                parameter["schema"].update(minimum=1)
        return parameters

    def _lookup_model_field(self) -> models.Field | None:
        model = get_view_model(self.view, emit_warnings=False)
        name = getattr(self.view, "lookup_field", "pk")
        if model is None:
            return None
        return model._meta.pk if name == "pk" else model._meta.get_field(name)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, error in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        """The errors this operation can answer with, each with our error body."""
        errors = {
            "400": "A parameter, value or field the endpoint does not accept; `errors` names each.",
            "406": "No format the Accept header allows.",
        }
        if self._is_public():
            errors["401"] = "A token that is not valid (reads need none)."
            # Authenticated staff are not throttled, and anonymous writes are refused before it.
            errors["429"] = "Too many requests: wait `Retry-After` seconds."
        else:
            errors["401"] = "No credentials, or a token that is not valid."
            errors["403"] = (
                "Signed in, but not as staff; or a session write without its CSRF token."
            )
            errors["415"] = "A body in a format the endpoint does not read."
        if self._is_paginated():
            errors["404"] = "No record with this identifier, or no such page of results."
        elif self._has_path_parameters():
            errors["404"] = "No record with this identifier."
        return {
            code: OpenApiResponse(VALIDATION_ERROR if code == "400" else ERROR, errors[code])
            for code in sorted(errors)
        }

    def _has_path_parameters(self) -> bool:
        return "{" in self.path

    def _is_paginated(self) -> bool:
        return (
            self.method == "GET"
            and getattr(self.view, "pagination_class", None) is not None
            and self._is_list_view()
        )
