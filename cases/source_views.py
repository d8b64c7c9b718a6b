"""The sources page. (Being built: issue 3.)"""

from django.views.generic import TemplateView


class SourceListView(TemplateView):
    template_name = "pages/scaffold.html"
    extra_context = {"heading": "Sources"}
