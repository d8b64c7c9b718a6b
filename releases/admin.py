"""Publishing a release from the admin: an add form (version, date, notes) whose save runs
releases.services.release_publish; its problems are shown on the form and nothing is written.

A published release is read-only but for its notes, which may be corrected. Its files are listed
with their sizes and checksums, never editable. Releases cannot be deleted: a citation may name
one, and a version is never reused."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from releases.models import Release, ReleaseFile
from releases.services import release_correct_notes, release_publish


class PublishForm(forms.Form):
    """What an editor gives; the service checks it (releases.services.release_problems)."""

    version = forms.CharField(max_length=40, help_text=Release._meta.get_field("version").help_text)
    published_on = forms.DateField(
        label="Date", help_text="Today, or a day since the latest release. As 2026-11-29."
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What changed in this release, for readers. The page adds the full list of "
        "cases added, removed and changed.",
    )


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ["name", "content_type", "size", "sha256", "download"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content").select_related("release")

    @admin.display(description="Download")
    def download(self, file: ReleaseFile) -> str:
        return format_html('<a href="{}">{}</a>', file.get_absolute_url(), file.name)


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = [
        "version",
        "published_on",
        "case_count",
        "cases_added",
        "cases_removed",
        "cases_changed",
    ]
    search_fields = ["version", "notes"]
    fields = [
        "version",
        "published_on",
        "notes",
        "page",
        "dataset_version",
        "previous_version",
        "case_count",
        "cases_added",
        "cases_removed",
        "cases_changed",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name != "notes"]
    inlines = [ReleaseFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("diff")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Public page")
    def page(self, release: Release) -> str:
        return format_html(
            '<a href="{}">{}</a> (notes, what changed, files)',
            release.get_absolute_url(),
            release.get_absolute_url(),
        )

    def save_model(self, request, obj, form, change):
        release_correct_notes(release=obj, notes=form.cleaned_data["notes"])

    def add_view(self, request, form_url="", extra_context=None):
        """The publish form: a valid one publishes the release through the service, whose
        problems (the version already used, a date before the latest release's, the data changing
        meanwhile) are shown on the form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = PublishForm(request.POST)
            if form.is_valid():
                try:
                    release = release_publish(
                        **form.cleaned_data, base_url=request.build_absolute_uri("/")
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.log_addition(request, release, [{"added": {}}])
                    messages.success(
                        request,
                        f"Release {release.version} is published, with its files and what "
                        "changed since the release before.",
                    )
                    return redirect(reverse("admin:releases_release_change", args=[release.pk]))
        else:
            form = PublishForm(initial={"published_on": timezone.localdate()})
        fieldsets = [(None, {"fields": list(PublishForm.base_fields)})]
        admin_form = helpers.AdminForm(form, fieldsets, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish a release",
            "subtitle": None,
            "adminform": admin_form,
            "object_id": None,
            "original": None,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=True, form_url=form_url)
