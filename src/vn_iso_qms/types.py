"""Value types: the constrained strings, numbers and dates every record uses, defined once.

Each is an `Annotated` alias carrying its constraint, so the JSON Schema and the error messages
come from one definition. The id types (`AgencyId`, `QmsUnitId`, ...) are record ids that name
the collection they point into ([`LinksTo`][vn_iso_qms.types.LinksTo]): the dataset's integrity
check and the spreadsheet read the links from them, so a record you define with them is checked
without other edits.

Examples:
    >>> from vn_iso_qms.types import due_period_end
    >>> due_period_end("2023-Q3")
    datetime.date(2023, 9, 30)
"""

from __future__ import annotations

from vn_iso_qms._internal.types import (
    AdminUnitCode,
    AdminUnitId,
    AgencyId,
    Amount,
    AnnualPlanId,
    CorrectiveActionId,
    Date,
    DecisionNumber,
    DuePeriod,
    InspectionId,
    InspectionPlanId,
    InternalAuditId,
    LegalChangeId,
    LinksTo,
    NonconformityId,
    Note,
    PlanAmendmentId,
    PlannedActivityId,
    ProcessId,
    QmsUnitId,
    RecordId,
    Text,
    TthcCode,
    Year,
    due_period_end,
)

__all__ = [
    "AdminUnitCode",
    "AdminUnitId",
    "AgencyId",
    "Amount",
    "AnnualPlanId",
    "CorrectiveActionId",
    "Date",
    "DecisionNumber",
    "DuePeriod",
    "InspectionId",
    "InspectionPlanId",
    "InternalAuditId",
    "LegalChangeId",
    "LinksTo",
    "NonconformityId",
    "Note",
    "PlanAmendmentId",
    "PlannedActivityId",
    "ProcessId",
    "QmsUnitId",
    "RecordId",
    "Text",
    "TthcCode",
    "Year",
    "due_period_end",
]
