"""`cite.<format>` of everything that can be cited. Mounted before the apps whose own patterns
(`cases/<slug>/`, `findings/<slug>/`…) sit beside these."""

from django.urls import path

from citations import views

app_name = "citations"

CITE = "cite.<str:citation_format>"

urlpatterns = [
    path(f"cases/{CITE}", views.CaseListCitationView.as_view(), name="case-list"),
    path(f"cases/<slug:slug>/{CITE}", views.CaseCitationView.as_view(), name="case"),
    path(f"findings/<slug:slug>/{CITE}", views.FindingCitationView.as_view(), name="finding"),
    path(f"quotations/<slug:slug>/{CITE}", views.QuotationCitationView.as_view(), name="quotation"),
    path(f"sources/<slug:key>/{CITE}", views.SourceCitationView.as_view(), name="source"),
    path(f"releases/<str:version>/{CITE}", views.ReleaseCitationView.as_view(), name="release"),
]
