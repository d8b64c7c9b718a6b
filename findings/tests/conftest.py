"""Quotations to filter: two published cases, a draft, two studies and their findings, and
speakers' roles spelt more than one way."""

import pytest

from cases.models import Publication
from tests.factories import make_case, make_finding, make_quotation, make_study


@pytest.fixture
def quotes(db) -> dict:
    """Four public quotations and a draft case's, by slug:

    | quotation     | case   | speaker's role             | findings (study)          |
    | leeds-dph     | Leeds  | Director of Public Health  | trust (a)                 |
    | leeds-ceo     | Leeds  | Chief Executive            | trust (a), money (a)      |
    | wigan-ceo     | Wigan  | chief  executive           | later (b)                 |
    | wigan-vol     | Wigan  | Volunteer                  | none                      |
    | draft-quote   | draft  | Hidden Draft Role          | trust (a)                 |
    """
    study_a = make_study(slug="study-a", title="Study A", year=2019)
    study_b = make_study(slug="study-b", title="Study B", year=2022)
    trust = make_finding(slug="trust", title="Trust comes first", study=study_a)
    money = make_finding(slug="money", title="Money follows", study=study_a)
    later = make_finding(slug="later", title="A later finding", study=study_b)
    leeds = make_case(slug="leeds", name="Leeds")
    wigan = make_case(slug="wigan", name="Wigan")
    draft = make_case(slug="draft-case", name="Draft Case", publication=Publication.DRAFT)
    rows = {
        "leeds-dph": (leeds, "Director of Public Health", [trust]),
        "leeds-ceo": (leeds, "Chief Executive", [trust, money]),
        "wigan-ceo": (wigan, "chief  executive", [later]),
        "wigan-vol": (wigan, "Volunteer", []),
        "draft-quote": (draft, "Hidden Draft Role", [trust]),
    }
    made = {}
    for order, (slug, (case, role, findings)) in enumerate(rows.items()):
        quotation = make_quotation(
            slug=slug, case=case, speaker_role=role, order=order, text=f"Words of {slug}."
        )
        quotation.findings.add(*findings)
        made[slug] = quotation
    return made
