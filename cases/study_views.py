"""The studies pages: `/studies/` (every study, with the size of its framework and of what it
covers) and `/studies/<slug>/` (one study: its summary, framework, findings, cases and sources).

Query counts do not grow with the data: the list is one query; a study page is one per part.
"""

from django.core.paginator import Paginator
from django.views.generic import DetailView, ListView

from cases import studies

CASES_PER_PAGE = 50


class StudyListView(ListView):
    """Queries: 1 (the studies with their counts)."""

    template_name = "studies/study_list.html"
    context_object_name = "studies"

    def get_queryset(self):
        return studies.studies_with_counts()


class StudyDetailView(DetailView):
    """Queries: the study with its counts (1), its types and its modes with their cases (2), its
    findings with theirs (1), a page of its cases (1; 2 when they fill more than a page), its
    sources (1). At most seven, whatever the number of cases."""

    template_name = "studies/study_detail.html"
    context_object_name = "study"

    def get_queryset(self):
        return studies.studies_with_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        study = self.object
        paginator = Paginator(studies.cases_of(study).select_related("region"), CASES_PER_PAGE)
        # The count is known already: the paginator need not ask for it.
        paginator.count = study.n_cases
        cases_page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            typologies=list(studies.typologies_of(study)),
            modes=list(studies.modes_of(study)),
            findings=list(studies.findings_of(study)),
            sources=list(studies.sources_of(study)),
            cases_page=cases_page,
        )
        return context
