"""The base of every API write: each field's value in the field's own JSON type, one save.

DRF's fields convert what they are given: 5 becomes "5" for a text field, "5" becomes 5 and "true"
becomes True for numbers and booleans. A write that sends a value of another type is refused
instead, with a 400 naming each such field and the type it takes, so that a client's mistake is
never saved as something it did not mean.
"""

from rest_framework import serializers
from rest_framework.utils import html

from cases.services import record_save

# The JSON type of each kind of write field, and how a message names it. Decimals are numbers, as
# reads give them (COERCE_DECIMAL_TO_STRING off); every choice here is text (TextChoices); a
# relation is given by slug or key.
JSON_TYPES = (
    (serializers.BooleanField, bool, "true or false"),
    (serializers.IntegerField, int, "an integer"),
    (serializers.FloatField, (int, float), "a number"),
    (serializers.DecimalField, (int, float), "a number"),
    ((serializers.CharField, serializers.ChoiceField, serializers.RelatedField), str, "a string"),
)


def _expected(field: serializers.Field) -> tuple[type | tuple[type, ...], str] | None:
    for classes, types, name in JSON_TYPES:
        if isinstance(field, classes):
            return types, name
    return None  # a field of another kind is left to DRF


def _fits(value, types) -> bool:
    # JSON's true and false are not numbers, though Python's bool is an int.
    return isinstance(value, types) and isinstance(value, bool) == (types is bool)


def type_problem(field: serializers.Field, value) -> str:
    """What is wrong with the JSON type of `value` for `field`; "" when nothing is."""
    many = isinstance(field, serializers.ManyRelatedField)
    expected = _expected(field.child_relation if many else field)
    if expected is None:
        return ""
    types, name = expected
    if not many:
        return "" if _fits(value, types) else f"Must be {name}."
    if isinstance(value, list) and all(_fits(item, types) for item in value):
        return ""
    return f"Must be a list, each item {name}."


class WriteSerializer(serializers.ModelSerializer):
    """A write that takes each field's value in the field's own JSON type only (module docstring),
    saved by the record_save service.

    Null is left to the field: allowed where the field allows it. Form input (the browsable API's
    HTML forms) is text by nature, and read as DRF reads it.
    """

    def create(self, validated_data):
        return record_save(record=self.Meta.model(), data=validated_data)

    def update(self, instance, validated_data):
        return record_save(record=instance, data=validated_data)

    def to_internal_value(self, data):
        if isinstance(data, dict) and not html.is_html_input(data):
            errors = {
                name: [problem]
                for name, field in self.fields.items()
                if not field.read_only
                and data.get(name) is not None
                and (problem := type_problem(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
