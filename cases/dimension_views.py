"""Pages for the dimensions that classify cases: typology, accountability modes, sectors, regions and
policy areas. One list view and one detail view, configured per dimension by a `DimensionPage`.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.views.generic import DetailView, ListView

from cases.charts import BarChart, values_chart
from cases.models import AccountabilityMode, Basis, Case, PolicyArea, Region, Sector, Typology
from cases.models.publication import published

CASES_PER_PAGE = 50


@dataclass(frozen=True)
class DimensionPage:
    """How one dimension's pages read, and how they reach its cases."""

    key: str  # the URL names: dimensions:<key>-list and dimensions:<key>-detail
    model: type
    title: str  # the list page's heading
    nav_label: str  # its entry in the dimensions sub-navigation
    singular: str  # what one value is: "Type of collaboration", "Sector"
    intro: str
    case_lookup: str  # from Case to the value: "typology", "accountability_modes"
    # From the value to what its count counts: the cases, or the cited links to them (one per case).
    counted: str = "cases"
    # Where the basis (stated or inferred) of a case's membership is recorded, if anywhere.
    basis_lookup: str = ""
    # The case's cited link rows to this dimension, shown as the evidence for each case.
    link_relation: str = ""
    link_field: str = ""
    related: tuple[str, ...] = ()  # select_related on the value itself
    ordering: tuple[str, ...] = ("order", "slug")
    # Say how many cases have no value of this dimension (optional dimensions only).
    count_unassigned: bool = False
    # A study defines the values: those of a draft study are not shown.
    of_study: bool = False

    @property
    def published_cases(self) -> Q:
        """The published cases among those counted (a count reaches drafts through the join)."""
        return published("cases__" if self.counted == "cases" else f"{self.counted}__case__")

    @property
    def list_url(self) -> str:
        return reverse(f"dimensions:{self.key}-list")

    def chart(self, values, *, n_unassigned: int | None = None) -> BarChart:
        """The values' cases as a bar chart (from the counts already loaded: no query)."""
        note = ""
        if self.counted == "case_links":
            note = (
                f"A case can have more than one {self.singular.lower()}, so the bars need not "
                "add up to the number of cases."
            )
        return values_chart(
            self.key,
            values,
            title=f"Cases by {self.singular.lower()}",
            not_classified=n_unassigned if self.key == "typology" else None,
            note=note,
        )


TYPOLOGY = DimensionPage(
    key="typology",
    model=Typology,
    title="Types of collaboration",
    nav_label="Typology",
    singular="Type of collaboration",
    intro="Each study sorts collaborations into its own types. These are their published "
    "definitions.",
    case_lookup="classifications__typology",
    counted="classifications",
    basis_lookup="classifications__basis",
    link_relation="classifications",
    link_field="typology",
    related=("source", "study"),
    ordering=("study__year", "study__slug", "order", "slug"),
    count_unassigned=True,
    of_study=True,
)
ACCOUNTABILITY = DimensionPage(
    key="accountability",
    model=AccountabilityMode,
    title="Accountability modes",
    nav_label="Accountability",
    singular="Accountability mode",
    intro=(
        "The ways the study found collaborations answering for what they do. "
        "These are its published definitions."
    ),
    case_lookup="accountability_modes",
    counted="case_links",
    basis_lookup="case_links__basis",
    link_relation="accountability_links",
    link_field="mode",
    related=("source", "study"),
    ordering=("study__year", "study__slug", "order", "slug"),
    count_unassigned=True,
    of_study=True,
)
SECTOR = DimensionPage(
    key="sector",
    model=Sector,
    title="Sectors",
    nav_label="Sectors",
    singular="Sector",
    intro="The sector of the organisation behind each case, as the 2018 briefing lists it.",
    case_lookup="sector",
)
REGION = DimensionPage(
    key="region",
    model=Region,
    title="Regions",
    nav_label="Regions",
    singular="Region",
    intro=(
        "Where each case is, by ITL1 region (the UK’s International Territorial Level 1 regions), "
        "grouped by nation. The sources name a place; the region and nation are the editors’ "
        "mapping of it."
    ),
    case_lookup="region",
    related=("nation",),
    ordering=("nation__order", "nation__slug", "order", "slug"),
)
POLICY_AREA = DimensionPage(
    key="policy-area",
    model=PolicyArea,
    title="Policy areas",
    nav_label="Policy areas",
    singular="Policy area",
    intro="The fields of public service each case works in.",
    case_lookup="policy_areas",
    counted="case_links",
    basis_lookup="case_links__basis",
    link_relation="policy_area_links",
    link_field="policy_area",
    count_unassigned=True,
)
DIMENSION_PAGES = (TYPOLOGY, ACCOUNTABILITY, SECTOR, REGION, POLICY_AREA)


def values_with_counts(page: DimensionPage) -> QuerySet:
    """Every value of the dimension with its number of cases (and of inferred ones), in one query.

    The counts come from one grouped join, never a query per row. A case links to a value at most
    once (foreign key, or a unique link row), so counting links counts cases.
    """
    counts = {"n_cases": Count(page.counted, filter=page.published_cases)}
    if page.basis_lookup:
        counts["n_inferred"] = Count(
            page.counted, filter=page.published_cases & Q(**{page.basis_lookup: Basis.INFERRED})
        )
    values = (
        page.model.objects.filter(published("study__")) if page.of_study else page.model.objects
    )
    # GROUP BY drops Meta.ordering, so the order is repeated.
    return values.select_related(*page.related).annotate(**counts).order_by(*page.ordering)


def cases_of(page: DimensionPage, value) -> QuerySet:
    """The cases with this value, as the case card needs them, plus each case's evidence for it.

    Queries for one page of cases: the page (dimensions joined), its accountability modes
    (for_list's prefetch), and, for linked dimensions, the cited link rows with their source.
    """
    cases = Case.objects.for_list().filter(**{page.case_lookup: value}).order_by("name", "slug")
    if page.link_relation:
        link_model = Case._meta.get_field(page.link_relation).related_model
        links = link_model.objects.filter(**{page.link_field: value}).select_related("source")
        cases = cases.prefetch_related(Prefetch(page.link_relation, links, to_attr="evidence"))
    return cases


class DimensionMixin:
    page: DimensionPage | None = None  # set per URL: as_view(page=TYPOLOGY)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["subnav"] = [
            {"label": other.nav_label, "url": other.list_url, "current": other is self.page}
            for other in DIMENSION_PAGES
        ]
        if self.page.count_unassigned:
            # Two queries: all cases, and those with no value of this dimension (not classified,
            # no accountability mode recorded…).
            context["n_all_cases"] = Case.objects.count()
            links = Case._meta.get_field(self.page.link_relation).related_model.objects
            assigned = links.filter(**{f"{self.page.link_field}__isnull": False})
            context["n_unassigned"] = Case.objects.exclude(
                pk__in=assigned.values("case_id")
            ).count()
        return context


class DimensionListView(DimensionMixin, ListView):
    """Every value with its definition and number of cases.

    Queries: 1 (the values with their counts, source or nation joined); 2 more where unassigned
    cases are counted (typology, accountability, policy areas).
    """

    template_name = "dimensions/dimension_list.html"
    context_object_name = "values"

    def get_queryset(self):
        return values_with_counts(self.page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = context["values"]
        # Totals for the notice on how cases are tied to the values (no further query).
        context["n_linked"] = sum(value.n_cases for value in values)
        context["n_inferred_total"] = sum(getattr(value, "n_inferred", 0) for value in values)
        context["chart"] = self.page.chart(values, n_unassigned=context.get("n_unassigned"))
        return context


class DimensionDetailView(DimensionMixin, DetailView):
    """One value: its definition (and citation), its cases as cards, and the evidence for each.

    Queries: 1 value (with its counts; source or nation joined); 1 count and 1 page of cases;
    1 for the page's accountability modes (for_list); 1 for the page's cited link rows (linked
    dimensions only); 2 where unassigned cases are counted. At most seven, whatever the number
    of cases.
    """

    template_name = "dimensions/dimension_detail.html"
    context_object_name = "value"

    def get_queryset(self):
        return values_with_counts(self.page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(cases_of(self.page, self.object), CASES_PER_PAGE)
        cases_page = paginator.get_page(self.request.GET.get("page"))
        context["cases_page"] = cases_page
        context["page_links"] = paginator.get_elided_page_range(cases_page.number)
        context["n_linked"] = self.object.n_cases
        context["n_inferred_total"] = getattr(self.object, "n_inferred", 0)
        return context
