"""The site search page: one query across cases, findings and quotations (search/queries.py)."""

from django import forms
from django.urls import reverse
from django.views.generic import TemplateView

from search.queries import MAX_QUERY_LENGTH, normalise, site_search


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search cases, findings and quotations",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                "Your search is too long: enter %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            )
        },
    )

    def clean_q(self):
        return normalise(self.cleaned_data["q"])


class SearchView(TemplateView):
    """Search across cases, findings and quotations; see search/queries.py for the queries.

    An empty query shows the form and a hint; a query over MAX_QUERY_LENGTH characters is a 400.
    """

    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        valid = form.is_valid()
        text = form.cleaned_data.get("q", "") if valid else ""
        context = self.get_context_data(
            form=form,
            search_text=text,
            # The header's search box keeps the query.
            site_search_text=text if valid else request.GET.get("q", "")[:MAX_QUERY_LENGTH],
            results=site_search(text) if text else None,
            max_length=MAX_QUERY_LENGTH,
            cases_url=reverse("cases:list"),
        )
        return self.render_to_response(context, status=200 if valid else 400)
