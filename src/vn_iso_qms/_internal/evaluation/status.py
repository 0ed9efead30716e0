"""The outcome vocabularies of evaluation: a rule's or verdict's status, a planned activity's status."""

from __future__ import annotations

from collections.abc import Iterable

from vn_iso_qms._internal.vocab_base import LabelledEnum


class RuleStatus(
    LabelledEnum, source="vn_iso_qms evaluation semantics (docs: Explanation → Legal basis)"
):
    """Outcome of one rule or verdict for one subject at `as_of`."""

    MET = "met", "Đạt", "Met"
    """The duty is met."""
    NOT_MET = "not_met", "Không đạt", "Not met"
    """The duty is not met (a deadline passed, or a requirement is missing)."""
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn", "Not yet due"
    """Not met yet, but its deadline has not passed at `as_of`."""
    NOT_APPLICABLE = "not_applicable", "Không áp dụng", "Not applicable"
    """The duty does not apply to this subject (e.g. the unit ended, or is not obliged)."""


class ActivityStatus(
    LabelledEnum,
    source="QĐ 19/2014/QĐ-TTg Art. 12.4.a (monitoring progress against the approved plan)",
):
    """Outcome of one dated duty: a planned activity's due date, a deadline of the law."""

    ON_TIME = "on_time", "Đúng hạn", "On time"
    """Done by its due date (plus the policy's grace days)."""
    LATE = "late", "Trễ hạn", "Late"
    """Done, but after its due date (plus grace)."""
    OVERDUE = "overdue", "Quá hạn, chưa thực hiện", "Overdue"
    """Not done, and its due date (plus grace) has passed."""
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn", "Not yet due"
    """Not done, and not yet due at `as_of`."""
    CANCELLED = "cancelled", "Đã hủy theo điều chỉnh kế hoạch", "Cancelled by amendment"
    """Cancelled by an approved plan amendment."""


_LATE_OR_OVERDUE = frozenset({ActivityStatus.LATE, ActivityStatus.OVERDUE, RuleStatus.NOT_MET})


def combine(statuses: Iterable[RuleStatus | ActivityStatus]) -> RuleStatus:
    """The one way statuses combine: not met beats not yet due beats met.

    A late or overdue duty, or a part not met, makes the whole not met; otherwise anything not
    yet due makes it not yet due; otherwise it is met (on time, cancelled and not-applicable
    parts do not count against it).

    Examples:
        >>> combine([ActivityStatus.ON_TIME, ActivityStatus.NOT_YET_DUE]).value
        'not_yet_due'
        >>> combine([RuleStatus.MET, RuleStatus.NOT_MET, RuleStatus.NOT_YET_DUE]).value
        'not_met'
        >>> combine([]).value
        'met'
    """
    pending = False
    for status in statuses:
        if status in _LATE_OR_OVERDUE:
            return RuleStatus.NOT_MET
        pending = pending or status in (RuleStatus.NOT_YET_DUE, ActivityStatus.NOT_YET_DUE)
    return RuleStatus.NOT_YET_DUE if pending else RuleStatus.MET
