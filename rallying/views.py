"""Site-wide pages: the overview and the about page. (Being built: issue 3.)"""

from django.views.generic import TemplateView


class OverviewView(TemplateView):
    template_name = "pages/scaffold.html"
    extra_context = {"heading": "Overview"}


class AboutView(TemplateView):
    template_name = "pages/scaffold.html"
    extra_context = {"heading": "About"}
