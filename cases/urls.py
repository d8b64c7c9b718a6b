from django.urls import path

from cases import source_views, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="list"),
    path("cases/compare/", views.CaseCompareView.as_view(), name="compare"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="detail"),
    path("sources/", source_views.SourceListView.as_view(), name="source-list"),
]
