"""Quotation and evidence-link records for the downloads, from flat rows (as cases/records.py builds
the case records): the shapes the API's QuotationSerializer and EvidenceLinkSerializer give, for
tables that grow with the cases. References and citations come from the same RecordBuilder, so
the downloads' JSON writer encodes each shared one once."""

from collections import defaultdict
from collections.abc import Iterator

from cases.models.publication import published
from cases.records import CHUNK_SIZE, CITED, RecordBuilder
from findings.models import CaseFinding, Quotation


def quotation_records(builder: RecordBuilder) -> Iterator[dict]:
    """Every quotation of a published case, in the API list's order (its case's name and slug, then order, slug).
    Queries: quotations 1, their findings 1."""
    findings = defaultdict(list)
    through = (
        Quotation.findings.through.objects.filter(published("finding__study__"))
        .order_by("finding__kind", "finding__order", "finding__slug")
        .values_list(
            "quotation_id",
            "finding__slug",
            "finding__title",
            "finding__kind",
            "finding__study__slug",
        )
    )
    for quotation_id, slug, title, kind, study in through.iterator(chunk_size=CHUNK_SIZE):
        findings[quotation_id].append(
            builder.ref("api:finding-detail", slug, title, kind=kind, study=study)
        )
    quotations = Quotation.objects.filter(published("case__")).order_by(
        "case__name", "case__slug", "order", "slug"
    )
    fields = ("pk", "slug", "text", "speaker_role", "case__slug", "case__name", *CITED)
    for pk, slug, text, role, case_slug, case_name, *cited in quotations.values_list(
        *fields
    ).iterator(chunk_size=CHUNK_SIZE):
        yield {
            "url": builder.url("api:quotation-detail", slug),
            "slug": slug,
            "label": f"{role}, {case_name}",
            "text": text,
            "speaker_role": role,
            "case": builder.case_ref(case_slug, case_name),
            "findings": findings.get(pk, []),
            "citation": builder.citation(*cited),
        }


def evidence_records(builder: RecordBuilder) -> Iterator[dict]:
    """Every public evidence link (a published case illustrating a finding of a published study),
    by id. Queries: 1."""
    links = CaseFinding.objects.filter(published("case__"), published("finding__study__"))
    links = links.order_by("pk").values_list(
        "pk",
        "case__slug",
        "case__name",
        "finding__slug",
        "finding__title",
        "finding__kind",
        "finding__study__slug",
        "note",
        *CITED,
    )
    for pk, case_slug, case_name, slug, title, kind, study, note, *cited in links.iterator(
        chunk_size=CHUNK_SIZE
    ):
        yield {
            "url": builder.url("api:evidence-link-detail", pk),
            "id": pk,
            "case": builder.case_ref(case_slug, case_name),
            "finding": builder.ref("api:finding-detail", slug, title, kind=kind, study=study),
            "note": note,
            "citation": builder.citation(*cited),
        }
