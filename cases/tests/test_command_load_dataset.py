"""`make run` reruns load_dataset: it must fill an empty database and never undo editors' work."""

from io import StringIO

from django.core.management import call_command

from cases.models import Case


def run(*args):
    out = StringIO()
    call_command("load_dataset", *args, stdout=out)
    return out.getvalue()


def test_fills_an_empty_database(db):
    assert "Dataset loaded: 10 cases." in run()


def test_rerun_keeps_an_editors_correction(db):
    run()
    Case.objects.filter(slug="kibble").update(summary="Corrected by an editor.")
    assert "already holds 10 cases" in run()
    assert Case.objects.get(slug="kibble").summary == "Corrected by an editor."


def test_reload_reapplies_the_files_without_duplicating(db):
    run()
    Case.objects.filter(slug="kibble").update(summary="Corrected by an editor.")
    run("--reload")
    assert Case.objects.count() == 10
    assert Case.objects.get(slug="kibble").summary != "Corrected by an editor."
