"""The findings pages and the site search."""

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from findings.models import Finding, FindingKind, Quotation
from findings.querysets import evidence_of
from findings.search import MAX_QUERY_LENGTH, normalise, site_search

# How each kind is introduced on the findings page; headings are plural where the label is not.
KIND_GROUPS = {
    FindingKind.RATIONALE: (
        "Why collaborate",
        "The reasons the study heard for working in collaboration.",
    ),
    FindingKind.INGREDIENT: (
        "Ingredients of success",
        "What the study found helps collaborative working take root.",
    ),
    FindingKind.MEASUREMENT: (
        "Measuring success",
        "What the study found about targets, measurement and learning.",
    ),
    FindingKind.THEME: (
        "Themes of the 2018 briefing",
        "The sections of the early-findings briefing (November 2018), with the case each one features.",
    ),
    FindingKind.OPEN_QUESTION: (
        "Open questions",
        "What the study left open for further work.",
    ),
}
EVIDENCE_PER_PAGE = 50


class FindingListView(ListView):
    """Every finding, grouped by kind in the study's order.

    Queries: 1 (the findings with their source and their counts of cases and quotations).
    """

    template_name = "findings/finding_list.html"
    context_object_name = "findings"

    def get_queryset(self):
        return Finding.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_kind: dict[str, list[Finding]] = {}
        for finding in context["findings"]:
            by_kind.setdefault(finding.kind, []).append(finding)
        context["groups"] = [
            {
                "kind": kind,
                "heading": KIND_GROUPS.get(kind, (FindingKind(kind).label, ""))[0],
                "intro": KIND_GROUPS.get(kind, ("", ""))[1],
                "findings": by_kind[kind],
            }
            for kind in FindingKind.values
            if kind in by_kind
        ]
        return context


class FindingDetailView(DetailView):
    """One finding: what it says, the cases behind it and the quotations that illustrate it.

    Queries: 1 finding (source joined, cases counted); 1 count and 1 page of evidence links (case
    and source joined); 1 for the quotations (case and source joined); 1 for the other findings of
    its kind. Five, whatever the number of cases.
    """

    template_name = "findings/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = self.object
        evidence = Paginator(evidence_of(finding), EVIDENCE_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        heading = KIND_GROUPS.get(finding.kind, (finding.get_kind_display(), ""))[0]
        context.update(
            {
                "evidence": evidence,
                "quotations": list(Quotation.objects.for_finding(finding)),
                "kind_heading": heading,
                "siblings": list(
                    Finding.objects.filter(kind=finding.kind)
                    .exclude(pk=finding.pk)
                    .only("slug", "title", "kind", "order")
                    .order_by("order", "slug")
                ),
                "cases_url": f"{reverse('cases:list')}?finding={finding.slug}",
            }
        )
        return context


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search cases, findings and quotations",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                "Your search is too long: enter %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            )
        },
    )

    def clean_q(self):
        return normalise(self.cleaned_data["q"])


class SearchView(TemplateView):
    """Search across cases, findings and quotations; see findings/search.py for the queries.

    An empty query shows the form and a hint; a query over MAX_QUERY_LENGTH characters is a 400.
    """

    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        valid = form.is_valid()
        text = form.cleaned_data.get("q", "") if valid else ""
        context = self.get_context_data(
            form=form,
            search_text=text,
            # The header's search box keeps the query.
            site_search_text=text if valid else request.GET.get("q", "")[:MAX_QUERY_LENGTH],
            results=site_search(text) if text else None,
            max_length=MAX_QUERY_LENGTH,
            cases_url=reverse("cases:list"),
        )
        return self.render_to_response(context, status=200 if valid else 400)
