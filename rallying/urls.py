"""The site's map: each app mounts its own URLs; the API lives under /api/ (rallying/api_urls.py)."""

from django.contrib import admin
from django.urls import include, path

from rallying import health

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("downloads.urls")),
    path("", include("releases.urls")),
    path("", include("packs.urls")),  # before cases.urls, whose cases/<slug>/ would take it
    path("", include("citations.urls")),  # before cases/findings: their slugs sit beside cite.*
    path("", include("cases.urls")),
    path("", include("cases.dimension_urls")),
    path("", include("cases.study_urls")),
    path("", include("findings.urls")),
    path("", include("history.urls")),
    path("", include("search.urls")),
    path("contribute/", include("contributions.urls")),
    path("api/", include(("rallying.api_urls", "api"))),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
