"""The researcher's and commissioner's pages for cases: list with filters, case, compare, citations."""

from django.http import Http404, QueryDict
from django.views.generic import ListView
from django_filters.views import FilterView

from cases.facets import build_facets
from cases.filters import DEFAULT_SORT, SORTS, CaseFilter
from cases.models import Case


class HomeView(ListView):
    """Plain overview listing every case until the browsing pages arrive (issue 3)."""

    template_name = "cases/home.html"
    context_object_name = "cases"

    def get_queryset(self):
        return Case.objects.select_related("sector", "region__nation", "typology")


def without_value(query: QueryDict, param: str, value: str) -> str:
    """The query string with one value of one parameter removed, back on page 1."""
    query = query.copy()
    query.setlist(param, [v for v in query.getlist(param) if v != value])
    query.pop("page", None)
    return query.urlencode()


class CaseListView(FilterView):
    """The "filter a list" page: facets with counts, tags, search, sort and pages; no JS needed."""

    filterset_class = CaseFilter
    paginate_by = 50
    template_name = "cases/case_list.html"
    context_object_name = "cases"
    page_error = ""

    def get_queryset(self):
        return Case.objects.for_list()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors or self.page_error:
            response.status_code = 400
        return response

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            number = self.request.GET.get("page", "")
            self.page_error = (
                f"There is no page “{number}” of these results. Showing the first page."
            )
            self.kwargs["page"] = 1
            return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        facets = build_facets(filterset if valid else CaseFilter(QueryDict()))
        query = self.request.GET
        tags = [
            {
                "facet": group.label,
                "label": value.label,
                "remove_query": without_value(query, group.param, value.slug),
            }
            for group in facets
            for value in group.selected_values
        ]
        search_text = filterset.form.cleaned_data.get("q", "") if valid else ""
        if search_text:
            tags.append(
                {
                    "facet": "Search",
                    "label": f"“{search_text}”",
                    "remove_query": without_value(query, "q", query.get("q", "")),
                }
            )
        current_sort = (filterset.form.cleaned_data.get("sort") if valid else "") or DEFAULT_SORT
        context.update(
            {
                "facets": facets,
                "tags": tags,
                "errors": [
                    {"param": param, "message": message}
                    for param, messages in filterset.errors.items()
                    for message in messages
                ],
                "page_error": self.page_error,
                "search_text": query.get("q", ""),
                "sorts": [(key, label) for key, (label, _) in SORTS.items()],
                "current_sort": current_sort,
                "result_count": context["paginator"].count if context.get("paginator") else 0,
            }
        )
        return context
