"""JSON shapes of findings, quotations and evidence links (case ↔ finding)."""

from rest_framework import serializers

from cases.models import Case, Source
from cases.serializers import CitationSerializer, list_url
from cases.write_serializer import WriteSerializer
from findings.models import CaseFinding, Finding, FindingKind, Quotation


class CaseRef(serializers.Serializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail", lookup_field="slug")
    slug = serializers.SlugField(read_only=True)
    label = serializers.CharField(source="name", read_only=True)


class FindingRef(serializers.Serializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:finding-detail", lookup_field="slug")
    slug = serializers.SlugField(read_only=True)
    label = serializers.CharField(source="title", read_only=True)
    kind = serializers.ChoiceField(choices=FindingKind.choices, read_only=True)
    study = serializers.SlugField(
        source="study.slug", read_only=True, help_text="The study whose finding it is."
    )


class QuotationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:quotation-detail", lookup_field="slug"
    )
    label = serializers.SerializerMethodField()
    case = CaseRef(read_only=True)
    findings = FindingRef(many=True, read_only=True)
    citation = CitationSerializer(source="*", read_only=True)

    class Meta:
        model = Quotation
        fields = ["url", "slug", "label", "text", "speaker_role", "case", "findings", "citation"]
        read_only_fields = fields

    def get_label(self, quotation) -> str:
        return f"{quotation.speaker_role}, {quotation.case.name}"


class FindingSerializer(serializers.ModelSerializer):
    """A finding with its citation and the size and address of its evidence and quotations.

    The lists themselves are paginated endpoints: at thousands of cases a finding has thousands
    of evidence links, too many to embed. Load with FindingViewSet's queryset (the counts)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:finding-detail", lookup_field="slug")
    label = serializers.CharField(source="title", read_only=True)
    kind = serializers.ChoiceField(choices=FindingKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    study = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The study whose finding it is."
    )
    citation = CitationSerializer(source="*", read_only=True)
    evidence_count = serializers.IntegerField(
        source="n_cases",
        read_only=True,
        help_text="Number of evidence links (cases) behind the finding.",
    )
    evidence_url = serializers.SerializerMethodField()
    quotation_count = serializers.IntegerField(
        source="n_quotations",
        read_only=True,
        help_text="Number of quotations that illustrate the finding.",
    )
    quotations_url = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "url",
            "slug",
            "label",
            "title",
            "kind",
            "kind_label",
            "study",
            "summary",
            "order",
            "citation",
            "evidence_count",
            "evidence_url",
            "quotation_count",
            "quotations_url",
        ]
        read_only_fields = fields

    def get_evidence_url(self, finding) -> str:
        """The evidence links of this finding: /api/evidence-links/?finding=<slug>."""
        return list_url(self.context, "api:evidence-link-list", finding=finding.slug)

    def get_quotations_url(self, finding) -> str:
        """The quotations illustrating this finding: /api/quotations/?finding=<slug>."""
        return list_url(self.context, "api:quotation-list", finding=finding.slug)


class CitedWriteSerializer(WriteSerializer):
    """Fields every cited write takes: the source by key, locator, basis and reason."""

    source = serializers.SlugRelatedField(slug_field="key", queryset=Source.objects.all())


class QuotationWriteSerializer(CitedWriteSerializer):
    case = serializers.SlugRelatedField(slug_field="slug", queryset=Case.objects.all())
    findings = serializers.SlugRelatedField(
        slug_field="slug", queryset=Finding.objects.all(), many=True, required=False
    )

    class Meta:
        model = Quotation
        fields = [
            "slug",
            "text",
            "speaker_role",
            "case",
            "findings",
            "order",
            "source",
            "locator",
            "basis",
            "basis_reason",
        ]
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


class EvidenceLinkWriteSerializer(CitedWriteSerializer):
    case = serializers.SlugRelatedField(slug_field="slug", queryset=Case.objects.all())
    finding = serializers.SlugRelatedField(slug_field="slug", queryset=Finding.objects.all())

    class Meta:
        model = CaseFinding
        fields = ["case", "finding", "note", "source", "locator", "basis", "basis_reason"]
        validators = []


class EvidenceLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:evidence-link-detail")
    case = CaseRef(read_only=True)
    finding = FindingRef(read_only=True)
    citation = CitationSerializer(source="*", read_only=True)

    class Meta:
        model = CaseFinding
        fields = ["url", "id", "case", "finding", "note", "citation"]
        read_only_fields = fields
