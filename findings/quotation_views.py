"""The quotations pages: every quotation, filterable, and each quotation on a page of its own."""

from django.views.generic import DetailView

from findings.models import Quotation


class QuotationDetailView(DetailView):
    """One quotation: its words, who said them, its case, the findings it illustrates and its
    source. Queries: the quotation (case and source joined), its findings (study joined)."""

    template_name = "findings/quotation_detail.html"
    context_object_name = "quotation"

    def get_queryset(self):
        # A draft case's quotation is not found, as the case itself is not.
        return Quotation.objects.for_list()
