"""Frozen results of evaluation: statuses, reasons with legal citations, verdicts."""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language, register_labels


class Citation(QmsModel):
    """A legal citation: instrument, article, clause and point.

    Examples:
        >>> c = Citation(instrument="QĐ 19/2014/QĐ-TTg", article="4", clause="4", point="b")
        >>> c.render("vi")
        'QĐ 19/2014/QĐ-TTg, Điều 4, khoản 4, điểm b'
        >>> c.render("en")
        'QĐ 19/2014/QĐ-TTg Art. 4.4.b'
    """

    instrument: str
    """The legal instrument, e.g. "QĐ 19/2014/QĐ-TTg", "TT 26/2014/TT-BKHCN", "TCVN ISO 9001:2015"."""
    article: str | None = None
    """Article (Điều) number, or a clause number of a standard such as "10.2"."""
    clause: str | None = None
    """Clause (khoản)."""
    point: str | None = None
    """Point (điểm), a letter."""

    def render(self, lang: Language = "vi") -> str:
        """The citation as people write it, in Vietnamese (default) or English."""
        if self.article is None:
            return self.instrument
        if "ISO" in self.instrument:  # a clause of the standard, not an article of law
            return (
                f"{self.instrument}, mục {self.article}"
                if lang == "vi"
                else (f"{self.instrument} clause {self.article}")
            )
        if lang == "vi":
            text = f"{self.instrument}, Điều {self.article}"
            if self.clause:
                text += f", khoản {self.clause}"
            if self.point:
                text += f", điểm {self.point}"
            return text
        parts = [self.article, self.clause, self.point]
        return f"{self.instrument} Art. {'.'.join(p for p in parts if p)}"


def cite(
    instrument: str, article: str | None = None, clause: str | None = None, point: str | None = None
) -> Citation:
    """Shorthand constructor of a [`Citation`][vn_iso_qms.Citation], for this package's rules.

    The rule modules call it at import with literal strings, which validation would not change;
    it skips building the validator then (tests validate every citation of every rule).
    """
    return Citation.model_construct(
        instrument=instrument, article=article, clause=clause, point=point
    )


QD19 = "QĐ 19/2014/QĐ-TTg"
TT26 = "TT 26/2014/TT-BKHCN"
ISO9001 = "TCVN ISO 9001:2015"


class Status(LabelledEnum):
    """Outcome of one rule or verdict for one subject at `as_of`."""

    MET = "met"
    """The duty is met."""
    NOT_MET = "not_met"
    """The duty is not met (a deadline passed, or a requirement is missing)."""
    NOT_YET_DUE = "not_yet_due"
    """Not met yet, but its deadline has not passed at `as_of`."""
    NOT_APPLICABLE = "not_applicable"
    """The duty does not apply to this subject (e.g. the unit ended, or is not obliged)."""


register_labels(
    Status,
    source="vn_iso_qms evaluation semantics (docs: Explanation → Legal basis)",
    labels={
        "met": ("Đạt", "Met"),
        "not_met": ("Không đạt", "Not met"),
        "not_yet_due": ("Chưa đến hạn", "Not yet due"),
        "not_applicable": ("Không áp dụng", "Not applicable"),
    },
)


class Reason(QmsModel):
    """Why a rule or verdict has its status: a stable code, messages in both languages, the law.

    Examples:
        >>> r = Reason(code="internal_audit_missing", message_vi="Chưa đánh giá nội bộ",
        ...            message_en="No internal audit", citation=cite(QD19, "4", "4", "b"))
        >>> r.message("en")
        'No internal audit'
    """

    code: str
    """Stable machine-readable code (API), e.g. `"internal_audit_missing"`."""
    message_vi: str
    """Explanation in Vietnamese."""
    message_en: str
    """Explanation in English."""
    citation: Citation | None = None
    """The legal source of the duty, when there is one."""
    record_ids: tuple[str, ...] = ()
    """Ids of the records involved (the audit, the legal change, the planned activity, ...)."""
    deadline: dt.date | None = None
    """The deadline that applied, when there was one."""

    def message(self, lang: Language = "vi") -> str:
        """The message in `lang`."""
        return self.message_vi if lang == "vi" else self.message_en


class RuleResult(QmsModel):
    """The result of one rule for one subject (an agency, or a province for province duties)."""

    rule_id: str
    """The rule's stable id (a key of `vn_iso_qms.rules.RULES`)."""
    subject_id: str
    """Id of the agency (or administrative unit, for province duties) evaluated."""
    status: Status
    """Met, not met, not yet due, not applicable."""
    reasons: tuple[Reason, ...] = ()
    """Why; empty only for a plain "met" with nothing to add."""
    citation: Citation
    """The rule's legal source."""


class ActivityStatus(LabelledEnum):
    """Outcome of one planned activity (one due date) against the approved plan."""

    ON_TIME = "on_time"
    """Done by its due date (plus the policy's grace days)."""
    LATE = "late"
    """Done, but after its due date (plus grace)."""
    OVERDUE = "overdue"
    """Not done, and its due date (plus grace) has passed."""
    NOT_YET_DUE = "not_yet_due"
    """Not done, and not yet due at `as_of`."""
    CANCELLED = "cancelled"
    """Cancelled by an approved plan amendment."""


register_labels(
    ActivityStatus,
    source="QĐ 19/2014/QĐ-TTg Art. 12.4.a (monitoring progress against the approved plan)",
    labels={
        "on_time": ("Đúng hạn", "On time"),
        "late": ("Trễ hạn", "Late"),
        "overdue": ("Quá hạn, chưa thực hiện", "Overdue"),
        "not_yet_due": ("Chưa đến hạn", "Not yet due"),
        "cancelled": ("Đã hủy theo điều chỉnh kế hoạch", "Cancelled by amendment"),
    },
)


class ActivityOutcome(QmsModel):
    """One due date of one planned activity and what happened to it."""

    planned_activity_id: str
    """The planned activity."""
    due_on: dt.date
    """The due date that applied (after any approved rescheduling)."""
    status: ActivityStatus
    """On time, late, overdue, not yet due, cancelled."""
    done_on: dt.date | None = None
    """When it was done, if it was."""
    evidence_ids: tuple[str, ...] = ()
    """The records that show it was done (audit, review, announcement, activity)."""
    amendment_id: str | None = None
    """The amendment that cancelled or rescheduled it."""


class VerdictKind(LabelledEnum):
    """The two yearly verdicts of provincial reports."""

    COMPLETED = "completed"
    """Hoàn thành: the unit had a QMS in effect and did the year's statutory duties."""
    ON_PLAN = "on_plan"
    """Đúng kế hoạch: the unit did every activity the approved plan gave it, on time."""


register_labels(
    VerdictKind,
    source="Provincial report vocabulary (docs: Glossary); QĐ 19/2014/QĐ-TTg Art. 4, 12.4",
    labels={
        "completed": ("Hoàn thành", "Completed"),
        "on_plan": ("Đúng kế hoạch", "On plan"),
    },
)


class Verdict(QmsModel):
    """A yearly verdict (completed, or on plan) for one unit, with its reasons."""

    kind: VerdictKind
    """Which verdict."""
    agency_id: str
    """The unit."""
    status: Status
    """Met (completed / on plan), not met, not yet due, not applicable."""
    reasons: tuple[Reason, ...] = ()
    """Why: the failing duties or activities, or why it does not apply."""
    rule_results: tuple[RuleResult, ...] = ()
    """The rule results the verdict was built from (completed)."""
    activities: tuple[ActivityOutcome, ...] = ()
    """Every planned activity's outcome (on plan)."""
