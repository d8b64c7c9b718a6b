"""Read a page's numbered notes as a reader does: the number beside a fact, and the note it leads to."""

import html as html_lib
import re

NOTE = re.compile(r'<li id="note-(\d+)">(.*?)</li>', re.S)
BACK_LINK = re.compile(r'<a [^>]*class="[^"]*page-notes__back[^"]*"[^>]*>.*?</a>', re.S)


def plain(fragment: str) -> str:
    """The text a reader sees in a piece of HTML."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def numbers(fragment: str) -> list[int]:
    """The note numbers shown in a piece of the page, in order, each a link to its note."""
    return [
        int(n) for n in re.findall(r'class="note-ref"[^>]*><a [^>]*href="#note-(\d+)"', fragment)
    ]


def notes(page: str) -> dict[int, str]:
    """The page's notes list: number → what the note says."""
    return {int(number): plain(BACK_LINK.sub("", body)) for number, body in NOTE.findall(page)}


def notes_of(page: str, fragment: str) -> list[str]:
    """What the notes cited in a piece of the page say, in order."""
    listed = notes(page)
    return [listed[number] for number in numbers(fragment)]


def main(page: str) -> str:
    """The page's main content, without its head (title, JSON-LD)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def fact(page: str, label: str) -> str:
    """The value of one "Key facts" row of a case page."""
    found = re.search(
        rf'<dt class="govuk-summary-list__key"[^>]*>\s*{re.escape(label)}\s*</dt>(.*?)</dd>',
        page,
        re.S,
    )
    assert found, f"no key fact {label!r}"
    return found.group(1)
