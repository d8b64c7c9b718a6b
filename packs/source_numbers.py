"""The sources a pack cites, numbered in the order it first cites them: its footnotes name a source
by number ("Source 2, p. 5") so that a page's notes fit at its foot, and its sources list gives
each number's source in full, with every place cited in it."""

from cases.case_sources import SourceUse


class SourceNumbers:
    def __init__(self):
        self.numbers: dict[int, int] = {}
        self.uses: list[SourceUse] = []

    def cite(self, source, locator: str, inferred: bool) -> int:
        """The source's number (numbered on first use), noting the place cited."""
        number = self.numbers.get(source.pk)
        if number is None:
            self.uses.append(SourceUse(source=source))
            number = self.numbers[source.pk] = len(self.uses)
        use = self.uses[number - 1]
        if locator and locator not in use.locators:
            use.locators.append(locator)
        use.states_a_fact = use.states_a_fact or not inferred
        return number

    def __iter__(self):
        """(number, SourceUse) of each source, in order."""
        return iter(enumerate(self.uses, start=1))
