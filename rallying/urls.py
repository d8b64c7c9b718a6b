from django.contrib import admin
from django.urls import include, path

from rallying import views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("", include("cases.urls")),
    path("", include("cases.dimension_urls")),
    path("", include("findings.urls")),
    path("api/", include(("rallying.api", "api"))),
    path("admin/", admin.site.urls),
]
