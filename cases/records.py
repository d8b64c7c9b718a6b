"""The big tables of the download (cases, quotations, evidence links) from flat queries.

The API's nested serializers cost milliseconds per case and keep every row's objects
alive, which at 10,000 cases takes minutes and gigabytes. These generators yield the same
dicts the serializers give (tests/test_scale_limits.py compares them), built from `values_list`
rows: one query per table, links grouped by case as tuples, lookup tables read once, URLs made
from one reverse() per kind of record. Each dict is built when it is yielded, so a caller that
writes rows as they come holds the rows as tuples, never as a tree of dicts.
"""

from collections import defaultdict

from django.urls import reverse
from rest_framework.fields import DateTimeField, FloatField
from rest_framework.reverse import preserve_builtin_query_params

from cases.models import (
    AccountabilityMode,
    Case,
    CaseAccountability,
    CaseFieldCitation,
    CasePolicyArea,
    FundingModel,
    PolicyArea,
    Region,
    Sector,
    Typology,
)
from findings.models import CaseFinding, Finding, Quotation

CHUNK_SIZE = 2000
CITED = ("source__key", "locator", "basis", "basis_reason")
PLACEHOLDER = "__key__"


class Urls:
    """Absolute API URLs by view name and key, one reverse() per view name."""

    def __init__(self, request):
        self.request = request
        self._templates = {}

    def __call__(self, view_name: str, key) -> str:
        template = self._templates.get(view_name)
        if template is None:
            url = reverse(view_name, args=[PLACEHOLDER])
            if self.request is not None:
                url = self.request.build_absolute_uri(url)
                if view_name.startswith("api:"):
                    # As DRF's hyperlinks do: `?format=json` carries over into the links.
                    url = preserve_builtin_query_params(url, self.request)
            template = self._templates[view_name] = url.split(PLACEHOLDER)
        return f"{template[0]}{key}{template[1]}"


class Export:
    """Lookups shared by the row builders of one export (read once, a few rows each)."""

    def __init__(self, request):
        self.request = request
        self.url = Urls(request)
        self._refs = {}
        self._citations = {}
        # id → object, for objects that many records share (lookup refs, citations): the JSON
        # writer encodes each once (downloads/views.py). Holding them keeps their ids unique.
        self.shared: dict[int, object] = {}

    def share(self, value):
        self.shared[id(value)] = value
        return value

    def citation(self, source_key, locator, basis, reason) -> dict:
        """The citation dict; records citing the same place share one (most cite a few)."""
        key = (source_key, locator, basis, reason)
        cited = self._citations.get(key)
        if cited is None:
            cited = self._citations[key] = self.share(
                {
                    "source": source_key,
                    "source_url": self.url("api:source-detail", source_key),
                    "locator": locator,
                    "basis": basis,
                    "reason": reason,
                }
            )
        return cited

    def ref(self, view_name: str, slug: str, label: str, **extra) -> dict:
        return self.share({"url": self.url(view_name, slug), "slug": slug, "label": label, **extra})

    def refs(self, model, view_name: str) -> dict[int, dict]:
        """id → {url, slug, label} for a lookup table (one query, first use only)."""
        if model not in self._refs:
            self._refs[model] = {
                pk: self.ref(view_name, slug, name)
                for pk, slug, name in model.objects.values_list("pk", "slug", "name")
            }
        return self._refs[model]

    def region_refs(self) -> dict[int, dict]:
        """id → RegionRef: {url, slug, label, nation: NationRef} (one query, first use only)."""
        if "regions" not in self._refs:
            self._refs["regions"] = {
                pk: self.ref(
                    "api:region-detail",
                    slug,
                    name,
                    nation=self.ref("api:nation-detail", nation_slug, nation_name),
                )
                for pk, slug, name, nation_slug, nation_name in Region.objects.values_list(
                    "pk", "slug", "name", "nation__slug", "nation__name"
                )
            }
        return self._refs["regions"]

    def findings(self) -> dict[int, dict]:
        """id → the FindingRef of each finding (url, slug, label, kind)."""
        if Finding not in self._refs:
            self._refs[Finding] = {
                pk: self.ref("api:finding-detail", slug, title, kind=kind)
                for pk, slug, title, kind in Finding.objects.values_list(
                    "pk", "slug", "title", "kind"
                )
            }
        return self._refs[Finding]

    def remember_cases(self, refs: dict[int, dict]) -> None:
        self._refs[Case] = refs

    def case_refs(self) -> dict[int, dict]:
        """id → the CaseRef of every case: {url, slug, label} (no query after case_rows)."""
        if Case not in self._refs:
            self._refs[Case] = {
                pk: self.ref("api:case-detail", slug, name)
                for pk, slug, name in Case.objects.order_by().values_list("pk", "slug", "name")
            }
        return self._refs[Case]


def grouped(queryset, fields) -> dict[int, list[tuple]]:
    """case id → the rows (tuples of `fields`) of its links, in the queryset's order."""
    by_case = defaultdict(list)
    for case_id, *values in queryset.values_list("case_id", *fields).iterator(
        chunk_size=CHUNK_SIZE
    ):
        by_case[case_id].append(values)
    return by_case


CASE_FIELDS = (
    "pk",
    "slug",
    "name",
    "lead_organisation",
    "initiative_name",
    "place_label",
    "latitude",
    "longitude",
    "sector_id",
    "region_id",
    "typology_id",
    "typology_source__key",
    "typology_locator",
    "typology_basis",
    "typology_reason",
    "funding_model_id",
    "started",
    "permanence",
    "summary",
    "description",
    "updated_at",
)


def case_rows(export: Export, case_ids: list[int] | None = None):
    """Every case as CaseSerializer gives it, in the API list's order (name, slug); only the
    cases with `case_ids` when given (a page of the API, in this same order).

    Queries: cases 1, five link tables 5, lookups 7 (sectors, regions with their nations,
    typologies, modes, policy areas, funding models, findings)."""
    url, citation = export.url, export.citation

    def of_cases(links):
        return links if case_ids is None else links.filter(case_id__in=case_ids)

    sectors = export.refs(Sector, "api:sector-detail")
    regions = export.region_refs()
    typologies = export.refs(Typology, "api:typology-detail")
    funding_models = export.refs(FundingModel, "api:fundingmodel-detail")
    modes = export.refs(AccountabilityMode, "api:accountabilitymode-detail")
    policy_areas = export.refs(PolicyArea, "api:policyarea-detail")
    findings = export.findings()
    # Within a case, each list in the order of its model's Meta.ordering (as the prefetches).
    facts = grouped(
        of_cases(
            CaseFieldCitation.objects.order_by(
                "field_name", "source__origin", "-source__year", "source__key", "pk"
            )
        ),
        ("field_name", "note", *CITED),
    )
    accountability = grouped(
        of_cases(CaseAccountability.objects.order_by("mode__order", "pk")),
        ("mode_id", "note", *CITED),
    )
    areas = grouped(
        of_cases(CasePolicyArea.objects.order_by("policy_area__order", "pk")),
        ("policy_area_id", "note", *CITED),
    )
    finding_links = grouped(
        of_cases(
            CaseFinding.objects.order_by("finding__kind", "finding__order", "finding__slug", "pk")
        ),
        ("finding_id", "note", *CITED),
    )
    quotations = grouped(
        of_cases(Quotation.objects.order_by("order", "slug")),
        ("slug", "text", "speaker_role", *CITED),
    )
    as_float, as_datetime = FloatField().to_representation, DateTimeField().to_representation
    cases = Case.objects.order_by("name", "slug").values_list(*CASE_FIELDS)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    refs = {}  # the cases' CaseRefs, for the quotations and evidence links that follow
    for row in cases.iterator(chunk_size=CHUNK_SIZE):
        case = dict(zip(CASE_FIELDS, row, strict=True))
        pk, slug = case["pk"], case["slug"]
        refs[pk] = export.ref("api:case-detail", slug, case["name"])
        typology = None
        if case["typology_id"] is not None:
            typology = {
                "type": typologies[case["typology_id"]],
                "citation": citation(
                    case["typology_source__key"],
                    case["typology_locator"],
                    case["typology_basis"],
                    case["typology_reason"],
                ),
            }
        yield {
            "url": refs[pk]["url"],
            "html_url": html_url(export, slug),
            "slug": slug,
            "label": case["name"],
            "name": case["name"],
            "lead_organisation": case["lead_organisation"],
            "initiative_name": case["initiative_name"],
            "place_label": case["place_label"],
            "latitude": None if case["latitude"] is None else as_float(case["latitude"]),
            "longitude": None if case["longitude"] is None else as_float(case["longitude"]),
            "sector": sectors[case["sector_id"]],
            "region": regions[case["region_id"]],
            "typology": typology,
            "funding_model": funding_models.get(case["funding_model_id"]),
            "started": case["started"],
            "permanence": case["permanence"],
            "summary": case["summary"],
            "description": case["description"],
            "accountability": [
                {"mode": modes[mode], "note": note, "citation": citation(*cited)}
                for mode, note, *cited in accountability.get(pk, ())
            ],
            "policy_areas": [
                {"policy_area": policy_areas[area], "note": note, "citation": citation(*cited)}
                for area, note, *cited in areas.get(pk, ())
            ],
            "findings": [
                {
                    "url": findings[finding]["url"],
                    "slug": findings[finding]["slug"],
                    "label": findings[finding]["label"],
                    "kind": findings[finding]["kind"],
                    "note": note,
                    "citation": citation(*cited),
                }
                for finding, note, *cited in finding_links.get(pk, ())
            ],
            "quotations": [
                {
                    "url": url("api:quotation-detail", q_slug),
                    "slug": q_slug,
                    "text": text,
                    "speaker_role": role,
                    "citation": citation(*cited),
                }
                for q_slug, text, role, *cited in quotations.get(pk, ())
            ],
            "fact_citations": [
                {"fact": fact, "note": note, "citation": citation(*cited)}
                for fact, note, *cited in facts.get(pk, ())
            ],
            "updated_at": as_datetime(case["updated_at"]),
        }
    export.remember_cases(refs)


def html_url(export: Export, slug: str) -> str:
    return export.url("cases:detail", slug)


def quotation_rows(export: Export):
    """Every quotation as QuotationSerializer gives it, in the API list's order (its case's
    name and slug, then order, slug). Queries: quotations 1, their findings 1 (cases and
    findings come from the lookups)."""
    findings = export.findings()
    cases = export.case_refs()
    finding_ids = defaultdict(list)
    through = Quotation.findings.through.objects.order_by(
        "finding__kind", "finding__order", "finding__slug"
    )
    for quotation_id, finding_id in through.values_list("quotation_id", "finding_id").iterator(
        chunk_size=CHUNK_SIZE
    ):
        finding_ids[quotation_id].append(finding_id)
    quotations = Quotation.objects.order_by("case__name", "case__slug", "order", "slug")
    fields = ("pk", "slug", "text", "speaker_role", "case_id", *CITED)
    for pk, slug, text, role, case_id, *cited in quotations.values_list(*fields).iterator(
        chunk_size=CHUNK_SIZE
    ):
        case = cases[case_id]
        yield {
            "url": export.url("api:quotation-detail", slug),
            "slug": slug,
            "label": f"{role}, {case['label']}",
            "text": text,
            "speaker_role": role,
            "case": case,
            "findings": [findings[finding] for finding in finding_ids.get(pk, ())],
            "citation": export.citation(*cited),
        }


def evidence_rows(export: Export):
    """Every evidence link as EvidenceLinkSerializer gives it, by id. Queries: links 1 (cases
    and findings come from the lookups)."""
    findings = export.findings()
    cases = export.case_refs()
    links = CaseFinding.objects.order_by("pk").values_list(
        "pk", "case_id", "finding_id", "note", *CITED
    )
    for pk, case_id, finding_id, note, *cited in links.iterator(chunk_size=CHUNK_SIZE):
        finding = findings[finding_id]
        yield {
            "url": export.url("api:evidence-link-detail", pk),
            "id": pk,
            "case": cases[case_id],
            "finding": finding,
            "note": note,
            "citation": export.citation(*cited),
        }
