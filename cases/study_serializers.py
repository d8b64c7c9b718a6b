"""JSON shape of a study: its bibliographic facts, its summary with its citation, and its framework
(types, accountability modes, findings) and publications as references to their own records."""

from rest_framework import serializers

from cases.models import Study, StudyKind
from cases.serializers import CitationSerializer, ModeRef, TypologyRef


class StudyFindingRef(serializers.Serializer):
    """A finding by reference (findings/serializers.py has the record; `cases` may not import it)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:finding-detail", lookup_field="slug")
    slug = serializers.SlugField(read_only=True)
    label = serializers.CharField(source="title", read_only=True)
    kind = serializers.CharField(read_only=True)


class StudySourceRef(serializers.Serializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="key")
    slug = serializers.SlugField(source="key", read_only=True)
    label = serializers.CharField(source="title", read_only=True)


class StudySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:study-detail", lookup_field="slug")
    label = serializers.CharField(source="title", read_only=True)
    kind = serializers.ChoiceField(choices=StudyKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    web_url = serializers.URLField(source="url", read_only=True)
    citation = CitationSerializer(
        source="*", read_only=True, help_text="Where the summary comes from."
    )
    typologies = TypologyRef(many=True, read_only=True, help_text="The types it defines.")
    accountability_modes = ModeRef(
        many=True, read_only=True, help_text="The accountability modes it defines."
    )
    findings = StudyFindingRef(many=True, read_only=True)
    sources = StudySourceRef(many=True, read_only=True, help_text="Its own publications.")
    case_count = serializers.IntegerField(
        source="n_cases",
        read_only=True,
        help_text="Cases the study includes (each with the type it gives, if any).",
    )

    class Meta:
        model = Study
        fields = [
            "url",
            "slug",
            "label",
            "title",
            "authors",
            "publisher",
            "year",
            "month",
            "kind",
            "kind_label",
            "doi",
            "web_url",
            "summary",
            "citation",
            "cases_note",
            "typologies",
            "accountability_modes",
            "findings",
            "sources",
            "case_count",
        ]
        read_only_fields = fields
