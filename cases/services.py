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


# The API's names for the model's fields, where they differ (ClassificationWriteSerializer's "reason").
API_NAMES = {"basis_reason": "reason"}


def classification_problems(case_model: type[models.Model], rows: list[dict]) -> list[dict]:
    """What is wrong with each classification of validated API data, in order ({} when
    nothing is): the model's own rules, and a study given twice."""
    Classification = case_model._meta.get_field("classifications").related_model
    problems, seen = [], set()
    for row in rows:
        found = {}
        try:
            Classification(**row).full_clean(exclude=["case"], validate_unique=False)
        except DjangoValidationError as error:
            found = {
                API_NAMES.get(name, name): messages for name, messages in error.message_dict.items()
            }
        if row["study"].pk in seen:
            found.setdefault("study", []).append("This study is given twice for the case.")
        seen.add(row["study"].pk)
        problems.append(found)
    return problems if any(problems) else []


def replace_classifications(case: models.Model, rows: list[dict]) -> None:
    """Give `case` exactly these classifications (checked by classification_problems), in the
    caller's transaction. Each row is saved on its own, so the history records it."""
    Classification = case._meta.get_field("classifications").related_model
    case.classifications.all().delete()
    for row in rows:
        Classification.objects.create(case=case, **row)
