"""/download/: the whole dataset as JSON and as CSVs with a data package, stable byte for byte."""

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseAccountability, Source, SourceOrigin
from cases.revision import dataset_changed_at
from downloads.build import TABLES_OF_THE_API
from findings.models import CaseFinding
from rallying.api_urls import router
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_source,
    make_typology,
)

JSON_URL = "/download/rallying.json"
ZIP_URL = "/download/rallying-csv.zip"


def get_zip(client) -> dict[str, bytes]:
    response = client.get(ZIP_URL)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    return {name: archive.read(name) for name in archive.namelist()}


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_page_offers_both_files_with_size_checksum_and_version(client, dataset):
    json_file = client.get(JSON_URL).getvalue()
    zip_file = client.get(ZIP_URL).getvalue()
    response = client.get(reverse("downloads:index"))
    assert response.status_code == 200
    assert "downloads/download.html" in [t.name for t in response.templates]
    html = response.content.decode()
    version = dataset_changed_at().astimezone(UTC).strftime("%Y.%m.%d-%H%M%S")
    for expected in (
        f'href="{JSON_URL}"',
        f'href="{ZIP_URL}"',
        hashlib.sha256(json_file).hexdigest(),
        hashlib.sha256(zip_file).hexdigest(),
        f"{len(json_file)} bytes",
        f"{len(zip_file)} bytes",
        version,
        "CC BY 4.0",
        "remain their authors",
        "<code>quotation_findings.csv</code>",
    ):
        assert expected in html


def test_page_says_when_the_data_last_changed_as_day_month_year_and_time(client, dataset):
    html = client.get(reverse("downloads:index")).content.decode()
    changed = timezone.localtime(dataset_changed_at())
    when = re.search(r"Data last changed</dt>\s*<dd[^>]*><time[^>]*>(.*?)</time>", html).group(1)
    assert when == f"{changed.day} {changed:%B %Y, %H:%M}"


def test_page_describes_the_dataset_in_schema_org_jsonld(client, dataset):
    data = jsonld(client.get(reverse("downloads:index")).content.decode())
    assert data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["dateModified"] == dataset_changed_at().astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert data["creator"]["name"] == "Rallying"
    formats = {d["encodingFormat"]: d for d in data["distribution"]}
    assert set(formats) == {"application/json", "application/zip"}
    assert all(d["@type"] == "DataDownload" for d in data["distribution"])
    assert formats["application/zip"]["contentUrl"] == f"http://testserver{ZIP_URL}"
    assert (
        formats["application/json"]["sha256"]
        == hashlib.sha256(client.get(JSON_URL).getvalue()).hexdigest()
    )
    study = {s.title for s in Source.objects.filter(origin=SourceOrigin.STUDY)}
    assert study
    assert {work["name"] for work in data["isBasedOn"]} == study


def test_jsonld_escapes_what_could_close_the_script(client, db):
    make_source(origin=SourceOrigin.STUDY, title="</script><b>Bold & brave</b>")
    html = client.get(reverse("downloads:index")).content.decode()
    assert "</script><b>" not in html
    assert "\\u003c/script\\u003e\\u003cb\\u003eBold \\u0026 brave" in html
    assert jsonld(html)["isBasedOn"][0]["name"] == "</script><b>Bold & brave</b>"


def test_json_file_holds_every_table_as_the_api_lists_it(client, dataset):
    document = json.loads(client.get(JSON_URL).getvalue())
    for name, _ in TABLES_OF_THE_API:
        endpoint = "/api/" + name.replace("_", "-") + "/?page_size=200"
        if name == "cases":
            endpoint += "&expand=full"  # the file holds whole records
        api = client.get(endpoint).json()
        assert api["next"] is None
        assert document[name] == api["results"], name
    assert len(document["cases"]) == 10
    about = document["dataset"]
    assert about["licenses"][0]["name"] == "CC-BY-4.0"
    assert "remain their authors" in about["notice"]


def test_the_file_covers_every_endpoint_of_the_api():
    covered = {name for name, _ in TABLES_OF_THE_API}
    # /api/releases/ describes the files themselves (frozen versions of them), not a table.
    tables = {prefix.replace("-", "_") for prefix, _, _ in router.registry} - {"releases"}
    assert covered == tables


def test_cases_csv_is_the_api_csv(client, dataset):
    files = get_zip(client)
    assert files["cases.csv"] == client.get("/api/cases/?format=csv").content


def test_datapackage_describes_every_file_and_column(client, dataset):
    files = get_zip(client)
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    assert package["created"] == dataset_changed_at().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert package["version"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "Quotations" in package["description"]
    names = {resource["path"] for resource in package["resources"]}
    assert names == set(files) - {"datapackage.json"}
    assert {
        "cases.csv",
        "sources.csv",
        "findings.csv",
        "quotations.csv",
        "evidence_links.csv",
        "case_facts.csv",
        "accountability_links.csv",
        "policy_area_links.csv",
        "sectors.csv",
        "regions.csv",
        "nations.csv",
        "typologies.csv",
        "accountability_modes.csv",
        "policy_areas.csv",
        "funding_models.csv",
        "studies.csv",
    } <= names
    for resource in package["resources"]:
        content = files[resource["path"]]
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["encoding"] == "utf-8"
        fields = resource["schema"]["fields"]
        header = next(csv.reader(io.StringIO(content.decode())))
        assert [f["name"] for f in fields] == header, resource["name"]
        for field in fields:
            assert field["type"] in {"string", "integer", "number", "datetime"}
            assert field["description"], (resource["name"], field["name"])
        assert set(resource["schema"]["primaryKey"]) <= set(header)


def test_keys_of_the_csv_tables_hold(client, dataset):
    files = get_zip(client)
    package = json.loads(files["datapackage.json"])
    tables = {r["name"]: rows(files[r["path"]]) for r in package["resources"]}
    for resource in package["resources"]:
        table = tables[resource["name"]]
        key = resource["schema"]["primaryKey"]
        values = [tuple(row[k] for k in key) for row in table]
        assert len(values) == len(set(values)), resource["name"]
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]
            known = {row[target["fields"]] for row in tables[target["resource"]]}
            used = {row[foreign["fields"]] for row in table} - {""}
            assert used <= known, (resource["name"], foreign["fields"], used - known)
    assert len(tables["cases"]) == 10
    assert len(tables["quotations"]) == 2
    assert {row["case"] for row in tables["evidence_links"]} <= {r["slug"] for r in tables["cases"]}


def test_text_cells_are_safe_in_a_spreadsheet(client, db):
    case = make_case(name='=HYPERLINK("http://x")', summary="@SUM(A1)")
    make_quotation(case=case, text="+44 is our code", speaker_role="-Manager")
    files = get_zip(client)
    [row] = [r for r in rows(files["cases.csv"]) if r["slug"] == case.slug]
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["summary"] == "'@SUM(A1)"
    assert row["longitude"] == "-0.1"  # numbers stay numbers
    [quote] = rows(files["quotations.csv"])
    assert quote["text"] == "'+44 is our code"
    assert quote["speaker_role"] == "'-Manager"


def test_files_are_byte_identical_until_the_data_changes(client, dataset, downloads_dir):
    first_json, first_zip = client.get(JSON_URL).getvalue(), client.get(ZIP_URL).getvalue()
    shutil.rmtree(downloads_dir)  # rebuild, rather than serve the files already written
    assert client.get(JSON_URL).getvalue() == first_json
    assert client.get(ZIP_URL).getvalue() == first_zip

    case = Case.objects.get(slug="wigan-council")
    case.summary = "A new summary."
    case.save()
    changed = client.get(JSON_URL).getvalue()
    assert changed != first_json
    assert "A new summary." in changed.decode()
    assert client.get(ZIP_URL).getvalue() != first_zip


def test_zip_entries_carry_the_revision_time(client, dataset):
    archive = zipfile.ZipFile(io.BytesIO(client.get(ZIP_URL).getvalue()))
    moment = dataset_changed_at().astimezone(UTC)
    expected = (moment.year, moment.month, moment.day, moment.hour, moment.minute)
    assert archive.namelist()[0] == "datapackage.json"
    for info in archive.infolist():
        assert info.date_time[:5] == expected
        assert info.compress_type == zipfile.ZIP_DEFLATED


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_a_revalidation_gets_304(client, dataset, url):
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    since = response["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": since}).status_code == 304


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_files_refuse_writes(client, db, url):
    assert client.post(url).status_code == 405


def add_cases(total: int) -> None:
    """Grow the dataset to `total` cases, each with links that the export prefetches."""
    typology, mode = make_typology(), make_mode()
    finding = make_finding()
    for _ in range(total - Case.objects.count()):
        case = classify(make_case(), typology)
        CaseAccountability.objects.create(case=case, mode=mode, source=typology.source)
        CaseFinding.objects.create(case=case, finding=finding, source=finding.source)
        make_quotation(case=case, source=finding.source).findings.add(finding)


@pytest.mark.parametrize("n_cases", [10, 200])
def test_query_count_does_not_grow_with_the_cases(
    client, dataset, n_cases, django_assert_max_num_queries, downloads_dir
):
    add_cases(n_cases)
    assert Case.objects.count() == n_cases
    for url in (JSON_URL, ZIP_URL, reverse("downloads:index")):
        shutil.rmtree(downloads_dir, ignore_errors=True)
        # Revision 2 (edge, downloads); tables: sources 1, studies 1 + their 4 lists, seven
        # dimension tables 7, cases 1 + 5 link tables, findings 1, quotations 1 + their
        # findings 1, evidence links 1.
        with django_assert_max_num_queries(25):
            response = client.get(url)
        assert response.status_code == 200
        # Once written, the files are served from disk: only the revision is read (twice), and
        # the page reads the latest release.
        with django_assert_max_num_queries(3 if url == reverse("downloads:index") else 2):
            assert client.get(url).status_code == 200
