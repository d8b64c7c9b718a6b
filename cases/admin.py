"""Admin for editors: cases with their cited facts in one page, plus every lookup table.

Findings and quotations are added to the case page by `findings/admin.py`, which keeps the
dependency one way (findings knows cases; cases never imports findings).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.html import format_html

from cases.models import (
    AccountabilityMode,
    Case,
    CaseAccountability,
    CaseFieldCitation,
    CasePolicyArea,
    Classification,
    FundingModel,
    Nation,
    PolicyArea,
    Publication,
    Region,
    Sector,
    Source,
    Study,
    Typology,
)
from history.admin import RecordHistoryMixin

admin.site.site_header = "Rallying editors"
admin.site.site_title = "Rallying editors"
admin.site.index_title = "Cases, findings and sources"

CITATION_FIELDS = ("source", "locator", "basis", "basis_reason")
CITATION_HELP = (
    "Where this comes from. Choose “Editorial inference” when the source does not say it outright, "
    "and give the reason."
)


class PublicationAdminMixin:
    """Draft or published on a publishable model's admin: a column and a filter, the actions
    "Publish selected" and "Return to draft", the state first on the change form with a preview
    link (the admin lists "preview_link" in its readonly_fields). The admin's own queryset (the
    default manager) lists drafts too."""

    actions = ("publish_selected", "return_to_draft")
    publication_fieldset = (
        "Publication",
        {
            "description": "A draft is seen only by editors, here and in its preview, until it "
            "is published: no public page, API, search, count, feed or download shows it.",
            "fields": ("publication", "preview_link"),
        },
    )

    def get_list_display(self, request):
        return (*super().get_list_display(request), "publication")

    def get_list_filter(self, request):
        return ("publication", *super().get_list_filter(request))

    def get_fieldsets(self, request, obj=None):
        return (self.publication_fieldset, *super().get_fieldsets(request, obj))

    @admin.display(description="public page")
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "Saved drafts can be previewed."
        if obj.is_draft:
            return format_html(
                '<a href="{}?preview=1">Preview</a> (as the public will see it once published; '
                "only signed-in editors can open it)",
                obj.get_absolute_url(),
            )
        return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())

    @admin.action(description="Publish selected %(verbose_name_plural)s")
    def publish_selected(self, request, queryset):
        self._set_publication(request, queryset, Publication.PUBLISHED, "published")

    @admin.action(description="Return selected %(verbose_name_plural)s to draft")
    def return_to_draft(self, request, queryset):
        self._set_publication(request, queryset, Publication.DRAFT, "returned to draft")

    def _set_publication(self, request, queryset, state: str, done: str) -> None:
        # Each row is saved on its own, not updated in bulk, so that the change history records
        # each one's publication (history/recording.py) and the dataset revision moves.
        changed = []
        with transaction.atomic():
            for obj in queryset.exclude(publication=state).order_by("pk"):
                obj.publication = state
                obj.save()
                self.log_change(request, obj, f"Publication: {obj.get_publication_display()}.")
                changed.append(obj)
        noun = (
            self.model._meta.verbose_name
            if len(changed) == 1
            else (self.model._meta.verbose_name_plural)
        )
        if changed:
            self.message_user(request, f"{len(changed)} {noun} {done}.", messages.SUCCESS)
        else:
            self.message_user(request, f"Nothing to change: already {done}.", messages.INFO)


class CitedInline(admin.TabularInline):
    """An inline for a link that carries its own citation."""

    extra = 0
    autocomplete_fields = ["source"]


class CaseFieldCitationInline(CitedInline):
    model = CaseFieldCitation
    fields = ("field_name", "value", *CITATION_FIELDS, "note")
    verbose_name_plural = "Sources of this case's facts (place, region, start year…)"


class CasePolicyAreaInline(CitedInline):
    model = CasePolicyArea
    fields = ("policy_area", *CITATION_FIELDS, "note")


class ClassificationInline(CitedInline):
    model = Classification
    fields = ("study", "typology", *CITATION_FIELDS, "note")
    verbose_name_plural = "Studies this case appears in, and the type each gives it"
    autocomplete_fields = ["source", "typology"]


class CaseAccountabilityInline(CitedInline):
    model = CaseAccountability
    fields = ("mode", *CITATION_FIELDS, "note")


@admin.register(Case)
class CaseAdmin(PublicationAdminMixin, RecordHistoryMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "place_label",
        "sector",
        "region",
        "started",
        "permanence",
        "status",
    )
    list_filter = (
        "status",
        "sector",
        "region__nation",
        "region",
        ("classifications__study", admin.RelatedOnlyFieldListFilter),
        ("classifications__typology", admin.RelatedOnlyFieldListFilter),
        "classifications__basis",
        "permanence",
        "funding_model",
        "policy_areas",
        "accountability_modes",
    )
    list_select_related = ("sector", "region")
    search_fields = (
        "name",
        "slug",
        "place_label",
        "lead_organisation",
        "initiative_name",
        "summary",
    )
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at", "preview_link")
    fieldsets = (
        (None, {"fields": ("name", "slug", "lead_organisation", "initiative_name", "sector")}),
        (
            "Place",
            {"fields": ("place_label", "region", ("latitude", "longitude"))},
        ),
        ("Context", {"fields": ("started", "permanence", "funding_model")}),
        (
            "Latest known status",
            {
                "description": "Where the collaboration stands now, as of when, as the latest "
                "source we could read has it. Cite it below as the fact “Latest known status”; "
                "leave it “Not known” when no source says.",
                "fields": ("status", ("status_year", "status_month"), "status_note"),
            },
        ),
        ("Text in our own words", {"fields": ("summary", "description")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = [
        ClassificationInline,
        CaseFieldCitationInline,
        CasePolicyAreaInline,
        CaseAccountabilityInline,
    ]

    def get_readonly_fields(self, request, obj=None):
        # A slug is a public URL: editors set it once, when the case is created.
        if obj is not None:
            return (*self.readonly_fields, "slug")
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def history_filters(self, obj) -> dict:
        # The case with its cited links, evidence links and quotations.
        return {"case": obj.slug}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "kind", "origin", "study", "year", "month", "publisher")
    list_filter = ("origin", "study", "kind", "year")
    list_select_related = ("study",)
    search_fields = ("key", "title", "authors", "publisher", "url", "doi")
    prepopulated_fields = {"key": ("title",)}


class CaseCountMixin:
    """Lists each row with how many cases it has, counted in the list's own query."""

    cases_path = "cases"

    def get_queryset(self, request):
        cases = Count(self.cases_path, distinct=True)
        return super().get_queryset(request).annotate(_case_count=cases)

    @admin.display(description="cases", ordering="_case_count")
    def case_count(self, obj):
        return obj._case_count


class DimensionAdmin(CaseCountMixin, admin.ModelAdmin):
    """Shared admin for the lookup tables: name, slug, order and how many cases use each value."""

    list_display = ("name", "slug", "order", "case_count")
    list_editable = ("order",)
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}


class CitedDimensionAdmin(DimensionAdmin):
    list_display = (*DimensionAdmin.list_display, "study", "basis", "source")
    list_filter = ("study",)
    list_select_related = ("source", "study")
    autocomplete_fields = ["source"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "study", "order")}),
        (
            "Definition",
            {
                "description": "The study's own words, quoted exactly, and any explanation of "
                "ours, which pages label “Our explanation”.",
                "fields": ("source_wording", "definition"),
            },
        ),
        (
            "Where the study's words come from",
            {"description": CITATION_HELP, "fields": CITATION_FIELDS},
        ),
    )


@admin.register(Nation)
class NationAdmin(DimensionAdmin):
    cases_path = "regions__cases"


@admin.register(Region)
class RegionAdmin(DimensionAdmin):
    list_display = ("name", "slug", "nation", "itl_code", "order", "case_count")
    list_filter = ("nation",)
    list_select_related = ("nation",)


admin.site.register(Sector, DimensionAdmin)
admin.site.register(PolicyArea, DimensionAdmin)
admin.site.register(FundingModel, DimensionAdmin)


@admin.register(Typology)
class TypologyAdmin(CitedDimensionAdmin):
    cases_path = "classifications"


admin.site.register(AccountabilityMode, CitedDimensionAdmin)


@admin.register(CaseFieldCitation)
class CaseFieldCitationAdmin(RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("case", "field_name", "source", "locator", "basis")
    list_filter = ("field_name", "basis", "source__origin", "source")
    list_select_related = ("case", "source")
    search_fields = ("case__name", "locator", "basis_reason", "note")
    autocomplete_fields = ["case", "source"]


@admin.register(CaseAccountability)
class CaseAccountabilityAdmin(RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("case", "mode", "source", "basis")
    list_filter = ("mode", "basis")
    list_select_related = ("case", "mode", "source")
    search_fields = ("case__name", "mode__name", "note", "basis_reason")
    autocomplete_fields = ["case", "source"]


@admin.register(CasePolicyArea)
class CasePolicyAreaAdmin(RecordHistoryMixin, admin.ModelAdmin):
    list_display = ("case", "policy_area", "source", "basis")
    list_filter = ("policy_area", "basis")
    list_select_related = ("case", "policy_area", "source")
    search_fields = ("case__name", "policy_area__name", "note", "basis_reason")
    autocomplete_fields = ["case", "source"]


class StudyPartInline(admin.TabularInline):
    """What belongs to the study, listed on its page; each is edited on its own page, where its
    study can be changed."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StudyTypologyInline(StudyPartInline):
    model = Typology
    fields = ("name", "slug")
    verbose_name_plural = "Its types of collaboration"


class StudyModeInline(StudyPartInline):
    model = AccountabilityMode
    fields = ("name", "slug")
    verbose_name_plural = "Its accountability modes"


class StudySourceInline(StudyPartInline):
    model = Source
    fields = ("title", "key", "kind", "year")
    verbose_name_plural = "Its publications"


@admin.register(Study)
class StudyAdmin(PublicationAdminMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "year", "month")
    list_filter = ("kind",)
    search_fields = ("title", "slug", "authors", "publisher", "doi", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["source"]
    readonly_fields = ("preview_link",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "authors", "publisher", "year", "month")}),
        ("Where to find it", {"fields": ("doi", "url")}),
        (
            "What it is",
            {
                "description": "In our own words. The note on its cases says what we know of the "
                "places it looked at, and why none is recorded when it has none.",
                "fields": ("summary", "cases_note"),
            },
        ),
        ("Where the summary comes from", {"description": CITATION_HELP, "fields": CITATION_FIELDS}),
    )
    inlines = [StudyTypologyInline, StudyModeInline, StudySourceInline]
