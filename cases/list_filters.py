"""Slug filters for the lists besides cases: `?study=<slug>` on every list whose records belong to a
study, and the pieces findings/filters.py builds `?finding=` from.

As on the case list (cases/filters.py): values are slugs, several values of one parameter are OR,
and an unknown slug is a 400 naming the parameter. A draft study's slug is unknown: `Study.objects`
sees published studies only.
"""

from django.db.models import Model, Q, QuerySet
from django_filters import rest_framework as filters

from cases.filters import SlugListField, slugs_of
from cases.models import Study


def reaches_many(model: type[Model], path: str) -> bool:
    """Whether a lookup path from `model` crosses a to-many relation (so a join could repeat rows)."""
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


class SlugsFilter(filters.Filter):
    """The records whose value at `path` (a slug) is any of those given."""

    field_class = SlugListField

    def __init__(self, path: str, *, model_getter, noun: str, label: str, **kwargs):
        self.path = path
        super().__init__(
            field_name=path, label=label, allowed=slugs_of(model_getter), noun=noun, **kwargs
        )

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        condition = Q(**{f"{self.path}__in": value})
        if reaches_many(qs.model, self.path):
            # A subquery keeps one row per record when it reaches several matching values.
            return qs.filter(pk__in=qs.model._base_manager.filter(condition).values("pk"))
        return qs.filter(condition)


class StudyFilter(SlugsFilter):
    """`?study=<slug>`: the records of a published study, by the path to their study's slug."""

    def __init__(self, path: str = "study__slug", **kwargs):
        super().__init__(path, model_getter=lambda: Study, noun="study", label="Study", **kwargs)


def study_filterset(model: type[Model], path: str = "study__slug") -> type[filters.FilterSet]:
    """A list's FilterSet whose one parameter is `study`."""
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(
        f"{model.__name__}Filter",
        (filters.FilterSet,),
        {"study": StudyFilter(path), "Meta": meta, "__module__": __name__},
    )
