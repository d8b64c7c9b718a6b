"""One builder per thing that can be cited: a case, a finding, a quotation, a source, a filtered
list of cases, an evidence pack and a dataset release. Each makes the one Citation that every
format and page writes out (citations/formats/, the cite panels, the meta tags).

The builders read only rows already loaded (the views and tags load them); `absolute` turns a
path into a full address (request.build_absolute_uri) and `today` is the day the reader reads.
"""

import re
from collections.abc import Callable
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from cases.case_sources import sources_of
from cases.models import Basis, SourceOrigin
from cases.templatetags.citations import source_date
from cases.views import last_updated
from citations.citation import (
    CASE,
    CASE_LIST,
    FINDING,
    PACK,
    QUOTATION,
    RELEASE,
    SITE_NAME,
    SITE_TITLE,
    SOURCE_KINDS,
    Citation,
    Issued,
    Name,
    RestsOn,
    sentence,
)
from citations.formats.plain import authors_text
from citations.names import parse_names
from releases.models import Release

Absolute = Callable[[str], str]
RALLYING = (Name(literal=SITE_NAME),)
ORIGIN_PHRASES = {
    SourceOrigin.STUDY: "a publication of the study",
    SourceOrigin.RELATED: "a related publication, not the study",
    SourceOrigin.EXTERNAL: "an outside source, not the study",
}
QUOTATION_TITLE_WORDS = 30


def _key(*parts: str) -> str:
    """A BibTeX key and CSL id: letters, digits, dots and hyphens only."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", "-".join(parts))


def rests_on(
    release: Release | None,
    *,
    absolute: Absolute,
    today: date,
    changed_at: datetime | None = None,
) -> RestsOn:
    """The release a citation rests on: `release` is `latest_release()`, None before the first.
    `changed_at`, a record's last change, is compared with when the release froze the data (its
    `created_at`), not with its date, which an editor may set earlier."""
    if release is None:
        return RestsOn(version="", published_on=None, url="", as_of=today)
    return RestsOn(
        version=release.version,
        published_on=release.published_on,
        url=absolute(release.get_absolute_url()),
        as_of=today,
        changed_since=bool(changed_at and changed_at > release.created_at),
    )


def _record(key: str, *, rests: RestsOn, today: date, **fields) -> Citation:
    """A Rallying record, cited as Rallying's own compilation on its site. Without a date of its
    own, it is dated by the release it rests on (or "n.d." before the first)."""
    fields.setdefault("issued", Issued.on(rests.published_on) if rests.published_on else None)
    fields.setdefault("container", SITE_TITLE)
    return Citation(
        key=key, authors=RALLYING, publisher=SITE_NAME, accessed=today, rests_on=rests, **fields
    )


def source_reference(source) -> str:
    """A source as a note names it: "Blundell, J. et al. (March 2019), “Are we rallying…”"."""
    names = parse_names(source.authors)
    who = f"{names[0].short} et al." if len(names) > 2 else authors_text(names)
    who = who or source.publisher
    when = source_date(source)
    head = f"{who} ({when})" if who and when else who or when
    title = f"“{' '.join(source.title.split())}”"
    return f"{head}, {title}" if head else title


def _where(source, locator: str) -> str:
    """ "Blundell, J. et al. (March 2019), “…”, a publication of the study, at section 3"."""
    text = f"{source_reference(source)}, {ORIGIN_PHRASES.get(source.origin, 'a source')}"
    return f"{text}, at {' '.join(locator.split())}" if locator.strip() else text


def _basis(fact, stated: str) -> str:
    """What the cited row's citation says: the source states it, or the editors inferred it."""
    if fact.basis == Basis.INFERRED:
        return (
            sentence(f"An editorial inference from {_where(fact.source, fact.locator)}")
            + " "
            + sentence(f"The editors' reason: {' '.join(fact.basis_reason.split())}")
        )
    return sentence(f"{stated} {_where(fact.source, fact.locator)}")


def case_note(based_on: list[str], inferred_from: list[str]) -> str:
    """A source is named as what the record is "based on" only when it states at least one of
    the record's facts; a source cited only for editorial inferences is named after "With
    editorial inferences from", so the note never says it supports them."""
    if based_on and inferred_from:
        return (
            f"Case record based on: {'; '.join(based_on)}. "
            f"With editorial inferences from: {'; '.join(inferred_from)}."
        )
    if based_on:
        return f"Case record based on: {'; '.join(based_on)}."
    if inferred_from:
        return f"Case record based on editorial inferences from: {'; '.join(inferred_from)}."
    return ""


def case_citation(case, *, release: Release | None, absolute: Absolute, today: date) -> Citation:
    """A case loaded with `with_last_change(Case.objects.for_detail())` (no queries). Its sources
    come from `sources_of()`: the study's publications first, then outside sources."""
    sources = sources_of(case)
    changed_at = last_updated(case)
    updated = timezone.localdate(changed_at)
    return _record(
        _key("rallying", case.slug),
        kind=CASE,
        title=case.name,
        url=absolute(case.get_absolute_url()),
        issued=Issued.on(updated),
        updated=updated,
        rests=rests_on(release, absolute=absolute, today=today, changed_at=changed_at),
        today=today,
        note=case_note(
            [use.source.title for use in sources if use.states_a_fact],
            [use.source.title for use in sources if not use.states_a_fact],
        ),
    )


def finding_citation(
    finding, *, release: Release | None, absolute: Absolute, today: date
) -> Citation:
    """A finding with its source joined. Rallying's record is in the editors' words; what states
    the finding is its source (a publication of its study), at the finding's locator."""
    return _record(
        _key("rallying-finding", finding.slug),
        kind=FINDING,
        title=finding.title,
        url=absolute(finding.get_absolute_url()),
        rests=rests_on(release, absolute=absolute, today=today),
        today=today,
        note=(
            "Rallying's record of the finding, in the editors' words. "
            + _basis(finding, "The finding is stated in")
        ),
    )


def quotation_title(text: str) -> tuple[str, bool]:
    """The quotation's words, or its opening words when it is long; and whether it was cut."""
    words = text.split()
    if len(words) <= QUOTATION_TITLE_WORDS:
        return " ".join(words), False
    return " ".join(words[:QUOTATION_TITLE_WORDS]) + " …", True


def quotation_citation(
    quotation, *, release: Release | None, absolute: Absolute, today: date
) -> Citation:
    """A quotation with its case and source joined, at its own page."""
    title, cut = quotation_title(quotation.text)
    speaker = f"{' '.join(quotation.speaker_role.split())}, {quotation.case.name}"
    note = _basis(quotation, f"The words of the {speaker}, quoted verbatim in")
    if cut:
        note += " The title gives the quotation's opening words; the address gives all of it."
    return _record(
        _key("rallying-quotation", quotation.slug),
        kind=QUOTATION,
        title=title,
        label=f"quotation: {speaker}",
        url=absolute(quotation.get_absolute_url()),
        rests=rests_on(release, absolute=absolute, today=today),
        today=today,
        note=note,
    )


def source_citation(
    source, *, release: Release | None, absolute: Absolute, today: date
) -> Citation:
    """A source as its own publication: its authors, date, publisher (or journal) and address.
    Rallying only describes it, so the citation gives no date read; the note says where the
    description is."""
    kind = SOURCE_KINDS[source.kind]
    is_article = kind is SOURCE_KINDS["article"]
    listed = absolute(f"{reverse('cases:source-list')}#source-{source.key}")
    return Citation(
        key=_key(source.key),
        kind=kind,
        title=source.title,
        url=source.url,
        authors=parse_names(source.authors),
        issued=Issued(source.year, source.month) if source.year else None,
        container=source.publisher if is_article else "",
        publisher="" if is_article else source.publisher,
        doi=source.doi,
        language="",  # not recorded for a source: never assumed
        rests_on=rests_on(release, absolute=absolute, today=today),
        note=f"Described in Rallying's list of sources: {listed}.",
    )


def case_list_citation(
    *,
    criteria: list[str],
    count: int,
    url: str,
    release: Release | None,
    absolute: Absolute,
    today: date,
) -> Citation:
    """The case list at `url` (its filters, no page), `criteria` its filters in words."""
    cases = f"{count} case{'' if count == 1 else 's'}"
    return _record(
        _key("rallying-cases"),
        kind=CASE_LIST,
        title="Cases in Rallying" + (f": {'; '.join(criteria)}" if criteria else ""),
        label=f"list of {cases}",
        url=url,
        rests=rests_on(release, absolute=absolute, today=today),
        today=today,
        note=(
            f"The list of cases with these filters: {'; '.join(criteria)}. {cases} matched."
            if criteria
            else f"Every case in Rallying: {cases}."
        ),
    )


def pack_citation(
    *,
    criteria: str,
    count: int,
    url: str,
    release: Release | None,
    absolute: Absolute,
    today: date,
) -> Citation:
    """The evidence pack at `url`, the address that makes the same pack again; `criteria` its
    selection in words."""
    cases = f"{count} case{'' if count == 1 else 's'}"
    return _record(
        _key("rallying-evidence-pack"),
        kind=PACK,
        title=f"Evidence pack: {criteria}",
        label=f"evidence pack, {cases}",
        url=url,
        rests=rests_on(release, absolute=absolute, today=today),
        today=today,
        note="Compiled from Rallying's case records; the pack's notes give each fact's source.",
    )


def release_citation(release: Release, *, absolute: Absolute, today: date) -> Citation:
    """The dataset itself, at one release."""
    rests = rests_on(release, absolute=absolute, today=today)
    return _record(
        _key("rallying-release", release.version),
        kind=RELEASE,
        title=SITE_TITLE,
        container="",
        version=release.version,
        url=rests.url,
        issued=Issued.on(release.published_on),
        rests=rests,
        today=today,
    )
