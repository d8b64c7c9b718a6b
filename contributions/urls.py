from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("", views.ContributeView.as_view(), name="index"),
    path("case/", views.CaseSuggestionView.as_view(), name="case"),
    path("correction/", views.CorrectionView.as_view(), name="correction"),
    path("received/", views.ReceivedView.as_view(), name="received"),
]
