"""A page's citations as numbered notes: one note per source and place, numbered in the order the
page first cites them, listed once at the foot of the page with the inference legend when needed."""

import re
from types import SimpleNamespace

from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from cases.models import Basis, Source

PAGE = Template(
    "{% load citations %}"
    "<p>A{% cite a %}</p><p>B{% cite b %}</p><p>C{% cite c %}</p><p>D{% cite a %}</p>"
    "{% page_notes %}"
)


def fact(source, locator="", basis=Basis.STATED, reason=""):
    return SimpleNamespace(source=source, locator=locator, basis=basis, basis_reason=reason)


def render(**facts) -> str:
    return PAGE.render(RequestContext(RequestFactory().get("/"), facts))


def notes_list(html: str) -> list[str]:
    items = re.findall(r'<li id="note-(\d+)">(.*?)</li>', html, flags=re.S)
    return [
        f"{number}: {' '.join(re.sub(r'<[^>]+>', ' ', text).split())}" for number, text in items
    ]


def test_one_note_per_source_and_place_numbered_in_first_use_order(dataset):
    report, briefing = (
        Source.objects.get(key="report-2019"),
        Source.objects.get(key="briefing-2018"),
    )
    html = render(a=fact(report, "p. 12"), b=fact(briefing), c=fact(report, "p. 14"))

    refs = re.findall(
        r'href="#note-(\d+)"><span class="govuk-visually-hidden">Source, note </span>', html
    )
    assert refs == ["1", "2", "3", "1"]  # the fourth fact cites the first's source and page again
    notes = notes_list(html)
    assert len(notes) == 3
    assert notes[0].startswith(f"1: {report.title}") and "p. 12" in notes[0]
    assert notes[1].startswith(f"2: {briefing.title}")
    assert notes[2].startswith("3: ") and "p. 14" in notes[2]
    # Note 1 is cited twice, so it leads back to both places.
    assert 'href="#note-1-ref-1"' in html and 'href="#note-1-ref-2"' in html
    assert "inferred-legend" not in html  # no inference, no legend


def test_an_inference_keeps_its_mark_and_the_page_explains_it_once(dataset):
    report = Source.objects.get(key="report-2019")
    html = render(
        a=fact(report, basis=Basis.INFERRED, reason="The plan reads as a programme of change."),
        b=fact(report, basis=Basis.INFERRED, reason="Another reading."),
        c=fact(report),
    )
    assert html.count('class="govuk-tag inferred-mark" href="#inferred-legend"') == 3
    assert html.count('id="inferred-legend"') == 1
    notes = notes_list(html)
    assert notes[0].startswith("1: Editorial inference: The plan reads as a programme of change.")
    # The same source stated, not inferred, is a note of its own: a reader must tell them apart.
    assert len(notes) == 3 and not notes[2].startswith("3: Editorial inference")


def test_outside_and_related_sources_say_so_in_their_note(dataset):
    outside = Source.objects.filter(origin="external").first()
    related = Source.objects.filter(origin="related").first()
    html = render(a=fact(outside), b=fact(related), c=fact(outside))
    notes = notes_list(html)
    assert "(an outside source)" in notes[0]
    assert "(a related publication, not the study)" in notes[1]


def test_without_a_page_a_citation_is_written_out_where_it_is(dataset):
    report = Source.objects.get(key="report-2019")
    html = PAGE.render(Context({"a": fact(report, "p. 3"), "b": fact(report), "c": fact(report)}))
    assert "note-1" not in html
    assert html.count(report.title) == 4 and "p. 3" in html
