"""Writes of the contributions app: receive a reader's suggestion, and the editors' decisions.

Each decision runs in one transaction: the suggestion's new state, the emptied contact e-mail,
what the decision makes (a draft case with its sources) and its entry in the change history all
commit together, or none does.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from cases.models import (
    Basis,
    Case,
    CaseFieldCitation,
    CitedField,
    Classification,
    Publication,
    Region,
    Source,
    SourceKind,
    SourceOrigin,
)
from contributions.models import Kind, State, Suggestion, new_reference
from history.recording import record_decision

SLUG_MAX = 80
SUMMARY_WORDS = 40


def suggestion_receive(*, suggestion: Suggestion) -> Suggestion:
    """Store a reader's suggestion, new, under a fresh reference."""
    suggestion.reference = new_reference()
    suggestion.state = State.NEW
    suggestion.save()
    return suggestion


def _decidable(suggestion: Suggestion) -> Suggestion:
    """The suggestion's row, locked until the decision commits; refused if already decided."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.state != State.NEW:
        raise ValidationError(
            f"Suggestion {locked.reference} was already {locked.get_state_display().lower()}."
        )
    return locked


def _decide(suggestion: Suggestion, *, state: str, editor, reason: str, now) -> dict:
    """Set the decision on the locked row (the contact e-mail goes); the history's differences."""
    differences = {"state": [State.NEW.label, State(state).label]}
    if reason:
        differences["decision_reason"] = [None, reason]
    suggestion.state = state
    suggestion.decision_reason = reason
    suggestion.decided_at = now or timezone.now()
    suggestion.decided_by = editor
    suggestion.contact_email = ""
    return differences


@transaction.atomic
def suggestion_reject(
    *, suggestion: Suggestion, editor: AbstractBaseUser, reason: str, now=None
) -> Suggestion:
    """Reject the suggestion, saying why; nothing else changes."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the suggestion is rejected: a rejection needs a reason.")
    suggestion = _decidable(suggestion)
    differences = _decide(suggestion, state=State.REJECTED, editor=editor, reason=reason, now=now)
    suggestion.save()
    record_decision(suggestion, verb="Rejected", differences=differences, user=editor)
    return suggestion


@transaction.atomic
def suggestion_accept_correction(
    *, suggestion: Suggestion, editor: AbstractBaseUser, reason: str = "", now=None
) -> Suggestion:
    """Accept a correction: the case's admin page then shows it beside the current value until an
    editor has made the change and marks it applied. Nothing public changes here."""
    suggestion = _decidable(suggestion)
    if suggestion.kind != Kind.CORRECTION:
        raise ValidationError("This is not a correction.")
    differences = _decide(
        suggestion, state=State.ACCEPTED, editor=editor, reason=reason.strip(), now=now
    )
    suggestion.save()
    record_decision(suggestion, verb="Accepted", differences=differences, user=editor)
    return suggestion


@transaction.atomic
def correction_mark_applied(
    *, suggestion: Suggestion, editor: AbstractBaseUser, now=None
) -> Suggestion:
    """Say that an accepted correction has been made to the case (or settled otherwise)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.kind != Kind.CORRECTION or suggestion.state != State.ACCEPTED:
        raise ValidationError("Only an accepted correction can be marked as applied.")
    if suggestion.applied_at is None:
        suggestion.applied_at = now or timezone.now()
        suggestion.save(update_fields=["applied_at"])
        record_decision(
            suggestion,
            verb="Marked as applied",
            differences={"applied_at": [None, suggestion.applied_at.isoformat()]},
            user=editor,
        )
    return suggestion


def free_slug(name: str) -> str:
    """slugify(name), with -2, -3… when a case has it already."""
    base = slugify(name)[:SLUG_MAX].strip("-") or "case"
    slug, n = base, 1
    while Case.objects.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = f"{base[: SLUG_MAX - len(suffix)]}{suffix}"
    return slug


def _is_url(line: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(line)
    except ValidationError:
        return False
    return len(line) <= Source._meta.get_field("url").max_length


def _sources_of(suggestion: Suggestion) -> list[Source]:
    """A new Source per reference the reader gave, marked as not yet checked."""
    # An outside source unless the reader named a study: then a related publication, until an
    # editor has checked whether it is one of the study's own.
    origin = SourceOrigin.RELATED if suggestion.study_id else SourceOrigin.EXTERNAL
    in_study = (
        f" The reader says the case appears in “{suggestion.study}”." if suggestion.study_id else ""
    )
    sources = []
    for n, line in enumerate(suggestion.source_lines, start=1):
        is_url = _is_url(line)
        sources.append(
            Source.objects.create(
                key=f"reader-{suggestion.reference.lower()}-{n}",
                title=Truncator(line).chars(Source._meta.get_field("title").max_length),
                kind=SourceKind.WEB_PAGE if is_url else SourceKind.REPORT,
                origin=origin,
                url=line if is_url else "",
                note=f"Given by a reader with suggestion {suggestion.reference}; not yet "
                f"checked by the editors: check the kind, title, publisher and date.{in_study}",
            )
        )
    return sources


@transaction.atomic
def suggestion_accept_case(
    *,
    suggestion: Suggestion,
    editor: AbstractBaseUser,
    region: Region,
    slug: str = "",
    reason: str = "",
    now=None,
) -> Case:
    """Accept a case suggestion: a draft case from it (name, place, sector, its text), a source
    per reference the reader gave, each cited for the case's name, sector and place. In the study
    the reader named, if any, the draft is included without a type, citing the first reference,
    for the editors to check and classify before they publish it."""
    suggestion = _decidable(suggestion)
    if suggestion.kind != Kind.CASE:
        raise ValidationError("This is not a case suggestion.")
    slug = slug.strip() or free_slug(suggestion.name)
    if Case.all_objects.filter(slug=slug).exists():
        raise ValidationError(f"A case already has the address “{slug}”: choose another.")
    case = Case(
        slug=slug,
        name=suggestion.name,
        place_label=suggestion.place,
        sector=suggestion.sector,
        region=region,
        summary=Truncator(suggestion.description).words(SUMMARY_WORDS),
        description=suggestion.description,
        publication=Publication.DRAFT,
    )
    case.full_clean()
    case.save()
    sources = _sources_of(suggestion)
    unchecked = f"As suggested by a reader ({suggestion.reference}); not yet checked."
    for source in sources:
        CaseFieldCitation.objects.create(
            case=case,
            field_name=CitedField.LISTING,
            source=source,
            basis=Basis.STATED,
            note=unchecked,
        )
    if suggestion.study_id and sources:
        Classification.objects.create(
            case=case, study=suggestion.study, source=sources[0], note=unchecked
        )
    differences = _decide(
        suggestion, state=State.ACCEPTED, editor=editor, reason=reason.strip(), now=now
    )
    differences["created_case"] = [None, f"{case.name} (draft)"]
    suggestion.created_case = case
    suggestion.save()
    record_decision(suggestion, verb="Accepted", differences=differences, user=editor)
    return case
