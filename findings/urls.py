from django.urls import path

from findings import quotation_views, views

app_name = "findings"

urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/<slug:slug>/", views.FindingDetailView.as_view(), name="detail"),
    path("quotations/", quotation_views.QuotationListView.as_view(), name="quotation-list"),
    path(
        "quotations/<slug:slug>/",
        quotation_views.QuotationDetailView.as_view(),
        name="quotation-detail",
    ),
]
