"""/contribute/: what happens to a suggestion, the two forms, and the confirmation.

The forms' pages are private at the edge (edge/middleware.py PRIVATE_PREFIXES): they carry each
reader's CSRF token. The confirmation shows what this browser sent, from its session only, so no
address can show one reader's suggestion to another.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from contributions import rate_limit
from contributions.current_values import current_value
from contributions.forms import CaseSuggestionForm, CorrectionForm, prefilled_correction
from contributions.models import Kind, new_reference
from contributions.services import suggestion_receive

RECEIVED = "contributions_received"


class ContributeView(TemplateView):
    template_name = "contributions/contribute.html"


class SuggestionFormView(FormView):
    """GET shows the form (queries: the case form's sectors and studies, 2; the correction
    form's case, 1, and 1 more for a fact held in links). A POST over the rate is a 429; one with the honeypot filled gets the
    confirmation and stores nothing; a valid one is stored; both redirect (303) to the
    confirmation."""

    def post(self, request, *args, **kwargs):
        wait = rate_limit.wait_seconds(request)
        if wait is not None:
            return too_many(request, wait)
        form = self.get_form()
        if form.is_bot:
            rows = form.received() if form.is_valid() else []
            return self.received(form.kind, new_reference(), rows=rows)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        suggestion = suggestion_receive(suggestion=form.save(commit=False))
        return self.received(form.kind, suggestion.reference, rows=form.received())

    def received(self, kind: str, reference: str, *, rows: list):
        rate_limit.count_received(self.request)
        self.request.session[RECEIVED] = {"reference": reference, "kind": kind, "rows": rows}
        return HttpResponseRedirect(reverse("contributions:received"), status=303)


class CaseSuggestionView(SuggestionFormView):
    form_class = CaseSuggestionForm
    template_name = "contributions/case_form.html"


class CorrectionView(SuggestionFormView):
    form_class = CorrectionForm
    template_name = "contributions/correction_form.html"

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("case", "").strip()
        field = request.GET.get("field", "").strip()
        form, errors, case = prefilled_correction(slug, field)
        context = self.get_context_data(form=form)
        if case is not None and "field" in form.initial:
            context["current_value"] = current_value(case, form.initial["field"])
        context["case"] = case
        return self.render_to_response(context, status=400 if errors else 200)


class ReceivedView(TemplateView):
    """What this browser just sent, from its session; a plain note when there is none."""

    template_name = "contributions/received.html"

    def get_context_data(self, **kwargs):
        received = self.request.session.get(RECEIVED)
        return super().get_context_data(
            received=received,
            is_correction=bool(received) and received["kind"] == Kind.CORRECTION,
            **kwargs,
        )


def too_many(request, wait: int):
    minutes = max(1, -(-wait // 60))
    response = render(
        request,
        "contributions/too_many.html",
        {"wait_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response
