"""The database itself rejects rows that break an invariant, whatever code wrote them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cases.models import Basis, CaseAccountability, CaseFieldCitation
from findings.models import Quotation
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_source,
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


def test_a_typology_needs_a_source_and_an_unclassified_case_has_no_typology_citation():
    typology = make_typology()

    def typology_without_source():
        make_case(typology=typology, typology_basis=Basis.STATED)

    def stray_citation_without_typology():
        make_case(typology_source=make_source(), typology_basis=Basis.STATED)

    assert rejected(typology_without_source)
    assert rejected(stray_citation_without_typology)


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
