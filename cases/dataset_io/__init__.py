"""Import and export of the whole knowledge base (manage.py export_dataset / import_dataset).

- tables.py: which models make up the dataset, in file order, and their natural keys;
- export.py: the deterministic JSON export;
- records.py: reading an import file (JSON, or CSV of cases) and reporting malformed input;
- download_file.py: reading the JSON download (rallying.json, a release's frozen file) as records;
- importer.py: validating every record, then writing all of them in one transaction.
"""

from cases.dataset_io.download_file import is_download, parse_download_json
from cases.dataset_io.export import export_dataset
from cases.dataset_io.importer import Plan, apply_plan, plan_import
from cases.dataset_io.records import Problem, decode, parse_cases_csv, parse_json
from cases.models import Typology


def type_studies() -> dict[str, str]:
    """Each type's study (slugs): a CSV names the type, and the type says which study gives it."""
    return dict(Typology.objects.values_list("slug", "study__slug"))


def read_file(content: bytes, *, csv: bool) -> Plan:
    """Parse and validate an import file's bytes (the export's JSON list, a JSON download, or a
    CSV of cases); the plan lists every problem found."""
    text, problems = decode(content)
    if problems:
        return Plan(problems=problems)
    if csv:
        records, problems = parse_cases_csv(text, type_studies=type_studies())
    elif is_download(text):
        records, problems = parse_download_json(text)
    else:
        records, problems = parse_json(text)
    plan = plan_import(records)
    plan.problems = sorted(problems + plan.problems, key=lambda problem: problem.position)
    return plan


__all__ = ["Plan", "Problem", "apply_plan", "export_dataset", "plan_import", "read_file"]
