"""The researcher's and commissioner's pages for cases: list with filters, case, compare.

A case's citation (its cite panel, meta tags and files) is the citations app's."""

import re
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from cases.case_sources import field_citations_by_name, sources_of
from cases.classifications import by_study
from cases.compare import (
    CompareError,
    compared,
    comparison_rows,
    parse_compare_slugs,
    parse_differences,
    shown_rows,
)
from cases.disputes import disputed_facts
from cases.facets import build_facets
from cases.filters import DEFAULT_SORT, SORTS, CaseFilter
from cases.map_view import map_view_context, without_view
from cases.models import Case
from cases.paging import FilteredListPage
from cases.structured_data import case_jsonld, script_json
from history.queries import with_last_change


def without_value(query: QueryDict, param: str, value: str) -> str:
    """The query string with one value of one parameter removed, back on page 1."""
    query = query.copy()
    query.setlist(param, [v for v in query.getlist(param) if v != value])
    return without_page(query)


def without_page(query: QueryDict) -> str:
    """The query string's filters and sort, without the page number."""
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def page_links(page) -> list:
    """The page numbers to link, with the paginator's ellipsis where a run is left out."""
    if page is None:
        return []
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


class CaseListView(FilteredListPage, FilterView):
    """The "filter a list" page: facets with counts, tags, search, sort and pages; no JS needed."""

    filterset_class = CaseFilter
    paginate_by = 50
    template_name = "cases/case_list.html"
    context_object_name = "cases"

    def get_queryset(self):
        return Case.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        # With a bad value, show the panel for all cases so the reader can choose valid ones.
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
                "result_count": context["paginator"].count,
                "page_links": page_links(context["page_obj"]),
                # The same filters for the API and CSV links (the page and the view are not filters).
                "data_query": without_page(without_view(query)) if valid else "",
                **map_view_context(query, filterset if valid else None),
            }
        )
        return context


def is_preview(request) -> bool:
    """`?preview=1` from a signed-in editor: the page of a draft as it will read once published.
    Anyone else gets the public page, where a draft is not found."""
    return request.GET.get("preview") == "1" and request.user.is_staff


class CaseDetailView(DetailView):
    """A case's page: its facts each with a note number, its citation, similar cases. Queries: the
    revision, those of `for_detail()`, one for similar cases, and the latest release for its
    citation (citations/templatetags/cite_panels.py; tests/test_query_budgets.py).

    Editors preview a draft at `?preview=1` (is_preview); the answer is private, never cached."""

    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        cases = Case.all_objects if is_preview(self.request) else Case.objects
        # The last change to the case comes with the case itself: no extra query.
        return with_last_change(cases.for_detail())

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if is_preview(request):
            response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        sources = sources_of(case)
        url = self.request.build_absolute_uri(case.get_absolute_url())
        updated = last_updated(case)
        context.update(
            {
                "studies": by_study(case),
                "field_citations": field_citations_by_name(case),
                "disputed": disputed_facts(
                    (c.field_name, c.value) for c in case.field_citations.all()
                ),
                "similar_cases": list(Case.objects.similar_to(case)),
                "jsonld": script_json(
                    case_jsonld(case, url=url, sources=sources, updated=timezone.localdate(updated))
                ),
                "description_paragraphs": paragraphs(case.description),
                "findings_by_kind": findings_by_kind(case),
                "last_updated": updated,
                "preview": is_preview(self.request) and case.is_draft,
            }
        )
        return context


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, as separated by blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def findings_by_kind(case) -> list[tuple[str, list]]:
    """The case's evidence links grouped under their finding's kind, in the study's order."""
    groups: dict[str, list] = {}
    for link in sorted(
        case.finding_links.all(), key=lambda link: (link.finding.kind_rank, link.finding.order)
    ):
        groups.setdefault(link.finding.get_kind_display(), []).append(link)
    return list(groups.items())


def last_updated(case) -> datetime:
    """When the case last changed, the one date its page, citations and JSON-LD give: the latest
    change to it in the history (or the dataset load, if later), else the row's own timestamp.
    Needs a case loaded through `with_last_change()`."""
    return case.last_change or case.updated_at


class CaseCompareView(TemplateView):
    """Two to four cases side by side, one row per dimension, rows the same for all marked, each
    cell's sources as numbered notes. Queries: the revision, then those of `compared_cases()`."""

    template_name = "cases/case_compare.html"

    PICKER_SIZE = 200  # the picker lists the first cases by name; the case list finds the rest

    def get(self, request, *args, **kwargs):
        slugs = request.GET.getlist("case")
        try:
            chosen = parse_compare_slugs(slugs)
            differences_only = parse_differences(request.GET.getlist("differences"))
            cases = compared(chosen)
        except CompareError as error:
            # Arriving with no case chosen is normal: show the picker, not an error status.
            return self.picker(
                error.explained(
                    "Tick two to four cases below, or on the case list, and select “Compare”."
                ),
                slugs,
                status=400 if slugs else 200,
            )
        rows = comparison_rows(cases)
        return self.render_to_response(
            self.get_context_data(
                cases=cases,
                rows=shown_rows(rows, differences_only=differences_only),
                differences_only=differences_only,
                n_same=sum(row.same for row in rows),
            )
        )

    def picker(self, error: str, slugs: list[str], *, status: int):
        context = self.get_context_data(
            error=error,
            picker=Case.objects.only("slug", "name")[: self.PICKER_SIZE],
            picked=set(slugs),
        )
        return self.render_to_response(context, status=status)
