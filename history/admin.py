"""The change history in the admin: read-only for everyone, filterable, searchable."""

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from history.models import Change
from history.sentences import field_words
from history.values import key_of


class RecordParameterFilter(admin.SimpleListFilter):
    """A filter reached from a record's History button; shown only while it is applied, so the
    sidebar does not list every case."""

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, value)] if value else []


class CaseFilter(RecordParameterFilter):
    title = "case"
    parameter_name = "case"

    def queryset(self, request, queryset):
        return queryset.of_case(self.value()) if self.value() else queryset


class FindingFilter(RecordParameterFilter):
    title = "finding and its evidence links"
    parameter_name = "finding"

    def queryset(self, request, queryset):
        return queryset.of_finding(self.value()) if self.value() else queryset


class UserFilter(admin.SimpleListFilter):
    title = "who"
    parameter_name = "who"

    def lookups(self, request, model_admin):
        names = (
            Change.objects.exclude(username="")
            .order_by("username")
            .values_list("username", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(username=self.value()) if self.value() else queryset


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "who", "via", "action", "summary", "case_link")
    list_filter = (
        "action",
        "record_type",
        "via",
        UserFilter,
        ("at", admin.DateFieldListFilter),
        CaseFilter,
        FindingFilter,
    )
    search_fields = ("summary", "record_label", "record_key", "case_slug", "case_name", "username")
    date_hierarchy = "at"
    list_per_page = 50
    fields = (
        "at",
        "who",
        "via",
        "action",
        "record_type",
        "record_key",
        "record_link",
        "case_link",
        "summary",
        "differences_table",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Every editor may read the history; nobody may rewrite it.
        return request.user.is_active and request.user.is_staff

    @admin.display(description="who", ordering="username")
    def who(self, change):
        return change.username or "—"

    @admin.display(description="record")
    def record_link(self, change):
        """The record's own admin page while it exists."""
        if not change.record_type or change.record_id is None:
            return change.record_label or "—"
        model = apps.get_model(change.record_type)
        if not model._default_manager.filter(pk=change.record_id).exists():
            return f"{change.record_label} (since deleted)"
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[change.record_id])
        return format_html('<a href="{}">{}</a>', url, change.record_label)

    @admin.display(description="case", ordering="case_slug")
    def case_link(self, change):
        if not change.case_slug:
            return "—"
        url = (
            f"{reverse('admin:history_change_changelist')}?{urlencode({'case': change.case_slug})}"
        )
        return format_html('<a href="{}">{}</a>', url, change.case_name or change.case_slug)

    @admin.display(description="what changed")
    def differences_table(self, change):
        if not change.differences:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (field_words(change.record_type, name), _shown(before), _shown(after))
                for name, (before, after) in change.differences.items()
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>Field</th><th scope='col'>Before</th>"
            "<th scope='col'>After</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or "(none)"
    return str(value)


def history_redirect(**filters) -> HttpResponseRedirect:
    """A record's History button: the change history filtered to it."""
    return HttpResponseRedirect(
        f"{reverse('admin:history_change_changelist')}?{urlencode(filters)}"
    )


class RecordHistoryMixin:
    """A tracked model's admin: its History button opens the change history of the record."""

    def history_filters(self, obj) -> dict:
        return {"record_type__exact": obj._meta.label_lower, "record_key": key_of(obj)}

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().history_view(request, object_id, extra_context)
        return history_redirect(**self.history_filters(obj))
