"""JSON shapes of releases: the list gives each release with its files and the counts of its
difference; a release's own record adds the difference in full (releases/diff.py)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from releases.models import Release, ReleaseFile


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "nullable": True,
        "description": "The value in words: text, a list (links, with their citations), or "
        "null for no value.",
    }
)
class DiffValueField(serializers.JSONField):
    pass


class RecordRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, as the release page names it.")
    before = DiffValueField()
    after = DiffValueField()


class ChangedRecordSerializer(RecordRefSerializer):
    fields = FieldChangeSerializer(many=True)


class TableDiffSerializer(serializers.Serializer):
    added = RecordRefSerializer(many=True)
    removed = RecordRefSerializer(many=True)
    changed = ChangedRecordSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    previous = serializers.CharField(
        allow_null=True, help_text="The release compared with; null for the first release."
    )
    case_count = serializers.IntegerField()
    cases = TableDiffSerializer()
    findings = TableDiffSerializer()


class ReleaseFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReleaseFile
        fields = ["name", "url", "content_type", "size", "sha256"]

    def get_url(self, file: ReleaseFile) -> str:
        path = file.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ChangeCountsSerializer(serializers.Serializer):
    cases_added = serializers.IntegerField()
    cases_removed = serializers.IntegerField()
    cases_changed = serializers.IntegerField()


class ReleaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:release-detail", lookup_field="version"
    )
    html_url = serializers.SerializerMethodField()
    previous_version = serializers.SerializerMethodField(
        help_text="The release this one is compared with; null for the first release."
    )
    changes = ChangeCountsSerializer(source="*", help_text="Cases added, removed and changed.")
    files = ReleaseFileSerializer(many=True, read_only=True)

    class Meta:
        model = Release
        fields = [
            "url",
            "html_url",
            "version",
            "published_on",
            "notes",
            "dataset_version",
            "previous_version",
            "case_count",
            "changes",
            "files",
        ]

    def get_html_url(self, release: Release) -> str:
        request = self.context.get("request")
        path = release.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_previous_version(self, release: Release) -> str | None:
        return release.previous_version or None


class ReleaseDetailSerializer(ReleaseSerializer):
    diff = DiffSerializer(read_only=True, help_text="What changed since the previous release.")

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "diff"]
