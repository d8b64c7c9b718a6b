"""Carry the existing rows over to the study they came from: "Are we rallying together?" (2019).

Before this migration the knowledge base held one study without a record: its publications were the
sources with origin "study", and every type, accountability mode and finding was its own. This
creates its record, with the same values as fixtures/sources.json, and gives it those sources, types
and modes (findings/migrations/0006 gives it the findings). An empty database gets no study: the
dataset files bring it.
"""

from django.db import migrations

SLUG = "are-we-rallying-together"
STUDY = {
    "title": "Are we rallying together? Collaboration and public sector reform",
    "authors": "Jo Blundell, Franziska Rosenbach, Tanyah Hameed, Clare FitzGerald",
    "publisher": "Government Outcomes Lab, Blavatnik School of Government, University of Oxford",
    "year": 2019,
    "month": 3,
    "kind": "report",
    "doi": "",
    "url": "https://golab.bsg.ox.ac.uk/about/public-service-partnerships/about-future-state/",
    "summary": (
        "The Government Outcomes Lab's study of ten locally led projects across the UK that see "
        "themselves as collaborations, begun in 2018 with interviews of their senior managers and "
        "reported in March 2019. It asks why organisations collaborate, sorts collaborations into "
        "four types, and looks at how collaborative working is ingrained, how success is measured "
        "and how collaborations are held to account. Its briefing of November 2018, on the early "
        "findings, is part of the same study."
    ),
    "cases_note": "",
    "locator": 'landing page, introduction and "Key questions and findings"',
    "basis": "stated",
    "basis_reason": "",
}
MAIN_PUBLICATION = "report-2019"


def create_the_study(apps, schema_editor):
    Source = apps.get_model("cases", "Source")
    Study = apps.get_model("cases", "Study")
    Typology = apps.get_model("cases", "Typology")
    AccountabilityMode = apps.get_model("cases", "AccountabilityMode")
    Finding = apps.get_model("findings", "Finding")
    publications = Source.objects.filter(origin="study")
    framework = [Typology.objects.all(), AccountabilityMode.objects.all(), Finding.objects.all()]
    if not publications.exists() and not any(rows.exists() for rows in framework):
        return
    cited = (
        Source.objects.filter(key=MAIN_PUBLICATION).first()
        or publications.order_by("year", "key").first()
        or next(rows.first().source for rows in framework if rows.exists())
    )
    study, _ = Study.objects.get_or_create(slug=SLUG, defaults={**STUDY, "source": cited})
    publications.update(study=study)
    for rows in framework[:2]:
        rows.update(study=study)


def forget_the_study(apps, schema_editor):
    """Going back: the study's links are dropped with its columns; the record itself goes here."""
    for model in ("Source", "Typology", "AccountabilityMode"):
        apps.get_model("cases", model).objects.update(study=None)
    apps.get_model("findings", "Finding").objects.update(study=None)
    apps.get_model("cases", "Study").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_study"),
        ("findings", "0005_finding_study"),
    ]

    operations = [migrations.RunPython(create_the_study, forget_the_study)]
