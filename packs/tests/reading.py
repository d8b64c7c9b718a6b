"""Read a pack as its reader does: the words of its HTML, the text and pages of its PDF."""

import re
import subprocess
from html import unescape


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils), one space between words."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return int(re.search(rb"Pages:\s+(\d+)", info.stdout).group(1))


def text(html: str) -> str:
    """The words a reader sees in a piece of HTML."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
