"""Rules as values: the rule kit, the statutory rule set, the legal basis and the reason catalogue.

A rule is a frozen [`Rule`][vn_iso_qms.rules.Rule] made by the [`rule`][vn_iso_qms.rules.rule]
decorator (which registers nothing). [`STATUTORY_RULES`][vn_iso_qms.rules.STATUTORY_RULES] is
the immutable, ordered [`RuleSet`][vn_iso_qms.rules.RuleSet] [`evaluate`][vn_iso_qms.evaluate]
uses by default; compose your own with `|`, `without` and `replace`. Each rule applies only on
days its provision is in force in the [`LEGAL_BASIS`][vn_iso_qms.rules.LEGAL_BASIS] table, and
every reason it gives is a [`ReasonCode`][vn_iso_qms.ReasonCode] of the catalogue.

Version 0.1 names kept for one minor version (each warns when used): `RULES` (now
`STATUTORY_RULES`), `RuleRegistry` (now `RuleSet`), `RuleFunction` (now `AgencyFunction`).
"""

from vn_iso_qms._internal.agency import default_level
from vn_iso_qms._internal.deprecation import moved_names as _moved_names
from vn_iso_qms._internal.evaluation.calendar import Deadline, WorkingCalendar, add_months
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.engine import evaluate_rule, make_context
from vn_iso_qms._internal.evaluation.kit import (
    AgencyFunction,
    Duty,
    Outcome,
    ProvinceFunction,
    Requires,
    Rule,
    RuleBasis,
    RuleScope,
    RuleSet,
    StepGap,
    Unit,
    duty,
    ended_reason,
    gate,
    not_announced,
    reannouncement_deadline,
    records_kept_from,
    rule,
    step_gaps,
)
from vn_iso_qms._internal.evaluation.law import (
    LEGAL_BASIS,
    Instrument,
    InstrumentKind,
    LegalBasis,
    cite,
)
from vn_iso_qms._internal.evaluation.official_days import (
    DayKind,
    OfficialDay,
    official_day,
    official_days,
)
from vn_iso_qms._internal.evaluation.reasons import (
    LEGACY_REASON_CODES,
    DutyCodes,
    Ending,
    ParamValue,
    ProvincePlan,
    ScopeChange,
    TthcChange,
    VersionProblem,
    format_date,
    make_reason,
)
from vn_iso_qms._internal.evaluation.rules_corrective import (
    CA_REPORT_MONTHS,
    check_corrective_actions_on_time,
    check_inspection_corrective_report,
    check_inspection_outcome,
    check_nonconformity_action_opened,
    inspection_findings,
)
from vn_iso_qms._internal.evaluation.rules_lifecycle import (
    DISTRICT_SEPARATE_QMS_LIMIT,
    check_accepted_standard_version,
    check_announcement_duties,
    check_build_apply_announce_order,
    check_district_separate_qms_limit,
    check_eiso_use,
    check_no_third_party_certification,
    check_qms_in_effect,
    check_scope_covers_tthc,
)
from vn_iso_qms._internal.evaluation.rules_maintenance import (
    LEGAL_UPDATE_MONTHS,
    ScopeChangeEvent,
    check_legal_change_update,
    check_reannouncement_after_scope_change,
    check_review_after_audit,
    check_yearly_internal_audit,
    check_yearly_management_review,
    scope_changes,
)
from vn_iso_qms._internal.evaluation.rules_province import (
    LIST_UPDATE_WORKING_DAYS,
    InspectionSubject,
    TthcListChange,
    check_annual_plan_approved,
    check_december_status_report,
    check_inspection_coverage,
    check_inspection_plan_approved,
    check_inspection_plan_coverage,
    check_november_inspection_report,
    check_tthc_list_updated,
    inspection_population,
    inspection_subjects,
    tthc_list_changes,
)
from vn_iso_qms._internal.evaluation.status import combine
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.evaluation.verdicts import (
    Evidence,
    ScheduledDue,
    completed,
    effective_schedule,
    evidence_of,
    linked_evidence,
    match,
    on_plan,
    plan_for,
)
from vn_iso_qms._internal.obligation import OBLIGATION_BY_KIND, KindObligation, obligation_class

__getattr__ = _moved_names(
    "vn_iso_qms.rules",
    {
        "RULES": ("vn_iso_qms.rules", "STATUTORY_RULES"),
        "RuleRegistry": ("vn_iso_qms.rules", "RuleSet"),
        "RuleFunction": ("vn_iso_qms.rules", "AgencyFunction"),
    },
)


__all__ = [
    "AgencyFunction",
    "CA_REPORT_MONTHS",
    "DISTRICT_SEPARATE_QMS_LIMIT",
    "DayKind",
    "Deadline",
    "Duty",
    "DutyCodes",
    "Ending",
    "EvaluationContext",
    "Evidence",
    "InspectionSubject",
    "Instrument",
    "InstrumentKind",
    "KindObligation",
    "LEGACY_REASON_CODES",
    "LEGAL_BASIS",
    "LEGAL_UPDATE_MONTHS",
    "LIST_UPDATE_WORKING_DAYS",
    "LegalBasis",
    "OBLIGATION_BY_KIND",
    "OfficialDay",
    "Outcome",
    "ParamValue",
    "ProvinceFunction",
    "ProvincePlan",
    "Requires",
    "Rule",
    "RuleBasis",
    "RuleScope",
    "RuleSet",
    "STATUTORY_RULES",
    "ScheduledDue",
    "ScopeChange",
    "ScopeChangeEvent",
    "StepGap",
    "TthcChange",
    "TthcListChange",
    "Unit",
    "VersionProblem",
    "WorkingCalendar",
    "add_months",
    "check_accepted_standard_version",
    "check_announcement_duties",
    "check_annual_plan_approved",
    "check_build_apply_announce_order",
    "check_corrective_actions_on_time",
    "check_december_status_report",
    "check_district_separate_qms_limit",
    "check_eiso_use",
    "check_inspection_corrective_report",
    "check_inspection_coverage",
    "check_inspection_outcome",
    "check_inspection_plan_approved",
    "check_inspection_plan_coverage",
    "check_legal_change_update",
    "check_no_third_party_certification",
    "check_nonconformity_action_opened",
    "check_november_inspection_report",
    "check_qms_in_effect",
    "check_reannouncement_after_scope_change",
    "check_review_after_audit",
    "check_scope_covers_tthc",
    "check_tthc_list_updated",
    "check_yearly_internal_audit",
    "check_yearly_management_review",
    "cite",
    "combine",
    "completed",
    "default_level",
    "duty",
    "effective_schedule",
    "ended_reason",
    "evaluate_rule",
    "evidence_of",
    "format_date",
    "gate",
    "inspection_findings",
    "inspection_population",
    "inspection_subjects",
    "linked_evidence",
    "make_context",
    "make_reason",
    "match",
    "not_announced",
    "obligation_class",
    "official_day",
    "official_days",
    "on_plan",
    "plan_for",
    "reannouncement_deadline",
    "records_kept_from",
    "rule",
    "scope_changes",
    "step_gaps",
    "tthc_list_changes",
]
