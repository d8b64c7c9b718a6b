"""`…/cite.<format>`: a citation as a file for a reference manager, in the format its extension
names (citations/formats/). An unknown format or an unknown or draft record is a 404; a case list
with a bad filter is a 400 with the list's own messages. The evidence pack's view is in
packs/views.py (packs imports citations, not the other way)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View

from cases.facets import build_facets
from cases.filters import CaseFilter
from cases.models import Case
from cases.source_views import public_sources
from citations.builders import (
    case_citation,
    case_list_citation,
    finding_citation,
    quotation_citation,
    release_citation,
    source_citation,
)
from citations.case_list import criteria_in_words, filter_errors, list_query
from citations.citation import Citation
from citations.formats import FORMATS
from findings.models import Finding, Quotation
from history.queries import with_last_change
from releases.current import latest_release
from releases.models import Release


class BadFilters(Exception):
    """The query string selects nothing that can be cited: `args[0]`, the messages that say why;
    `status`, the answer's (400 for a bad parameter)."""

    def __init__(self, messages: list[str], *, status: int = 400):
        super().__init__(messages)
        self.status = status


class CitationView(View):
    """The citation of one thing (`citation()`), in the format of the address's extension."""

    def get(self, request, citation_format: str, **kwargs):
        format = FORMATS.get(citation_format)
        if format is None:
            raise Http404(f"Citations come as {', '.join(f'cite.{ext}' for ext in FORMATS)}.")
        try:
            citation = self.citation(request, **kwargs)
        except BadFilters as error:
            return HttpResponse(
                "".join(f"{message}\n" for message in error.args[0]),
                status=error.status,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(format.render(citation), content_type=format.content_type)
        response["Content-Disposition"] = f'attachment; filename="{citation.key}.{citation_format}"'
        return response

    def citation(self, request, **kwargs) -> Citation:
        """The Citation of what the address names (each view below); Http404 if there is none."""
        raise NotImplementedError

    @staticmethod
    def cited_as(request) -> dict:
        """What every builder takes besides the thing cited (1 query: the latest release)."""
        return {
            "release": latest_release(),
            "absolute": request.build_absolute_uri,
            "today": timezone.localdate(),
        }


class CaseCitationView(CitationView):
    """Queries: the case with what its page shows (its last change with it), the release."""

    def citation(self, request, slug: str) -> Citation:
        case = get_object_or_404(with_last_change(Case.objects.for_detail()), slug=slug)
        return case_citation(case, **self.cited_as(request))


class FindingCitationView(CitationView):
    """Queries: the finding of a published study with its source, the release."""

    def citation(self, request, slug: str) -> Citation:
        finding = get_object_or_404(Finding.objects.for_detail(), slug=slug)
        return finding_citation(finding, **self.cited_as(request))


class QuotationCitationView(CitationView):
    """Queries: the quotation of a published case with its case and source, the release."""

    def citation(self, request, slug: str) -> Citation:
        quotations = Quotation.objects.public().select_related("case", "source")
        quotation = get_object_or_404(quotations, slug=slug)
        return quotation_citation(quotation, **self.cited_as(request))


class SourceCitationView(CitationView):
    """Queries: the source (not a draft study's publication), the release."""

    def citation(self, request, key: str) -> Citation:
        source = get_object_or_404(public_sources(), key=key)
        return source_citation(source, **self.cited_as(request))


class ReleaseCitationView(CitationView):
    """Queries: the release (without its difference from the one before, which can be large)."""

    def citation(self, request, version: str) -> Citation:
        release = get_object_or_404(Release.objects.defer("diff"), version=version)
        return release_citation(
            release, absolute=request.build_absolute_uri, today=timezone.localdate()
        )


class CaseListCitationView(CitationView):
    """The case list with the filters of the query string (`/cases/cite.bib?region=…`).

    Queries: the slugs checked (1, when a lookup filter is given), the count, the facets' labels
    and counts (2, as the list builds them), the release."""

    def citation(self, request) -> Citation:
        filterset = CaseFilter(request.GET, queryset=Case.objects.all())
        if not filterset.is_valid():
            raise BadFilters(filter_errors(filterset))
        query = list_query(request.GET)
        return case_list_citation(
            criteria=criteria_in_words(filterset, build_facets(filterset)),
            count=filterset.qs.count(),
            url=request.build_absolute_uri(reverse("cases:list") + (f"?{query}" if query else "")),
            **self.cited_as(request),
        )
