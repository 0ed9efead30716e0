"""Annual implementation plans, their activities and amendments, and activity records."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal, Self

from dateutil.rrule import MONTHLY, YEARLY, rrule
from pydantic import Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel, Record
from vn_iso_qms._internal.types import (
    AdminUnitId,
    AgencyId,
    Amount,
    AnnualPlanId,
    Date,
    DecisionNumber,
    DuePeriod,
    Note,
    PlanAmendmentId,
    PlannedActivityId,
    QmsUnitId,
    Text,
    Year,
    due_period_end,
)
from vn_iso_qms._internal.vocab import ActivityKind
from vn_iso_qms._internal.vocab_base import LabelledEnum


class Frequency(LabelledEnum, source="Annual implementation plan (QĐ 19/2014/QĐ-TTg Art. 6)"):
    """How often a recurring planned activity falls due."""

    MONTHLY = "monthly", "Hằng tháng", "Monthly"
    """Every month."""
    QUARTERLY = "quarterly", "Hằng quý", "Quarterly"
    """Every three months."""
    HALF_YEARLY = "half_yearly", "6 tháng một lần", "Half-yearly"
    """Every six months."""
    YEARLY = "yearly", "Hằng năm", "Yearly"
    """Every year."""


_RruleFreq = Literal[0, 1, 2, 3, 4, 5, 6]

_RRULE_STEP: dict[Frequency, tuple[_RruleFreq, int]] = {
    Frequency.MONTHLY: (MONTHLY, 1),
    Frequency.QUARTERLY: (MONTHLY, 3),
    Frequency.HALF_YEARLY: (MONTHLY, 6),
    Frequency.YEARLY: (YEARLY, 1),
}


class Recurrence(QmsModel):
    """A recurring deadline: first due date, frequency, and an end (a count or a last day).

    Due dates come from `dateutil.rrule` (RFC 5545). A start on the 29th-31st falls on the last
    day of shorter months instead of skipping them (RFC 5545 `BYMONTHDAY=28..N;BYSETPOS=-1`).

    Examples:
        >>> import datetime as dt
        >>> r = Recurrence(frequency=Frequency.QUARTERLY, start=dt.date(2023, 3, 31), count=4)
        >>> [d.isoformat() for d in r.due_dates()]
        ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31']
    """

    frequency: Frequency
    """How often."""
    start: Date
    """First due date."""
    count: Annotated[int, Strict(), Field(ge=1, le=1000)] | None = None
    """Number of occurrences; exactly one of `count` and `until` is given."""
    until: Date | None = None
    """Last possible due date (inclusive)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.count is None) == (self.until is None):
            msg = "give exactly one of count and until"
            raise PydanticCustomError("exclusive_fields", msg)
        if self.until is not None and self.until < self.start:
            msg = f"until {self.until} is before start {self.start}"
            raise PydanticCustomError("date_order", msg)
        return self

    def due_dates(self, within: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, ...]:
        """The due dates, in order: all of them, or only those within a window.

        Args:
            within: `(first, last)` day, both included: only due dates in this window are
                listed, and the expansion stops at its end. Give it whenever `until` may be far
                away (`until` 31/12/9999 is a common "no end" marker: about 100,000 monthly
                dates); the evaluation passes its period.
        """
        freq, interval = _RRULE_STEP[self.frequency]
        start = dt.datetime.combine(self.start, dt.time())
        until = dt.datetime.combine(self.until, dt.time()) if self.until else None
        day = self.start.day
        rule = rrule(
            freq,
            interval=interval,
            dtstart=start,
            count=self.count,
            until=until,
            bymonth=(self.start.month,) if self.frequency is Frequency.YEARLY else None,
            # RFC 5545 idiom for "day N, or the month's last day when it is shorter":
            # BYMONTHDAY=28..N;BYSETPOS=-1 (29 Feb -> 28 Feb, 31 Jan -> 30 Apr, ...).
            bymonthday=tuple(range(28, day + 1)) if day > 28 else day,
            bysetpos=-1 if day > 28 else None,
        )
        if within is not None:
            first, last = (dt.datetime.combine(d, dt.time()) for d in within)
            return tuple(d.date() for d in rule.between(first, last, inc=True))
        return tuple(d.date() for d in rule)


class AnnualPlan(Record):
    """A province's approved yearly plan for applying and maintaining QMS (QĐ 19 Art. 6, 12.4.a).

    The units listed in its activities are "plan units"; the "on plan" verdict checks them.
    """

    record_type: ClassVar[str] = "annual_plan"

    province_id: AdminUnitId
    """The province (an [`AdministrativeUnit`][vn_iso_qms.AdministrativeUnit] id)."""
    year: Year
    """The plan year."""
    decision_number: DecisionNumber | None = None
    """Number of the approving decision (of the Chủ tịch UBND tỉnh, QĐ 19 Art. 12.4.a).

    Optional: the completeness report lists it when missing."""
    approved_on: Date
    """Date of approval."""
    approver: Text | None = None
    """Who approved it.

    Optional: the completeness report lists it when missing."""
    title: Text | None = None
    """Title of the plan."""
    budget: Amount | None = None
    """Approved budget in VND."""


class PlannedActivity(Record):
    """One activity an annual plan assigns to a unit, with a due date or a recurrence."""

    record_type: ClassVar[str] = "planned_activity"

    plan_id: AnnualPlanId
    """The annual plan."""
    agency_id: AgencyId
    """The unit that must do it."""
    kind: ActivityKind
    """What must be done."""
    due_on: Date | None = None
    """Deadline as a day; exactly one of `due_on`, `due_in` and `recurrence` is given."""
    due_in: DuePeriod | None = None
    """Deadline as a month or a quarter, as plans write it ("tháng 10" → `"2023-10"`, "Quý III"
    → `"2023-Q3"`): due on its last day, moved to the next working day when that day is a
    weekend or a public holiday (Civil Code 2015 Art. 148.5)."""
    recurrence: Recurrence | None = None
    """Recurring deadlines."""
    added_by_amendment_id: PlanAmendmentId | None = None
    """The plan amendment that added this activity, if it was not in the original plan."""
    note: Note = ""
    """Free text."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        given = [self.due_on, self.due_in, self.recurrence]
        if sum(value is not None for value in given) != 1:
            msg = "give exactly one of due_on, due_in and recurrence"
            raise PydanticCustomError("exclusive_fields", msg)
        return self

    def due_dates(self, within: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, ...]:
        """The due dates of the activity, in order.

        Args:
            within: `(first, last)` day bounding a recurrence's expansion (the evaluation
                passes its period). Only a recurrence is clipped; a single `due_on` is always
                listed.

        A `due_in` month or quarter gives its last day; the evaluation moves it to the next
        working day when that day is a weekend or a public holiday.
        """
        if self.recurrence is not None:
            return self.recurrence.due_dates(within)
        if self.due_in is not None:
            return (due_period_end(self.due_in),)
        assert self.due_on is not None
        return (self.due_on,)


class Reschedule(QmsModel):
    """A new due date an amendment gives to a planned activity."""

    activity_id: PlannedActivityId
    """The planned activity."""
    new_due_on: Date
    """Its new deadline."""


class PlanAmendment(Record):
    """An approved amendment (điều chỉnh) of an annual plan: cancels, reschedules or adds activities."""

    record_type: ClassVar[str] = "plan_amendment"

    plan_id: AnnualPlanId
    """The plan amended."""
    decision_number: DecisionNumber | None = None
    """Number of the amending decision.

    Optional: the completeness report lists it when missing."""
    approved_on: Date
    """Date of approval."""
    cancelled_activity_ids: tuple[PlannedActivityId, ...] = ()
    """Planned activities cancelled."""
    rescheduled: tuple[Reschedule, ...] = ()
    """Planned activities given a new deadline."""
    note: Note = ""
    """Free text."""


class Activity(Record):
    """A done activity that has no record type of its own (training, communication, approval, ...).

    Internal audits, management reviews and announcements have their own records; an `Activity`
    records the rest, such as the head's confirmation of effectiveness (QĐ 19 Art. 4.2.d).
    """

    record_type: ClassVar[str] = "activity"

    agency_id: AgencyId
    """The unit that did it."""
    kind: ActivityKind
    """What was done."""
    date: Date
    """When it was completed."""
    qms_id: QmsUnitId | None = None
    """The QMS concerned, if any."""
    planned_activity_id: PlannedActivityId | None = None
    """The planned activity it fulfils, when the link is explicit."""
    decision_number: DecisionNumber | None = None
    """A decision documenting it (e.g. the confirmation of effectiveness)."""
    note: Note = ""
    """Free text."""
