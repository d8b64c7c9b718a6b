"""An editor publishes a release from the admin; problems show on the form and nothing is
written; a published release is read-only but for its notes, and cannot be deleted."""

import pytest
from django.urls import reverse

from releases.models import Release, ReleaseFile
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:releases_release_add")


def test_the_add_form_asks_for_a_version_a_date_and_notes(admin_client, dataset):
    html = admin_client.get(ADD).content.decode()
    assert "<h1>Publish a release</h1>" in html
    for name in ("version", "published_on", "notes"):
        assert f'name="{name}"' in html


def test_an_editor_publishes_a_release_and_sees_it(admin_client, dataset, settings):
    response = admin_client.post(
        ADD,
        {"version": "1.0", "published_on": "2026-11-20", "notes": "The ten places."},
        follow=True,
    )
    release = Release.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:releases_release_change", args=[release.pk]
    )
    html = response.content.decode()
    assert "Release 1.0 is published, with its files" in html
    assert release.files.count() == 3
    # The files are built for the address the editor reached the admin at.
    assert b'"api": "http://testserver/api/"' in bytes(release.files.get(position=0).content)
    for file in release.files.all():
        assert file.sha256 in html  # listed, read-only


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"version": "1 0"}, "version", "is not a version"),
        ({"published_on": "2999-01-01"}, "published_on", "cannot be after today"),
        ({"published_on": "the 29th"}, "published_on", "Enter a valid date"),
        ({"notes": ""}, "notes", "This field is required"),
    ],
)
def test_problems_show_on_the_form_and_nothing_is_written(
    admin_client, dataset, data, field, message
):
    fields = {"version": "1.0", "published_on": "2026-11-20", "notes": "Notes.", **data}
    response = admin_client.post(ADD, fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode()
    assert not Release.objects.exists() and not ReleaseFile.objects.exists()


def test_a_used_version_is_refused_on_the_form(admin_client, dataset, publish):
    publish("1.0")
    response = admin_client.post(
        ADD, {"version": "1.0", "published_on": "2026-11-29", "notes": "Again."}
    )
    assert "has already been published, and a version is never reused" in (
        response.content.decode()
    )
    assert Release.objects.count() == 1


def test_only_the_notes_of_a_published_release_may_be_corrected(admin_client, dataset, publish):
    release = publish("1.0", notes="Frist.")
    url = reverse("admin:releases_release_change", args=[release.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="notes"' in html
    assert 'name="version"' not in html and 'name="published_on"' not in html
    data = form_data(admin_client, url, notes="First.", version="9.9", published_on="2020-01-01")
    assert admin_client.post(url, data).status_code == 302
    release.refresh_from_db()
    assert (release.notes, release.version, str(release.published_on)) == (
        "First.",
        "1.0",
        "2026-11-29",
    )


def test_releases_cannot_be_deleted_from_the_admin(admin_client, dataset, publish):
    release = publish("1.0")
    delete = reverse("admin:releases_release_delete", args=[release.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:releases_release_changelist")
    html = admin_client.get(changelist).content.decode()
    assert "delete_selected" not in html
    assert Release.objects.exists()
