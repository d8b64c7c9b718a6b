"""Choices of a Change, importable without the app registry (cases.dataset_io uses `Via`)."""

from django.db import models


class Via(models.TextChoices):
    ADMIN = "admin", "Admin"
    API = "api", "API"
    IMPORT = "import", "Import"
    COMMAND = "command", "Management command"
    SHELL = "shell", "Shell or script"
    WEB = "web", "Web page"


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    # One entry for a whole bulk operation (loading the dataset, synthesizing cases).
    BULK = "bulk", "Bulk operation"
