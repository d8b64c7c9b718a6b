"""The evidence pack's addresses, under /cases/ beside the list whose filters they take.

rallying/urls.py mounts these before cases.urls, whose `cases/<slug>/` would take `cases/pack/`.
"""

from django.urls import path

from packs import views

app_name = "packs"

urlpatterns = [
    path("cases/pack/", views.PackView.as_view(), name="html"),
    path("cases/pack.pdf", views.PackPdfView.as_view(), name="pdf"),
    path("cases/pack/cite.<str:citation_format>", views.PackCitationView.as_view(), name="cite"),
]
