"""Filters of the finding, quotation and evidence-link lists: `?study=<slug>` on each,
`?finding=<slug>` on quotations and evidence links, and `?case=<slug>` and `?speaker_role=` on
quotations (each repeatable, OR; different parameters AND).

An unknown slug is a 400 naming the parameter, as on the case list (cases/filters.py); so is a
draft case's, a draft study's, and a finding of a draft study.
"""

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters

from cases.list_filters import SlugsFilter, StudyFilter
from cases.models import Case
from findings.models import CaseFinding, Finding, Quotation

SPEAKER_ROLE_HELP = (
    "A speaker's role, whole, as the quotations give it (e.g. “Director of Public Health”); "
    "capitals and spacing do not matter, so “director of public health” is the same role. "
    "Repeat for any of several. A role no public quotation has is a 400: the filter on "
    "/quotations/ lists every role with its count, and the API schema lists them as this "
    "parameter's values."
)


def public_finding_slugs(values: list[str]):
    """The given slugs that name a finding of a published study (one query)."""
    return Finding.objects.public().filter(slug__in=values).values_list("slug", flat=True)


class FindingSlugFilter(SlugsFilter):
    def __init__(self, path: str, **kwargs):
        super().__init__(
            path, model_getter=lambda: Finding, noun="finding", label="Finding", **kwargs
        )
        # Finding.objects sees every study's findings; a draft study's are as unknown as it is.
        self.extra["allowed"] = public_finding_slugs


class CaseSlugFilter(SlugsFilter):
    """`?case=<slug>`: a published case's records (Case.objects sees no draft)."""

    def __init__(self, path: str = "case__slug", **kwargs):
        super().__init__(path, model_getter=lambda: Case, noun="case", label="Case", **kwargs)


def role_key(role: str) -> str:
    """How two roles are compared: capitals and spacing aside."""
    return " ".join(role.split()).casefold()


class SpeakerRoleField(forms.Field):
    """Roles from the query string, each matched whole against the roles of public quotations;
    cleaned to the roles as the quotations spell them (all spellings of a role that differ only
    in capitals or spacing)."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if value in (None, ""):
            return []
        values = [value] if isinstance(value, str) else value
        given = []
        for item in values:
            role = " ".join(str(item).split())
            if role and role not in given:
                given.append(role)
        return given

    def clean(self, value) -> list[str]:
        given = self.to_python(value)
        if not given:
            return []
        # Compared here, not in SQL: SQLite folds the case of ASCII letters only.
        spellings: dict[str, list[str]] = {}
        for role in Quotation.objects.speaker_roles():
            spellings.setdefault(role_key(role), []).append(role)
        unknown = [role for role in given if role_key(role) not in spellings]
        if unknown:
            # User text goes in as a parameter, never into the format string ("%" is harmless).
            raise forms.ValidationError(
                "Unknown speaker role %(values)s. Give a role whole, as the quotations name it "
                "(capitals aside): the filter on /quotations/ lists every role, and the API "
                "schema lists them as this parameter's values.",
                code="invalid_choice",
                params={"values": ", ".join(f"“{role}”" for role in unknown)},
            )
        return [spelling for role in given for spelling in spellings[role_key(role)]]


class SpeakerRoleFilter(filters.Filter):
    field_class = SpeakerRoleField

    def __init__(self, **kwargs):
        super().__init__(
            field_name="speaker_role", label="Speaker’s role", help_text=SPEAKER_ROLE_HELP, **kwargs
        )

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        return qs.filter(speaker_role__in=value) if value else qs


class FindingFilter(filters.FilterSet):
    study = StudyFilter("study__slug")

    class Meta:
        model = Finding
        fields = []


class EvidenceLinkFilter(filters.FilterSet):
    """`study`: the links to that study's findings (a link belongs to its finding's study)."""

    finding = FindingSlugFilter("finding__slug")
    study = StudyFilter("finding__study__slug")

    class Meta:
        model = CaseFinding
        fields = []


class QuotationFilter(filters.FilterSet):
    """`case`: the quotations from any of those cases. `finding`: those illustrating any of those
    findings. `study`: those illustrating any finding of that study. A quotation belongs to the
    studies of the findings it illustrates (what it is evidence for), not to its source's; one
    that illustrates no finding is in no study, listed only without the filter. `speaker_role`:
    those whose speaker has any of those roles (see SPEAKER_ROLE_HELP)."""

    case = CaseSlugFilter()
    finding = FindingSlugFilter("findings__slug")
    study = StudyFilter("findings__study__slug")
    speaker_role = SpeakerRoleFilter()

    class Meta:
        model = Quotation
        fields = []

    def queryset_without(self, param: str, queryset: QuerySet) -> QuerySet:
        """The quotations matching every selected filter except `param` (for its counts)."""
        for name, value in self.form.cleaned_data.items():
            if name != param:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
