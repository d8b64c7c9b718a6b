"""JSON shapes of cases, their dimensions and sources. Serializers read what the querysets loaded.

Every record has its `url`, its `slug` and its `label` separately; every cited fact carries a
`citation`: {source, source_url, locator, basis, reason}.
"""

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from rest_framework import serializers

from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    FundingModel,
    Nation,
    Permanence,
    PolicyArea,
    Region,
    Sector,
    Source,
    Status,
    Study,
    Typology,
)
from cases.services import classification_problems, record_save, replace_classifications
from cases.write_serializer import WriteSerializer


def absolute_url(context: dict, path: str) -> str:
    """`path` as a full URL when the serializer has the request, as its hyperlinks are."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def list_url(context: dict, view_name: str, **filters: str) -> str:
    """The API list `view_name` with these filters, e.g. /api/cases/?sector=<slug>."""
    return absolute_url(context, f"{reverse(view_name)}?{urlencode(filters)}")


class CitationSerializer(serializers.Serializer):
    """Where a fact comes from. Reads a cited row (source, locator, basis, basis_reason)."""

    source = serializers.CharField(
        source="source.key", read_only=True, help_text="The source's key."
    )
    source_url = serializers.HyperlinkedRelatedField(
        source="source", view_name="api:source-detail", lookup_field="key", read_only=True
    )
    locator = serializers.CharField(read_only=True)
    basis = serializers.ChoiceField(choices=Basis.choices, read_only=True)
    reason = serializers.CharField(source="basis_reason", read_only=True)


def ref_serializer(model, *, extra: tuple = ()):
    """A compact reference to a lookup row: url, slug, label (and a few extra fields). Its API
    route is named after the model (rallying/api_urls.py)."""

    class Ref(serializers.ModelSerializer):
        url = serializers.HyperlinkedIdentityField(
            view_name=f"api:{model._meta.model_name}-detail", lookup_field="slug"
        )
        label = serializers.CharField(source="name", read_only=True)

        class Meta:
            fields = ["url", "slug", "label", *extra]
            read_only_fields = fields

    Ref.Meta.model = model
    Ref.__name__ = f"{model.__name__}Ref"
    return Ref


SectorRef = ref_serializer(Sector)
NationRef = ref_serializer(Nation)
TypologyRef = ref_serializer(Typology)
ModeRef = ref_serializer(AccountabilityMode)
PolicyAreaRef = ref_serializer(PolicyArea)
FundingModelRef = ref_serializer(FundingModel)


class RegionRef(ref_serializer(Region, extra=("nation",))):
    nation = NationRef(read_only=True)


class StudyRef(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:study-detail", lookup_field="slug")
    label = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = Study
        fields = ["url", "slug", "label"]
        read_only_fields = fields


class CaseClassificationSerializer(serializers.Serializer):
    """A study the case appears in, and the type that study gives it (null: none) with its
    citation; without a type, the citation is where the study includes the case."""

    study = StudyRef(read_only=True)
    type = TypologyRef(source="typology", read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CaseFieldCitationSerializer(serializers.Serializer):
    fact = serializers.CharField(source="field_name", read_only=True)
    value = serializers.CharField(
        read_only=True,
        help_text="What this source gives for the fact, where sources differ or the case has no "
        "field for it; empty: it supports the case's own value.",
    )
    note = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CaseStatusSerializer(serializers.Serializer):
    """A case's latest known status; its citations are the fact citations of "status"."""

    value = serializers.ChoiceField(source="status", choices=Status.choices, read_only=True)
    label = serializers.CharField(source="get_status_display", read_only=True)
    as_of = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="When the status is known as of: a year (2020) or a month (2025-04); null "
        "when it is not known.",
    )
    note = serializers.CharField(source="status_note", read_only=True)


class CaseAccountabilitySerializer(serializers.Serializer):
    mode = ModeRef(read_only=True)
    note = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CasePolicyAreaSerializer(serializers.Serializer):
    policy_area = PolicyAreaRef(read_only=True)
    note = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CaseFindingLinkSerializer(serializers.Serializer):
    """A finding the case illustrates (reached through the case's reverse relation)."""

    url = serializers.HyperlinkedRelatedField(
        source="finding", view_name="api:finding-detail", lookup_field="slug", read_only=True
    )
    slug = serializers.SlugField(source="finding.slug", read_only=True)
    label = serializers.CharField(source="finding.title", read_only=True)
    kind = serializers.CharField(source="finding.kind", read_only=True)
    note = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CaseQuotationSerializer(serializers.Serializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:quotation-detail", lookup_field="slug"
    )
    slug = serializers.SlugField(read_only=True)
    text = serializers.CharField(read_only=True)
    speaker_role = serializers.CharField(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)


class CaseSerializer(serializers.ModelSerializer):
    """A case with everything a script needs in one call (load with Case.objects.for_detail())."""

    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    label = serializers.CharField(source="name", read_only=True)
    sector = SectorRef(read_only=True)
    region = RegionRef(read_only=True)
    funding_model = FundingModelRef(read_only=True, allow_null=True)
    classifications = CaseClassificationSerializer(many=True, read_only=True)
    permanence = serializers.ChoiceField(choices=Permanence.choices, read_only=True)
    status = CaseStatusSerializer(source="*", read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    accountability = CaseAccountabilitySerializer(
        source="accountability_links", many=True, read_only=True
    )
    policy_areas = CasePolicyAreaSerializer(source="policy_area_links", many=True, read_only=True)
    findings = CaseFindingLinkSerializer(source="finding_links", many=True, read_only=True)
    quotations = CaseQuotationSerializer(many=True, read_only=True)
    fact_citations = CaseFieldCitationSerializer(
        source="field_citations", many=True, read_only=True
    )
    disputed_facts = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Facts whose sources give different values; each value, with its source, is "
        "in fact_citations.",
    )

    class Meta:
        model = Case
        fields = [
            "url",
            "html_url",
            "slug",
            "label",
            "name",
            "lead_organisation",
            "initiative_name",
            "place_label",
            "latitude",
            "longitude",
            "sector",
            "region",
            "classifications",
            "funding_model",
            "started",
            "permanence",
            "status",
            "summary",
            "description",
            "accountability",
            "policy_areas",
            "findings",
            "quotations",
            "fact_citations",
            "disputed_facts",
            "updated_at",
        ]
        read_only_fields = fields

    def get_html_url(self, case) -> str:
        return absolute_url(self.context, case.get_absolute_url())


class CaseListSerializer(CaseSerializer):
    """A case in a list: the record without its long text and heavy lists (`expand=full` adds
    them back). Describes cases/records.py's list records in the schema."""

    class Meta(CaseSerializer.Meta):
        fields = [
            name
            for name in CaseSerializer.Meta.fields
            if name not in ("description", "quotations", "fact_citations", "disputed_facts")
        ]
        read_only_fields = fields


class ClassificationWriteSerializer(serializers.Serializer):
    """A study a case appears in, with the type it gives (or null) and the citation."""

    study = serializers.SlugRelatedField(slug_field="slug", queryset=Study.objects.all())
    typology = serializers.SlugRelatedField(
        slug_field="slug", queryset=Typology.objects.all(), allow_null=True, required=False
    )
    source = serializers.SlugRelatedField(slug_field="key", queryset=Source.objects.all())
    locator = serializers.CharField(max_length=200, required=False, allow_blank=True)
    basis = serializers.ChoiceField(choices=Basis.choices, required=False)
    reason = serializers.CharField(
        source="basis_reason", max_length=400, required=False, allow_blank=True
    )
    note = serializers.CharField(max_length=400, required=False, allow_blank=True)


class CaseWriteSerializer(WriteSerializer):
    """What an editor sends to create or change a case. Dimensions are given by slug."""

    sector = serializers.SlugRelatedField(slug_field="slug", queryset=Sector.objects.all())
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    funding_model = serializers.SlugRelatedField(
        slug_field="slug", queryset=FundingModel.objects.all(), allow_null=True, required=False
    )
    classifications = ClassificationWriteSerializer(
        many=True,
        required=False,
        help_text="The studies the case appears in, each with the type it gives (or null) and "
        "its citation. When given, replaces the case's classifications.",
    )

    class Meta:
        model = Case
        fields = [
            "slug",
            "name",
            "lead_organisation",
            "initiative_name",
            "place_label",
            "latitude",
            "longitude",
            "sector",
            "region",
            "funding_model",
            "started",
            "permanence",
            "status",
            "status_year",
            "status_month",
            "status_note",
            "summary",
            "description",
            "classifications",
        ]
        # Uniqueness is checked with the model's own rules in the service (full_clean).
        validators = []
        extra_kwargs = {"slug": {"validators": []}}

    def create(self, validated_data):
        return self._saved(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._saved(instance, validated_data)

    @transaction.atomic
    def _saved(self, case, data):
        """The case, then its classifications when given: every problem of both is reported
        together, and nothing is saved unless all is well."""
        classifications = data.pop("classifications", None)
        problems = classification_problems(Case, classifications or [])
        try:
            case = record_save(record=case, data=data)
        except serializers.ValidationError as error:
            if problems:
                error.detail["classifications"] = problems
            raise
        if problems:
            raise serializers.ValidationError({"classifications": problems})
        if classifications is not None:
            replace_classifications(case, classifications)
        return case

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError(
                "A case's slug is its public address and cannot change."
            )
        return value


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="key")
    slug = serializers.SlugField(source="key", read_only=True)
    label = serializers.CharField(source="title", read_only=True)
    web_url = serializers.URLField(source="url", read_only=True)
    study = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The study it is a publication of; null for an outside source.",
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "slug",
            "label",
            "title",
            "kind",
            "origin",
            "authors",
            "publisher",
            "year",
            "month",
            "web_url",
            "doi",
            "note",
            "study",
        ]
        read_only_fields = fields


def dimension_serializer(model, *, cited: bool = False, extra: tuple = ()):
    """The full record of a lookup row: reference fields, definition, order, number of cases;
    a value the study defines (`cited`) adds the study's own words and their citation."""
    base = ref_serializer(model)

    class Detail(base):
        definition = serializers.CharField(read_only=True)
        order = serializers.IntegerField(read_only=True)
        case_count = serializers.IntegerField(read_only=True)
        cases_url = serializers.SerializerMethodField()
        if cited:
            source_wording = serializers.CharField(
                read_only=True,
                help_text="The study's definition, quoted exactly; `definition` is then the "
                "editors' explanation.",
            )
            citation = CitationSerializer(source="*", read_only=True)
            study = serializers.SlugRelatedField(
                slug_field="slug", read_only=True, help_text="The study that defines it."
            )

        class Meta(base.Meta):
            fields = [
                *base.Meta.fields,
                "definition",
                "order",
                "case_count",
                "cases_url",
                *(("source_wording", "citation", "study") if cited else ()),
                *extra,
            ]
            read_only_fields = fields

        def get_cases_url(self, obj) -> str:
            """The API case list filtered to this value."""
            return list_url(self.context, "api:case-list", **{obj.filter_param: obj.slug})

    Detail.__name__ = f"{model.__name__}Serializer"
    return Detail


SectorSerializer = dimension_serializer(Sector)
NationSerializer = dimension_serializer(Nation)
PolicyAreaSerializer = dimension_serializer(PolicyArea)
FundingModelSerializer = dimension_serializer(FundingModel)
TypologySerializer = dimension_serializer(Typology, cited=True)
AccountabilityModeSerializer = dimension_serializer(AccountabilityMode, cited=True)


class RegionSerializer(dimension_serializer(Region, extra=("nation", "itl_code"))):
    nation = NationRef(read_only=True)
