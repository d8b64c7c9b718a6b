from django.conf import settings
from django.urls import path
from django.views.generic import RedirectView

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    # Browsers and feed readers ask for /favicon.ico without reading the page's <link rel="icon">.
    # The unhashed name, so the permanent redirect stays right when the icon changes.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True),
        name="favicon",
    ),
]
