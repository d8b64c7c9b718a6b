"""The two forms: what each requires, the size limits and the e-mail, each with its message."""

import pytest

from contributions.forms import CaseSuggestionForm, CorrectionForm
from contributions.models import DESCRIPTION_MAX, NAME_MAX, SOURCES_MAX, VALUE_MAX
from tests.factories import make_case, make_study

from .helpers import case_post, correction_post

pytestmark = pytest.mark.django_db


def test_a_complete_case_suggestion_is_valid():
    assert CaseSuggestionForm(case_post()).is_valid()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Enter the name of the case."),
        ("place", "Enter the place."),
        ("sector", "Choose the sector of the lead organisation."),
        ("description", "Say what the collaboration is."),
        ("sources", "Give at least one source"),
    ],
)
def test_each_required_field_of_a_case_says_what_is_missing(field, message):
    form = CaseSuggestionForm(case_post(**{field: ""}))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_sources_of_only_blank_lines_are_no_source():
    form = CaseSuggestionForm(case_post(sources="\n   \n\t\n"))
    assert not form.is_valid()
    assert "at least one source" in form.errors["sources"][0]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", NAME_MAX), ("description", DESCRIPTION_MAX), ("sources", SOURCES_MAX)],
)
def test_overlong_text_is_refused_with_the_limit(field, limit):
    form = CaseSuggestionForm(case_post(**{field: "x" * (limit + 1)}))
    assert not form.is_valid()
    assert f"to {limit:,} characters or fewer (this has {limit + 1})" in form.errors[field][0]


def test_a_bad_email_is_refused_and_an_empty_one_is_fine():
    form = CaseSuggestionForm(case_post(contact_email="not an address"))
    assert not form.is_valid()
    assert "like name@example.org" in form.errors["contact_email"][0]
    assert CaseSuggestionForm(case_post(contact_email="")).is_valid()


def test_only_published_studies_are_offered():
    published = make_study()
    draft = make_study(publication="draft")
    offered = list(CaseSuggestionForm().fields["study"].queryset)
    assert published in offered
    assert draft not in offered
    form = CaseSuggestionForm(case_post(study=str(draft.pk)))
    assert not form.is_valid()
    assert form.errors["study"] == ["Choose a study from the list, or none."]


def test_a_complete_correction_keeps_the_case_and_its_current_value():
    case = make_case(started=2014)
    form = CorrectionForm(correction_post(case))
    assert form.is_valid(), form.errors
    suggestion = form.save(commit=False)
    assert (suggestion.case, suggestion.case_slug, suggestion.case_name) == (
        case,
        case.slug,
        case.name,
    )
    assert suggestion.current_value == "2014"


def test_a_correction_names_the_case_by_slug_or_by_its_address():
    case = make_case()
    form = CorrectionForm(correction_post(case, case=f"https://example.org/cases/{case.slug}/"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["case"] == case


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("case", "no-such-case", "There is no case “no-such-case”"),
        ("case", "", "Say which case"),
        ("field", "", "Choose the fact to correct."),
        ("field", "colour", "Choose a fact from the list."),
        ("proposed_value", "", "Say what the fact should say."),
        ("proposed_value", "x" * (VALUE_MAX + 1), f"to {VALUE_MAX:,} characters or fewer"),
        ("sources", "", "Give the source that shows it"),
    ],
)
def test_a_correction_explains_each_problem(field, value, message):
    form = CorrectionForm(correction_post(**{field: value}))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_draft_case_cannot_be_corrected_by_readers():
    draft = make_case(publication="draft")
    form = CorrectionForm(correction_post(draft))
    assert not form.is_valid()
    assert "There is no case" in form.errors["case"][0]
