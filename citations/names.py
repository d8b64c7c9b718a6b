"""A source's authors, read from its `authors` text ("As on the title page").

The rule: names are separated by semicolons when there is one ("Blundell, Jo; FitzGerald,
Clare": family name first), otherwise by commas ("Jo Blundell, Clare FitzGerald": as a title page
lists them). A name of exactly two words is a person's given and family name; any other name is
kept whole (an organisation, or a name whose parts we cannot tell apart), as is any name with the
word "and" in it, which BibTeX would otherwise split into two authors.
"""

import re

from citations.citation import Name

AND_WORD = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def parse_names(text: str) -> tuple[Name, ...]:
    text = " ".join(text.split())
    parts = text.split(";") if ";" in text else text.split(",")
    return tuple(name_of(part.strip()) for part in parts if part.strip())


def name_of(text: str) -> Name:
    if AND_WORD.search(text):
        return Name(literal=text)
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return Name(family=family, given=given) if family and given else Name(literal=text)
    words = text.split(" ")
    if len(words) == 2:
        return Name(family=words[1], given=words[0])
    return Name(literal=text)
