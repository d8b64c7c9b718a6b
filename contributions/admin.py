"""The moderation queue: readers' suggestions, new first, each accepted or rejected with a
reason. A reader's text is shown as typed and never marked safe (the admin escapes it)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from contributions import services
from contributions.admin_forms import AcceptCaseForm, AcceptCorrectionForm, RejectForm
from contributions.models import Kind, State, Suggestion

SHOWN_CHARS = 80

COMMON_FIELDS = ("reference", "kind", "state", "created_at")
DECISION_FIELDS = ("decided_at", "decided_by", "decision_reason", "contact_email")
CASE_FIELDS = (
    "name",
    "place",
    "sector",
    "description",
    "source_list",
    "study",
    "created_case_link",
)
CORRECTION_FIELDS = (
    "case_link",
    "field",
    "current_value",
    "proposed_value",
    "source_list",
    "applied_at",
)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "state", "what", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("reference", "name", "place", "case_slug", "case_name", "proposed_value")
    list_per_page = 50
    readonly_fields = (
        *COMMON_FIELDS,
        *DECISION_FIELDS,
        *CASE_FIELDS,
        *CORRECTION_FIELDS,
    )

    def get_ordering(self, request):
        # The queue: new suggestions first, then the newest.
        return [
            models.Case(
                models.When(state=State.NEW, then=models.Value(0)), default=models.Value(1)
            ).asc(),
            "-created_at",
            "-pk",
        ]

    def get_fieldsets(self, request, obj=None):
        what = CASE_FIELDS if obj is None or obj.kind == Kind.CASE else CORRECTION_FIELDS
        return [
            (None, {"fields": COMMON_FIELDS}),
            ("What the reader suggested", {"fields": what}),
            ("Decision", {"fields": DECISION_FIELDS}),
        ]

    def has_add_permission(self, request):
        return False  # suggestions come from readers, through /contribute/

    @admin.display(description="what was suggested")
    def what(self, suggestion):
        return Truncator(suggestion.subject).chars(SHOWN_CHARS)

    @admin.display(description="sources")
    def source_list(self, suggestion):
        lines = suggestion.source_lines
        if not lines:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )

    @admin.display(description="case")
    def case_link(self, suggestion):
        label = suggestion.case_name or suggestion.case_slug
        if suggestion.case_id is None:
            return f"{label} (since deleted)" if label else "—"
        url = reverse("admin:cases_case_change", args=[suggestion.case_id])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="draft case made")
    def created_case_link(self, suggestion):
        if suggestion.created_case_id is None:
            return "—"
        url = reverse("admin:cases_case_change", args=[suggestion.created_case_id])
        return format_html('<a href="{}">{}</a>', url, suggestion.created_case)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is the reader's or the decision's: nothing to save from this page.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="contributions_suggestion_accept",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="contributions_suggestion_reject",
            ),
            path(
                "<path:object_id>/applied/",
                self.admin_site.admin_view(self.applied_view),
                name="contributions_suggestion_applied",
            ),
        ]
        return own + super().get_urls()

    def _suggestion(self, request, object_id) -> Suggestion:
        suggestion = get_object_or_404(Suggestion, pk=object_id)
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        return suggestion

    def _decision_page(self, request, suggestion, form, *, title: str, button: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": suggestion,
            "suggestion": suggestion,
            "form": form,
            "title": title,
            "button": button,
        }
        return TemplateResponse(request, "admin/contributions/suggestion/decide.html", context)

    def _back(self, suggestion):
        return HttpResponseRedirect(
            reverse("admin:contributions_suggestion_change", args=[suggestion.pk])
        )

    def reject_view(self, request, object_id):
        suggestion = self._suggestion(request, object_id)
        if suggestion.state != State.NEW:
            messages.error(request, "This suggestion is already decided.")
            return self._back(suggestion)
        form = RejectForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.suggestion_reject(
                    suggestion=suggestion, editor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Rejected suggestion {suggestion.reference}.")
                return self._back(suggestion)
        return self._decision_page(
            request,
            suggestion,
            form,
            title=f"Reject suggestion {suggestion.reference}",
            button="Reject",
        )

    def accept_view(self, request, object_id):
        suggestion = self._suggestion(request, object_id)
        if suggestion.state != State.NEW:
            messages.error(request, "This suggestion is already decided.")
            return self._back(suggestion)
        is_case = suggestion.kind == Kind.CASE
        form_class = AcceptCaseForm if is_case else AcceptCorrectionForm
        initial = {"slug": services.free_slug(suggestion.name)} if is_case else {}
        form = form_class(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                if is_case:
                    case = services.suggestion_accept_case(
                        suggestion=suggestion, editor=request.user, **form.cleaned_data
                    )
                else:
                    services.suggestion_accept_correction(
                        suggestion=suggestion, editor=request.user, **form.cleaned_data
                    )
                    case = suggestion.case
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._after_accept(request, suggestion, case, is_case=is_case)
        return self._decision_page(
            request,
            suggestion,
            form,
            title=f"Accept suggestion {suggestion.reference}",
            button="Accept",
        )

    def _after_accept(self, request, suggestion, case, *, is_case: bool):
        if case is None:
            messages.warning(
                request,
                f"Accepted suggestion {suggestion.reference}, but its case has since been deleted.",
            )
            return self._back(suggestion)
        if is_case:
            messages.success(
                request,
                f"Accepted suggestion {suggestion.reference}: this draft case was made from it, "
                "with a source per reference given. Check each fact against its source before "
                "publishing it.",
            )
        else:
            messages.success(
                request,
                f"Accepted correction {suggestion.reference}: it is shown at the top of this "
                "case. Make the change, then mark it as applied.",
            )
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def applied_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        suggestion = self._suggestion(request, object_id)
        try:
            services.correction_mark_applied(suggestion=suggestion, editor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._back(suggestion)
        messages.success(request, f"Marked correction {suggestion.reference} as applied.")
        if suggestion.case_id is None:
            return self._back(suggestion)
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[suggestion.case_id]))
