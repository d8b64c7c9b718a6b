"""Admin for findings and quotations, and their inlines on the case page."""

from django.contrib import admin

from cases.admin import (
    CITATION_FIELDS,
    CITATION_HELP,
    CaseAdmin,
    CaseCountMixin,
    CitedInline,
    StudyAdmin,
    StudyPartInline,
)
from cases.models import Case, Study
from findings.models import CaseFinding, Finding, Quotation
from history.admin import RecordHistoryMixin


class EvidenceLinkInline(CitedInline):
    model = CaseFinding
    fields = ("case", *CITATION_FIELDS, "note")
    autocomplete_fields = ["case", "source"]
    verbose_name_plural = "Cases that illustrate this finding"


class CaseEvidenceLinkInline(CitedInline):
    model = CaseFinding
    fields = ("finding", *CITATION_FIELDS, "note")
    autocomplete_fields = ["finding", "source"]
    verbose_name_plural = "Findings this case illustrates"


class QuotationInline(admin.StackedInline):
    model = Quotation
    extra = 0
    fields = ("slug", "speaker_role", "text", "findings", *CITATION_FIELDS, "order")
    autocomplete_fields = ["source", "findings"]


@admin.register(Finding)
class FindingAdmin(CaseCountMixin, RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "study", "order", "basis", "source", "case_count")
    list_filter = ("study", "kind", "basis", "source")
    list_select_related = ("source", "study")
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["source"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "study", "kind", "order", "summary")}),
        ("Where it comes from", {"description": CITATION_HELP, "fields": CITATION_FIELDS}),
    )
    inlines = [EvidenceLinkInline]

    def history_filters(self, obj) -> dict:
        # The finding with its evidence links.
        return {"finding": obj.slug}


@admin.register(Quotation)
class QuotationAdmin(RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("__str__", "speaker_role", "case", "basis", "source")
    list_filter = ("case", "basis", "findings")
    list_select_related = ("case", "source")
    search_fields = ("text", "speaker_role", "case__name", "slug")
    autocomplete_fields = ["case", "source", "findings"]


@admin.register(CaseFinding)
class CaseFindingAdmin(RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("case", "finding", "source", "basis")
    list_filter = ("finding__kind", "basis")
    list_select_related = ("case", "finding", "source")
    search_fields = ("case__name", "finding__title", "note")
    autocomplete_fields = ["case", "finding", "source"]


class CaseWithEvidenceAdmin(CaseAdmin):
    """The case page, with its quotations and evidence links to findings as well."""

    inlines = [*CaseAdmin.inlines, CaseEvidenceLinkInline, QuotationInline]


admin.site.unregister(Case)
admin.site.register(Case, CaseWithEvidenceAdmin)


class StudyFindingInline(StudyPartInline):
    model = Finding
    fields = ("title", "kind", "slug")
    verbose_name_plural = "Its findings"


class StudyWithFindingsAdmin(StudyAdmin):
    """The study's page, with its findings as well."""

    inlines = [*StudyAdmin.inlines, StudyFindingInline]


admin.site.unregister(Study)
admin.site.register(Study, StudyWithFindingsAdmin)
