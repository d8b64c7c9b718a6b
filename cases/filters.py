"""The case list's filters: one FilterSet for the HTML list, the API and its CSV.

Query parameters are a public contract. Values are slugs; several values of one parameter are OR,
different parameters are AND. Unknown values are errors with a message naming the parameter.
"""

import re
from dataclasses import dataclass

from django import forms
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.http import QueryDict
from django_filters import rest_framework as filters

from cases.models import Basis, Case, Permanence, Status
from cases.search import search_cases

NOT_CLASSIFIED = "none"
SLUG_SHAPE = re.compile(r"[-a-zA-Z0-9_]{1,80}")


class SlugListField(forms.Field):
    """A list of slugs from the query string, each checked against the values that exist."""

    widget = forms.SelectMultiple

    def __init__(self, *, allowed, noun: str, extra: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.allowed = allowed  # callable(values) -> the subset of values that exist
        self.noun = noun
        self.extra = extra

    def to_python(self, value):
        if value in (None, ""):
            return []
        values = [value] if isinstance(value, str) else value
        cleaned = []
        for item in values:
            slug = str(item).strip()
            if slug and slug not in cleaned:
                cleaned.append(slug)
        return cleaned

    def candidates(self, value) -> list[str]:
        """The values to look up: slug-shaped ones only reach the database (a NUL byte would
        break PostgreSQL's query); the rest are unknown anyway."""
        return [v for v in value if v not in self.extra and SLUG_SHAPE.fullmatch(v)]

    def validate(self, value):
        # Without `allowed`, the form checks the values of every such field in one query.
        if self.allowed is not None:
            self.check_known(value, set(self.allowed(self.candidates(value))))

    def check_known(self, value, known: set[str]) -> None:
        unknown = [v for v in value if v not in self.extra and v not in known]
        if unknown:
            # User text goes in as a parameter, never into the format string ("%" is harmless).
            raise forms.ValidationError(
                "Unknown %(noun)s %(values)s. Use the slugs listed on the filter panel or in the "
                "API codebook.",
                code="invalid_choice",
                params={"noun": self.noun, "values": ", ".join(f"“{v}”" for v in unknown)},
            )


class LookupSlugsForm(forms.Form):
    """Checks the slugs given to every lookup-table filter in one query (a UNION of one SELECT
    per table), instead of one query per parameter."""

    def clean(self):
        cleaned = super().clean()
        given = {
            name: field
            for name, field in self.fields.items()
            if isinstance(field, SlugListField) and field.allowed is None and cleaned.get(name)
        }
        known = {name: set() for name in given}
        selects = [
            related_model(FACETS_BY_PARAM[name].path)
            .objects.filter(slug__in=field.candidates(cleaned[name]))
            .annotate(parameter=Value(name))
            .values_list("parameter", "slug")
            .order_by()
            for name, field in given.items()
            if field.candidates(cleaned[name])
        ]
        if selects:
            for name, slug in selects[0].union(*selects[1:], all=True):
                known[name].add(slug)
        for name, field in given.items():
            try:
                field.check_known(cleaned[name], known[name])
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned


def slugs_of(model_getter):
    """Allowed-values checker for a lookup table: one query, only for values actually given."""

    def allowed(values):
        return model_getter().objects.filter(slug__in=values).values_list("slug", flat=True)

    return allowed


def choices_of(choices):
    return lambda values: [v for v in values if v in choices.values]


@dataclass(frozen=True)
class Facet:
    """A filterable dimension: its parameter, how it is labelled and where it lives on a case."""

    param: str
    label: str
    # Path from Case to the value's slug (or to the value itself for code-defined choices).
    path: str
    # Reached through a link table: (Case's relation to its rows, the value's path from a row).
    link: tuple[str, str] | None = None
    # Only the link rows meeting these conditions hold the value (a classification's basis is the
    # basis of its type, so only typed classifications have one).
    link_only: tuple[tuple[str, object], ...] = ()
    # Whether a case can hold one value through several link rows (stated in two studies): its
    # count then counts each case once.
    repeats: bool = False

    @property
    def many(self) -> bool:
        return self.link is not None

    def link_rows(self) -> QuerySet:
        """The rows of the facet's link table that can hold its values."""
        relation, _path = self.link
        return Case._meta.get_field(relation).related_model.objects.filter(**dict(self.link_only))


def related_model(path: str):
    """The model at the end of a relation path from Case (findings are reached without importing them)."""
    model = Case
    for part in path.split("__")[:-1]:
        model = model._meta.get_field(part).related_model
    return model


TYPED = (("typology__isnull", False),)

FACETS = (
    Facet(
        "study", "Study", "classifications__study__slug", link=("classifications", "study__slug")
    ),
    Facet(
        "typology",
        "Type of collaboration",
        "classifications__typology__slug",
        link=("classifications", "typology__slug"),
        link_only=TYPED,
    ),
    Facet("sector", "Sector", "sector__slug"),
    Facet("region", "Region", "region__slug"),
    Facet("nation", "Nation", "region__nation__slug"),
    Facet(
        "accountability",
        "Accountability",
        "accountability_modes__slug",
        link=("accountability_links", "mode__slug"),
    ),
    Facet(
        "policy_area",
        "Policy area",
        "policy_areas__slug",
        link=("policy_area_links", "policy_area__slug"),
    ),
    Facet("funding_model", "Funding or contract model", "funding_model__slug"),
    Facet("permanence", "Permanence", "permanence"),
    Facet("status", "Latest known status", "status"),
    Facet(
        "basis",
        "Basis of the typology",
        "classifications__basis",
        link=("classifications", "basis"),
        link_only=TYPED,
        repeats=True,
    ),
    Facet("finding", "Finding", "findings__slug", link=("finding_links", "finding__slug")),
)
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}

# Unknown values sort last on every database (SQLite would put NULL first).
# By type: the case's first type in the types' own order (a study's `order`); untyped last.
SORTS = {
    "name": ("Name", ["name", "slug"]),
    "region": ("Region", ["region__name", "name", "slug"]),
    "typology": ("Type of collaboration", [F("first_type").asc(nulls_last=True), "name", "slug"]),
    "started": ("Year started", [F("started").asc(nulls_last=True), "name", "slug"]),
}
DEFAULT_SORT = "name"


def facet_condition(facet: Facet, values: list[str]) -> Q:
    """The condition "the case has any of these values" for one facet."""
    given = [v for v in values if v != NOT_CLASSIFIED]
    if not facet.link:
        return Q(**{f"{facet.path}__in": given})
    # The cases' ids straight from the link table, as a subquery: one row per case, so counts
    # and pages are not inflated by a join, and no second pass over the cases.
    _relation, path = facet.link
    links = facet.link_rows()
    condition = Q(pk__in=links.filter(**{f"{path}__in": given}).values("case_id"))
    if facet.param == "typology" and NOT_CLASSIFIED in values:
        # Not classified: no study gives the case a type.
        condition |= ~Q(pk__in=links.values("case_id"))
    return condition


def first_type_order() -> Subquery:
    """The order of a case's first type (the `typology` sort's key)."""
    classifications = Case._meta.get_field("classifications").related_model.objects
    return Subquery(
        classifications.filter(case=OuterRef("pk"), typology__isnull=False)
        .order_by("typology__order", "typology__slug")
        .values("typology__order")[:1]
    )


class FacetFilter(filters.Filter):
    field_class = SlugListField

    def __init__(self, facet: Facet, **kwargs):
        self.facet = facet
        super().__init__(field_name=facet.path, label=facet.label, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(facet_condition(self.facet, value))


def facet_filter(param: str, *, allowed, noun: str, extra=()) -> FacetFilter:
    return FacetFilter(FACETS_BY_PARAM[param], allowed=allowed, noun=noun, extra=extra)


class CaseFilter(filters.FilterSet):
    # Lookup tables: known slugs are checked by LookupSlugsForm, all in one query.
    study = facet_filter("study", allowed=None, noun="study")
    typology = facet_filter("typology", allowed=None, noun="typology", extra=(NOT_CLASSIFIED,))
    sector = facet_filter("sector", allowed=None, noun="sector")
    region = facet_filter("region", allowed=None, noun="region")
    nation = facet_filter("nation", allowed=None, noun="nation")
    accountability = facet_filter("accountability", allowed=None, noun="accountability mode")
    policy_area = facet_filter("policy_area", allowed=None, noun="policy area")
    funding_model = facet_filter("funding_model", allowed=None, noun="funding model")
    permanence = facet_filter("permanence", allowed=choices_of(Permanence), noun="permanence")
    status = facet_filter("status", allowed=choices_of(Status), noun="status")
    basis = facet_filter("basis", allowed=choices_of(Basis), noun="basis")
    finding = facet_filter("finding", allowed=None, noun="finding")
    q = filters.CharFilter(method="search", label="Search", max_length=200)
    sort = filters.ChoiceFilter(
        method="order",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Case
        fields = []
        form = LookupSlugsForm

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_cases(queryset, value)

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "typology":
            queryset = queryset.annotate(first_type=first_type_order())
        return queryset.order_by(*SORTS[value or DEFAULT_SORT][1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT][1])
        return queryset

    def queryset_without(self, param: str, queryset: QuerySet) -> QuerySet:
        """The cases matching every selected filter except `param` (for that facet's counts)."""
        for name, value in self.form.cleaned_data.items():
            if name not in (param, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self) -> dict[str, list[str]]:
        """The facet values chosen, by parameter (valid ones only)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return {facet.param: data.get(facet.param) or [] for facet in FACETS}


def selection_query(query: QueryDict, names) -> str:
    """The query string of the parameters in `names` that `query` gives a value, in the order
    given: the address of the same selection. A blank value (the search box sent empty) filters
    nothing, so it is left out."""
    kept = QueryDict(mutable=True)
    for name in query:
        values = [value for value in query.getlist(name) if value.strip()]
        if name in names and values:
            kept.setlist(name, values)
    return kept.urlencode()
