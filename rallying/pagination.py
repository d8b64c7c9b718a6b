"""Page-number pagination that refuses bad page numbers and sizes instead of guessing.

Responses carry `count`, `next`, `previous` and `results`, plus an RFC 8288 `Link` header with
first/prev/next/last, so a script can follow pages without parsing the body.

A list can name a faster Django paginator (`django_paginator_class`): the case list's reads its
rows' keys first, so a deep page costs about what the first one does (cases/paging.py).
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

# More digits than any page number or size could need; a longer one is out of range anyway, and
# Python refuses to convert more than 4,300 digits.
MAX_DIGITS = 12
# The largest page number the schema documents: a longer number is a 400, a page past the end of
# the results a 404.
MAX_PAGE = 10**MAX_DIGITS - 1


def whole_number(raw: str) -> int | None:
    """`raw` as a whole number of 1 or more (ASCII digits only: int() rejects "²"), else None."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    digits = raw.lstrip("0")
    if len(digits) > MAX_DIGITS:
        return 10**MAX_DIGITS
    return int(digits) if digits else None


def shown(raw: str) -> str:
    """A bad value as echoed back in a message, shortened if very long."""
    return raw if len(raw) <= 30 else raw[:30] + "…"


def refuse(parameter: str, problem: str):
    raise ValidationError({parameter: [problem]})


class StrictPageNumberPagination(PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        number = whole_number(raw)
        if number is None:
            refuse("page_size", f"“{shown(raw)}” is not a whole number of 1 or more.")
        if number > (most := self.max_page_size):
            refuse("page_size", f"{shown(raw)} is more than the maximum page size, {most}.")
        return number

    def requested_page(self, request) -> tuple[int, int]:
        """(page size, page number) as asked, or a 400 naming the bad parameter. A list that is
        not paged (a whole-list CSV) still checks them, as its schema documents them."""
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "1")
        number = whole_number(raw)
        if number is None:
            refuse("page", f"“{shown(raw)}” is not a page number (1 or more).")
        if number > MAX_PAGE:
            refuse("page", f"“{shown(raw)}” is not a page number (1 to {MAX_PAGE:,}).")
        return page_size, number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size, number = self.requested_page(request)
        raw = request.query_params.get(self.page_query_param, "1")
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            # A page number the schema allows, of a page that does not exist: 404 as for a
            # record, rather than a 400 for a well-formed request.
            pages = f"{paginator.num_pages} page" + ("" if paginator.num_pages == 1 else "s")
            raise NotFound(f"There is no page {shown(raw)}: the results fill {pages}.") from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_PAGE},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = self._links()
        if links:
            response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)
        return response

    def _links(self) -> list[tuple[str, str]]:
        url = self.request.build_absolute_uri()
        paginator = self.page.paginator
        links = [("first", remove_query_param(url, self.page_query_param))]
        if self.page.has_previous():
            links.append(("prev", self.get_previous_link()))
        if self.page.has_next():
            links.append(("next", self.get_next_link()))
        links.append(("last", replace_query_param(url, self.page_query_param, paginator.num_pages)))
        return links
