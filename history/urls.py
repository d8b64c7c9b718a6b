from django.urls import path

from history import feeds, views

app_name = "history"

urlpatterns = [
    path("changes/", views.ChangeListView.as_view(), name="list"),
    path("changes/feed/", feeds.ChangeFeed(), name="feed"),
]
