"""Frozen results of evaluation: rule results and verdicts that describe themselves."""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.evaluation.law import ISO9001, QD19, TT26, Citation, cite
from vn_iso_qms._internal.evaluation.reasons import Reason
from vn_iso_qms._internal.evaluation.status import ActivityStatus, RuleStatus
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

__all__ = [
    "ISO9001",
    "QD19",
    "TT26",
    "ActivityOutcome",
    "ActivityStatus",
    "Citation",
    "Reason",
    "RuleResult",
    "RuleStatus",
    "Verdict",
    "VerdictKind",
    "cite",
]


class RuleResult(QmsModel):
    """The result of one rule for one subject (an agency, or a province for province duties)."""

    rule_id: str
    """The rule's stable id (its key in the [`RuleSet`][vn_iso_qms.rules.RuleSet] evaluated)."""
    subject_id: str
    """Id of the agency (or administrative unit, for province duties) evaluated."""
    status: RuleStatus
    """Met, not met, not yet due, not applicable."""
    reasons: tuple[Reason, ...] = ()
    """Why; empty only for a plain "met" with nothing to add."""
    citation: Citation
    """The rule's legal source."""
    title_vi: str
    """What the rule checks, in Vietnamese (so a renderer needs no rule set)."""
    title_en: str
    """What the rule checks, in English."""

    def title(self, lang: Language = "vi") -> str:
        """What the rule checks, in `lang`."""
        return self.title_vi if lang == "vi" else self.title_en


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


class VerdictKind(
    LabelledEnum,
    source="Provincial report vocabulary (docs: Glossary); QĐ 19/2014/QĐ-TTg Art. 4, 12.4",
):
    """The two yearly verdicts of provincial reports."""

    COMPLETED = "completed", "Hoàn thành", "Completed"
    """Hoàn thành: the unit had a QMS in effect and did the year's statutory duties."""
    ON_PLAN = "on_plan", "Đúng kế hoạch", "On plan"
    """Đúng kế hoạch: the unit did every activity the approved plan gave it, on time."""


class Verdict(QmsModel):
    """A yearly verdict (completed, or on plan) for one unit, with its reasons."""

    kind: VerdictKind
    """Which verdict."""
    agency_id: str
    """The unit."""
    status: RuleStatus
    """Met (completed / on plan), not met, not yet due, not applicable."""
    reasons: tuple[Reason, ...] = ()
    """Why: the failing duties or activities, or why it does not apply."""
    rule_results: tuple[RuleResult, ...] = ()
    """The rule results the verdict was built from (completed)."""
    activities: tuple[ActivityOutcome, ...] = ()
    """Every planned activity's outcome (on plan)."""
