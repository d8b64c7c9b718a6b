"""Each cell of the comparison cites its source as a numbered note; inferences keep their mark."""

import re

from django.urls import reverse

from cases.models import Case, CaseFieldCitation
from cases.tests.page_notes import notes, notes_of


def comparison(client, *slugs) -> str:
    response = client.get(reverse("cases:compare"), {"case": list(slugs)})
    assert response.status_code == 200
    return response.content.decode()


def cells(page: str, label: str) -> list[str]:
    """The cells of one row, one per case, in the order of the cases."""
    row = re.search(
        rf'<th scope="row"[^>]*>{re.escape(label)}(?=[ <]).*?</th>(.*?)</tr>', page, re.S
    ).group(1)
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def test_each_cell_with_a_source_carries_a_note_naming_it(client, dataset):
    page = comparison(client, "wigan-council", "ignite")
    wigan, ignite = cells(page, "Initiative")
    cited = CaseFieldCitation.objects.select_related("source").get(
        case__slug="wigan-council", field_name="initiative_name"
    )
    [note] = notes_of(page, wigan)
    assert note.startswith(cited.source.title) and "November 2018" in note
    assert "Not known" in ignite and not notes_of(page, ignite)  # nothing to cite


def test_a_source_cited_by_several_cells_at_one_place_is_one_note(client, dataset):
    page = comparison(client, "wigan-council", "oldham-council")
    # Both cases' sector and place come from the briefing's table of the ten places.
    sectors = [notes_of(page, cell) for cell in cells(page, "Sector")]
    places = [notes_of(page, cell) for cell in cells(page, "Place (as the source gives it)")]
    assert sectors[0] == sectors[1] == places[0] == places[1]
    listed = list(notes(page).values())
    assert len(listed) == len(set(listed))


def test_an_inferred_type_keeps_its_mark_and_its_reasoning_in_the_note(client, dataset):
    page = comparison(client, "wigan-council", "kibble")
    wigan, kibble = cells(page, "Type of collaboration")
    assert "editorial inference" in wigan
    [note] = notes_of(page, wigan)
    reason = Case.objects.get(slug="wigan-council").classifications.get().basis_reason
    assert note.startswith("Editorial inference:") and reason.split(";")[0] in note
    assert "Not classified" in kibble and "editorial inference" not in kibble
    assert page.count('id="inferred-legend"') == 1


def test_every_item_of_a_list_cell_has_its_own_note(client, dataset):
    page = comparison(client, "west-london-zone", "oldham-council")
    _, oldham = cells(page, "Policy areas")
    items = re.findall(r"<li>(.*?)</li>", oldham, re.S)
    assert len(items) == 2
    first, second = (notes_of(page, item) for item in items)
    assert len(first) == len(second) == 1 and first != second
    assert "editorial inference" in items[1] and "editorial inference" not in items[0]


def test_a_disputed_start_cites_only_the_sources_of_the_year_it_shows(client, dataset):
    page = comparison(client, "wigan-council", "kibble")
    wigan, _ = cells(page, "Year started")
    assert "2013 (sources differ; see the case)" in wigan
    [note] = notes_of(page, wigan)
    assert "Wigan Today" in note  # the source giving 2013; the others are on the case page
