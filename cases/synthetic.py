"""Synthetic cases for measuring Rallying at scale: realistic, deterministic for a seed, removable.

Every row made here is marked twice: a synthetic case's slug starts with "synthetic-" (its links,
citations and quotations belong to it and go with it), and every citation points at one Source,
key "synthetic", an outside source whose note says the rows are invented. The dimensions, findings
and the rest of the real dataset are only read: synthetic cases use the lookup rows that exist.

Rows are written with bulk inserts in batches and removed with plain DELETEs: neither sends
signals, so the dataset revision (cases/revision.py) is bumped once, at the end, not per row.

`findings` may import `cases`, never the reverse: finding links and quotations are reached through
Case's reverse relations (as cases/filters.py does).
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from django.utils.text import slugify

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
    Permanence,
    PolicyArea,
    Region,
    Sector,
    Source,
    SourceKind,
    SourceOrigin,
    Typology,
)
from cases.revision import bump_revision
from cases.synthetic_text import (
    APPROACHES,
    BODIES,
    DESCRIPTION_SENTENCES,
    INITIATIVES,
    PARTNERS,
    PLACE_HEADS,
    PLACE_TAILS,
    QUOTATIONS,
    SPEAKERS,
)

SLUG_PREFIX = "synthetic-"
SOURCE_KEY = "synthetic"
BATCH_SIZE = 2000
SYNTHETIC_REASON = (
    "Synthetic record: assigned at random by manage.py synthesize, not read in a source."
)
# Where a region's synthetic places go when it has no real case to centre on (middle of England).
FALLBACK_CENTRE = (52.5, -1.5)


def finding_model() -> type[Model]:
    return Case._meta.get_field("findings").related_model


def case_finding_model() -> type[Model]:
    return Case._meta.get_field("finding_links").related_model


def quotation_model() -> type[Model]:
    return Case._meta.get_field("quotations").related_model


def synthetic_cases() -> QuerySet:
    return Case.objects.filter(slug__startswith=SLUG_PREFIX)


@dataclass
class Lookups:
    """The existing rows synthetic cases draw from, in a fixed order, with skewed weights."""

    sectors: list
    regions: list
    typologies: list
    modes: list
    policy_areas: list
    funding_models: list
    findings: list
    centres: dict[int, tuple[float, float]] = field(default_factory=dict)


def _ordered(model: type[Model]) -> list:
    return list(model.objects.order_by("slug"))


def read_lookups() -> Lookups:
    """The lookup rows, ordered by slug so a seed gives the same data whatever the row ids."""
    lookups = Lookups(
        sectors=_ordered(Sector),
        regions=list(Region.objects.select_related("nation").order_by("slug")),
        typologies=_ordered(Typology),
        modes=_ordered(AccountabilityMode),
        policy_areas=_ordered(PolicyArea),
        funding_models=_ordered(FundingModel),
        findings=_ordered(finding_model()),
    )
    if not lookups.sectors or not lookups.regions:
        raise ValueError(
            "Synthetic cases need at least one sector and one region: load the dataset first "
            "(manage.py load_dataset)."
        )
    # Each region's synthetic places scatter around its real cases (or the middle of England).
    real = Case.objects.exclude(slug__startswith=SLUG_PREFIX).filter(latitude__isnull=False)
    points: dict[int, list] = {}
    for region_id, lat, lon in real.values_list("region_id", "latitude", "longitude"):
        points.setdefault(region_id, []).append((float(lat), float(lon)))
    lookups.centres = {
        region_id: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for region_id, pts in points.items()
    }
    return lookups


def _skewed(rng: random.Random, values: list) -> list[float]:
    """Weights for `values`: a few common, many rare, in an order the seed decides."""
    weights = [1 / (rank + 1) for rank in range(len(values))]
    rng.shuffle(weights)
    return weights


def synthetic_source() -> Source:
    source, _ = Source.objects.update_or_create(
        key=SOURCE_KEY,
        defaults={
            "title": "Synthetic cases for load testing (not real data)",
            "kind": SourceKind.WEB_PAGE,
            "origin": SourceOrigin.EXTERNAL,
            "publisher": "Rallying (manage.py synthesize)",
            "note": (
                "Invented by `manage.py synthesize` to measure the site at scale. Nothing that "
                "cites this source is true of any real place; remove it all with "
                "`manage.py synthesize --remove`."
            ),
        },
    )
    return source


@dataclass
class Plan:
    """One synthetic case and the rows that belong to it, before insertion."""

    case: Case
    classification: dict | None  # its study, its type there (or None), the basis
    mode_ids: list[int]
    policy_area_ids: list[int]
    finding_ids: list[int]
    quotations: list[tuple[str, str, list[int]]]  # (text, speaker role, finding ids)


class Generator:
    """Draws synthetic cases from a seeded random generator; same seed and lookups, same cases."""

    def __init__(self, seed: int, lookups: Lookups, source: Source):
        self.rng = random.Random(seed)
        self.lookups = lookups
        self.source = source
        rng = self.rng
        self.weights = {
            name: _skewed(rng, getattr(lookups, name))
            for name in ("sectors", "regions", "typologies", "funding_models")
        }

    def pick(self, name: str):
        values = getattr(self.lookups, name)
        return self.rng.choices(values, weights=self.weights[name])[0] if values else None

    def sample(self, values: list, low: int, high: int) -> list:
        return self.rng.sample(values, min(len(values), self.rng.randint(low, high)))

    def place(self) -> str:
        return self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_TAILS)

    def plan(self, number: int) -> Plan:
        rng = self.rng
        place = self.place()
        sector = self.pick("sectors")
        region = self.pick("regions")
        bodies = BODIES["public" if "public" in sector.slug else "other"]
        name = f"{place} {rng.choice(bodies)}"
        policy_areas = self.sample(self.lookups.policy_areas, 1, 3)
        modes = self.sample(self.lookups.modes, 0, 3)
        findings = self.sample(self.lookups.findings, 2, 4)
        words = {
            "place": place,
            "lead": name,
            "policy": _lower(policy_areas[0].name) if policy_areas else "local services",
            "policy2": _lower(policy_areas[-1].name) if policy_areas else "public health",
            "mode": _lower(modes[0].name) if modes else "outcomes",
            "partners": rng.choice(PARTNERS),
            "n": rng.randint(3, 30),
            "year": rng.randint(2005, 2024),
        }
        lat, lon = self.lookups.centres.get(region.pk, FALLBACK_CENTRE)
        typology = self.pick("typologies") if rng.random() < 0.9 else None
        inferred = rng.random() < 0.7
        case = Case(
            slug=f"{SLUG_PREFIX}{number:05d}-{slugify(name)}"[:80],
            name=name,
            lead_organisation=name if rng.random() < 0.8 else f"{place} {rng.choice(bodies)}",
            initiative_name=rng.choice(INITIATIVES).format(**words) if rng.random() < 0.6 else "",
            place_label=place,
            latitude=_coordinate(lat + rng.uniform(-0.5, 0.5)),
            longitude=_coordinate(lon + rng.uniform(-0.5, 0.5)),
            started=rng.randint(1998, 2024) if rng.random() < 0.6 else None,
            permanence=rng.choices(Permanence.values, weights=[3, 2, 5])[0],
            summary=(
                f"A collaboration in {place} that brings {words['partners']} together on "
                f"{words['policy']}, {rng.choice(APPROACHES)}."
            ),
            description=" ".join(
                sentence.format(**words) for sentence in rng.sample(DESCRIPTION_SENTENCES, 4)
            ),
            sector=sector,
            region=region,
            funding_model=self.pick("funding_models") if rng.random() < 0.7 else None,
        )
        # In the study of its type (an untyped case in the first study's), by the synthetic source.
        classification = None
        if self.lookups.typologies:
            first_study = self.lookups.typologies[0].study_id
            basis = Basis.INFERRED if typology and inferred else Basis.STATED
            classification = {
                "study_id": typology.study_id if typology else first_study,
                "typology": typology,
                "basis": basis,
                "basis_reason": SYNTHETIC_REASON if basis == Basis.INFERRED else "",
            }
        quotations = []
        for _ in range(rng.randint(2, 3)):
            illustrated = [rng.choice(findings).pk] if findings and rng.random() < 0.5 else []
            quotations.append(
                (rng.choice(QUOTATIONS).format(**words), rng.choice(SPEAKERS), illustrated)
            )
        return Plan(
            case=case,
            classification=classification,
            mode_ids=[mode.pk for mode in modes],
            policy_area_ids=[area.pk for area in policy_areas],
            finding_ids=[finding.pk for finding in findings],
            quotations=quotations,
        )


def _lower(name: str) -> str:
    return name[0].lower() + name[1:]


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.5f}")


def _insert(model: type[Model], rows: list[Model]) -> int:
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


@transaction.atomic
def synthesize(*, cases: int, seed: int) -> dict[str, int]:
    """Replace any synthetic rows with `cases` new synthetic cases drawn from `seed`.

    Returns the number of rows inserted per kind. Bumps the dataset revision once.
    """
    remove_synthetic(bump=False)
    lookups = read_lookups()
    source = synthetic_source()
    generator = Generator(seed, lookups, source)
    plans = [generator.plan(number) for number in range(1, cases + 1)]
    counts = {"cases": _insert(Case, [plan.case for plan in plans])}
    # bulk_create sets ids on PostgreSQL and recent SQLite; read them back to rely on neither.
    ids = dict(synthetic_cases().values_list("slug", "pk"))
    case_finding, quotation = case_finding_model(), quotation_model()
    through = quotation._meta.get_field("findings").remote_field.through
    links: dict[type[Model], list[Model]] = {
        Classification: [],
        CaseFieldCitation: [],
        CaseAccountability: [],
        CasePolicyArea: [],
        case_finding: [],
        quotation: [],
    }
    quotation_findings: list[tuple[str, list[int]]] = []

    def add(model: type[Model], case_id: int, **fields) -> None:
        """A cited row of the case, stated by the synthetic source unless said otherwise."""
        cited = {"locator": "synthetic", "basis": Basis.STATED, "source": source}
        links[model].append(model(case_id=case_id, **{**cited, **fields}))

    for number, plan in enumerate(plans, start=1):
        case_id = ids[plan.case.slug]
        if plan.classification:
            add(Classification, case_id, **plan.classification)
        for fact in (CitedField.LISTING, CitedField.REGION):
            add(CaseFieldCitation, case_id, field_name=fact)
        for mode_id in plan.mode_ids:
            add(CaseAccountability, case_id, mode_id=mode_id)
        for area_id in plan.policy_area_ids:
            add(CasePolicyArea, case_id, policy_area_id=area_id)
        for finding_id in plan.finding_ids:
            add(
                case_finding,
                case_id,
                finding_id=finding_id,
                note="Synthetic link for load testing.",
            )
        for order, (text, speaker, finding_ids) in enumerate(plan.quotations, start=1):
            slug = f"{SLUG_PREFIX}q-{number:05d}-{order}"
            add(quotation, case_id, slug=slug, text=text, speaker_role=speaker, order=order)
            quotation_findings.append((slug, finding_ids))
    for model, rows in links.items():
        counts[model._meta.verbose_name_plural] = _insert(model, rows)
    quotation_ids = dict(
        quotation.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", "pk")
    )
    counts["quotation–finding links"] = _insert(
        through,
        [
            through(quotation_id=quotation_ids[slug], finding_id=finding_id)
            for slug, finding_ids in quotation_findings
            for finding_id in finding_ids
        ],
    )
    bump_revision()
    return counts


def _delete(queryset: QuerySet) -> int:
    """DELETE the rows in one statement, without loading them.

    QuerySet.delete() would load every row and send post_delete for each (the revision's receivers
    listen to every model, which rules out Django's fast delete): one UPDATE per row.
    """
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def remove_synthetic(*, bump: bool = True) -> dict[str, int]:
    """Delete every synthetic case with the rows that belong to it, then the synthetic source if
    nothing real cites it. Real rows are never touched. Returns the rows deleted per kind."""
    cases = synthetic_cases()
    counts: dict[str, int] = {}
    # Children first: the database has no ON DELETE CASCADE (Django emulates it in Python).
    for relation in Case._meta.related_objects:
        if not relation.one_to_many:
            continue
        model = relation.related_model
        owned = model.objects.filter(**{f"{relation.field.name}__in": cases})
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                column = m2m.m2m_field_name()
                counts[f"{model._meta.verbose_name} links"] = _delete(
                    through.objects.filter(**{f"{column}__in": owned})
                )
        counts[str(model._meta.verbose_name_plural)] = _delete(owned)
    counts["cases"] = _delete(cases)
    try:
        # One row, through the ORM: it refuses (PROTECT) while any real fact cites it.
        counts["sources"] = Source.objects.filter(key=SOURCE_KEY).delete()[0]
    except ProtectedError:
        counts["sources"] = 0
    if bump and any(counts.values()):
        bump_revision()
    return counts
