"""Pages for each dimension. (Being built: issue 3.)"""

from django.views.generic import TemplateView


class ScaffoldView(TemplateView):
    template_name = "pages/scaffold.html"
    extra_context = {"heading": "Dimensions"}
