"""The database itself rejects rows that break an invariant, whatever code wrote them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Basis, CaseAccountability, CaseFieldCitation, Classification
from findings.models import Quotation
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_source,
    make_study,
    make_typology,
)

pytestmark = pytest.mark.django_db


def rejected(write):
    """True when the database refuses the write (inside a savepoint, so the test can go on)."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_duplicate_case_slug_is_rejected():
    make_case(slug="wigan-council")
    assert rejected(lambda: make_case(slug="wigan-council"))


def test_latitude_and_longitude_out_of_range_are_rejected():
    assert rejected(lambda: make_case(latitude=Decimal("200")))
    assert rejected(lambda: make_case(longitude=Decimal("-181")))
    assert not rejected(lambda: make_case(latitude=Decimal("-90"), longitude=Decimal("180")))


def test_half_a_coordinate_pair_is_rejected():
    assert rejected(lambda: make_case(latitude=Decimal("51.5"), longitude=None))


def test_start_year_out_of_range_is_rejected():
    assert rejected(lambda: make_case(started=1500))
    assert not rejected(lambda: make_case(started=2015))


def test_unknown_permanence_is_rejected():
    assert rejected(lambda: make_case(permanence="forever"))


def test_unknown_basis_is_rejected_on_every_kind_of_citation():
    case = make_case()
    assert rejected(lambda: make_quotation(case=case, basis="rumoured"))
    assert rejected(lambda: make_finding(basis="guessed"))
    assert rejected(
        lambda: CaseAccountability.objects.create(
            case=case, mode=make_mode(), source=make_source(), basis="probably"
        )
    )
    typology = make_typology()
    assert rejected(lambda: classify(case, typology, basis="hearsay"))


def test_inference_without_a_reason_is_rejected():
    case = make_case()
    assert rejected(lambda: make_finding(basis=Basis.INFERRED, basis_reason=""))
    assert rejected(
        lambda: CaseFieldCitation.objects.create(
            case=case, field_name="region", source=make_source(), basis=Basis.INFERRED
        )
    )
    assert rejected(lambda: classify(case, make_typology(), reason=""))
    assert not rejected(
        lambda: make_finding(basis=Basis.INFERRED, basis_reason="Read across sections.")
    )


def test_a_case_is_in_a_study_once_with_a_cited_type():
    typology = make_typology()
    case = make_case()

    def without_source():
        Classification.objects.create(case=case, study=typology.study, typology=typology)

    def inferred_without_reason():
        Classification.objects.create(
            case=case, study=typology.study, typology=typology, source=typology.source,
            basis=Basis.INFERRED,
        )  # fmt: skip

    assert rejected(without_source)
    assert rejected(inferred_without_reason)
    classify(case, typology)
    assert rejected(
        lambda: Classification.objects.create(
            case=case, study=typology.study, source=typology.source
        )
    )


def test_a_type_of_another_study_is_refused_with_a_message():
    typology, other = make_typology(name="Hubs"), make_study(title="Another study")
    classification = Classification(
        case=make_case(), study=other, typology=typology, source=typology.source
    )
    with pytest.raises(ValidationError) as error:
        classification.full_clean()
    assert error.value.message_dict["typology"] == [
        "“Hubs” belongs to another study's typology; choose a type of “Another study”, or "
        "leave it empty."
    ]


def test_a_quotation_belongs_to_a_case():
    source = make_source()
    assert rejected(
        lambda: Quotation.objects.create(
            slug="orphan", text="Words.", speaker_role="Manager", source=source, case=None
        )
    )


def test_a_case_links_to_an_accountability_mode_once():
    case, mode, source = make_case(), make_mode(), make_source()
    CaseAccountability.objects.create(case=case, mode=mode, source=source)
    assert rejected(lambda: CaseAccountability.objects.create(case=case, mode=mode, source=source))


def test_unknown_cited_field_is_rejected():
    assert rejected(
        lambda: CaseFieldCitation.objects.create(
            case=make_case(), field_name="favourite_colour", source=make_source()
        )
    )
