"""How to cite an evidence pack, in plain text: what Rallying compiled, for which selection, on
which release of the dataset, at which address (the one that makes the same pack again)."""

from datetime import date

from citations.citation import SITE_TITLE
from packs.contents import DataVersion


def pack_citation(
    *, criteria: str, n_cases: int, url: str, data_version: DataVersion, accessed: date
) -> str:
    """ "Rallying (2026). “Evidence pack: Cases whose sector is Charity” [evidence pack, 3 cases]. …"
    The year is the release's, or the data's when no release is published yet."""
    release = data_version.release
    year = release.published_on.year if release else data_version.data_as_of.year
    cases = f"{n_cases} case{'' if n_cases == 1 else 's'}"
    return (
        f"Rallying ({year}). “Evidence pack: {criteria}” [evidence pack, {cases}]. "
        f"{SITE_TITLE}. {data_version.words}. {url} (accessed {accessed:%-d %B %Y})."
    )
