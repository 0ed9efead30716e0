"""vn_iso_qms: typed records, legal rules and reports for QMS in Vietnamese state agencies.

Every Vietnamese state administrative agency that handles administrative procedures must build,
apply, maintain and improve a quality management system under TCVN ISO 9001 (Decision
19/2014/QĐ-TTg; Circular 26/2014/TT-BKHCN). This package is the typed core provincial tools
import.

The door, `vn_iso_qms`, holds what nearly every caller needs:

- Records: `AdministrativeUnit`, `Agency`, `AgencyEvent`, `ObligationDesignation`, `Tthc`,
  `TthcAssignment`, `TthcListUpdate`, `QmsUnit`, `EIsoUse`, `Process`, `DocumentRevision`,
  `DocumentApproval`, `EffectivenessConfirmation`, `Announcement`, `LegalChange`, `QmsUpdate`,
  `ScopeDecision`, `InternalAudit`, `AuditFinding`, `Nonconformity`, `CorrectiveAction`,
  `StateChange`, `ManagementReview`, `ReviewInputs`, `ReviewOutputs`, `AnnualPlan`,
  `PlannedActivity`, `Recurrence`, `PlanAmendment`, `Reschedule`, `Activity`, `InspectionPlan`,
  `InspectionPlanEntry`, `Inspection`, `ChecklistResult`, `InspectionFinding`,
  `CorrectiveActionReport`, `StatutoryReport`; `evolve()` to change one.
- Vocabularies (StrEnums with stable codes and vi/en labels): `AgencyKind`, `ManagementLevel`,
  `AdminUnitLevel`, `ObligationClass`, `StandardVersion`, `FindingGrade`, `FindingSource`,
  `InspectionForm`, `ChecklistItem`, `AnnouncementReason`, `ActivityKind`, `AgencyEventKind`,
  `CorrectiveActionState`, `StatutoryReportKind`, `Frequency`; their base `LabelledEnum`.
- The dataset and JSON: `QmsDataset`, `load_dataset`, `dump_dataset`, `json_schema`,
  `code_tables`; `migrate_legal_steps` / `StepMigration` for datasets of the older form; the
  embedded demos `demo_dataset()` and `demo_dataset_2025()`.
- Evaluation: `evaluate` → `Evaluation` of `Verdict`s (`VerdictKind`) and `RuleResult`s
  (`RuleStatus`, `Reason`s from the catalogue `ReasonCode`, `Citation`s), `ActivityOutcome`
  (`ActivityStatus`); `Policy` (`DEFAULT_POLICY`, `PeriodKind`, `Rounding`, `SuccessorQms`,
  `MissingHistory`, `InspectionUnit`, `Period`).
- Errors: `QmsError` and its subclasses, `Problem`.

Rooms, one theme and vocabulary each:

- `vn_iso_qms.rules`: rules as values (the kit, `STATUTORY_RULES`, the legal basis), the law
  helpers rule writers use (`WorkingCalendar`, `add_months`, `obligation_class`), and
  `evaluate_rule`.
- `vn_iso_qms.reports`: the province report, the national rollup, comparisons, renderers,
  completeness.
- `vn_iso_qms.admin_units`: the official administrative units of both eras of the 2025 reform,
  and carrying a dataset across it.
- `vn_iso_qms.spreadsheet`: workbooks and CSV (the `xlsx` extra).
- `vn_iso_qms.types`: the value types (`RecordId`, `Text`, `Date`, the id types, ...).

Version 0.1 names are kept for one minor version: each warns with its new place when used.

Stability: names, fields, enum codes, reason codes and exception types are API; messages and
labels are not.
"""

from __future__ import annotations

import importlib as _importlib
import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from vn_iso_qms._internal.deprecation import moved_names as _moved_names

if _TYPE_CHECKING:  # what type checkers and documentation tools read; at run time, `__getattr__`
    from vn_iso_qms import admin_units, reports, rules, types  # noqa: F401 - the rooms
    from vn_iso_qms._internal.admin_units import (
        UnknownAdminUnitError,
    )
    from vn_iso_qms._internal.agency import (
        AdministrativeUnit,
        Agency,
        AgencyEvent,
        ObligationDesignation,
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
    from vn_iso_qms._internal.base import (
        evolve,
    )
    from vn_iso_qms._internal.dataset import (
        QmsDataset,
    )
    from vn_iso_qms._internal.demo import (
        demo_dataset,
        demo_dataset_2025,
    )
    from vn_iso_qms._internal.errors import (
        DocumentTextError,
        EvaluationMismatchError,
        InputTooLargeError,
        InvalidDataError,
        PdfError,
        Problem,
        QmsError,
        UnknownRecordError,
        UnknownRuleError,
    )
    from vn_iso_qms._internal.evaluation.engine import (
        Evaluation,
        evaluate,
    )
    from vn_iso_qms._internal.evaluation.policy import (
        DEFAULT_POLICY,
        InspectionUnit,
        MissingHistory,
        Period,
        PeriodKind,
        Policy,
        Rounding,
        SuccessorQms,
    )
    from vn_iso_qms._internal.evaluation.reasons import (
        ReasonCode,
    )
    from vn_iso_qms._internal.evaluation.result import (
        ActivityOutcome,
        ActivityStatus,
        Citation,
        Reason,
        RuleResult,
        RuleStatus,
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
    from vn_iso_qms._internal.jsonio import (
        dump_dataset,
        json_schema,
        load_dataset,
    )
    from vn_iso_qms._internal.migrate import (
        StepMigration,
        migrate_legal_steps,
    )
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
    from vn_iso_qms._internal.schema import (
        code_tables,
    )
    from vn_iso_qms._internal.spreadsheet import (
        MissingExtraError,
        SpreadsheetExportError,
    )
    from vn_iso_qms._internal.vocab import (
        ActivityKind,
        AdminUnitLevel,
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
    from vn_iso_qms._internal.vocab_base import (
        LabelledEnum,
    )

__version__ = "0.1.0.dev0"

# Version 0.1 names: (the module they live in now, their name there). Removed in version 0.3.
_MOVED: dict[str, tuple[str, str]] = {
    "AdminEra": ("vn_iso_qms.admin_units", "AdminEra"),
    "AdminLevel": ("vn_iso_qms", "AdminUnitLevel"),
    "AdminUnit": ("vn_iso_qms.admin_units", "OfficialUnit"),
    "AdminUnitCode": ("vn_iso_qms.types", "AdminUnitCode"),
    "AdminUnitType": ("vn_iso_qms.admin_units", "AdminUnitType"),
    "Amount": ("vn_iso_qms.types", "Amount"),
    "BOOKKEEPING_FIELDS": ("vn_iso_qms.reports", "BOOKKEEPING_FIELDS"),
    "BookkeepingField": ("vn_iso_qms.reports", "BookkeepingField"),
    "CarryForwardReport": ("vn_iso_qms.admin_units", "CarryForwardReport"),
    "CompletenessReport": ("vn_iso_qms.reports", "CompletenessReport"),
    "Date": ("vn_iso_qms.types", "Date"),
    "DecisionNumber": ("vn_iso_qms.types", "DecisionNumber"),
    "DuePeriod": ("vn_iso_qms.types", "DuePeriod"),
    "EvaluationContext": ("vn_iso_qms.rules", "EvaluationContext"),
    "Figure": ("vn_iso_qms.reports", "Figure"),
    "FigureSpec": ("vn_iso_qms.reports", "FigureSpec"),
    "InspectionLine": ("vn_iso_qms.reports", "InspectionLine"),
    "KindObligation": ("vn_iso_qms.rules", "KindObligation"),
    "LEGACY_FIGURE_KEYS": ("vn_iso_qms.reports", "LEGACY_FIGURE_KEYS"),
    "MissingFact": ("vn_iso_qms.reports", "MissingFact"),
    "NationalRollup": ("vn_iso_qms.reports", "NationalRollup"),
    "NotReported": ("vn_iso_qms.reports", "NotReported"),
    "Note": ("vn_iso_qms.types", "Note"),
    "OBLIGATION_BY_KIND": ("vn_iso_qms.rules", "OBLIGATION_BY_KIND"),
    "PolicyComparison": ("vn_iso_qms.reports", "PolicyComparison"),
    "ProvinceAssignment": ("vn_iso_qms.reports", "ProvinceAssignment"),
    "ProvinceReport": ("vn_iso_qms.reports", "ProvinceReport"),
    "REPORT_FIGURES": ("vn_iso_qms.reports", "REPORT_FIGURES"),
    "RecordId": ("vn_iso_qms.types", "RecordId"),
    "ReportBlock": ("vn_iso_qms.reports", "ReportBlock"),
    "RollupRow": ("vn_iso_qms.reports", "RollupRow"),
    "Shortfall": ("vn_iso_qms.reports", "Shortfall"),
    "Status": ("vn_iso_qms", "RuleStatus"),
    "StatusRow": ("vn_iso_qms.reports", "StatusRow"),
    "SuccessorComparison": ("vn_iso_qms.reports", "SuccessorComparison"),
    "Text": ("vn_iso_qms.types", "Text"),
    "TthcCode": ("vn_iso_qms.types", "TthcCode"),
    "UnitMove": ("vn_iso_qms.admin_units", "UnitMove"),
    "UnitRef": ("vn_iso_qms.reports", "UnitRef"),
    "UnitWithoutSuccessor": ("vn_iso_qms.admin_units", "UnitWithoutSuccessor"),
    "WorkingCalendar": ("vn_iso_qms.rules", "WorkingCalendar"),
    "Year": ("vn_iso_qms.types", "Year"),
    "add_months": ("vn_iso_qms.rules", "add_months"),
    "admin_unit_children": ("vn_iso_qms.admin_units", "children"),
    "admin_unit_code_problems": ("vn_iso_qms.admin_units", "code_problems"),
    "admin_unit_predecessors": ("vn_iso_qms.admin_units", "predecessors"),
    "admin_unit_successors": ("vn_iso_qms.admin_units", "successors"),
    "carry_forward": ("vn_iso_qms.admin_units", "carry_forward"),
    "check_admin_unit_code": ("vn_iso_qms.admin_units", "check_code"),
    "communes_without_successor": ("vn_iso_qms.admin_units", "communes_without_successor"),
    "compare_across_reform": ("vn_iso_qms.reports", "compare_across_reform"),
    "compare_policies": ("vn_iso_qms.reports", "compare_policies"),
    "completeness_report": ("vn_iso_qms.reports", "completeness_report"),
    "default_level": ("vn_iso_qms.rules", "default_level"),
    "due_period_end": ("vn_iso_qms.types", "due_period_end"),
    "evaluate_rule": ("vn_iso_qms.rules", "evaluate_rule"),
    "export_workbook": ("vn_iso_qms.spreadsheet", "export_workbook"),
    "find_admin_units": ("vn_iso_qms.admin_units", "find"),
    "get_admin_unit": ("vn_iso_qms.admin_units", "get"),
    "import_csv": ("vn_iso_qms.spreadsheet", "import_csv"),
    "import_workbook": ("vn_iso_qms.spreadsheet", "import_workbook"),
    "national_rollup": ("vn_iso_qms.reports", "national_rollup"),
    "obligation_class": ("vn_iso_qms.rules", "obligation_class"),
    "primary_successor": ("vn_iso_qms.admin_units", "primary_successor"),
    "province_assignment": ("vn_iso_qms.reports", "province_assignment"),
    "province_report": ("vn_iso_qms.reports", "province_report"),
    "province_successors": ("vn_iso_qms.reports", "province_successors"),
    "render_comparison_markdown": ("vn_iso_qms.reports", "render_comparison_markdown"),
    "render_csv": ("vn_iso_qms.reports", "render_csv"),
    "render_json": ("vn_iso_qms.reports", "render_json"),
    "render_markdown": ("vn_iso_qms.reports", "render_markdown"),
    "render_rollup_markdown": ("vn_iso_qms.reports", "render_rollup_markdown"),
    "write_report_xlsx": ("vn_iso_qms.reports", "write_report_xlsx"),
    "write_template": ("vn_iso_qms.spreadsheet", "write_template"),
    "QmsModel": ("vn_iso_qms._internal.base", "QmsModel"),
    "Record": ("vn_iso_qms._internal.base", "Record"),
    "make_context": ("vn_iso_qms.rules", "make_context"),
    "report_block": ("vn_iso_qms._internal.reporting", "report_block"),
    "rollup_row": ("vn_iso_qms._internal.reporting", "rollup_row"),
}


__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityOutcome",
    "ActivityStatus",
    "AdminUnitLevel",
    "AdministrativeUnit",
    "Agency",
    "AgencyEvent",
    "AgencyEventKind",
    "AgencyKind",
    "Announcement",
    "AnnouncementReason",
    "AnnualPlan",
    "AuditFinding",
    "ChecklistItem",
    "ChecklistResult",
    "Citation",
    "CorrectiveAction",
    "CorrectiveActionReport",
    "CorrectiveActionState",
    "DEFAULT_POLICY",
    "DocumentApproval",
    "DocumentRevision",
    "DocumentTextError",
    "EIsoUse",
    "EffectivenessConfirmation",
    "Evaluation",
    "EvaluationMismatchError",
    "FindingGrade",
    "FindingSource",
    "Frequency",
    "InputTooLargeError",
    "Inspection",
    "InspectionFinding",
    "InspectionForm",
    "InspectionPlan",
    "InspectionPlanEntry",
    "InspectionUnit",
    "InternalAudit",
    "InvalidDataError",
    "LabelledEnum",
    "LegalChange",
    "ManagementLevel",
    "ManagementReview",
    "MissingExtraError",
    "MissingHistory",
    "Nonconformity",
    "ObligationClass",
    "ObligationDesignation",
    "PdfError",
    "Period",
    "PeriodKind",
    "PlanAmendment",
    "PlannedActivity",
    "Policy",
    "Problem",
    "Process",
    "QmsDataset",
    "QmsError",
    "QmsUnit",
    "QmsUpdate",
    "Reason",
    "ReasonCode",
    "Recurrence",
    "Reschedule",
    "ReviewInputs",
    "ReviewOutputs",
    "Rounding",
    "RuleResult",
    "RuleStatus",
    "ScopeDecision",
    "SpreadsheetExportError",
    "StandardVersion",
    "StateChange",
    "StatutoryReport",
    "StatutoryReportKind",
    "StepMigration",
    "SuccessorQms",
    "Tthc",
    "TthcAssignment",
    "TthcListUpdate",
    "UnknownAdminUnitError",
    "UnknownRecordError",
    "UnknownRuleError",
    "Verdict",
    "VerdictKind",
    "code_tables",
    "demo_dataset",
    "demo_dataset_2025",
    "dump_dataset",
    "evaluate",
    "evolve",
    "json_schema",
    "load_dataset",
    "migrate_legal_steps",
]


# Every public name is imported the first time it is asked for (PEP 562): `import vn_iso_qms`
# loads no record, rule or report module, and a tool pays only for what it uses.
_LAZY: dict[str, str] = {
    "Activity": "vn_iso_qms._internal.plan",
    "ActivityKind": "vn_iso_qms._internal.vocab",
    "ActivityOutcome": "vn_iso_qms._internal.evaluation.result",
    "ActivityStatus": "vn_iso_qms._internal.evaluation.result",
    "AdminUnitLevel": "vn_iso_qms._internal.vocab",
    "AdministrativeUnit": "vn_iso_qms._internal.agency",
    "Agency": "vn_iso_qms._internal.agency",
    "AgencyEvent": "vn_iso_qms._internal.agency",
    "AgencyEventKind": "vn_iso_qms._internal.vocab",
    "AgencyKind": "vn_iso_qms._internal.vocab",
    "Announcement": "vn_iso_qms._internal.qms",
    "AnnouncementReason": "vn_iso_qms._internal.vocab",
    "AnnualPlan": "vn_iso_qms._internal.plan",
    "AuditFinding": "vn_iso_qms._internal.audit",
    "ChecklistItem": "vn_iso_qms._internal.vocab",
    "ChecklistResult": "vn_iso_qms._internal.inspection",
    "Citation": "vn_iso_qms._internal.evaluation.result",
    "CorrectiveAction": "vn_iso_qms._internal.audit",
    "CorrectiveActionReport": "vn_iso_qms._internal.inspection",
    "CorrectiveActionState": "vn_iso_qms._internal.vocab",
    "DEFAULT_POLICY": "vn_iso_qms._internal.evaluation.policy",
    "DocumentApproval": "vn_iso_qms._internal.qms",
    "DocumentRevision": "vn_iso_qms._internal.qms",
    "DocumentTextError": "vn_iso_qms._internal.errors",
    "EIsoUse": "vn_iso_qms._internal.qms",
    "EffectivenessConfirmation": "vn_iso_qms._internal.qms",
    "Evaluation": "vn_iso_qms._internal.evaluation.engine",
    "EvaluationMismatchError": "vn_iso_qms._internal.errors",
    "FindingGrade": "vn_iso_qms._internal.vocab",
    "FindingSource": "vn_iso_qms._internal.vocab",
    "Frequency": "vn_iso_qms._internal.plan",
    "InputTooLargeError": "vn_iso_qms._internal.errors",
    "Inspection": "vn_iso_qms._internal.inspection",
    "InspectionFinding": "vn_iso_qms._internal.inspection",
    "InspectionForm": "vn_iso_qms._internal.vocab",
    "InspectionPlan": "vn_iso_qms._internal.inspection",
    "InspectionPlanEntry": "vn_iso_qms._internal.inspection",
    "InspectionUnit": "vn_iso_qms._internal.evaluation.policy",
    "InternalAudit": "vn_iso_qms._internal.audit",
    "InvalidDataError": "vn_iso_qms._internal.errors",
    "LabelledEnum": "vn_iso_qms._internal.vocab_base",
    "LegalChange": "vn_iso_qms._internal.qms",
    "ManagementLevel": "vn_iso_qms._internal.vocab",
    "ManagementReview": "vn_iso_qms._internal.audit",
    "MissingExtraError": "vn_iso_qms._internal.spreadsheet",
    "MissingHistory": "vn_iso_qms._internal.evaluation.policy",
    "Nonconformity": "vn_iso_qms._internal.audit",
    "ObligationClass": "vn_iso_qms._internal.vocab",
    "ObligationDesignation": "vn_iso_qms._internal.agency",
    "PdfError": "vn_iso_qms._internal.errors",
    "Period": "vn_iso_qms._internal.evaluation.policy",
    "PeriodKind": "vn_iso_qms._internal.evaluation.policy",
    "PlanAmendment": "vn_iso_qms._internal.plan",
    "PlannedActivity": "vn_iso_qms._internal.plan",
    "Policy": "vn_iso_qms._internal.evaluation.policy",
    "Problem": "vn_iso_qms._internal.errors",
    "Process": "vn_iso_qms._internal.qms",
    "QmsDataset": "vn_iso_qms._internal.dataset",
    "QmsError": "vn_iso_qms._internal.errors",
    "QmsUnit": "vn_iso_qms._internal.qms",
    "QmsUpdate": "vn_iso_qms._internal.qms",
    "Reason": "vn_iso_qms._internal.evaluation.result",
    "ReasonCode": "vn_iso_qms._internal.evaluation.reasons",
    "Recurrence": "vn_iso_qms._internal.plan",
    "Reschedule": "vn_iso_qms._internal.plan",
    "ReviewInputs": "vn_iso_qms._internal.audit",
    "ReviewOutputs": "vn_iso_qms._internal.audit",
    "Rounding": "vn_iso_qms._internal.evaluation.policy",
    "RuleResult": "vn_iso_qms._internal.evaluation.result",
    "RuleStatus": "vn_iso_qms._internal.evaluation.result",
    "ScopeDecision": "vn_iso_qms._internal.qms",
    "SpreadsheetExportError": "vn_iso_qms._internal.spreadsheet",
    "StandardVersion": "vn_iso_qms._internal.vocab",
    "StateChange": "vn_iso_qms._internal.audit",
    "StatutoryReport": "vn_iso_qms._internal.inspection",
    "StatutoryReportKind": "vn_iso_qms._internal.vocab",
    "StepMigration": "vn_iso_qms._internal.migrate",
    "SuccessorQms": "vn_iso_qms._internal.evaluation.policy",
    "Tthc": "vn_iso_qms._internal.qms",
    "TthcAssignment": "vn_iso_qms._internal.qms",
    "TthcListUpdate": "vn_iso_qms._internal.qms",
    "UnknownAdminUnitError": "vn_iso_qms._internal.admin_units",
    "UnknownRecordError": "vn_iso_qms._internal.errors",
    "UnknownRuleError": "vn_iso_qms._internal.errors",
    "Verdict": "vn_iso_qms._internal.evaluation.result",
    "VerdictKind": "vn_iso_qms._internal.evaluation.result",
    "code_tables": "vn_iso_qms._internal.schema",
    "demo_dataset": "vn_iso_qms._internal.demo",
    "demo_dataset_2025": "vn_iso_qms._internal.demo",
    "dump_dataset": "vn_iso_qms._internal.jsonio",
    "evaluate": "vn_iso_qms._internal.evaluation.engine",
    "evolve": "vn_iso_qms._internal.base",
    "json_schema": "vn_iso_qms._internal.jsonio",
    "load_dataset": "vn_iso_qms._internal.jsonio",
    "migrate_legal_steps": "vn_iso_qms._internal.migrate",
}

_ROOMS = frozenset({"admin_units", "reports", "rules", "types"})
"""The rooms, loaded as attributes on first use (`vn_iso_qms.reports`, ...)."""

_moved = _moved_names("vn_iso_qms", _MOVED)


_EVERYTHING_FIRST = frozenset({"code_tables"})
"""Names whose value depends on every module being loaded: `code_tables` lists every vocabulary,
and the vocabularies register themselves when their modules are imported."""


def _load_everything() -> None:
    for name in (*_ROOMS, *_LAZY):
        if name not in _EVERYTHING_FIRST:
            getattr(_sys.modules[__name__], name)


def __getattr__(name: str) -> _Any:
    """A public name, imported on first use; a version 0.1 name, with its warning (PEP 562)."""
    module = _LAZY.get(name)
    if name in _EVERYTHING_FIRST:
        _load_everything()
    if module is not None:
        value = getattr(_importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _ROOMS:
        return _importlib.import_module(f"{__name__}.{name}")
    return _moved(name)


def __dir__() -> list[str]:
    """Every public name, the rooms and what is already loaded, as before names were lazy."""
    return sorted({*globals(), *__all__, *_ROOMS})
