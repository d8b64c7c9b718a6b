from django.contrib import admin
from django.urls import include, path

from rallying import downloads, health, views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("download/", downloads.DownloadView.as_view(), name="download"),
    path("download/rallying.json", downloads.download_json, name="download-json"),
    path("download/rallying-csv.zip", downloads.download_csv_zip, name="download-csv-zip"),
    path("", include("cases.urls")),
    path("", include("cases.dimension_urls")),
    path("", include("findings.urls")),
    path("", include("history.urls")),
    path("api/", include(("rallying.api", "api"))),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
