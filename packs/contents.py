"""What a pack holds: the chosen cases as their pages show them, the findings they illustrate with
the quotations behind them, and what the pack rests on (the dataset release).

The cases come from `Case.objects.for_detail()`, the case page's own read, so each fact carries
the citation the page gives it and nothing a draft study holds (public_links). Queries: those of
`for_detail()` (8, for any number of cases), 1 for the findings with their sources, 1 for the
latest release, and 1 for the data's date when no release is published yet.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from cases.case_sources import field_citations_by_name
from cases.classifications import StudyView, by_study
from cases.disputes import disputed_facts
from cases.models import Case
from cases.revision import dataset_changed_at
from findings.models import Finding
from releases.current import latest_release
from releases.models import Release


@dataclass
class PackCase:
    case: Case
    studies: list[StudyView]
    field_citations: dict[str, list]
    disputed: list[str]

    @property
    def anchor(self) -> str:
        return f"case-{self.case.slug}"

    @property
    def has_modes(self) -> bool:
        return any(view.modes for view in self.studies)


@dataclass
class PackFinding:
    finding: Finding  # with its source
    links: list = field(default_factory=list)  # the chosen cases' evidence links to it
    quotations: list = field(default_factory=list)  # the chosen cases' quotations illustrating it

    @property
    def anchor(self) -> str:
        return f"finding-{self.finding.slug}"


@dataclass
class DataVersion:
    """What the pack rests on: the latest release, or the data's date when there is none."""

    release: Release | None
    data_as_of: datetime | None = None

    @property
    def words(self) -> str:
        if self.release is not None:
            return (
                f"Dataset release {self.release.version} of {self.release.published_on:%-d %B %Y}"
            )
        as_of = timezone.localdate(self.data_as_of)
        return f"No release published yet; data as of {as_of:%-d %B %Y}"


@dataclass
class PackContents:
    cases: list[PackCase]
    findings: list[tuple[str, list[PackFinding]]]  # grouped under their kind, in study order
    other_quotations: list  # the chosen cases' quotations that illustrate none of the findings
    data_version: DataVersion
    made_on: date

    @property
    def n_findings(self) -> int:
        return sum(len(group) for _kind, group in self.findings)


def pack_cases(case_ids: list[int]) -> list[PackCase]:
    """The cases with these ids, in this order, each with what its section shows."""
    loaded = {case.pk: case for case in Case.objects.for_detail().filter(pk__in=case_ids)}
    cases = [loaded[pk] for pk in case_ids if pk in loaded]
    return [
        PackCase(
            case=case,
            studies=by_study(case),
            field_citations=field_citations_by_name(case),
            disputed=disputed_facts((c.field_name, c.value) for c in case.field_citations.all()),
        )
        for case in cases
    ]


def illustrated_findings(cases: list[PackCase]) -> tuple[list, list]:
    """The findings the cases' evidence links name (a draft study's are not among them:
    for_detail() leaves them out), each with the cases' links and quotations; and the quotations
    that illustrate none of them."""
    by_finding: dict[int, PackFinding] = {}
    for item in cases:
        for link in item.case.finding_links.all():
            by_finding.setdefault(link.finding_id, PackFinding(link.finding)).links.append(link)
    # The finding's own citation: its source, which the evidence links' join does not bring.
    for finding in Finding.objects.for_detail().filter(pk__in=list(by_finding)):
        by_finding[finding.pk].finding = finding
    other = []
    for item in cases:
        for quotation in item.case.quotations.all():
            illustrated = [f.pk for f in quotation.findings.all() if f.pk in by_finding]
            for pk in illustrated:
                by_finding[pk].quotations.append(quotation)
            if not illustrated:
                other.append(quotation)
    groups: dict[str, list[PackFinding]] = {}
    for item in sorted(
        by_finding.values(),
        key=lambda item: (item.finding.kind_rank, item.finding.order, item.finding.slug),
    ):
        groups.setdefault(item.finding.get_kind_display(), []).append(item)
    return list(groups.items()), other


def data_version() -> DataVersion:
    release = latest_release()
    if release is not None:
        return DataVersion(release=release)
    return DataVersion(release=None, data_as_of=dataset_changed_at())


def pack_contents(case_ids: list[int]) -> PackContents:
    """Everything a pack of these cases (ids in the pack's order) shows."""
    cases = pack_cases(case_ids)
    findings, other_quotations = illustrated_findings(cases)
    return PackContents(
        cases=cases,
        findings=findings,
        other_quotations=other_quotations,
        data_version=data_version(),
        made_on=timezone.localdate(),
    )
