"""/changes/feed/: the latest changes as an Atom feed, for readers who follow the knowledge base."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from history import describe
from history.views import public_changes

FEED_SIZE = 50


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    title = "Rallying: changes to the knowledge base"
    subtitle = "Every change to cases, their cited facts and links, findings and quotations."

    def link(self):
        return reverse("history:list")

    def items(self):
        return public_changes()[:FEED_SIZE]

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
