from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("findings/", views.ScaffoldView.as_view(), name="list"),
    path("findings/<slug:slug>/", views.ScaffoldView.as_view(), name="detail"),
    path("search/", views.ScaffoldView.as_view(), name="search"),
]
