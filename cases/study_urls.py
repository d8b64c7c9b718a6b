from django.urls import path

from cases import study_views

app_name = "studies"

urlpatterns = [
    path("studies/", study_views.StudyListView.as_view(), name="list"),
    path("studies/<slug:slug>/", study_views.StudyDetailView.as_view(), name="detail"),
]
