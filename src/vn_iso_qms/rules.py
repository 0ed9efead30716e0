"""The rule registry and every statutory rule function (the one public sub-namespace).

Each rule is a plain, pure function `check_*(context, subject_id) -> RuleResult`, registered in
[`RULES`][vn_iso_qms.rules.RULES] under a stable id with its legal source. Register your own with
the [`rule`][vn_iso_qms.rules.rule] decorator.
"""

from vn_iso_qms._internal.evaluation.province_rules import (
    check_annual_plan_approved,
    check_december_status_report,
    check_inspection_coverage,
    check_inspection_plan_approved,
    check_november_inspection_report,
    inspection_population,
)
from vn_iso_qms._internal.evaluation.registry import (
    RULES,
    Rule,
    RuleFunction,
    RuleRegistry,
    RuleScope,
    rule,
)
from vn_iso_qms._internal.evaluation.statutory import (
    CA_REPORT_MONTHS,
    LEGAL_UPDATE_MONTHS,
    check_accepted_standard_version,
    check_announcement_duties,
    check_build_apply_announce_order,
    check_corrective_actions_on_time,
    check_district_separate_qms_limit,
    check_inspection_corrective_report,
    check_legal_change_update,
    check_no_third_party_certification,
    check_qms_in_effect,
    check_reannouncement_after_scope_change,
    check_scope_covers_tthc,
    check_yearly_internal_audit,
    check_yearly_management_review,
)
from vn_iso_qms._internal.evaluation.verdicts import completed, on_plan, plan_for

__all__ = [
    "CA_REPORT_MONTHS",
    "LEGAL_UPDATE_MONTHS",
    "RULES",
    "Rule",
    "RuleFunction",
    "RuleRegistry",
    "RuleScope",
    "check_accepted_standard_version",
    "check_announcement_duties",
    "check_annual_plan_approved",
    "check_build_apply_announce_order",
    "check_corrective_actions_on_time",
    "check_december_status_report",
    "check_district_separate_qms_limit",
    "check_inspection_corrective_report",
    "check_inspection_coverage",
    "check_inspection_plan_approved",
    "check_legal_change_update",
    "check_no_third_party_certification",
    "check_november_inspection_report",
    "check_qms_in_effect",
    "check_reannouncement_after_scope_change",
    "check_scope_covers_tthc",
    "check_yearly_internal_audit",
    "check_yearly_management_review",
    "completed",
    "inspection_population",
    "on_plan",
    "plan_for",
    "rule",
]
