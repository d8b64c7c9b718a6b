"""The quotations pages: every quotation, filterable, and each quotation on a page of its own."""

from django.http import QueryDict
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from cases.paging import FilteredListPage
from cases.views import page_links, without_page, without_value
from findings.filters import QuotationFilter, role_key
from findings.models import Quotation
from findings.quotation_facets import build_quotation_facets

PER_PAGE = 50


class QuotationListView(FilteredListPage, FilterView):
    """Every public quotation, verbatim, filtered by case, finding, study and speaker's role with
    the API's FilterSet (the same parameters, values and 400 messages as /api/quotations/).

    Queries: the slugs and roles given are checked (1 per parameter given); the count, the page,
    the page's findings; 4 for the filters' counts (quotation_facets.py). At most 11, whatever the
    number of quotations.
    """

    filterset_class = QuotationFilter
    paginate_by = PER_PAGE
    template_name = "findings/quotation_list.html"
    context_object_name = "quotations"

    def get_queryset(self):
        return Quotation.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        # With a bad value, offer the options for all quotations so the reader can choose again.
        facets = build_quotation_facets(filterset if valid else QuotationFilter(QueryDict()))
        query = self.request.GET
        context.update(
            {
                "facets": facets,
                "tags": selected_tags(facets, query) if valid else [],
                "errors": [
                    {"param": param, "message": message}
                    for param, messages in filterset.errors.items()
                    for message in messages
                ],
                "page_error": self.page_error,
                "result_count": context["paginator"].count,
                "page_links": page_links(context["page_obj"]),
                # The same filters for the API link (the page number is not a filter).
                "data_query": without_page(query) if valid else "",
            }
        )
        return context


def selected_tags(facets, query: QueryDict) -> list[dict]:
    """A removable tag for each value given in the query string, named as the filter offers it."""
    tags = []
    for facet in facets:
        same = role_key if facet.param == "speaker_role" else str
        labels = {same(value.slug): value.label for value in facet.selected_values}
        for given in dict.fromkeys(v for v in query.getlist(facet.param) if v.strip()):
            tags.append(
                {
                    "facet": facet.label,
                    "label": labels.get(same(given.strip()), given),
                    "remove_query": without_value(query, facet.param, given),
                }
            )
    return tags


class QuotationDetailView(DetailView):
    """One quotation: its words, who said them, its case, the findings it illustrates and its
    source. Queries: the quotation (case and source joined), its findings (study joined)."""

    template_name = "findings/quotation_detail.html"
    context_object_name = "quotation"

    def get_queryset(self):
        # A draft case's quotation is not found, as the case itself is not.
        return Quotation.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        list_url = reverse("findings:quotation-list")
        context["case_quotations_url"] = f"{list_url}?case={self.object.case.slug}"
        return context
