from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and dimensions"

    def ready(self):
        from cases import revision

        revision.connect()
