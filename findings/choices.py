"""The kinds of finding, in the study's own order (models and querysets both need them)."""

from django.db import models


class FindingKind(models.TextChoices):
    RATIONALE = "rationale", "Why collaborate"
    INGREDIENT = "ingredient", "Ingredient of success"
    MEASUREMENT = "measurement", "Measuring success"
    THEME = "theme", "Theme of the 2018 briefing"
    OPEN_QUESTION = "open-question", "Open question"
