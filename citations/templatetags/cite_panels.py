"""The cite panels and citation meta tags of the pages that can be cited.

Tags, not view context, because the pages' apps (cases, findings) sit below this one and may not
import it. Each tag builds its citation from what the page's view already loaded; the one query
they add is the latest release, read once per request however many tags ask for it.
"""

from django import template
from django.utils import timezone

from citations.builders import (
    case_citation,
    case_list_citation,
    finding_citation,
    quotation_citation,
    release_citation,
)
from citations.case_list import criteria_in_words, list_query
from citations.panels import CitePanel, cite_links
from releases.current import latest_release
from releases.models import Release

register = template.Library()

NOT_YET = object()


def _release(request) -> Release | None:
    """`latest_release()`, kept on the request so the panel and the meta tags share one query."""
    if request is None:
        return latest_release()
    release = getattr(request, "_citations_release", NOT_YET)
    if release is NOT_YET:
        release = request._citations_release = latest_release()
    return release


def _cited_as(context) -> dict:
    request = context["request"]
    return {
        "release": _release(request),
        "absolute": request.build_absolute_uri,
        "today": timezone.localdate(),
    }


def _panel(heading: str, citation, url_name: str, key: str) -> CitePanel:
    """The panel of one record's citation, with a link to each format's file."""
    return CitePanel(heading, citation, cite_links(url_name, [key], stem=citation.key))


@register.simple_tag(takes_context=True)
def case_cite_panel(context, case) -> CitePanel:
    """`{% case_cite_panel case as cite %}`: a case from the case page (for_detail, last change)."""
    if case.is_draft:
        return CitePanel(
            "Cite this case", None, unavailable="A draft can be cited once it is published."
        )
    citation = case_citation(case, **_cited_as(context))
    return _panel("Cite this case", citation, "citations:case", case.slug)


@register.simple_tag(takes_context=True)
def finding_cite_panel(context, finding) -> CitePanel:
    """`{% finding_cite_panel finding as cite %}`: a finding with its source joined."""
    citation = finding_citation(finding, **_cited_as(context))
    return _panel("Cite this finding", citation, "citations:finding", finding.slug)


@register.simple_tag(takes_context=True)
def quotation_cite_panel(context, quotation) -> CitePanel:
    """`{% quotation_cite_panel quotation as cite %}`: a quotation with its case and source."""
    citation = quotation_citation(quotation, **_cited_as(context))
    return _panel("Cite this quotation", citation, "citations:quotation", quotation.slug)


@register.simple_tag(takes_context=True)
def release_cite_panel(context, release) -> CitePanel:
    """`{% release_cite_panel release as cite %}`: the dataset at one release (no query)."""
    request = context["request"]
    citation = release_citation(
        release, absolute=request.build_absolute_uri, today=timezone.localdate()
    )
    return _panel("Cite this release", citation, "citations:release", release.version)


@register.inclusion_tag("citations/_cite_panel.html", takes_context=True)
def cite_this_view(context):
    """`{% cite_this_view %}` on the case list: the list as its filters make it, from the list's
    own context (its FilterSet, facets and count). Nothing to cite while a filter is wrong."""
    filterset = context.get("filter")
    if filterset is None or (filterset.is_bound and not filterset.is_valid()):
        return {"cite": None}
    request = context["request"]
    query = list_query(request.GET)
    url = request.build_absolute_uri(request.path + (f"?{query}" if query else ""))
    citation = case_list_citation(
        criteria=criteria_in_words(filterset, context["facets"]),
        count=context["result_count"],
        url=url,
        **_cited_as(context),
    )
    links = cite_links("citations:case-list", [], stem=citation.key, query=query)
    return {"cite": CitePanel("Cite this view", citation, links), "panel_id": "cite-view"}


@register.inclusion_tag("citations/_source_cite_links.html")
def source_cite_links(source):
    """`{% source_cite_links source %}`: links to one source's citation files (no query)."""
    return {
        "links": cite_links("citations:source", [source.key], stem=source.key),
        "title": source.title,
    }
