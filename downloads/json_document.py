"""The JSON download, written record by record with the bytes json.dumps(indent=2) would give."""

import json
from json.encoder import encode_basestring as encode_string

from rest_framework.utils.encoders import JSONEncoder


class JSONDocument:
    """The JSON file, written to `file` table by table and record by record; its bytes are those
    of json.dumps(whole document, ensure_ascii=False, indent=2), without the whole document in
    memory. Objects in `shared` (id → object, kept alive by the caller) are encoded once per
    depth: lookup references and citations repeat in most records."""

    def __init__(self, file, shared: dict[int, object] | None = None):
        self._write = file.write  # a text file: UTF-8, newline=""
        self.first = True
        self.shared = shared or {}
        self.memo: dict[tuple[int, int], str] = {}

    def _key(self, name: str) -> None:
        self._write(("{\n" if self.first else ",\n") + f"  {encode_string(name)}: ")
        self.first = False

    def value(self, name: str, value) -> None:
        self._key(name)
        self._write(self.encode(value, 1))

    def records(self, name: str, records, each=None):
        """Write the list `name`; `each(record)` sees every record as it passes."""
        self._key(name)
        empty = True
        for record in records:
            self._write(("[\n    " if empty else ",\n    ") + self.encode(record, 2))
            empty = False
            if each:
                each(record)
        self._write("[]" if empty else "\n  ]")

    def finish(self) -> None:
        self._write("{}\n" if self.first else "\n}\n")

    def encode(self, value, level: int) -> str:
        """What json.dumps(indent=2, ensure_ascii=False) writes for `value` at depth `level`."""
        if type(value) is str:
            return encode_string(value)
        if isinstance(value, dict | list):
            if not value:
                return "{}" if isinstance(value, dict) else "[]"
            shared = id(value) in self.shared
            if shared and (id(value), level) in self.memo:
                return self.memo[id(value), level]
            inner = "\n" + "  " * (level + 1)
            deeper = level + 1
            encode = self.encode
            if isinstance(value, dict):
                text = (
                    "{"
                    + ",".join(
                        f"{inner}{encode_string(key)}: {encode(item, deeper)}"
                        for key, item in value.items()
                    )
                    + "\n"
                    + "  " * level
                    + "}"
                )
            else:
                text = (
                    "["
                    + ",".join(inner + encode(item, deeper) for item in value)
                    + "\n"
                    + "  " * level
                    + "]"
                )
            if shared:
                self.memo[id(value), level] = text
            return text
        return encode_scalar(value)


def encode_scalar(value) -> str:
    """A number, null or boolean as json.dumps spells it (ints and floats without the encoder:
    there are hundreds of thousands; floats here are finite coordinates)."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value)
    return json.dumps(value, cls=JSONEncoder)
