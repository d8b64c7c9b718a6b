"""What a CSV table of the download is: its columns with types and descriptions, its Frictionless
resource, and the writer that fills its file record by record."""

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cases.csv_format import safe_cell


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, number, datetime
    description: str
    format: str = ""

    def descriptor(self) -> dict:
        field = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            field["format"] = self.format
        return field

    def cell(self, value) -> str:
        if self.type in ("integer", "number"):
            return "" if value is None else str(value)
        return safe_cell(self.name, value)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    source: str  # the API table this one is drawn from (downloads/build.py TABLES_OF_THE_API)
    rows: object  # callable(record of the source) -> iterable of {column: value}
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, resource, its column)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def writer(self, directory: Path) -> "TableWriter":
        return TableWriter(self, directory / self.path)

    def descriptor(self, size: int, sha256: str) -> dict:
        schema = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": resource, "fields": target}}
                for column, resource, target in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": f"sha256:{sha256}",
            "schema": schema,
        }


class TableWriter:
    """A table's CSV file (UTF-8, comma, CRLF, header row), written to `path` record by record as
    the records stream past, so no table is held in memory."""

    def __init__(self, table: Table, path: Path):
        self.table = table
        self.path = path
        self.file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close())
        self.csv = csv.writer(self.file, lineterminator="\r\n")
        self.csv.writerow([column.name for column in table.columns])
        self.count = 0

    def add(self, record) -> None:
        for row in self.table.rows(record):
            self.csv.writerow([column.cell(row[column.name]) for column in self.table.columns])
            self.count += 1

    def close(self) -> dict:
        """Finish the file; its Frictionless resource (size and SHA-256 of the bytes written)."""
        self.file.close()
        with open(self.path, "rb") as file:
            sha256 = hashlib.file_digest(file, "sha256").hexdigest()
        return self.table.descriptor(self.path.stat().st_size, sha256)


def text(name: str, description: str, **kwargs) -> Column:
    return Column(name, "string", description, **kwargs)


def integer(name: str, description: str) -> Column:
    return Column(name, "integer", description)
