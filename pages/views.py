"""Site-wide pages: the overview (`/`) and the about page (`/about/`)."""

from django.conf import settings
from django.views.generic import TemplateView

from cases.models import Source, SourceOrigin
from pages.overview import overview


class OverviewView(TemplateView):
    """What the study is, what the knowledge base holds, charts of the cases and a map of the places."""

    template_name = "pages/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overview())
        return context


class AboutView(TemplateView):
    """How the study was done, how facts are sourced, how to cite, licence and corrections."""

    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # 1 query: the study's own publications, for "how to cite the study".
        study_sources = list(
            Source.objects.filter(origin=SourceOrigin.STUDY).order_by("year", "month", "key")
        )
        context.update(
            study_sources=study_sources,
            corrections_email=settings.CORRECTIONS_EMAIL,
        )
        return context
