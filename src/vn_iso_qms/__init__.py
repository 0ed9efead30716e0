"""vn_iso_qms: typed records, legal rules and reports for QMS in Vietnamese state agencies.

Every Vietnamese state administrative agency that handles administrative procedures must build,
apply, maintain and improve a quality management system under TCVN ISO 9001 (Decision
19/2014/QĐ-TTg; Circular 26/2014/TT-BKHCN). This package is the typed core provincial tools
import.

API map (everything public is importable from `vn_iso_qms` itself):

- Records: `AdministrativeUnit`, `Agency`, `AgencyEvent`, `Tthc`, `QmsUnit`, `EIsoUse`, `Process`,
  `DocumentRevision`, `Announcement`, `LegalChange`, `QmsUpdate`, `InternalAudit`,
  `AuditFinding`, `Nonconformity`, `CorrectiveAction`, `StateChange`, `ManagementReview`,
  `ReviewInputs`, `ReviewOutputs`, `AnnualPlan`, `PlannedActivity`, `Recurrence`,
  `PlanAmendment`, `Reschedule`, `Activity`, `InspectionPlan`, `InspectionPlanEntry`,
  `Inspection`, `ChecklistResult`, `InspectionFinding`, `CorrectiveActionReport`,
  `StatutoryReport`; their base `QmsModel` / `Record` and `evolve()`.
- Value types: `RecordId`, `Text`, `Note`, `TthcCode`, `DecisionNumber`, `AdminUnitCode`,
  `Year`, `Amount`, `Date`.
- Vocabularies (StrEnums with stable codes and vi/en labels): `AgencyKind`, `ManagementLevel`,
  `ObligationClass`, `StandardVersion`, `FindingGrade`, `FindingSource`, `InspectionForm`,
  `ChecklistItem`, `AnnouncementReason`, `ActivityKind`, `AgencyEventKind`,
  `CorrectiveActionState`, `StatutoryReportKind`, `AdminLevel`, `Frequency`; base
  `LabelledEnum`.
- Dataset and JSON: `QmsDataset`, `load_dataset`, `dump_dataset`, `json_schema`.
- Law helpers: `obligation_class`, `default_level`.
- Errors: `QmsError`, `InvalidDataError`, `InputTooLargeError`, `UnknownRecordError`,
  `UnknownRuleError`, `Problem`.

Stability: names, fields, enum codes, reason codes and exception types are API; messages and
labels are not.
"""

from vn_iso_qms._internal.agency import (
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    default_level,
)
from vn_iso_qms._internal.audit import (
    AuditFinding,
    CorrectiveAction,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    ReviewInputs,
    ReviewOutputs,
    StateChange,
)
from vn_iso_qms._internal.base import QmsModel, Record, evolve
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.errors import (
    InputTooLargeError,
    InvalidDataError,
    Problem,
    QmsError,
    UnknownRecordError,
    UnknownRuleError,
)
from vn_iso_qms._internal.inspection import (
    ChecklistResult,
    CorrectiveActionReport,
    Inspection,
    InspectionFinding,
    InspectionPlan,
    InspectionPlanEntry,
    StatutoryReport,
)
from vn_iso_qms._internal.jsonio import dump_dataset, json_schema, load_dataset
from vn_iso_qms._internal.obligation import obligation_class
from vn_iso_qms._internal.plan import (
    Activity,
    AnnualPlan,
    Frequency,
    PlanAmendment,
    PlannedActivity,
    Recurrence,
    Reschedule,
)
from vn_iso_qms._internal.qms import (
    Announcement,
    DocumentRevision,
    EIsoUse,
    LegalChange,
    Process,
    QmsUnit,
    QmsUpdate,
    Tthc,
)
from vn_iso_qms._internal.types import (
    AdminUnitCode,
    Amount,
    Date,
    DecisionNumber,
    Note,
    RecordId,
    Text,
    TthcCode,
    Year,
)
from vn_iso_qms._internal.vocab import (
    ActivityKind,
    AdminLevel,
    AgencyEventKind,
    AgencyKind,
    AnnouncementReason,
    ChecklistItem,
    CorrectiveActionState,
    FindingGrade,
    FindingSource,
    InspectionForm,
    ManagementLevel,
    ObligationClass,
    StandardVersion,
    StatutoryReportKind,
)
from vn_iso_qms._internal.vocab_base import LabelledEnum

__version__ = "0.1.0.dev0"

__all__ = [
    "Activity",
    "ActivityKind",
    "AdminLevel",
    "AdminUnitCode",
    "AdministrativeUnit",
    "Agency",
    "AgencyEvent",
    "AgencyEventKind",
    "AgencyKind",
    "Amount",
    "Announcement",
    "AnnouncementReason",
    "AnnualPlan",
    "AuditFinding",
    "ChecklistItem",
    "ChecklistResult",
    "CorrectiveAction",
    "CorrectiveActionReport",
    "CorrectiveActionState",
    "Date",
    "DecisionNumber",
    "DocumentRevision",
    "EIsoUse",
    "FindingGrade",
    "FindingSource",
    "Frequency",
    "InputTooLargeError",
    "Inspection",
    "InspectionFinding",
    "InspectionForm",
    "InspectionPlan",
    "InspectionPlanEntry",
    "InternalAudit",
    "InvalidDataError",
    "LabelledEnum",
    "LegalChange",
    "ManagementLevel",
    "ManagementReview",
    "Nonconformity",
    "Note",
    "ObligationClass",
    "PlanAmendment",
    "PlannedActivity",
    "Problem",
    "Process",
    "QmsDataset",
    "QmsError",
    "QmsModel",
    "QmsUnit",
    "QmsUpdate",
    "Record",
    "RecordId",
    "Recurrence",
    "Reschedule",
    "ReviewInputs",
    "ReviewOutputs",
    "StandardVersion",
    "StateChange",
    "StatutoryReport",
    "StatutoryReportKind",
    "Text",
    "Tthc",
    "TthcCode",
    "UnknownRecordError",
    "UnknownRuleError",
    "Year",
    "default_level",
    "dump_dataset",
    "evolve",
    "json_schema",
    "load_dataset",
    "obligation_class",
]
