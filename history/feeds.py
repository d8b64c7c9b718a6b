"""/changes/feed/: the latest changes as an Atom feed, for readers who follow the knowledge base;
`?case=<slug>` follows one case (an unknown slug, or a draft's, is a 404)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from history import describe
from history.views import case_named, public_changes

FEED_SIZE = 50


@dataclass(frozen=True)
class FollowedCase:
    slug: str
    name: str


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Every change to cases, their cited facts and links, findings and quotations."

    def get_object(self, request, *args, **kwargs):
        if "case" not in request.GET:
            return None
        slug = request.GET["case"].strip()
        name, _exists = case_named(slug) if slug else ("", False)
        if not name:
            raise Http404(f"There is no case “{slug}” to follow.")
        return FollowedCase(slug, name)

    def title(self, case):
        if case is None:
            return "Rallying: changes to the knowledge base"
        return f"Rallying: changes to {case.name}"

    def link(self, case):
        url = reverse("history:list")
        return url if case is None else f"{url}?{urlencode({'case': case.slug})}"

    def items(self, case):
        changes = public_changes()
        if case is not None:
            changes = changes.of_case(case.slug)
        return changes[:FEED_SIZE]

    def item_title(self, change):
        return change.summary

    def item_description(self, change):
        lines = [f"{describe.by_whom(change).capitalize()}."]
        lines += [
            f"{field.field}: before “{field.before}”, after “{field.after}”."
            for field in describe.field_changes(change)
        ]
        return "\n".join(lines)

    def item_link(self, change):
        if change.live_case_slug:
            return reverse("cases:detail", args=[change.live_case_slug])
        return reverse("history:list")

    def item_guid(self, change):
        # Stable whatever the host name, and never reused: the entry's id.
        return f"urn:rallying:change:{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at
