"""How the quotation list is described in the OpenAPI schema: its four filters with the values
each accepts, read from the database when the schema is built."""

from django.db import DatabaseError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from cases.api_schema import finding_filter_parameters, slug_parameter
from cases.models import Case
from findings.filters import SPEAKER_ROLE_HELP
from findings.models import Quotation
from rallying.api_schema import RallyingAutoSchema

# Past this many cases the schema gives the slugs' shape, not the slugs: an enum of thousands
# would swell the schema and the documentation's drop-down for no reader's benefit.
CASE_ENUM_LIMIT = 1000


def case_parameter() -> OpenApiParameter:
    description = (
        "A published case's slug (/api/cases/ lists them): the quotations from it. Repeat for "
        "any of several."
    )
    try:
        slugs = list(
            Case.objects.order_by("slug").values_list("slug", flat=True)[: CASE_ENUM_LIMIT + 1]
        )
    except DatabaseError:
        slugs = None  # a schema built before the database exists (cases/api_schema.py)
    if slugs is not None and len(slugs) > CASE_ENUM_LIMIT:
        # Empty allowed and ignored, as in slug_parameter's enum.
        shape = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]*$", "maxLength": 80}
        return OpenApiParameter(
            "case", {"type": "array", "items": shape}, explode=True, description=description
        )
    return slug_parameter("case", slugs, description)


def speaker_role_parameter() -> OpenApiParameter:
    try:
        roles = sorted(set(Quotation.objects.speaker_roles()))
    except DatabaseError:
        roles = None
    return OpenApiParameter(
        "speaker_role",
        OpenApiTypes.STR,
        many=True,
        explode=True,
        enum=None if roles is None else ["", *roles],
        description=SPEAKER_ROLE_HELP,
    )


def quotation_filter_parameters() -> list[OpenApiParameter]:
    """`case`, `finding`, `study` and `speaker_role` on the quotation list (findings/filters.py)."""
    return [case_parameter(), *finding_filter_parameters(), speaker_role_parameter()]


class QuotationFilterSchema(RallyingAutoSchema):
    """The quotation list takes `?case=`, `?finding=`, `?study=` and `?speaker_role=`."""

    filter_parameters = staticmethod(quotation_filter_parameters)
