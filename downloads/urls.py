from django.urls import path

from downloads import views

app_name = "downloads"

urlpatterns = [
    path("download/", views.DownloadView.as_view(), name="index"),
    path("download/rallying.json", views.download_json, name="json"),
    path("download/rallying-csv.zip", views.download_csv_zip, name="csv-zip"),
]
