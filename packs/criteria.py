"""A pack's selection in words: "Cases whose sector is Charity and whose region is North West".

The values are named as the filter panel names them (a region's name, a finding's title), read in
one query for every parameter given; the words around them follow each parameter's meaning.
"""

from django.db.models import CharField, F, Value

from cases.facets import CODED_VALUES, LABEL_FIELDS
from cases.filters import DEFAULT_SORT, FACETS_BY_PARAM, NOT_CLASSIFIED, SORTS, related_model
from cases.models import Case
from packs.selection import PackFilter

# Each parameter's words, in the order a sentence gives them; {} is the values, joined by "or".
PHRASES = (
    ("case", "chosen by name ({})"),
    ("study", "included in the study {}"),
    ("typology", "whose type of collaboration is {}"),
    ("basis", "whose type {}"),
    ("sector", "whose sector is {}"),
    ("region", "whose region is {}"),
    ("nation", "in {}"),
    ("accountability", "with the accountability mode {}"),
    ("policy_area", "in the policy area {}"),
    ("funding_model", "whose funding or contract model is {}"),
    ("permanence", "whose permanence is {}"),
    ("status", "whose latest known status is {}"),
    ("finding", "that illustrate the finding {}"),
    ("q", "matching the search {}"),
)
BASIS_WORDS = {"stated": "is stated by a source", "inferred": "is an editorial inference"}
QUOTED = ("finding", "study", "q")  # titles and search text read best in quotation marks
NAMED_CASES = 4  # as many as the compare page takes; more are counted, and listed in the pack


def label_rows(chosen: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """(parameter, slug) → label of each chosen lookup value and case: one query (a UNION)."""
    selects = []
    for param, slugs in chosen.items():
        if param == "case":
            rows, label = Case.objects.all(), "name"
        elif param in FACETS_BY_PARAM and param not in CODED_VALUES:
            rows = related_model(FACETS_BY_PARAM[param].path).objects.all()
            label = LABEL_FIELDS.get(param, "name")
        else:
            continue
        selects.append(
            rows.filter(slug__in=slugs)
            .annotate(_param=Value(param, output_field=CharField()), _label=F(label))
            .values_list("_param", "slug", "_label")
            .order_by()
        )
    if not selects:
        return {}
    return {(param, slug): label for param, slug, label in selects[0].union(*selects[1:], all=True)}


def value_words(param: str, slug: str, named: dict) -> str:
    if param == "basis":
        return BASIS_WORDS[slug]
    if param in CODED_VALUES:
        label = dict(CODED_VALUES[param])[slug]
        return label[0].lower() + label[1:]
    if param == "typology" and slug == NOT_CLASSIFIED:
        return "not classified"
    return named.get((param, slug), slug)


def either(words: list[str], *, joiner: str = "or") -> str:
    """ "A", "A or B", "A, B or C"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def criteria_in_words(filterset: PackFilter) -> str:
    """The selection of a valid PackFilter as a sentence, without the count."""
    data = filterset.form.cleaned_data
    chosen = {param: data.get(param) for param, _ in PHRASES if data.get(param)}
    named = label_rows(
        {
            param: value
            for param, value in chosen.items()
            if param != "q" and not (param == "case" and len(value) > NAMED_CASES)
        }
    )
    phrases = []
    for param, words in PHRASES:
        if param not in chosen:
            continue
        if param == "case" and len(chosen[param]) > NAMED_CASES:
            phrases.append(f"chosen by name ({len(chosen[param])} of them)")
            continue
        values = [chosen[param]] if param == "q" else chosen[param]
        shown = [
            f"“{value_words(param, value, named)}”"
            if param in QUOTED
            else value_words(param, value, named)
            for value in values
        ]
        phrases.append(words.format(either(shown, joiner="and" if param == "case" else "or")))
    if not phrases:
        return "All published cases"
    return f"Cases {either(phrases, joiner='and')}"


def order_in_words(filterset: PackFilter) -> str:
    """ "Listed by name", as the list's sort (the default when none is given)."""
    sort = filterset.form.cleaned_data.get("sort") or DEFAULT_SORT
    label = SORTS[sort][0]
    return f"Listed by {label[0].lower()}{label[1:]}"
