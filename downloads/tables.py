"""The CSV tables of the dataset download and their Frictionless descriptions.

Each table is drawn from one table of the API's lists (downloads/build.py), record by
record as the downloads are written, so its rows say what the API says. Every column has a type and a description; keys join the tables, as
`datapackage.json` declares. Text cells are guarded against spreadsheet formulas, numbers are not.
"""

from cases.csv_format import COLUMNS, LIST_SEPARATOR
from downloads.table_rows import (
    case_links,
    case_rows,
    classification_rows,
    dimension_rows,
    evidence_rows,
    finding_rows,
    quotation_finding_rows,
    quotation_rows,
    source_rows,
    study_rows,
    to_source,
)
from downloads.table_types import Column, Table, integer, text

QUOTATIONS_NOTICE = (
    "Quotations are reproduced word for word and remain their authors' and publishers'; "
    "the CC BY 4.0 licence of the compiled data does not cover them, nor the sources themselves."
)
FORMULA_NOTICE = (
    "A text cell that would start with = + - @, a tab or a carriage return starts with an added "
    "apostrophe ('), so that spreadsheets show it as text; remove it to get the original value."
)


SLUG = text("slug", "Identifier used in URLs and as a filter value; never changes.")
CITATION_COLUMNS = (
    text("source", "Key of the source the fact comes from (sources.csv)."),
    text("locator", "Where in the source: page, section, table or box."),
    text("basis", "stated: the source says it; inferred: the editors concluded it from it."),
    text("basis_reason", "Why the editors inferred it (empty when stated)."),
)
STUDY = text("study", "The study that defines it (studies.csv).")
TO_STUDY = ("study", "studies", "slug")
SOURCE_WORDING = text(
    "source_wording", "The study's definition, quoted exactly from the source (its citation)."
)
DIMENSION_COLUMNS = (
    SLUG,
    text("name", "The value's name."),
    text("definition", "What the value means, in the editors' words."),
    integer("order", "Position in lists; lowest first."),
    integer("case_count", "Number of cases with this value (derived)."),
)
CASE_COLUMN_DOCS = {
    "slug": ("string", "The case's identifier, used in URLs; never changes."),
    "name": ("string", "The case's name as the source lists it."),
    "url": ("string", "The case's page on the site."),
    "sector": ("string", "Sector of the lead organisation (sectors.csv)."),
    "place_label": ("string", "The place in the source's own words."),
    "region": ("string", "ITL1 region (regions.csv)."),
    "nation": ("string", "Nation of the UK (nations.csv)."),
    "latitude": ("number", "Approximate latitude of the place (WGS 84), for maps."),
    "longitude": ("number", "Approximate longitude of the place (WGS 84), for maps."),
    "studies": (
        "string",
        f"The studies the case appears in (studies.csv), joined with “{LIST_SEPARATOR}”.",
    ),
    "typology": (
        "string",
        "Type of collaboration (typologies.csv), one per study that gives one, joined with "
        f"“{LIST_SEPARATOR}”; “none” when no study classifies the case. Each type with its "
        "study and citation is in classifications.csv.",
    ),
    "typology_basis": (
        "string",
        "stated or inferred: the basis of each type, in the order of typology.",
    ),
    "typology_reason": ("string", "Why the editors inferred each type, in the same order."),
    "typology_source": ("string", "Key of each type's source (sources.csv), in the same order."),
    "lead_organisation": ("string", "The organisation leading the collaboration."),
    "initiative_name": ("string", "The collaboration's own name, where known."),
    "funding_model": ("string", "Funding or contract model (funding_models.csv), if known."),
    "started": ("integer", "Year the collaboration began, if known."),
    "permanence": ("string", "permanent, time-limited or unknown."),
    "status": ("string", "Latest known status: active, succeeded, ended or not-known."),
    "status_as_of": ("string", "When the status is known as of: a year, or year-month (2025-04)."),
    "status_note": ("string", "What the status means for the case, in the editors' words."),
    "disputed_facts": (
        "string",
        f"Facts whose sources give different values, each “fact: value [source] / …”, joined "
        f"with “{LIST_SEPARATOR}” (each value and its citation in case_facts.csv).",
    ),
    "accountability": (
        "string",
        f"Accountability modes, slugs joined with “{LIST_SEPARATOR}” "
        "(with citations in accountability_links.csv).",
    ),
    "policy_areas": (
        "string",
        f"Policy areas, slugs joined with “{LIST_SEPARATOR}” (citations in policy_area_links.csv).",
    ),
    "findings": (
        "string",
        f"Findings the case illustrates, slugs joined with “{LIST_SEPARATOR}” "
        "(citations in evidence_links.csv).",
    ),
    "quotations": ("string", f"Quotations from the case, slugs joined with “{LIST_SEPARATOR}”."),
    "sources": (
        "string",
        f"Keys of every source cited for the case, joined with “{LIST_SEPARATOR}”.",
    ),
    "summary": ("string", "One or two sentences in the editors' words."),
    "description": ("string", "A longer account in the editors' words."),
    "updated_at": ("datetime", "When the case record last changed (ISO 8601)."),
}


def case_columns() -> tuple[Column, ...]:
    """The API's CSV columns (cases/csv_format.py), each described. A new column without a
    description goes out as text with an empty description, which tests/test_downloads.py
    refuses (rather than the site failing to start)."""
    columns = []
    for name in COLUMNS:
        kind, description = CASE_COLUMN_DOCS.get(name, ("string", ""))
        columns.append(Column(name, kind, description, format="any" if kind == "datetime" else ""))
    return tuple(columns)


def dimension_table(
    name: str, title: str, description: str, *, cited=False, columns=(), row=None, foreign_keys=()
) -> Table:
    """A lookup table drawn from the API list of the same name, keyed by slug: each value with its
    citation if `cited`, and any `columns` of its own, filled by `row(value)`."""
    return Table(
        name,
        title,
        description,
        (
            *DIMENSION_COLUMNS,
            *((SOURCE_WORDING, *CITATION_COLUMNS, STUDY) if cited else ()),
            *columns,
        ),
        name,
        dimension_rows(cited=cited, extra=row),
        primary_key=("slug",),
        foreign_keys=((to_source(), TO_STUDY) if cited else ()) + foreign_keys,
    )


DIMENSION_TABLES = (
    dimension_table("nations", "Nations", "The nations of the UK."),
    dimension_table(
        "regions",
        "Regions",
        "ITL1 regions of the UK, each in its nation.",
        columns=(
            text("nation", "The region's nation (nations.csv)."),
            text("itl_code", "ITL1 code, e.g. TLD for the North West."),
        ),
        row=lambda value: {"nation": value["nation"]["slug"], "itl_code": value["itl_code"]},
        foreign_keys=(("nation", "nations", "slug"),),
    ),
    dimension_table("sectors", "Sectors", "Sectors of the lead organisations."),
    dimension_table(
        "typologies",
        "Types of collaboration",
        "Each study's typology of collaborations, each definition cited.",
        cited=True,
    ),
    dimension_table(
        "accountability_modes",
        "Accountability modes",
        "Each study's modes of accountability, each definition cited.",
        cited=True,
    ),
    dimension_table("policy_areas", "Policy areas", "Policy areas the cases work in."),
    dimension_table(
        "funding_models",
        "Funding or contract models",
        "How collaborations are paid for or contracted.",
    ),
)

TABLES = (
    Table(
        "cases",
        "Cases",
        "One row per case, with the same columns as the API's CSV (/api/cases/?format=csv). "
        f"Multi-valued columns join slugs with “{LIST_SEPARATOR}”; their citations are in the "
        "link tables.",
        case_columns(),
        "cases",
        case_rows,
        primary_key=("slug",),
        foreign_keys=(
            ("sector", "sectors", "slug"),
            ("region", "regions", "slug"),
            ("nation", "nations", "slug"),
            ("funding_model", "funding_models", "slug"),
        ),
    ),
    Table(
        "sources",
        "Sources",
        "Publications of the study and outside pages that facts cite.",
        (
            text("key", "The source's identifier, used by every citation."),
            text("title", "Title."),
            text("kind", "report, briefing, article or web-page."),
            text("origin", "study: a publication of the study; external: context only."),
            text("authors", "Authors, as on the title page."),
            text("publisher", "Publisher."),
            integer("year", "Year of publication."),
            integer("month", "Month of publication (1–12), when known."),
            text("url", "Where to read it.", format="uri"),
            text("doi", "DOI, when it has one."),
            text("note", "What the editors could read of it and what it is used for."),
            text("study", "The study it is a publication of (studies.csv); empty if none."),
        ),
        "sources",
        source_rows,
        primary_key=("key",),
        foreign_keys=(TO_STUDY,),
    ),
    Table(
        "studies",
        "Studies",
        "The studies: each defines its own types, accountability modes and findings.",
        (
            SLUG,
            text("title", "Title."),
            text("kind", "report, article, briefing, book or working-paper."),
            text("authors", "Authors, as on the title page."),
            text("publisher", "Publisher, or the journal of an article."),
            integer("year", "Year of publication."),
            integer("month", "Month of publication (1–12), when known."),
            text("url", "Where to read it.", format="uri"),
            text("doi", "DOI, when it has one."),
            text("summary", "What the study is and does, in the editors' words."),
            text("cases_note", "What the editors know of its cases; why none, if none."),
            integer("case_count", "Cases the study includes (derived)."),
            *CITATION_COLUMNS,
        ),
        "studies",
        study_rows,
        primary_key=("slug",),
        foreign_keys=(to_source(),),
    ),
    *DIMENSION_TABLES,
    Table(
        "classifications",
        "Cases in studies",
        "Each study a case appears in, and the type that study gives it (empty: none), cited. "
        "Without a type, the citation is where the study includes the case.",
        (
            text("case", "The case (cases.csv)."),
            text("study", "The study (studies.csv)."),
            text("typology", "The study's type for the case (typologies.csv); empty: none."),
            text("note", "What the editors add about it."),
            *CITATION_COLUMNS,
        ),
        "cases",
        classification_rows,
        primary_key=("case", "study"),
        foreign_keys=(
            ("case", "cases", "slug"),
            TO_STUDY,
            ("typology", "typologies", "slug"),
            to_source(),
        ),
    ),
    Table(
        "case_facts",
        "Citations of case facts",
        "Where each of a case's own facts (listing, region, start year…) comes from.",
        (
            text("case", "The case (cases.csv)."),
            text("fact", "Which fact: listing, region, coordinates, lead_organisation, …"),
            text(
                "value",
                "What this source gives for the fact, where sources differ or the case has no "
                "field for it; empty: it supports the case's own value.",
            ),
            text("note", "What exactly the source supports."),
            *CITATION_COLUMNS,
        ),
        "cases",
        case_links("fact_citations", "fact", "fact"),
        primary_key=("case", "fact", "source"),
        foreign_keys=(("case", "cases", "slug"), to_source()),
    ),
    Table(
        "accountability_links",
        "Accountability links",
        "Evidence that a case uses an accountability mode.",
        (
            text("case", "The case (cases.csv)."),
            text("mode", "The accountability mode (accountability_modes.csv)."),
            text("note", "How the case uses it."),
            *CITATION_COLUMNS,
        ),
        "cases",
        case_links("accountability", "mode", "mode"),
        primary_key=("case", "mode"),
        foreign_keys=(
            ("case", "cases", "slug"),
            ("mode", "accountability_modes", "slug"),
            to_source(),
        ),
    ),
    Table(
        "policy_area_links",
        "Policy area links",
        "Evidence that a case works in a policy area.",
        (
            text("case", "The case (cases.csv)."),
            text("policy_area", "The policy area (policy_areas.csv)."),
            text("note", "What the case does in it."),
            *CITATION_COLUMNS,
        ),
        "cases",
        case_links("policy_areas", "policy_area", "policy_area"),
        primary_key=("case", "policy_area"),
        foreign_keys=(
            ("case", "cases", "slug"),
            ("policy_area", "policy_areas", "slug"),
            to_source(),
        ),
    ),
    Table(
        "findings",
        "Findings",
        "What the study concluded: rationales, ingredients, measurement, themes, open questions.",
        (
            SLUG,
            text("kind", "rationale, ingredient, measurement, theme or open-question."),
            text("title", "The finding in a few words."),
            text("summary", "What the source concluded, in the editors' words."),
            integer("order", "Position within its kind."),
            *CITATION_COLUMNS,
            text("study", "The study whose finding it is (studies.csv)."),
        ),
        "findings",
        finding_rows,
        primary_key=("slug",),
        foreign_keys=(to_source(), TO_STUDY),
    ),
    Table(
        "evidence_links",
        "Evidence links",
        "A case illustrates a finding, as a source says.",
        (
            text("finding", "The finding (findings.csv)."),
            text("case", "The case (cases.csv)."),
            text("note", "How the case illustrates the finding."),
            *CITATION_COLUMNS,
        ),
        "evidence_links",
        evidence_rows,
        primary_key=("finding", "case"),
        foreign_keys=(("finding", "findings", "slug"), ("case", "cases", "slug"), to_source()),
    ),
    Table(
        "quotations",
        "Quotations",
        "Words interviewees said, verbatim, each from a case. " + QUOTATIONS_NOTICE,
        (
            SLUG,
            text("case", "The case the speaker works in (cases.csv)."),
            text("speaker_role", "The speaker's role."),
            text("text", "The quotation, verbatim, including the source's ellipses."),
            *CITATION_COLUMNS,
        ),
        "quotations",
        quotation_rows,
        primary_key=("slug",),
        foreign_keys=(("case", "cases", "slug"), to_source()),
    ),
    Table(
        "quotation_findings",
        "Findings illustrated by quotations",
        "Which findings each quotation illustrates.",
        (
            text("quotation", "The quotation (quotations.csv)."),
            text("finding", "The finding (findings.csv)."),
        ),
        "quotations",
        quotation_finding_rows,
        primary_key=("quotation", "finding"),
        foreign_keys=(("quotation", "quotations", "slug"), ("finding", "findings", "slug")),
    ),
)
