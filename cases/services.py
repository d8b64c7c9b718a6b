"""Writes to cases, shared by the API and (later) imports: validate everything, then save atomically."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework.exceptions import ValidationError

from cases.models import Case


def validated_save(instance: models.Model) -> models.Model:
    """Run the model's own validation (fields, clean, constraints), then save.

    Raises DRF's ValidationError naming each field, so API clients get a 400 with the same
    messages editors see in the admin.
    """
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    instance.save()
    return instance


@transaction.atomic
def case_save(*, case: Case, data: dict) -> Case:
    """Create or update a case from validated API data."""
    for field, value in data.items():
        setattr(case, field, value)
    return validated_save(case)
