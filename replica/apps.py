from django.apps import AppConfig


class ReplicaConfig(AppConfig):
    name = "replica"
    verbose_name = "Read replica: reads from a PostgreSQL replica, writes to the primary"
