"""A case as each study sees it: the type the study gives it, with its citation, and the case's
accountability modes from that study's framework. Read from a case loaded with `for_detail()`:
no query of its own."""

from dataclasses import dataclass, field


@dataclass
class StudyView:
    study: object
    classification: object | None = None  # None: the case has only modes of this study
    modes: list = field(default_factory=list)  # the case's accountability links in this study


def by_study(case) -> list[StudyView]:
    """One entry per study the case appears in, oldest study first."""
    views: dict[int, StudyView] = {}
    for classification in case.classifications.all():
        views[classification.study_id] = StudyView(classification.study, classification)
    for link in case.accountability_links.all():
        study = link.mode.study
        views.setdefault(study.pk, StudyView(study)).modes.append(link)
    return sorted(views.values(), key=lambda view: (view.study.year, view.study.slug))


def types_of(case) -> list:
    """The case's classifications that give it a type (a case loaded with `for_list()`)."""
    return [c for c in case.classifications.all() if c.typology_id is not None]
