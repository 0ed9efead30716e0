"""vn_iso_qms: typed records, legal rules and reports for QMS in Vietnamese state agencies.

Every Vietnamese state administrative agency that handles administrative procedures must build,
apply, maintain and improve a quality management system under TCVN ISO 9001 (Decision
19/2014/QĐ-TTg; Circular 26/2014/TT-BKHCN). This package is the typed core provincial tools
import.

API map (everything public is importable from `vn_iso_qms` itself):

- Records: `AdministrativeUnit`, `Agency`, `AgencyEvent`, `ObligationDesignation`, `Tthc`,
  `TthcAssignment`, `TthcListUpdate`, `QmsUnit`, `EIsoUse`, `Process`, `DocumentRevision`, `DocumentApproval`,
  `EffectivenessConfirmation`, `Announcement`, `LegalChange`, `QmsUpdate`, `ScopeDecision`,
  `InternalAudit`, `AuditFinding`, `Nonconformity`, `CorrectiveAction`, `StateChange`,
  `ManagementReview`, `ReviewInputs`, `ReviewOutputs`, `AnnualPlan`, `PlannedActivity`,
  `Recurrence`, `PlanAmendment`, `Reschedule`, `Activity`, `InspectionPlan`,
  `InspectionPlanEntry`, `Inspection`, `ChecklistResult`, `InspectionFinding`,
  `CorrectiveActionReport`, `StatutoryReport`; their base `QmsModel` / `Record` and `evolve()`.
- Value types: `RecordId`, `Text`, `Note`, `TthcCode`, `DecisionNumber`, `AdminUnitCode`,
  `Year`, `Amount`, `Date`, `DuePeriod` (with `due_period_end`).
- Vocabularies (StrEnums with stable codes and vi/en labels): `AgencyKind`, `ManagementLevel`,
  `ObligationClass`, `StandardVersion`, `FindingGrade`, `FindingSource`, `InspectionForm`,
  `ChecklistItem`, `AnnouncementReason`, `ActivityKind`, `AgencyEventKind`,
  `CorrectiveActionState`, `StatutoryReportKind`, `AdminLevel`, `Frequency`; base
  `LabelledEnum`.
- Dataset and JSON: `QmsDataset`, `load_dataset`, `dump_dataset`, `json_schema`;
  `migrate_legal_steps` / `StepMigration` for datasets of the older form.
- Law helpers: `obligation_class` (with the cited table `OBLIGATION_BY_KIND` of
  `KindObligation`s), `default_level`, `add_months`, `WorkingCalendar`.
- Evaluation: `evaluate`, `evaluate_rule`, `make_context`, `EvaluationContext`, `Evaluation`,
  `Policy` (with `DEFAULT_POLICY`, `PeriodKind`, `Rounding`, `Period`), `RuleResult`, `Reason`,
  `ReasonCode` (the reason catalogue), `Citation`, `Status`, `Verdict`, `VerdictKind`,
  `ActivityOutcome`, `ActivityStatus`. Rules as values (the kit, `STATUTORY_RULES`, the legal
  basis `LEGAL_BASIS`) live in the public namespace `vn_iso_qms.rules`.
- Official administrative units (both eras of the 2025 reform): `AdminEra`, `AdminUnit`,
  `AdminUnitType`, `get_admin_unit`, `find_admin_units`, `admin_units`, `admin_unit_children`,
  `admin_unit_successors`, `admin_unit_predecessors`, `primary_successor`,
  `communes_without_successor`, `check_admin_unit_code`, `UnknownAdminUnitError`; datasets across
  the reform: `compare_across_reform` (`SuccessorComparison`, `province_successors`),
  `admin_unit_code_problems`, `carry_forward` → `CarryForwardReport` (`UnitMove`,
  `UnitWithoutSuccessor`); a registry into a new year: `carry_registry` → `RegistryCarryReport`
  (`AgencyFate` with `FateKind`, `FateBasis`, `FateStep`; `QmsCarry` with `QmsCarryAction`;
  `TthcCarry`; `CarryUndecided`), `reorganisation_records`.
- Reporting: `province_report` → `ProvinceReport` (`Figure`s, declared in `REPORT_FIGURES` as
  `FigureSpec`s, with the `UnitRef`s behind them and
  `Shortfall`s with reasons, `InspectionLine`s, `StatusRow`s), `ReportBlock`, `report_block`,
  `national_rollup` → `NationalRollup` of `RollupRow`s, `rollup_row`, `compare_policies` →
  `PolicyComparison`; renderers `render_markdown`, `render_csv`, `render_json`,
  `render_rollup_markdown`, `render_comparison_markdown`, `write_report_xlsx`; renamed figure
  keys in `LEGACY_FIGURE_KEYS`.
- Registries as they are: `completeness_report` → `CompletenessReport` of `MissingFact`s (the
  optional facts the law asks for, listed in `BOOKKEEPING_FIELDS` as `BookkeepingField`s);
  `province_assignment` → `ProvinceAssignment` (the one province that reports each agency, and
  every record no province reports, as `NotReported`).
- Spreadsheets (the `xlsx` extra): `write_template`, `import_workbook`, `export_workbook`,
  `import_csv`; errors `MissingExtraError`, `SpreadsheetExportError`.
- Demo: `demo_dataset()` (the embedded fictional province), `demo_dataset_2025()` (its
  post-reform successor).
- Errors: `QmsError`, `InvalidDataError`, `InputTooLargeError`, `UnknownRecordError`,
  `UnknownRuleError`, `EvaluationMismatchError`, `UnknownAdminUnitError`, `MissingExtraError`,
  `SpreadsheetExportError`, `Problem`.

Stability: names, fields, enum codes, reason codes and exception types are API; messages and
labels are not.
"""

from vn_iso_qms._internal.across_reform import (
    SuccessorComparison,
    compare_across_reform,
    province_successors,
)
from vn_iso_qms._internal.admin_units import (
    AdminEra,
    AdminUnit,
    AdminUnitType,
    UnknownAdminUnitError,
    admin_unit_children,
    admin_unit_predecessors,
    admin_unit_successors,
    admin_units,
    check_admin_unit_code,
    communes_without_successor,
    find_admin_units,
    get_admin_unit,
    primary_successor,
)
from vn_iso_qms._internal.agency import (
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    ObligationDesignation,
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
from vn_iso_qms._internal.carry import (
    AgencyFate,
    CarryUndecided,
    FateBasis,
    FateKind,
    FateStep,
    QmsCarry,
    QmsCarryAction,
    RegistryCarryReport,
    TthcCarry,
    carry_registry,
    reorganisation_records,
)
from vn_iso_qms._internal.completeness import (
    BOOKKEEPING_FIELDS,
    BookkeepingField,
    CompletenessReport,
    MissingFact,
    completeness_report,
)
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.demo import demo_dataset, demo_dataset_2025
from vn_iso_qms._internal.errors import (
    EvaluationMismatchError,
    InputTooLargeError,
    InvalidDataError,
    Problem,
    QmsError,
    UnknownRecordError,
    UnknownRuleError,
)
from vn_iso_qms._internal.evaluation.assignment import (
    NotReported,
    ProvinceAssignment,
    province_assignment,
)
from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar, add_months
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.engine import (
    Evaluation,
    evaluate,
    evaluate_rule,
    make_context,
)
from vn_iso_qms._internal.evaluation.policy import (
    DEFAULT_POLICY,
    Period,
    PeriodKind,
    Policy,
    Rounding,
)
from vn_iso_qms._internal.evaluation.reasons import ReasonCode
from vn_iso_qms._internal.evaluation.result import (
    ActivityOutcome,
    ActivityStatus,
    Citation,
    Reason,
    RuleResult,
    Status,
    Verdict,
    VerdictKind,
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
from vn_iso_qms._internal.migrate import StepMigration, migrate_legal_steps
from vn_iso_qms._internal.obligation import OBLIGATION_BY_KIND, KindObligation, obligation_class
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
    DocumentApproval,
    DocumentRevision,
    EffectivenessConfirmation,
    EIsoUse,
    LegalChange,
    Process,
    QmsUnit,
    QmsUpdate,
    ScopeDecision,
    Tthc,
    TthcAssignment,
    TthcListUpdate,
)
from vn_iso_qms._internal.reform import (
    CarryForwardReport,
    UnitMove,
    UnitWithoutSuccessor,
    admin_unit_code_problems,
    carry_forward,
)
from vn_iso_qms._internal.render import (
    render_comparison_markdown,
    render_csv,
    render_json,
    render_markdown,
    render_rollup_markdown,
    write_report_xlsx,
)
from vn_iso_qms._internal.reporting import (
    LEGACY_FIGURE_KEYS,
    REPORT_FIGURES,
    Figure,
    FigureSpec,
    InspectionLine,
    NationalRollup,
    PolicyComparison,
    ProvinceReport,
    ReportBlock,
    RollupRow,
    Shortfall,
    StatusRow,
    UnitRef,
    compare_policies,
    national_rollup,
    province_report,
    report_block,
    rollup_row,
)
from vn_iso_qms._internal.schema import code_tables
from vn_iso_qms._internal.spreadsheet import (
    MissingExtraError,
    SpreadsheetExportError,
    export_workbook,
    import_csv,
    import_workbook,
    write_template,
)
from vn_iso_qms._internal.types import (
    AdminUnitCode,
    Amount,
    Date,
    DecisionNumber,
    DuePeriod,
    Note,
    RecordId,
    Text,
    TthcCode,
    Year,
    due_period_end,
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
    "ActivityOutcome",
    "ActivityStatus",
    "AdminEra",
    "AdminLevel",
    "AdminUnit",
    "AdminUnitCode",
    "AdminUnitType",
    "AdministrativeUnit",
    "Agency",
    "AgencyEvent",
    "AgencyEventKind",
    "AgencyFate",
    "AgencyKind",
    "Amount",
    "Announcement",
    "AnnouncementReason",
    "AnnualPlan",
    "AuditFinding",
    "BOOKKEEPING_FIELDS",
    "BookkeepingField",
    "CarryForwardReport",
    "CarryUndecided",
    "ChecklistItem",
    "ChecklistResult",
    "Citation",
    "CompletenessReport",
    "CorrectiveAction",
    "CorrectiveActionReport",
    "CorrectiveActionState",
    "DEFAULT_POLICY",
    "Date",
    "DecisionNumber",
    "DocumentApproval",
    "DocumentRevision",
    "DuePeriod",
    "EIsoUse",
    "EffectivenessConfirmation",
    "Evaluation",
    "EvaluationContext",
    "EvaluationMismatchError",
    "FateBasis",
    "FateKind",
    "FateStep",
    "Figure",
    "FigureSpec",
    "FindingGrade",
    "FindingSource",
    "Frequency",
    "InputTooLargeError",
    "Inspection",
    "InspectionFinding",
    "InspectionForm",
    "InspectionLine",
    "InspectionPlan",
    "InspectionPlanEntry",
    "InternalAudit",
    "InvalidDataError",
    "KindObligation",
    "LEGACY_FIGURE_KEYS",
    "LabelledEnum",
    "LegalChange",
    "ManagementLevel",
    "ManagementReview",
    "MissingExtraError",
    "MissingFact",
    "NationalRollup",
    "Nonconformity",
    "NotReported",
    "Note",
    "OBLIGATION_BY_KIND",
    "ObligationClass",
    "ObligationDesignation",
    "Period",
    "PeriodKind",
    "PlanAmendment",
    "PlannedActivity",
    "Policy",
    "PolicyComparison",
    "Problem",
    "Process",
    "ProvinceAssignment",
    "ProvinceReport",
    "QmsCarry",
    "QmsCarryAction",
    "QmsDataset",
    "QmsError",
    "QmsModel",
    "QmsUnit",
    "QmsUpdate",
    "REPORT_FIGURES",
    "Reason",
    "ReasonCode",
    "Record",
    "RecordId",
    "Recurrence",
    "RegistryCarryReport",
    "ReportBlock",
    "Reschedule",
    "ReviewInputs",
    "ReviewOutputs",
    "RollupRow",
    "Rounding",
    "RuleResult",
    "ScopeDecision",
    "Shortfall",
    "SpreadsheetExportError",
    "StandardVersion",
    "StateChange",
    "Status",
    "StatusRow",
    "StatutoryReport",
    "StatutoryReportKind",
    "StepMigration",
    "SuccessorComparison",
    "Text",
    "Tthc",
    "TthcAssignment",
    "TthcCarry",
    "TthcCode",
    "TthcListUpdate",
    "UnitMove",
    "UnitRef",
    "UnitWithoutSuccessor",
    "UnknownAdminUnitError",
    "UnknownRecordError",
    "UnknownRuleError",
    "Verdict",
    "VerdictKind",
    "WorkingCalendar",
    "Year",
    "add_months",
    "admin_unit_children",
    "admin_unit_code_problems",
    "admin_unit_predecessors",
    "admin_unit_successors",
    "admin_units",
    "carry_forward",
    "carry_registry",
    "check_admin_unit_code",
    "code_tables",
    "communes_without_successor",
    "compare_across_reform",
    "compare_policies",
    "completeness_report",
    "default_level",
    "demo_dataset",
    "demo_dataset_2025",
    "due_period_end",
    "dump_dataset",
    "evaluate",
    "evaluate_rule",
    "evolve",
    "export_workbook",
    "find_admin_units",
    "get_admin_unit",
    "import_csv",
    "import_workbook",
    "json_schema",
    "load_dataset",
    "make_context",
    "migrate_legal_steps",
    "national_rollup",
    "obligation_class",
    "primary_successor",
    "province_assignment",
    "province_report",
    "province_successors",
    "render_comparison_markdown",
    "render_csv",
    "render_json",
    "render_markdown",
    "render_rollup_markdown",
    "reorganisation_records",
    "report_block",
    "rollup_row",
    "write_report_xlsx",
    "write_template",
]
