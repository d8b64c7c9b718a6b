"""The cases, the dimensions that classify them, and the sources every fact comes from."""

from cases.models.case import (
    Case,
    CaseAccountability,
    CaseFieldCitation,
    CasePolicyArea,
    CitedField,
    Permanence,
)
from cases.models.classification import Classification
from cases.models.dimensions import (
    AccountabilityMode,
    FundingModel,
    Nation,
    PolicyArea,
    Region,
    Sector,
    Typology,
)
from cases.models.provenance import Basis, Cited, Source, SourceKind, SourceOrigin
from cases.models.publication import Publication
from cases.models.revision import DatasetRevision
from cases.models.status import Status
from cases.models.study import Study, StudyKind

__all__ = [
    "AccountabilityMode",
    "Basis",
    "Case",
    "CaseAccountability",
    "CaseFieldCitation",
    "CasePolicyArea",
    "Cited",
    "DatasetRevision",
    "CitedField",
    "Classification",
    "FundingModel",
    "Nation",
    "Permanence",
    "PolicyArea",
    "Publication",
    "Region",
    "Sector",
    "Source",
    "SourceKind",
    "SourceOrigin",
    "Status",
    "Study",
    "StudyKind",
    "Typology",
]
