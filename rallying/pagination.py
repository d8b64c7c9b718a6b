"""Page-number pagination that refuses bad page numbers and sizes instead of guessing.

Responses carry `count`, `next`, `previous` and `results`, plus an RFC 8288 `Link` header with
first/prev/next/last, so a script can follow pages without parsing the body.
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

# More digits than any page number or size could need; a longer one is out of range anyway, and
# Python refuses to convert more than 4,300 digits.
MAX_DIGITS = 12


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
            raise ValidationError(
                {"page_size": [f"“{shown(raw)}” is not a whole number of 1 or more."]}
            )
        if number > self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        f"{shown(raw)} is more than the maximum page size, {self.max_page_size}."
                    ]
                }
            )
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "1")
        number = whole_number(raw)
        if number is None:
            raise ValidationError({"page": [f"“{shown(raw)}” is not a page number (1 or more)."]})
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            pages = f"{paginator.num_pages} page" + ("" if paginator.num_pages == 1 else "s")
            raise ValidationError(
                {"page": [f"There is no page {shown(raw)}: the results fill {pages}."]}
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

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
