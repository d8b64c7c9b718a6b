"""The readers' two forms: suggest a case, suggest a correction. Both have an optional contact
e-mail and a honeypot; every limit is checked here with a message that says what to change."""

import re

from django import forms
from django.forms.utils import ErrorDict

from cases.models import Publication, Sector, Study
from contributions import current_values
from contributions.models import (
    CORRECTION_FIELDS,
    DESCRIPTION_MAX,
    EMAIL_MAX,
    NAME_MAX,
    PLACE_MAX,
    SOURCES_MAX,
    VALUE_MAX,
    Kind,
    Suggestion,
)

HONEYPOT = "website"
CASE_ADDRESS = re.compile(r"/cases/(?P<slug>[-a-zA-Z0-9_]+)/?")


def _limit(field: str, limit: int) -> dict:
    return {
        "max_length": f"Keep {field} to {limit:,} characters or fewer (this has %(show_value)s)."
    }


def _required(message: str) -> dict:
    return {"required": message}


class ContributionForm(forms.ModelForm):
    """What both forms share: sources, contact e-mail and the honeypot."""

    # For people this field is hidden (see the template); software that fills in every field
    # gives itself away.
    website = forms.CharField(required=False, label="Leave this empty")
    contact_email = forms.EmailField(
        required=False,
        max_length=EMAIL_MAX,
        label="Your e-mail address (optional)",
        error_messages={
            "invalid": "Enter an e-mail address in the right form, like name@example.org, or leave it empty.",
            **_limit("the e-mail address", EMAIL_MAX),
        },
    )

    kind = ""

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))

    def clean_sources(self):
        sources = self.cleaned_data["sources"]
        if not any(line.strip() for line in sources.splitlines()):
            raise forms.ValidationError("Give at least one source: a web address or a reference.")
        return sources

    def save(self, commit=True):
        self.instance.kind = self.kind
        return super().save(commit)

    def received(self) -> list[tuple[str, str]]:
        """(label, value as typed) of what the reader sent, for the confirmation page; the e-mail
        only as whether one was given."""
        rows = [
            (str(self[name].label), self.shown(name))
            for name in self.fields
            if name not in (HONEYPOT, "contact_email")
        ]
        given = (
            "Given: we will write to it only about this suggestion"
            if self.cleaned_data.get("contact_email")
            else "Not given"
        )
        return [*rows, ("E-mail address", given)]

    def shown(self, name: str) -> str:
        value = self.cleaned_data.get(name)
        return "" if value is None else str(value)


class CaseSuggestionForm(ContributionForm):
    kind = Kind.CASE

    name = forms.CharField(
        max_length=NAME_MAX,
        label="Name of the case",
        help_text="The organisation or partnership, as a source names it, e.g. “Wigan Council”.",
        error_messages={**_required("Enter the name of the case."), **_limit("the name", NAME_MAX)},
    )
    place = forms.CharField(
        max_length=PLACE_MAX,
        label="Place",
        help_text="The town, city or area it works in.",
        error_messages={**_required("Enter the place."), **_limit("the place", PLACE_MAX)},
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        label="Sector of the lead organisation",
        empty_label="Choose a sector",
        error_messages={
            **_required("Choose the sector of the lead organisation."),
            "invalid_choice": "Choose a sector from the list.",
        },
    )
    description = forms.CharField(
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What the collaboration is",
        help_text="Who works together, on what, and how, in a few sentences.",
        error_messages={
            **_required("Say what the collaboration is."),
            **_limit("the description", DESCRIPTION_MAX),
        },
    )
    sources = forms.CharField(
        max_length=SOURCES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Sources",
        help_text="One web address or reference (author, title, year, page) per line: where the "
        "editors can read what you describe.",
        error_messages={
            **_required("Give at least one source: a web address or a reference."),
            **_limit("the sources", SOURCES_MAX),
        },
    )
    study = forms.ModelChoiceField(
        queryset=Study.objects.filter(publication=Publication.PUBLISHED).order_by("year", "slug"),
        required=False,
        label="The study it appears in (optional)",
        empty_label="None, or I do not know",
        error_messages={"invalid_choice": "Choose a study from the list, or none."},
    )

    class Meta:
        model = Suggestion
        fields = ["name", "place", "sector", "description", "sources", "study", "contact_email"]


class CorrectionForm(ContributionForm):
    kind = Kind.CORRECTION

    case = forms.CharField(
        max_length=300,
        label="Case",
        help_text="The last part of the case page’s address, e.g. wigan-council, or the whole address.",
        error_messages=_required("Say which case: the last part of its page’s address."),
    )
    field = forms.ChoiceField(
        choices=[("", "Choose a fact"), *CORRECTION_FIELDS],
        label="Fact to correct",
        error_messages={
            **_required("Choose the fact to correct."),
            "invalid_choice": "Choose a fact from the list.",
        },
    )
    proposed_value = forms.CharField(
        max_length=VALUE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What it should say",
        error_messages={
            **_required("Say what the fact should say."),
            **_limit("the proposed value", VALUE_MAX),
        },
    )
    sources = forms.CharField(
        max_length=SOURCES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Source",
        help_text="Where it says so: a web address or a reference, with the page or section.",
        error_messages={
            **_required("Give the source that shows it: a web address or a reference."),
            **_limit("the source", SOURCES_MAX),
        },
    )

    class Meta:
        model = Suggestion
        fields = ["proposed_value", "sources", "contact_email"]

    field_order = ["case", "field", "proposed_value", "sources", "contact_email"]

    def clean_case(self):
        typed = self.cleaned_data["case"].strip()
        match = CASE_ADDRESS.search(typed)
        slug = match["slug"] if match else typed.strip("/")
        case = current_values.for_correction().filter(slug=slug).first()
        if case is None:
            raise forms.ValidationError(
                f"There is no case “{typed}”. Give the last part of the case page’s address, "
                "e.g. wigan-council."
            )
        return case

    def clean(self):
        cleaned = super().clean()
        case, field = cleaned.get("case"), cleaned.get("field")
        if case is not None and field:
            self.instance.case = case
            self.instance.case_slug = case.slug
            self.instance.case_name = case.name
            self.instance.field = field
            self.instance.current_value = current_values.current_value(case, field)[:VALUE_MAX]
        return cleaned

    def shown(self, name: str) -> str:
        if name == "field":
            return dict(CORRECTION_FIELDS).get(self.cleaned_data.get("field"), "")
        if name == "case":
            case = self.cleaned_data.get("case")
            return case.name if case else ""
        return super().shown(name)


def prefilled_correction(case_slug: str, field: str) -> tuple[CorrectionForm, dict, object]:
    """The correction form for `?case=&field=` from a case page: (form, errors by field, case).

    An unknown case or fact leaves that field empty, with an error on the form saying so (never
    a 500), shown like a posted form's errors."""
    errors, initial, case = {}, {}, None
    if case_slug:
        case = current_values.for_correction().filter(slug=case_slug).first()
        if case is None:
            errors["case"] = (
                f"There is no case “{case_slug}”. Give the last part of the case page’s address, "
                "e.g. wigan-council."
            )
        else:
            initial["case"] = case.slug
    if field:
        if field in dict(CORRECTION_FIELDS):
            initial["field"] = field
        else:
            errors["field"] = f"There is no fact “{field}” to correct. Choose one from the list."
    form = CorrectionForm(initial=initial)
    # An unbound form has no errors of its own: these are set directly, so the template shows
    # them (summary and field) exactly as it shows a posted form's.
    form._errors = ErrorDict(
        {name: form.error_class([message]) for name, message in errors.items()}
    )
    return form, errors, case
