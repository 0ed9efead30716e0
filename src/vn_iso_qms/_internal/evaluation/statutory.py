"""The statutory rule set: every rule of this package, in report order, built in one place."""

from __future__ import annotations

from vn_iso_qms._internal.evaluation.kit import RuleSet
from vn_iso_qms._internal.evaluation.rules_corrective import (
    check_corrective_actions_on_time,
    check_inspection_corrective_report,
    check_inspection_outcome,
    check_nonconformity_action_opened,
)
from vn_iso_qms._internal.evaluation.rules_lifecycle import (
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
    check_legal_change_update,
    check_reannouncement_after_scope_change,
    check_review_after_audit,
    check_yearly_internal_audit,
    check_yearly_management_review,
)
from vn_iso_qms._internal.evaluation.rules_province import (
    check_annual_plan_approved,
    check_december_status_report,
    check_inspection_coverage,
    check_inspection_plan_approved,
    check_inspection_plan_coverage,
    check_november_inspection_report,
    check_tthc_list_updated,
)

STATUTORY_RULES = RuleSet(
    (
        # agency duties: lifecycle and announcement, yearly maintenance, corrective action
        check_qms_in_effect,
        check_district_separate_qms_limit,
        check_scope_covers_tthc,
        check_build_apply_announce_order,
        check_announcement_duties,
        check_no_third_party_certification,
        check_legal_change_update,
        check_yearly_internal_audit,
        check_yearly_management_review,
        check_review_after_audit,
        check_reannouncement_after_scope_change,
        check_accepted_standard_version,
        check_corrective_actions_on_time,
        check_nonconformity_action_opened,
        check_inspection_corrective_report,
        check_inspection_outcome,
        check_eiso_use,
        # province duties
        check_inspection_coverage,
        check_november_inspection_report,
        check_december_status_report,
        check_annual_plan_approved,
        check_inspection_plan_approved,
        check_inspection_plan_coverage,
        check_tthc_list_updated,
    )
)
"""Every rule of this package, in the order results are reported. The default of
[`evaluate`][vn_iso_qms.evaluate]; compose your own with `|`, `without` and `replace`."""
