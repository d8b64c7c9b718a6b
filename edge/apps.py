from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "edge"
    verbose_name = "HTTP edge: validators, Cache-Control and the one response cache"
