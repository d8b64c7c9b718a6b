"""Hostile text typed by an editor (or a compromised account) shows as text on every surface.

Every user-editable text field of a case, its citations, sources, a finding, an evidence link, a
quotation and the dimension values is filled with markup, quotes, line breaks, a right-to-left
override and a leading spreadsheet-formula character. Each page must show that text escaped, the
JSON-LD and the API must give it back unchanged, the CSV files must keep it in one guarded cell,
and the citation files must keep it inside one field.
"""

import csv
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, models
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    CaseAccountability,
    CaseFieldCitation,
    CasePolicyArea,
    CitedField,
    Classification,
    FundingModel,
    Nation,
    PolicyArea,
    Region,
    Sector,
    Source,
    SourceKind,
    Study,
    StudyKind,
    Typology,
)
from findings.models import CaseFinding, Finding, FindingKind, Quotation

pytestmark = pytest.mark.django_db

# Markup that would run, break out of an attribute, or close the JSON-LD <script> element, then a
# line break (CR LF), and a right-to-left override that could disguise a file name.
PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>\'"</script><script>\r\nX\u202eY'
# What must never reach an HTML page as it is: each would become a live element.
RAW_MARKUP = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>", "</script><script>")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Text a spreadsheet would take for a formula or a command (DDE).
FORMULA_PREFIXES = (
    '=HYPERLINK("//e.t")',
    "+1+",
    "-1-",
    "@SUM(1)",
    "\t=1+",
    "\r=1+",
)
SHORT_HOSTILE = "=<b>'\"&"  # for fields too short for the full payload (an ITL code)


def hostile(marker: str, index: int = 0) -> str:
    """Hostile text that starts with a formula character and carries a findable marker."""
    return f"{FORMULA_PREFIXES[index % len(FORMULA_PREFIXES)]}«{marker}» {PAYLOAD}"


def is_text_field(field) -> bool:
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.URLField))
        and not field.choices
    )


def fill_text_fields(obj, label: str, nul: bool = False) -> list[str]:
    """Set every free-text field of `obj` to hostile text; returns the markers used."""
    markers = []
    for index, field in enumerate(f for f in obj._meta.concrete_fields if is_text_field(f)):
        marker = f"{label}.{field.name.replace('_', '-')}"
        value = hostile(marker, index)
        if nul and isinstance(field, models.TextField):
            value += "\x00end"
        if field.max_length and len(value) > field.max_length:
            value = SHORT_HOSTILE[: field.max_length]
        else:
            markers.append(marker)
        setattr(obj, field.name, value)
    obj.save()
    return markers


class Hostile:
    """The rows of one hostile case and everything it cites, with the markers of their text."""

    def __init__(self):
        # PostgreSQL refuses NUL in text; SQLite stores it, so it must come out unharmed too.
        nul = connection.vendor == "sqlite"
        self.markers: dict[str, list[str]] = {}
        self.source = Source.objects.create(
            key="hostile-source",
            kind=SourceKind.REPORT,
            year=2019,
            url='https://example.test/report?a="><script>alert(1)</script>',
        )
        self.markers["source"] = fill_text_fields(self.source, "source", nul)
        self.nation = Nation.objects.create(slug="hostile-nation", name="n")
        self.region = Region.objects.create(slug="hostile-region", name="r", nation=self.nation)
        self.sector = Sector.objects.create(slug="hostile-sector", name="s")
        self.study = Study.objects.create(
            slug="hostile-study",
            title="s",
            year=2019,
            kind=StudyKind.REPORT,
            summary="s",
            source=self.source,
        )
        self.markers["study"] = fill_text_fields(self.study, "study", nul)
        Source.objects.filter(pk=self.source.pk).update(study=self.study)
        self.typology = Typology.objects.create(
            slug="hostile-type", name="t", source=self.source, study=self.study
        )
        self.mode = AccountabilityMode.objects.create(
            slug="hostile-mode", name="m", source=self.source, study=self.study
        )
        self.policy_area = PolicyArea.objects.create(slug="hostile-area", name="p")
        self.funding = FundingModel.objects.create(slug="hostile-funding", name="f")
        for label, row in [
            ("nation", self.nation),
            ("region", self.region),
            ("sector", self.sector),
            ("typology", self.typology),
            ("mode", self.mode),
            ("area", self.policy_area),
            ("funding", self.funding),
        ]:
            self.markers[label] = fill_text_fields(row, label)
        self.case = self.make_case("hostile-case", "case", nul)
        self.other_case = self.make_case("hostile-other", "other", nul)
        self.finding = Finding(
            slug="hostile-finding",
            kind=FindingKind.THEME,
            source=self.source,
            study=self.study,
            basis=Basis.INFERRED,
        )
        self.markers["finding"] = fill_text_fields(self.finding, "finding", nul)
        self.link = CaseFinding(
            finding=self.finding, case=self.case, source=self.source, basis=Basis.INFERRED
        )
        self.markers["evidence"] = fill_text_fields(self.link, "evidence")
        self.quotation = Quotation(
            slug="hostile-quotation", case=self.case, source=self.source, basis=Basis.INFERRED
        )
        self.markers["quotation"] = fill_text_fields(self.quotation, "quotation", nul)
        self.quotation.findings.add(self.finding)

    def make_case(self, slug: str, label: str, nul: bool) -> Case:
        case = Case(
            slug=slug,
            sector=self.sector,
            region=self.region,
            funding_model=self.funding,
            latitude=Decimal("51.5"),
            longitude=Decimal("-0.1"),
            started=2015,
        )
        self.markers[label] = fill_text_fields(case, label, nul)
        for model, extra, name in [
            (Classification, {"study": self.study, "typology": self.typology}, "type"),
            (CaseFieldCitation, {"field_name": CitedField.LISTING}, "fact"),
            (CaseAccountability, {"mode": self.mode}, "accountability"),
            (CasePolicyArea, {"policy_area": self.policy_area}, "policy"),
        ]:
            link = model(case=case, source=self.source, basis=Basis.INFERRED, **extra)
            self.markers[f"{label}-{name}"] = fill_text_fields(link, f"{label}-{name}")
        return case

    def shown(self, *labels: str) -> list[str]:
        return [marker for label in labels for marker in self.markers[label]]


@pytest.fixture
def hostile_data(db):
    return Hostile()


@pytest.fixture
def staff_user(db):
    return User.objects.create_superuser("editor", "editor@example.test", "pw")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def staff_api(staff_user):
    api = APIClient()
    api.force_authenticate(staff_user)
    return api


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def assert_escaped(html: str, markers=()):
    """No hostile markup is live on the page, and each marker's text is there, escaped."""
    for raw in RAW_MARKUP:
        assert raw not in html
    for marker in markers:
        assert f"«{marker}» {ESCAPED_SCRIPT}" in html, marker


# --- Pages -----------------------------------------------------------------------------------


def test_the_fixture_fills_every_free_text_field(hostile_data):
    """So a field added later is covered too: every text field, except the short ITL code."""
    for label in ("case", "source", "finding", "evidence", "quotation", "case-fact", "typology"):
        assert hostile_data.markers[label], label
    assert "case.description" in hostile_data.markers["case"]
    assert "case-type.basis-reason" in hostile_data.markers["case-type"]
    assert "case-fact.basis-reason" in hostile_data.markers["case-fact"]
    assert "quotation.speaker-role" in hostile_data.markers["quotation"]
    assert "source.doi" in hostile_data.markers["source"]


def test_the_case_page_shows_every_field_escaped(client, hostile_data):
    html = html_of(client, "/cases/hostile-case/")
    assert_escaped(
        html,
        [
            "case.name",
            "case.place-label",
            "case.lead-organisation",
            "case.initiative-name",
            "case.summary",
            "case-type.locator",
            "case-type.basis-reason",
            "case-fact.locator",
            "case-fact.basis-reason",
            "case-accountability.locator",
            "case-accountability.basis-reason",
            "case-policy.basis-reason",
            "sector.name",
            "region.name",
            "nation.name",
            "typology.name",
            "mode.name",
            "area.name",
            "funding.name",
            "finding.title",
            "evidence.basis-reason",
            "quotation.text",
            "quotation.speaker-role",
            "source.title",
        ],
    )
    # The description goes through |linebreaks, which must escape before adding <br>.
    assert "«case.description» " in html


def test_the_case_list_escapes_cards_facets_tags_and_the_search_box(client, hostile_data):
    html = html_of(client, "/cases/")
    assert_escaped(
        html,
        ["case.name", "case.place-label", "case.summary", "sector.name", "region.name"],
    )
    assert_escaped(html_of(client, "/cases/?sector=hostile-sector"), ["sector.name"])
    query = "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    html = html_of(client, f"/cases/{query}")
    assert_escaped(html)
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html  # the search box


def test_a_bad_filter_value_is_echoed_escaped(client, hostile_data):
    html = html_of(client, "/cases/?sector=%3Cscript%3Ealert(1)%3C/script%3E", status=400)
    assert_escaped(html)
    assert ESCAPED_SCRIPT in html


def test_the_compare_page_escapes_both_cases_and_unknown_slugs(client, hostile_data):
    html = html_of(client, "/cases/compare/?case=hostile-case&case=hostile-other")
    assert_escaped(
        html,
        ["case.name", "other.name", "case.place-label", "sector.name", "typology.name"],
    )
    html = html_of(client, "/cases/compare/?case=hostile-case&case=%3Cscript%3Ealert(1)", 400)
    assert_escaped(html)
    assert "&lt;script&gt;alert(1)" in html


# A NUL is refused by PostgreSQL in any query parameter it receives; each must be caught first.
CONTROL_CHARACTER_URLS = [
    "/cases/?sector=%00",
    "/cases/?q=%00",
    "/cases/?finding=%00",
    "/cases/?sort=%00",
    "/cases/?page=%00",
    "/cases/compare/?case=%00&case=hostile-case",
    "/cases/compare/?case=hostile-case&case=a%0D%0Ab",
    "/search/?q=%00",
    "/findings/?page=%00",
    "/sectors/hostile-sector/?page=%00",
    "/api/cases/?sector=%00",
    "/api/cases/?q=%00",
    "/api/cases/?finding=%00",
    "/api/cases/?page=%00",
    "/api/cases/%00/",
    "/api/quotations/?finding=%00",
    "/api/evidence-links/?finding=%00",
]


@pytest.mark.parametrize("url", CONTROL_CHARACTER_URLS)
def test_control_characters_in_a_query_are_refused_cleanly(client, hostile_data, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404), response.status_code


def test_the_compare_page_names_a_malformed_case_without_looking_it_up(client, hostile_data):
    html = html_of(client, "/cases/compare/?case=hostile-case&case=a%00%3Cb%3E", status=400)
    assert "There is no case “a&lt;b&gt;”" in html


def test_the_overview_escapes_case_and_dimension_text(client, hostile_data):
    assert_escaped(html_of(client, "/"), ["case.name", "case.place-label"])


@pytest.mark.parametrize(
    ("url", "markers"),
    [
        ("/sectors/", ["sector.name", "sector.definition"]),
        ("/sectors/hostile-sector/", ["sector.name", "sector.definition", "case.name"]),
        ("/regions/", ["region.name", "nation.name"]),
        ("/regions/hostile-region/", ["region.name", "region.definition", "nation.name"]),
        ("/typologies/", ["typology.name", "typology.definition"]),
        ("/typologies/hostile-type/", ["typology.name", "typology.locator", "source.title"]),
        ("/accountability/", ["mode.name", "mode.definition"]),
        (
            "/accountability/hostile-mode/",
            ["mode.name", "mode.locator", "case-accountability.basis-reason"],
        ),
        ("/policy-areas/", ["area.name", "area.definition"]),
        ("/policy-areas/hostile-area/", ["area.name", "area.definition", "case.name"]),
        ("/studies/", ["study.title", "study.authors"]),
        (
            "/studies/hostile-study/",
            ["study.title", "study.summary", "study.locator", "typology.name", "finding.title"],
        ),
    ],
)
def test_the_dimension_pages_escape_labels_and_definitions(client, hostile_data, url, markers):
    assert_escaped(html_of(client, url), markers)


def test_the_findings_pages_escape_findings_evidence_and_quotations(client, hostile_data):
    assert_escaped(html_of(client, "/findings/"), ["finding.title", "finding.summary"])
    assert_escaped(
        html_of(client, "/findings/hostile-finding/"),
        [
            "finding.title",
            "finding.summary",
            "finding.locator",
            "finding.basis-reason",
            "case.name",
            "evidence.note",
            "quotation.text",
            "quotation.speaker-role",
        ],
    )


def test_search_escapes_stored_text_and_the_query_before_highlighting(client, hostile_data):
    html = html_of(client, "/search/?q=alert")
    assert_escaped(html)
    # Each piece is escaped, then our own <mark> goes around the match, inside the escaped text.
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in html
    for marker in ("case.name", "finding.title", "quotation.text"):
        assert f"«{marker}»" in html, marker
    if connection.vendor == "sqlite":
        # FTS5's tokenizer indexes the words inside markup ("script", "alert"); PostgreSQL's
        # parser leaves tags out of its index, so there the query finds nothing to highlight.
        html = html_of(client, "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
        assert_escaped(html)
        # The query's words are marked one by one, each inside the escaped text.
        assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(<mark>1</mark>)" in html
    # Searching for markup-like words must not let <mark> split an entity ("&lt;" → "&<mark>lt").
    html = html_of(client, "/search/?q=quot")
    assert_escaped(html)
    assert not re.search(r"&[a-z#0-9]*<mark>", html)


ODD_SEARCHES = [
    "'",
    '"',
    "\\",
    "&|!():*",
    "<->",
    "-",
    "or",
    '"unclosed phrase',
    "(" * 200,
    "a:* & !b",
    "\u202e\u200b",
    "%",
    "_",
    "\ue000alert\ue001",
]


@pytest.mark.parametrize("query", ODD_SEARCHES)
@pytest.mark.parametrize("url", ["/search/", "/cases/", "/api/cases/"])
def test_search_syntax_in_a_query_is_taken_as_text(client, hostile_data, url, query):
    """PostgreSQL's web-search parser and the substring match both get reader-typed syntax."""
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    if not url.startswith("/api/"):
        assert_escaped(response.content.decode())


def test_the_sources_page_escapes_every_field(client, hostile_data):
    html = html_of(client, "/sources/")
    assert_escaped(
        html,
        ["source.title", "source.authors", "source.publisher", "source.note", "source.doi"],
    )
    # The case page's notes link here, where the source's own address is given, escaped.
    assert 'href="https://example.test/report?a=&quot;&gt;&lt;script&gt;' in html


# --- JSON-LD and the API ------------------------------------------------------------------------

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def jsonld_blocks(html: str) -> list:
    blocks = JSONLD.findall(html)
    assert blocks
    for block in blocks:
        assert "</script" not in block.lower() and "<!--" not in block
    return [json.loads(block) for block in blocks]


def test_the_case_pages_json_ld_cannot_close_its_script_and_gives_the_text_back(
    client, hostile_data
):
    case = hostile_data.case
    (data,) = jsonld_blocks(html_of(client, "/cases/hostile-case/"))
    assert data["name"] == case.name
    assert data["description"] == case.summary
    assert data["about"]["name"] == case.lead_organisation
    assert data["about"]["location"]["name"] == case.place_label
    # The hostile case's listing (name, sector and place) is cited as an inference: marked.
    assert f"{hostile_data.sector.name} (editorial inference)" in data["keywords"]
    assert data["citation"][0]["name"] == hostile_data.source.title
    assert data["citation"][0]["author"] == hostile_data.source.authors


def test_the_download_pages_json_ld_cannot_close_its_script(client, hostile_data):
    jsonld_blocks(html_of(client, "/download/"))


def test_the_api_gives_hostile_text_back_unchanged(client, hostile_data):
    case = hostile_data.case
    data = client.get("/api/cases/hostile-case/", HTTP_ACCEPT="application/json").json()
    for field in ("name", "place_label", "lead_organisation", "initiative_name", "summary"):
        assert data[field] == getattr(case, field), field
    assert data["description"] == case.description
    finding = client.get("/api/findings/hostile-finding/", HTTP_ACCEPT="application/json").json()
    assert finding["title"] == hostile_data.finding.title
    assert finding["summary"] == hostile_data.finding.summary
    quotation = client.get("/api/quotations/hostile-quotation/", HTTP_ACCEPT="application/json")
    assert quotation.json()["text"] == hostile_data.quotation.text
    source = client.get("/api/sources/hostile-source/", HTTP_ACCEPT="application/json").json()
    assert source["title"] == hostile_data.source.title
    assert source["note"] == hostile_data.source.note


NEW_CASE = {
    "slug": "written-hostile",
    "sector": "public-sector",
    "region": "north-west",
}
WRITTEN_FIELDS = ("name", "place_label", "summary", "description")


def classified(reason: str) -> list[dict]:
    return [
        {
            "study": "are-we-rallying-together",
            "typology": "collaborative-councils",
            "source": "report-2019",
            "basis": "inferred",
            "reason": reason,
        }
    ]


def test_hostile_text_written_through_the_api_is_kept_verbatim(dataset, staff_api):
    data = {**NEW_CASE, **{field: hostile(field, i) for i, field in enumerate(WRITTEN_FIELDS)}}
    reason = hostile("reason", 9)
    data["classifications"] = classified(reason)
    response = staff_api.post("/api/cases/", data, format="json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get(slug="written-hostile")
    for field in WRITTEN_FIELDS:
        # As typed, but for the leading and trailing white space every API text field trims.
        assert getattr(case, field) == data[field].strip(), field
    shown = response.json()
    for field in ("name", "place_label", "summary", "description"):
        assert shown[field] == data[field].strip(), field
    (classification,) = shown["classifications"]
    assert classification["citation"]["reason"] == reason.strip()
    assert case.classifications.get().basis_reason == reason.strip()


def test_a_nul_written_through_the_api_or_the_admin_is_refused_not_a_500(
    dataset, staff_api, staff_client
):
    data = {**NEW_CASE, **{field: f"text\x00{field}" for field in WRITTEN_FIELDS}}
    response = staff_api.post("/api/cases/", data, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    source = Source.objects.get(key="report-2019")
    response = staff_client.post(
        f"/admin/cases/source/{source.pk}/change/",
        {"key": source.key, "title": "A\x00B", "kind": source.kind, "origin": source.origin},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Null characters are not allowed" in response.content.decode()
    assert not Case.objects.filter(slug="written-hostile").exists()
    assert Source.objects.get(pk=source.pk).title == source.title


def test_an_api_error_echoes_a_bad_value_as_json_text(client, hostile_data):
    response = client.get("/api/cases/?sector=%3Cscript%3Ealert(1)", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "<script>alert(1)" in json.dumps(response.json(), ensure_ascii=False)


def test_the_browsable_api_escapes_hostile_text(client, hostile_data):
    response = client.get("/api/cases/hostile-case/?format=api")
    assert response.status_code == 200
    assert_escaped(response.content.decode())
    response = client.get("/api/cases/?format=api&sector=%3Cscript%3Ealert(1)")
    assert response.status_code == 400
    assert_escaped(response.content.decode())


# --- CSV ---------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def assert_csv_guarded(content: bytes, expected_rows: int, name: str = "") -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
    assert len(rows) == expected_rows, name  # line breaks inside cells stay inside their cell
    numeric = {"latitude", "longitude", "started", "order", "year", "month", "case_count"}
    for row in rows:
        for column, value in row.items():
            if column in numeric or column.startswith("n_") or column.endswith("_count"):
                continue
            assert not (value or "").startswith(FORMULA_STARTS), (name, column, value)
    return rows


def test_the_api_csv_guards_formulas_and_keeps_line_breaks_in_their_cell(client, hostile_data):
    response = client.get("/api/cases/?format=csv")
    rows = assert_csv_guarded(response.content, 2)
    case = next(row for row in rows if row["slug"] == "hostile-case")
    assert case["name"] == "'" + hostile_data.case.name  # guarded, otherwise unchanged
    assert case["summary"] == "'" + hostile_data.case.summary
    assert "\r\nX\u202eY" in case["place_label"]


def test_every_table_of_the_download_guards_formulas(client, hostile_data):
    response = client.get("/download/rallying-csv.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    package = json.loads(archive.read("datapackage.json"))
    for resource in package["resources"]:
        content = archive.read(resource["path"])
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
        assert_csv_guarded(content, len(rows) - 1, resource["path"])
        for row in rows:
            assert len(row) == len(rows[0]), resource["path"]
    cases = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(archive.read("cases.csv").decode(), newline=""))
    }
    assert cases["hostile-case"]["name"] == "'" + hostile_data.case.name
    quotations = archive.read("quotations.csv").decode()
    assert "«quotation.text»" in quotations


# --- Citation files ----------------------------------------------------------------------------


def test_ris_keeps_a_hostile_title_on_its_own_tag_line(client, hostile_data):
    response = client.get("/cases/hostile-case/cite.ris")
    assert response.status_code == 200
    lines = response.content.decode().split("\r\n")
    assert lines[-1] == ""
    tag_line = re.compile(r"^[A-Z][A-Z0-9]  - ")
    for line in lines[:-1]:
        assert tag_line.match(line), repr(line)
        assert "\r" not in line and "\n" not in line and "\u2028" not in line
    tags = [line[:2] for line in lines[:-1]]
    assert tags.count("TY") == 1 and tags.count("ER") == 1 and tags[-1] == "ER"
    title = next(line for line in lines if line.startswith("TI  - "))
    assert "«case.name»" in title and "<script>alert(1)</script>" in title


def brace_depths(text: str) -> list[int]:
    """Running depth of raw braces, as BibTeX counts them (a backslash does not hide one)."""
    depth, depths = 0, []
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        depths.append(depth)
    return depths


def test_bibtex_keeps_braces_balanced_and_each_field_on_its_line(client, hostile_data):
    Case.objects.filter(pk=hostile_data.case.pk).update(name="Close } early { and \\ % @misc{x,")
    Source.objects.filter(pk=hostile_data.source.pk).update(title="Unbalanced }} source")
    response = client.get("/cases/hostile-case/cite.bib")
    assert response.status_code == 200
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == "@misc{rallying-hostile-case," and lines[-1] == "}"
    for line in lines[1:-1]:
        assert re.match(r"^  [a-z]+ = ", line), line
        # A field's value stays inside its own braces: nothing in it closes them early.
        depths = brace_depths(line)
        if "{" in line:
            start, end = line.index("{"), line.rindex("}")
            assert min(depths[start:end]) >= 1 and depths[end] == 0, line
    assert "Close" in text and "early" in text and "source" in text


# --- The admin ---------------------------------------------------------------------------------


ADMIN_ROWS = {
    "cases/case": (Case, {"slug": "hostile-case"}, ["case.name", "case.place-label"]),
    "findings/finding": (Finding, {"slug": "hostile-finding"}, ["finding.title"]),
    "findings/quotation": (Quotation, {"slug": "hostile-quotation"}, ["quotation.speaker-role"]),
    "cases/source": (Source, {"key": "hostile-source"}, ["source.title", "source.publisher"]),
    "cases/study": (Study, {"slug": "hostile-study"}, ["study.title"]),
}


@pytest.mark.parametrize("model", ADMIN_ROWS)
def test_the_admin_escapes_hostile_text(staff_client, hostile_data, model):
    app, name = model.split("/")
    row_model, lookup, markers = ADMIN_ROWS[model]
    html = html_of(staff_client, reverse(f"admin:{app}_{name}_changelist"))
    assert_escaped(html, markers)
    row = row_model.objects.get(**lookup)
    html = html_of(staff_client, reverse(f"admin:{app}_{name}_change", args=[row.pk]))
    # Each field's value is in its input or textarea, escaped, as the editor typed it.
    assert_escaped(html, markers)


def test_every_admin_list_and_form_escapes_hostile_text(staff_client, hostile_data):
    """Dimensions, links and citations too: every registered model of the two apps."""
    models_seen = 0
    for model in admin.site._registry:
        if model._meta.app_label not in ("cases", "findings"):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert_escaped(html_of(staff_client, reverse(f"{name}_changelist")))
        row = model.objects.order_by("pk").last()
        if row is not None:
            assert_escaped(html_of(staff_client, reverse(f"{name}_change", args=[row.pk])))
            models_seen += 1
    assert models_seen >= 12


def test_the_admins_saved_message_escapes_the_records_name(staff_client, hostile_data):
    source = hostile_data.source
    fields = ("key", "title", "kind", "origin", "authors", "publisher", "url", "doi", "note")
    data = {name: getattr(source, name) for name in fields}
    # The admin refuses a NUL (the fixture stores one on SQLite); the rest goes back as it was.
    data.update(year=source.year, month="", note=source.note.replace("\x00", ""))
    response = staff_client.post(
        reverse("admin:cases_source_change", args=[source.pk]), data, follow=True
    )
    html = response.content.decode()
    assert "was changed successfully" in html
    assert_escaped(html, ["source.title"])
