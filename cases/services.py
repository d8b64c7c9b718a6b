"""Writes through the API: validate everything, then save atomically."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework.exceptions import ValidationError


@transaction.atomic
def record_save(*, record: models.Model, data: dict) -> models.Model:
    """Create or change a case, quotation or evidence link from validated API data: its fields,
    then its many-to-many links (a quotation's findings).

    The model's own validation runs before the save (fields, clean, constraints); a problem is
    DRF's ValidationError naming each field, so API clients get a 400 with the same messages
    editors see in the admin.
    """
    many = [name for name in data if record._meta.get_field(name).many_to_many]
    for name, value in data.items():
        if name not in many:
            setattr(record, name, value)
    try:
        record.full_clean()
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    record.save()
    for name in many:
        getattr(record, name).set(data[name])
    return record
