"""The findings pages: every finding grouped by kind, and each finding with its evidence."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import DetailView, ListView

from findings.models import Finding, FindingKind, Quotation
from findings.querysets import evidence_of

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

    Queries: 1 finding (source joined); 1 count and 1 page of evidence links (case
    and source joined); 1 for the quotations (case and source joined); 1 for the other findings of
    its kind; and the latest release, which its cite panel and meta tags name
    (citations/templatetags/cite_panels.py). Six, whatever the number of cases.
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
                "page_links": evidence.paginator.get_elided_page_range(evidence.number),
                "quotations": list(Quotation.objects.for_finding(finding)),
                "kind_heading": heading,
                "siblings": list(
                    Finding.objects.public()
                    .filter(kind=finding.kind)
                    .exclude(pk=finding.pk)
                    .only("slug", "title", "kind", "order")
                    .order_by("order", "slug")
                ),
                "cases_url": f"{reverse('cases:list')}?finding={finding.slug}",
            }
        )
        return context
