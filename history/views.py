"""The public changelog, /changes/: what changed in the knowledge base, newest first."""

from itertools import groupby

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import F
from django.utils import timezone
from django.views.generic import TemplateView

from history import describe
from history.models import EXPLICIT_RECORD_TYPES, Change

CHANGES_PER_PAGE = 50


def _cases():
    """The case model through the history's own link to it: history/ imports no other app."""
    return Change._meta.get_field("case").related_model


def public_changes():
    """Entries with the case's current slug (None once the case is gone), in one query.

    Editorial entries (decisions on readers' suggestions) are not public. The entries of a case
    that is a draft now are left out, all of them, as if it did not exist; once it is published,
    its whole history shows, the changes made while it was a draft too. The same for a finding of
    a study that is a draft now."""
    findings = apps.get_model("findings", "Finding").objects
    draft_findings = findings.exclude(pk__in=findings.public().values("pk")).values("slug")
    return (
        Change.objects.exclude(record_type__in=EXPLICIT_RECORD_TYPES)
        .exclude(case__in=_cases().all_objects.drafts().values("pk"))
        .exclude(record_type="findings.finding", record_key__in=draft_findings)
        .annotate(live_case_slug=F("case__slug"))
        .order_by("-at", "-pk")
    )


def case_named(slug: str) -> tuple[str, bool]:
    """(name, still exists) for a `?case=` value: a published case today, or one the public
    history remembers; ("", False) for a slug neither knows, a draft's included."""
    name = _cases().objects.filter(slug=slug).values_list("name", flat=True).first()
    if name is not None:
        return name, True
    remembered = public_changes().filter(case_slug=slug).values_list("case_name", flat=True)
    return remembered.first() or "", False


class ChangeListView(TemplateView):
    """Queries: the count and the page of entries (2), plus 1 to check a `?case=` filter (and 1
    more when that case has been deleted). Constant at any number of entries or cases."""

    template_name = "history/change_list.html"

    def get(self, request, *args, **kwargs):
        changes = public_changes()
        slug = request.GET.get("case", "").strip()
        case_name, case_exists, error = "", False, ""
        if "case" in request.GET:
            case_name, case_exists = case_named(slug) if slug else ("", False)
            if not slug:
                error = "Name a case after ?case=, as in ?case=kibble. Showing every change."
            elif not case_name:
                error = f"There is no case “{slug}”. Showing the changes to every case."
            else:
                changes = changes.of_case(slug)
        paginator = Paginator(changes, CHANGES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context = self.get_context_data(
            page_obj=page,
            page_links=paginator.get_elided_page_range(page.number),
            days=by_day(page.object_list),
            case_slug=slug if case_exists else "",
            case_name=case_name,
            error=error,
        )
        return self.render_to_response(context, status=400 if error else 200)


def by_day(changes) -> list[tuple]:
    """[(local date, [entries…]), …], each entry with its readable parts."""
    entries = [
        {
            "change": change,
            "by_whom": describe.by_whom(change),
            "fields": describe.field_changes(change),
        }
        for change in changes
    ]
    return [
        (day, list(group))
        for day, group in groupby(entries, key=lambda entry: timezone.localdate(entry["change"].at))
    ]
