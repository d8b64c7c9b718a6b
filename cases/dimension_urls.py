from django.urls import path

from cases import dimension_views as views

app_name = "dimensions"

urlpatterns = [
    path("typologies/", views.ScaffoldView.as_view(), name="typology-list"),
    path("typologies/<slug:slug>/", views.ScaffoldView.as_view(), name="typology-detail"),
    path("accountability/", views.ScaffoldView.as_view(), name="accountability-list"),
    path("accountability/<slug:slug>/", views.ScaffoldView.as_view(), name="accountability-detail"),
    path("sectors/", views.ScaffoldView.as_view(), name="sector-list"),
    path("sectors/<slug:slug>/", views.ScaffoldView.as_view(), name="sector-detail"),
    path("regions/", views.ScaffoldView.as_view(), name="region-list"),
    path("regions/<slug:slug>/", views.ScaffoldView.as_view(), name="region-detail"),
    path("policy-areas/", views.ScaffoldView.as_view(), name="policy-area-list"),
    path("policy-areas/<slug:slug>/", views.ScaffoldView.as_view(), name="policy-area-detail"),
]
