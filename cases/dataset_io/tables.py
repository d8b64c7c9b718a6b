"""The tables of the knowledge base that export_dataset writes and import_dataset reads.

Each table is named by its model label and matched by its natural key, never by database id, so a
file moves between databases. The order is the order of the file: a row only refers to rows of
tables before it, but for one pair that refers both ways: a source names the study it belongs to
(optional) and a study cites a source for its summary. Sources come first; a source's study is
set once the studies are saved (importer.apply_plan). DatasetRevision (a cache stamp) and the auth tables are not part of the dataset.

The dataset's releases come last, with their frozen files (bytes as base64), so that an export
carries them to another database: an import creates a release it does not have and refuses to
change one it has (but for its notes), as the release's `frozen_fields` say.

Models are looked up by label (`apps.get_model`) because `findings` may import `cases`, never the
reverse.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Table:
    label: str  # "cases.case"
    key: tuple[str, ...]  # fields of the natural key; a foreign key's part is the row it names

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def foreign_keys(self) -> list[models.ForeignKey]:
        return [field for field in self.model._meta.concrete_fields if field.many_to_one]

    def many_to_many(self) -> list[models.ManyToManyField]:
        """Many-to-many fields stored in the row's own record (auto-created link tables only);
        links with their own citation (CaseFinding…) are tables of their own."""
        return [
            field
            for field in self.model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]

    def field_names(self) -> set[str]:
        """Every name a record of this table may carry."""
        concrete = {
            field.name for field in self.model._meta.concrete_fields if not field.primary_key
        }
        return concrete | {field.name for field in self.many_to_many()}

    def key_paths(self) -> list[str]:
        """The natural key as ORM lookups, e.g. ["case__slug", "field_name", "source__key"]."""
        paths = []
        for name in self.key:
            field = self.model._meta.get_field(name)
            if field.many_to_one:
                (target_key,) = table_for(field.related_model).key
                paths.append(f"{name}__{target_key}")
            else:
                paths.append(name)
        return paths


TABLES = (
    Table("cases.source", ("key",)),
    Table("cases.study", ("slug",)),
    Table("cases.nation", ("slug",)),
    Table("cases.region", ("slug",)),
    Table("cases.sector", ("slug",)),
    Table("cases.typology", ("slug",)),
    Table("cases.accountabilitymode", ("slug",)),
    Table("cases.policyarea", ("slug",)),
    Table("cases.fundingmodel", ("slug",)),
    Table("cases.case", ("slug",)),
    Table("cases.classification", ("case", "study")),
    Table("cases.casefieldcitation", ("case", "field_name", "source")),
    Table("cases.caseaccountability", ("case", "mode")),
    Table("cases.casepolicyarea", ("case", "policy_area")),
    Table("findings.finding", ("slug",)),
    Table("findings.casefinding", ("finding", "case")),
    Table("findings.quotation", ("slug",)),
    Table("releases.release", ("version",)),
    Table("releases.releasefile", ("release", "name")),
)
BY_LABEL = {table.label: table for table in TABLES}


def table_for(model: type[models.Model]) -> Table:
    return BY_LABEL[model._meta.label_lower]
