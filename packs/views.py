"""The evidence pack: `/cases/pack/?<filters>` (the print-ready page) and `/cases/pack.pdf?<filters>`.

Both take the case list's filters and sort, and `case=<slug>` (repeatable) for the compare page's
selection or one case (packs/selection.py). They answer:

- 400 with the case list's own messages when a parameter is bad;
- 422 when the selection holds more than MAX_CASES cases: the request is well formed (the list
  shows the same selection), but a pack of it is refused; the page says why and what to do;
- for no case: a page saying so (200 for the page; 404 for the PDF, which has nothing to hold,
  so a script saving it never saves a page of HTML as a PDF);
- otherwise the pack, as HTML or as a PDF to download.

Queries, whatever the number of cases: the selection's (packs/selection.py), 1 for the labels of
the chosen values (criteria.py), then the contents' (contents.py).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import View

from cases.compare import MAX_CASES as MAX_COMPARED
from citations.builders import pack_citation
from citations.citation import Citation
from citations.formats.plain import plain_text
from citations.panels import cite_links
from citations.views import BadFilters, CitationView
from packs.contents import pack_contents
from packs.criteria import criteria_in_words, order_in_words
from packs.pdf import render_pdf
from packs.selection import MAX_CASES, Selection, filters_query, select
from packs.source_numbers import SourceNumbers


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def back_link(selection: Selection) -> tuple[str, str]:
    """Where the pack's page leads back to: the one case, the compared cases, or the list."""
    chosen = selection.filterset.form.cleaned_data.get("case") or []
    others = [name for name, value in selection.filterset.form.cleaned_data.items() if value]
    if chosen and others == ["case"]:
        if len(chosen) == 1:
            return reverse("cases:detail", args=[chosen[0]]), "Back to the case"
        if len(chosen) <= MAX_COMPARED:
            query = filters_query(selection.query)
            return with_query(reverse("cases:compare"), query), "Back to the comparison"
    query = filters_query(selection.query, leave_out=("case",))
    return with_query(reverse("cases:list"), query), "Back to these cases in the list"


class PackView(View):
    """The pack of the selection in the query string, or the page saying why there is none."""

    pdf = False

    def get(self, request):
        selection = select(request.GET)
        if selection.errors:
            return self.problem(request, status=400, errors=selection.errors)
        list_query = filters_query(request.GET, leave_out=("case",))
        list_url = with_query(reverse("cases:list"), list_query)
        if selection.too_large:
            return self.problem(
                request,
                status=422,
                too_large=True,
                total=selection.total,
                max_cases=MAX_CASES,
                list_url=list_url,
                filters_query=list_query,
                # The API's list takes the same filters, but not `case`.
                data_query=None if "case" in request.GET else list_query,
            )
        criteria = criteria_in_words(selection.filterset)
        if not selection.case_ids:
            status = 404 if self.pdf else 200
            return self.problem(request, status=status, criteria=criteria, list_url=list_url)
        context = self.pack_context(request, selection, criteria)
        if not self.pdf:
            return render(request, "packs/pack.html", context)
        html = render_to_string("packs/pack.html", context, request=request)
        pdf = render_pdf(html, site_url=context["site_url"])
        response = HttpResponse(pdf, content_type="application/pdf")
        made_on = context["contents"].made_on
        response["Content-Disposition"] = (
            f'attachment; filename="rallying-evidence-pack-{made_on:%Y-%m-%d}.pdf"'
        )
        return response

    def pack_context(self, request, selection: Selection, criteria: str) -> dict:
        contents = pack_contents(selection.case_ids)
        query = filters_query(request.GET)
        site = request.build_absolute_uri("/").rstrip("/")
        pack_url = pack_address(request)
        back_url, back_label = back_link(selection)
        citation = cited_pack(
            request,
            selection,
            criteria,
            release=contents.data_version.release,
            today=contents.made_on,
        )
        return {
            "pdf": self.pdf,
            "contents": contents,
            "source_numbers": SourceNumbers(),
            "criteria": criteria,
            "order": order_in_words(selection.filterset),
            "n_cases": len(contents.cases),
            "site_url": site,
            "pack_url": pack_url,
            "pdf_url": with_query(reverse("packs:pdf"), query),
            "back_url": back_url,
            "back_label": back_label,
            "citation": plain_text(citation),
            "cite_links": cite_links("packs:cite", [], stem=citation.key, query=query),
        }

    def problem(self, request, *, status: int, **context):
        return render(request, "packs/pack_problem.html", context, status=status)


class PackPdfView(PackView):
    pdf = True


def pack_address(request) -> str:
    """The print-ready page of the pack the request's parameters make: the address that makes
    the same pack again, and the one its citation gives."""
    return request.build_absolute_uri(with_query(reverse("packs:html"), filters_query(request.GET)))


def cited_pack(request, selection: Selection, criteria: str, *, release, today) -> Citation:
    """The citation of the pack the request's parameters make, at its address."""
    return pack_citation(
        criteria=criteria,
        count=len(selection.case_ids),
        url=pack_address(request),
        release=release,
        absolute=request.build_absolute_uri,
        today=today,
    )


class PackCitationView(CitationView):
    """`/cases/pack/cite.<format>?<the pack's parameters>`: how to cite that pack, as a file for a
    reference manager. A bad parameter is a 400 with the list's messages; a selection past
    MAX_CASES a 422, as the pack is refused; no case a 404.

    Queries: the selection's, the criteria's labels, the latest release."""

    def citation(self, request) -> Citation:
        selection = select(request.GET)
        if selection.errors:
            raise BadFilters(
                [f"{error['param']}: {error['message']}" for error in selection.errors]
            )
        if selection.too_large:
            raise BadFilters(
                [
                    f"An evidence pack holds up to {MAX_CASES} cases; these parameters select "
                    f"{selection.total}. Narrow the filters to cite a pack of them, or cite the "
                    "list of cases instead (/cases/cite.<format> with the same filters)."
                ],
                status=422,
            )
        if not selection.case_ids:
            raise Http404("No case matches these parameters: there is no pack to cite.")
        cited_as = self.cited_as(request)
        return cited_pack(
            request,
            selection,
            criteria_in_words(selection.filterset),
            release=cited_as["release"],
            today=cited_as["today"],
        )
