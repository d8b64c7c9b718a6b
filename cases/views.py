from django.views.generic import ListView

from cases.models import Case


class HomeView(ListView):
    """Plain overview listing every case until the browsing pages arrive (issue 3)."""

    template_name = "cases/home.html"
    context_object_name = "cases"

    def get_queryset(self):
        return Case.objects.select_related("sector", "region__nation", "typology")
