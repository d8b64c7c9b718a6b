"""An editor publishes a release in the admin, the data changes, a second release is published, and
its page shows what changed: the case added and the field changed, before and after."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import Case, Sector
from tests.browser.axe import axe_violations, describe_violations
from tests.factories import make_case

pytestmark = pytest.mark.browser

PASSPHRASE = "a-long-passphrase"


def publish_in_the_admin(page, version: str, notes: str) -> None:
    page.goto("/admin/releases/release/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a release")
    page.get_by_label("Version").fill(version)
    # The date is today's, filled in already.
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"Release {version} is published")


def test_an_editor_publishes_a_release_and_sees_its_diff(new_page, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSPHRASE)
    page = new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()

    publish_in_the_admin(page, "1.0", "The ten places of the study.")
    # A version is never reused: the form says so, and publishes nothing.
    page.goto("/admin/releases/release/add/")
    page.get_by_label("Version").fill("1.0")
    page.get_by_label("Notes").fill("Again.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("a version is never reused")

    kibble = Case.objects.get(slug="kibble")
    before = kibble.sector.name
    kibble.sector = Sector.objects.exclude(pk=kibble.sector_id).get()
    kibble.save()
    make_case(name="Bridge Partnership", sector=kibble.sector, region=kibble.region)
    publish_in_the_admin(page, "1.1", "Kibble's sector corrected; one new place.")

    page.get_by_role("link", name="/releases/1.1/").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release 1.1")
    expect(page.get_by_text("1 case added, 0 removed, 1 changed since")).to_be_visible()
    added = page.get_by_role("heading", name="Cases added (1)")
    expect(added).to_be_visible()
    expect(page.get_by_role("link", name="Bridge Partnership")).to_be_visible()
    table = page.get_by_role("table", name=re.compile(r"^Kibble: 1 field changed"))
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("row").nth(1)).to_have_text(
        re.compile(rf"Sector\s*{before}\s*{kibble.sector.name}")
    )
    problems = describe_violations(axe_violations(page), label="/releases/1.1/: ")

    # The frozen JSON file downloads with the checksum the page shows.
    json_row = page.get_by_role("row", name=re.compile(r"rallying-1\.1\.json"))
    checksum = json_row.locator("code").inner_text()
    with page.expect_download() as download_info:
        json_row.get_by_role("link").click()
    content = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == checksum

    # Without JavaScript, a reader finds the release from /download/ and its list.
    reader = new_page(javascript=False)
    reader.goto("/download/")
    expect(reader.get_by_role("heading", name="Latest release: 1.1")).to_be_visible()
    reader.get_by_role("link", name="every release").click()
    expect(reader.get_by_role("link", name="Release 1.0")).to_be_visible()
    page.goto("/releases/")  # axe needs scripts, which the reader's page runs none of
    problems += describe_violations(axe_violations(page), label="/releases/: ")
    page.goto("/download/")
    problems += describe_violations(axe_violations(page), label="/download/: ")
    assert not problems, "\n".join(problems)
