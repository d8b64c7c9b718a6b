""" "Download evidence pack" where a reader has a selection: the list, the compare page, a case."""

from django.urls import reverse

from packs.tests.builders import cited_case
from tests.factories import make_case


def pack_link(html: str) -> str:
    start = html.index('class="govuk-body-s pack-link"')
    return html[start : html.index("</p>", start)]


def test_the_case_list_offers_the_pack_of_its_filtered_cases(client, study, charity):
    for _ in range(2):
        cited_case(study, sector=charity)

    link = pack_link(client.get(f"{reverse('cases:list')}?sector=charity&page=1").content.decode())

    assert 'href="/cases/pack.pdf?sector=charity"' in link
    assert 'href="/cases/pack/?sector=charity"' in link
    assert "Download evidence pack" in link and "of these 2 cases" in link


def test_past_fifty_cases_the_list_says_the_pack_needs_a_narrower_selection(client, charity):
    for _ in range(51):
        make_case(sector=charity)

    link = pack_link(client.get(f"{reverse('cases:list')}?sector=charity").content.decode())

    assert "An evidence pack holds up to 50 cases: narrow the filters" in link
    assert "href=" not in link


def test_the_compare_page_offers_the_pack_of_its_cases(client, study):
    first, second = cited_case(study), cited_case(study)
    query = f"case={first.slug}&case={second.slug}"

    link = pack_link(client.get(f"{reverse('cases:compare')}?{query}").content.decode())

    assert f'href="/cases/pack.pdf?case={first.slug}&amp;case={second.slug}"' in link


def test_a_case_page_offers_the_pack_of_that_case(client, study):
    case = cited_case(study)

    link = pack_link(client.get(case.get_absolute_url()).content.decode())

    assert f'href="/cases/pack.pdf?case={case.slug}"' in link
    assert "of this case" in link


def test_the_pack_page_links_to_its_pdf_and_back_to_where_it_was_made(client, study):
    case, other = cited_case(study), cited_case(study)

    one = client.get(f"/cases/pack/?case={case.slug}").content.decode()
    two = client.get(f"/cases/pack/?case={case.slug}&case={other.slug}").content.decode()

    assert f'href="/cases/pack.pdf?case={case.slug}" download>Download PDF' in one
    assert f'href="{case.get_absolute_url()}">Back to the case</a>' in one
    assert (
        f'href="/cases/compare/?case={case.slug}&amp;case={other.slug}">Back to the comparison'
        in two
    )
