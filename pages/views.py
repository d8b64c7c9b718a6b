"""Site-wide pages: the overview (`/`) and the about page (`/about/`)."""

from django.conf import settings
from django.views.generic import TemplateView

from cases.models import Source, SourceOrigin
from pages import uk_map
from pages.overview import overview


class OverviewView(TemplateView):
    """What the study is, what the knowledge base holds, two grids of cases and a map of the places."""

    template_name = "pages/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = overview()
        markers, off_map = uk_map.place_markers(data["cases"])
        numbers = {marker.case.pk: marker.number for marker in markers}
        for case in data["cases"]:
            case.map_number = numbers.get(case.pk)
        context.update(
            data,
            sector_links=list(
                zip(data["sectors"], data["sector_grid"].total_row.cells, strict=True)
            ),
            markers=markers,
            markers_displaced=any(marker.displaced for marker in markers),
            markers_crowded=len(markers) > uk_map.SPREAD_LIMIT,
            off_map=off_map,
            outline=uk_map.outline(),
            marker_radius=f"{uk_map.MARKER_RADIUS:g}",
        )
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
