"""Cite this case: the sources a record rests on, one "last updated" date (issue 11), the files.

The rule: a source is named as what the record is "based on" when it states at least one of the
record's facts; a source the record cites only for editorial inferences is named after "With
editorial inferences from". The study's publications come first, then outside sources.
"""

import html as html_lib
import json
import re
from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Source
from citations.citation import long_date
from citations.tests.parsing import parse_bibtex, parse_ris, unescape
from history.choices import Action, Via
from history.models import Change
from tests.factories import make_case


def title(key: str) -> str:
    return Source.objects.get(key=key).title


def citation_text(client, slug: str) -> str:
    """The plain-text citation as the case page shows it."""
    page = client.get(reverse("cases:detail", args=[slug])).content.decode()
    text = re.search(r'<p [^>]*id="citation-text">(.*?)</p>', page, re.S).group(1)
    return html_lib.unescape(text)


def cite_file(client, slug: str, citation_format: str) -> str:
    response = client.get(reverse("citations:case", args=[slug, citation_format]))
    assert response.status_code == 200
    return response.content.decode()


def notes_in_files(client, slug: str) -> dict[str, str]:
    """The note of the BibTeX and RIS files, after the release they rest on (none here)."""
    release = f"Dataset unreleased; as of {long_date(timezone.localdate())}. "
    bib = unescape(parse_bibtex(cite_file(client, slug, "bib")).fields["note"])
    (ris,) = (value for tag, value in parse_ris(cite_file(client, slug, "ris")) if tag == "N1")
    return {"bib": bib.removeprefix(release), "ris": ris.removeprefix(release)}


def test_kibble_names_the_briefing_then_the_outside_pages_it_rests_on(client, dataset):
    # Kibble is not classified: the 2019 report supplies nothing, and is not named.
    note = (
        f"Case record based on: {title('briefing-2018')}; "
        f"{title('ext-kibble-education-case-study')}; {title('ext-kibble-our-approach')}."
    )
    assert citation_text(client, "kibble").endswith(note)
    assert notes_in_files(client, "kibble") == {"bib": note, "ris": note}
    assert title("report-2019") not in citation_text(client, "kibble")


def test_wigan_names_the_report_only_as_the_source_of_an_inference(client, dataset):
    # The report supplies only Wigan's inferred type; the briefing and the outside pages state
    # facts (the list of places, the description, the start years sources give, its status).
    text = citation_text(client, "wigan-council")
    inferences = f" With editorial inferences from: {title('report-2019')}."
    assert text.endswith(inferences)
    based_on = text.split("Case record based on: ")[1].removesuffix(inferences)
    sources = based_on.rstrip(".").split("; ")
    assert sources[0] == title("briefing-2018")  # the study's publications first
    assert set(sources[1:]) == {
        title(key)
        for key in (
            "ext-wigan-today-deal",
            "ext-cpi-wigan-deal",
            "ext-lgc-wigan-deal",
            "ext-collaborate-wigan-2025",
            "ext-collaborate-wigan-2024",
        )
    }
    note = f"Case record based on: {based_on}{inferences}"
    assert notes_in_files(client, "wigan-council") == {"bib": note, "ris": note}


def set_dates(slug: str, *, updated_at: datetime, changed_at: datetime | None) -> Case:
    """The row's own timestamp, and (or no) change to it in the history, on different days."""
    Change.objects.all().delete()
    Case.objects.filter(slug=slug).update(updated_at=updated_at)
    case = Case.objects.get(slug=slug)
    if changed_at:
        Change.objects.create(
            at=changed_at,
            via=Via.ADMIN,
            action=Action.CHANGED,
            record_type="cases.case",
            record_id=case.pk,
            record_key=case.slug,
            record_label=case.name,
            case=case,
            case_slug=case.slug,
            case_name=case.name,
            summary=f"Changed the summary of {case.name}",
        )
    return case


def dates_shown(client, slug: str) -> dict[str, set[str]]:
    """Every "last updated" date a reader of the case page and its citation files sees."""
    page = client.get(reverse("cases:detail", args=[slug])).content.decode()
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    jsonld = json.loads(re.search(r"application/ld\+json\">(.*?)</script>", page, re.S).group(1))
    bib = cite_file(client, slug, "bib")
    ris = cite_file(client, slug, "ris")
    return {
        "page": set(re.findall(r"Last updated (\d{1,2} \w+ \d{4})", text)),
        "jsonld": {jsonld["dateModified"]},
        "bib": {re.search(r"year = \{(\d{4})\},\n  month = (\w+),", bib).groups()},
        "ris": set(re.findall(r"DA  - (\S+)\r\n", ris)),
    }


def test_the_page_and_its_citations_give_the_last_change_in_the_history(client, dataset):
    set_dates(
        "wigan-council",
        updated_at=datetime(2024, 1, 15, 12, tzinfo=UTC),
        changed_at=datetime(2025, 6, 10, 12, tzinfo=UTC),
    )
    assert dates_shown(client, "wigan-council") == {
        "page": {"10 June 2025"},  # the header and the plain-text citation
        "jsonld": {"2025-06-10"},
        "bib": {("2025", "jun")},
        "ris": {"2025/06/10/"},
    }


def test_without_history_the_page_and_its_citations_give_the_rows_own_date(client, dataset):
    set_dates("kibble", updated_at=datetime(2024, 1, 15, 12, tzinfo=UTC), changed_at=None)
    assert dates_shown(client, "kibble") == {
        "page": {"15 January 2024"},
        "jsonld": {"2024-01-15"},
        "bib": {("2024", "jan")},
        "ris": {"2024/01/15/"},
    }


def test_cite_this_case_as_text_bibtex_and_ris(client, dataset):
    page = client.get(reverse("cases:detail", args=["golden-key"])).content.decode()
    assert "Rallying (20" in page and "“Golden Key” [case record]" in page
    bib = client.get(reverse("citations:case", args=["golden-key", "bib"]))
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert 'filename="rallying-golden-key.bib"' in bib["Content-Disposition"]
    entry = parse_bibtex(bib.content.decode())
    assert (entry.type, entry.key) == ("misc", "rallying-golden-key")
    assert entry.fields["url"] == "http://testserver/cases/golden-key/"
    assert entry.fields["author"] == "{Rallying}"
    ris = parse_ris(cite_file(client, "golden-key", "ris"))
    assert ris[0] == ("TY", "ELEC") and ("TI", "Golden Key") in ris


def test_bibtex_escapes_special_characters(client, db):
    case = make_case(name="Health & Care 100% {Trial}")
    entry = parse_bibtex(cite_file(client, case.slug, "bib"))
    assert entry.fields["title"] == r"Health \& Care 100\% \{Trial\}"
    assert unescape(entry.fields["title"]) == case.name


def test_an_unknown_case_or_format_is_not_found(client, dataset):
    assert client.get(reverse("citations:case", args=["atlantis", "bib"])).status_code == 404
    assert client.get("/cases/golden-key/cite.docx").status_code == 404
