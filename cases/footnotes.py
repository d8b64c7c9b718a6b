"""A page's numbered notes: each `{% cite %}` on the page becomes a superscript number, and the notes
list at the foot of the page (base.html) gives each number's source and place in it.

One citation of a source at one place is one note, however often the page cites it, so a source
that backs twenty findings is listed once. Numbers follow the order the page first cites them.
"""

from dataclasses import dataclass, field


@dataclass
class Note:
    number: int
    source: object  # cases.models.Source
    locator: str
    inferred: bool
    reason: str
    uses: int = 0  # how many places on the page point to it; each gets its own back link

    def ref_id(self, use: int) -> str:
        return f"note-{self.number}-ref-{use}"

    @property
    def uses_range(self) -> list[str]:
        """The ids of every reference to this note, for its back links."""
        return [self.ref_id(use) for use in range(1, self.uses + 1)]


@dataclass
class Footnotes:
    notes: dict = field(default_factory=dict)
    marked_inferred: bool = False  # an inference shown with its reason but no note (a case card)

    def cite(self, source, locator: str, inferred: bool, reason: str) -> tuple[Note, str]:
        """The note for this citation (numbered on first use) and the id of this use's reference."""
        key = (source.pk, locator, inferred, reason if inferred else "")
        note = self.notes.get(key)
        if note is None:
            note = Note(len(self.notes) + 1, source, locator, inferred, reason)
            self.notes[key] = note
        note.uses += 1
        return note, note.ref_id(note.uses)

    def __iter__(self):
        return iter(self.notes.values())

    def __bool__(self):
        return bool(self.notes)

    @property
    def any_inferred(self) -> bool:
        return self.marked_inferred or any(note.inferred for note in self)


def footnotes(request):
    """Context processor: a fresh notes list for each page rendered."""
    return {"footnotes": Footnotes()}
