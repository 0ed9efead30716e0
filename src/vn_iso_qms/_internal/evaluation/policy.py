"""The evaluation policy: every interpretation the law leaves open, with documented defaults."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.evaluation.calendar import WorkingCalendar, add_days, add_months
from vn_iso_qms._internal.evaluation.law import EDITIONS, LEGAL_BASIS, LegalBasis
from vn_iso_qms._internal.types import Date
from vn_iso_qms._internal.vocab import StandardVersion
from vn_iso_qms._internal.vocab_base import LabelledEnum

PERIOD_YEARS = range(1, 10000)
"""The period years an evaluation accepts: the calendar's (deadlines past 31/12/9999 saturate)."""


class PeriodKind(
    LabelledEnum,
    source="QĐ 19/2014/QĐ-TTg Art. 4.4.b ('at least once a year', unspecified); NĐ 09/2019/NĐ-CP",
):
    """What "a year" means for yearly duties (open question Q3 in the docs' legal basis)."""

    CALENDAR_YEAR = "calendar_year", "Năm dương lịch", "Calendar year"
    """1 January to 31 December (default)."""
    REPORTING_YEAR = (
        "reporting_year",
        "Kỳ báo cáo (15/12 - 14/12)",
        "Reporting year (15 Dec - 14 Dec)",
    )
    """15 December of the previous year to 14 December (the reporting cut-off of ND 09/2019)."""
    ROLLING_12_MONTHS = "rolling_12_months", "12 tháng liên tục", "Rolling 12 months"
    """The 12 months ending on `as_of`."""


class MissingHistory(
    LabelledEnum,
    source="QĐ 19/2014/QĐ-TTg Art. 4.2-4.3 (silent on records a registry does not keep)",
):
    """How a step the registry could not show is read (DESIGN §9: evidence and presumption).

    A registry holds the records of some kinds only from some day: its horizon for that kind
    (see `kit.records_kept_from`). Absence of a record from before that day is no evidence
    that the step was not taken.
    """

    PRESUME = "presume", "Suy đoán đã thực hiện khi không có hồ sơ", "Presume what was not kept"
    """A step of QĐ 19 Art. 4.2.a-d before an announcement made before the evaluated period,
    of a kind the registry holds no record of from that time, is presumed taken: "not
    evidenced", reported apart, never a failure (default). An announcement inside the period
    still needs its steps."""
    STRICT = "strict", "Đòi hỏi có hồ sơ", "Require the records"
    """Every announcement needs its steps recorded (before `steps_presumed_before`, when set,
    they are presumed): a missing record is a failure."""


class InspectionUnit(
    LabelledEnum,
    source="TT 26/2014/TT-BKHCN Art. 33.2 ('tất cả các cơ quan thuộc đối tượng phải xây dựng, áp dụng')",
):
    """What the yearly inspection counts (TT 26 Art. 33.2: the 1/3 on-site minimum's population).

    Art. 33.2.a asks the province to inspect every agency (cơ quan) obliged to build and apply
    a QMS, and 33.2.b at least 1/3 of them on site: the text counts agencies.
    """

    AGENCY = "agency", "Theo cơ quan", "By agency"
    """One subject per obliged agency, as the text counts (default): district divisions that
    share their district committee's QMS (TT 26 Art. 6.3.a) each count, and each is inspected
    when any agency its QMS covers is."""
    QMS = "qms", "Theo hệ thống quản lý chất lượng", "By QMS"
    """One subject per QMS (a documented reading): agencies sharing one QMS count once."""


class Rounding(
    LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 33.2.b ('ít nhất 1/3'; rounding unspecified)"
):
    """How "at least 1/3 on site" is rounded (open question Q5 in the docs' legal basis)."""

    CEIL = "ceil", "Làm tròn lên", "Round up"
    """Round up: 28 mandatory units need 10 on-site inspections (default: the safe reading)."""
    FLOOR = "floor", "Làm tròn xuống", "Round down"
    """Round down: 28 mandatory units need 9."""
    HALF_UP = "half_up", "Làm tròn gần nhất", "Round half up"
    """Round to nearest, halves up: 28 need 9, 29 need 10."""

    def apply(self, value: float) -> int:
        """Round `value` this way."""
        if self is Rounding.CEIL:
            return math.ceil(value - 1e-12)
        if self is Rounding.FLOOR:
            return math.floor(value + 1e-12)
        return math.floor(value + 0.5)


class SuccessorQms(
    LabelledEnum,
    source=(
        "NQ 190/2025/QH15 Art. 10 (documents issued before the reorganisation keep applying);"
        " QĐ 19/2014/QĐ-TTg Art. 4.3, 4.4.c; NQ 76/2025/UBTVQH15 Art. 10.5"
    ),
):
    """What a successor agency's QMS is across a merger (open question Q8 in the docs' legal basis).

    A successor is an agency established by a merger or split (an `AgencyEvent` of a
    predecessor names it, dated on its first day): Sở Nông nghiệp và Môi trường on 01/03/2025,
    the departments of a new province on 01/07/2025. QĐ 19 Art. 4.3-4.4 and TT 26 say nothing
    of it. Resolution 190/2025/QH15 Art. 10 keeps applying the documents a competent agency
    issued before the reorganisation that have not lapsed; an announcement decision is one, so
    the successor inherits it (default). Announcing anew stays a reading.
    """

    ANNOUNCE_ANEW = "announce_anew", "Đơn vị kế thừa công bố mới", "The successor announces anew"
    """The successor is a new obligee: it must announce its own QMS (an announcement dated on
    or after its first day), with `new_duty_grace_months`. A predecessor's announcement does
    not put the successor's QMS in effect (the reading before Resolution 190/2025/QH15 was
    taken into account)."""
    INHERIT = (
        "inherit",
        "Đơn vị kế thừa tiếp nhận công bố, công bố lại",
        "The successor inherits the announcement and re-announces",
    )
    """The successor inherits the announcement in effect for its predecessor on the
    predecessor's last day (NQ 190/2025/QH15 Art. 10: it has not lapsed, so it keeps applying):
    its QMS stays in effect, no new obligee's grace, and the merger is a scope change: it
    re-announces within `reannouncement_months` of its first day (QĐ 19 Art. 4.4.c). Default."""


class Period(QmsModel):
    """An evaluation period, both ends inclusive.

    Examples:
        >>> p = Period(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), year=2023)
        >>> p.contains(dt.date(2023, 12, 31)), p.contains(dt.date(2024, 1, 1))
        (True, False)
    """

    start: Date
    """First day (inclusive)."""
    end: Date
    """Last day (inclusive)."""
    year: int
    """The year the period is named after (the plan and report year)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            msg = f"end {self.end} is before start {self.start}"
            raise PydanticCustomError("date_order", msg)
        return self

    def contains(self, day: dt.date) -> bool:
        """Whether `day` is in the period (bounds inclusive)."""
        return self.start <= day <= self.end

    def label(self) -> str:
        """`"2023 (2023-01-01 - 2023-12-31)"`."""
        return f"{self.year} ({self.start.isoformat()} - {self.end.isoformat()})"


_YEAR_PERIODS: dict[tuple[PeriodKind, int], Period] = {}
"""The calendar and reporting years' periods built so far (at most two per year of 1-9999)."""


class Policy(QmsModel):
    """Every interpretation the law leaves open, in one immutable object with documented defaults.

    Examples:
        >>> Policy().period_for(2023).label()
        '2023 (2023-01-01 - 2023-12-31)'
        >>> Policy(period=PeriodKind.REPORTING_YEAR).period_for(2023).label()
        '2023 (2022-12-15 - 2023-12-14)'
    """

    period: PeriodKind = PeriodKind.CALENDAR_YEAR
    """What "once a year" means (Q3). Default: the calendar year."""
    grace_days: int = Field(default=0, ge=0, le=366)
    """Days after a planned activity's due date that still count as on time. Default 0."""
    inspection_rounding: Rounding = Rounding.CEIL
    """Rounding of the 1/3 on-site minimum (Q5). Default: round up."""
    inspection_includes_encouraged: bool = False
    """Whether encouraged units that applied a QMS count in the inspection denominator (Q5).
    Default: no; TT 26 Art. 33.2 names only units obliged to apply."""
    inspection_unit: InspectionUnit = InspectionUnit.AGENCY
    """What the inspection minimum counts (TT 26 Art. 33.2). Default `agency`: the text counts
    agencies ("cơ quan"); `qms`: one subject per QMS (the reading before issue 24)."""
    hold_encouraged_with_qms: bool = True
    """Whether encouraged units (QĐ 19 Art. 2.2: communes, public service units, ...) that chose
    to apply a QMS are held to the same duties. Default: yes (once announced, QĐ 19 Art. 4.4
    applies to the QMS). Bodies QĐ 19 does not cover are never held to its duties; they are
    judged against the province's plan only."""
    communes_mandatory_from: Date | None = None
    """From this date commune People's Committees are mandatory (Q1). Default: never."""
    iso2008_accepted_until: Date | None = None
    """Last day an announcement on TCVN ISO 9001:2008 is accepted. Default: as the edition's row
    of the legal basis says (30/06/2021, Công văn 419/BKHCN-TĐC)."""
    iso2026_accepted_from: Date | None = None
    """First day the 2026 edition is accepted (Q10). Default: as its row of the legal basis says
    (no TCVN adoption known: not yet)."""
    iso2015_accepted_until: Date | None = None
    """Last day the 2015 edition is accepted, once a transition deadline is set. Default: as its
    row of the legal basis says (no end)."""
    enforce_step_order: bool = True
    """Whether audit ≤ review ≤ confirmation ≤ announcement is required, not only that each step
    exists before the announcement (the order is inferred from QĐ 19 Art. 4.2's list [U])."""
    new_duty_grace_months: int = Field(default=12, ge=0, le=60)
    """Months a unit that becomes obliged (established, created by a merger, or first covered)
    has before its QMS duties can be "not met": until then they are "not yet due". Counted as a
    Civil Code time limit from the day it became obliged. Default 12: the law gives a new unit
    no time, and none to build a QMS; a documented reading (0 turns it off)."""
    steps_presumed_before: Date | None = None
    """Announcements dated before this day are taken as preceded by their steps (approval,
    internal audit, management review, the head's confirmation: QĐ 19 Art. 4.2) when the records
    of those years are not kept: a declared evidence horizon for the four steps, which applies
    inside the evaluated period too. Default: none (the horizon is inferred from the records,
    see `missing_history`)."""
    missing_history: MissingHistory = MissingHistory.PRESUME
    """How a step before an announcement is read when the registry holds no record that could
    show it (DESIGN §9). Default `presume`: the steps before an announcement made before the
    evaluated period are presumed when the registry holds no records of that kind from that
    time (the province judged that announcement when it was made); `strict`: a step not
    recorded is a failure (the reading before issue 24)."""
    require_audit_before_review: bool = False
    """Whether the "completed" verdict also requires a year's management review to follow that
    year's internal audit (rule `review_after_audit`). Default: no. QĐ 19 Art. 4.4.b sets no
    order; ISO 9001 §9.3.2 lists audit results among the review's inputs: good practice."""
    reannouncement_months: int | None = Field(default=3, ge=0, le=60)
    """Months allowed to re-announce after a scope change (Q8: the law sets none), counted as a
    Civil Code time limit. Default 3: by analogy with the 3 months QĐ 19 Art. 4.4.a gives to
    bring a legal change into the QMS (a documented reading). None: by the end of the period of
    the change (12 months from it for a rolling period)."""
    reannounce_after_merger: bool = True
    """Whether a unit that absorbs another must re-announce (scope changed; inferred [U])."""
    successor_qms: SuccessorQms = SuccessorQms.INHERIT
    """What an agency established by a merger (a successor) has of its predecessors' QMS.
    Default `inherit`: Resolution 190/2025/QH15 Art. 10 keeps applying documents issued before
    the reorganisation that have not lapsed, an announcement decision among them, so the
    announcement in effect for a predecessor on its last day stays in effect for the successor,
    which gets no grace and re-announces within `reannouncement_months` of its first day, the
    merger having changed the QMS's scope (QĐ 19 Art. 4.4.c). `announce_anew` (a reading): it
    is a new obligee, so it announces its own QMS within `new_duty_grace_months`; a
    predecessor's announcement (even of a QMS re-pointed to cover it) does not count for it."""
    provincial_police_mandatory: bool = True
    """Whether the provincial police (Công an tỉnh) must apply a QMS. QĐ 19 Art. 2 names no
    police body and its Art. 1 speaks of agencies "thuộc hệ thống hành chính nhà nước", which
    the People's Public Security, an armed force, is arguably not (False: not covered, judged
    against the plan only). Default True, a reading: the provincial police are a local unit of
    the Ministry of Public Security (Law 37/2018/QH14 Art. 17.1.b), and ministries' local
    units apply the ministry's QMS duty (QĐ 19 Art. 2.1.a, TT 26 Art. 5.3). Either way the
    province does not inspect them (TT 26 Art. 34.1.a)."""
    management_boards_mandatory: bool = True
    """Whether management boards (Ban quản lý khu kinh tế, khu công nghiệp) must apply a QMS.
    QĐ 19 Art. 2.1.c names only the specialised agencies (cơ quan chuyên môn) of People's
    Committees, which a board is not (False: not covered, judged against the plan only).
    Default True, a reading: a board is an administrative agency directly under the provincial
    People's Committee that settles administrative procedures, the activities QĐ 19 Art. 3.1
    puts under the QMS, so it is read with the specialised agencies."""
    nonconformity_action_days: int = Field(default=30, ge=0, le=366)
    """Days after a nonconformity is raised by which good practice opens a corrective action
    (rule `nonconformity_action_opened`, information only). Default 30: the law sets no figure
    and ISO 9001 §10.2 says "without undue delay"."""
    corrective_action_grace_days: int = Field(default=0, ge=0, le=366)
    """Days after a corrective action's deadline that still count as on time. Default 0."""
    announcement_duty_working_days: int | None = Field(default=None, ge=0, le=365)
    """Working days after an announcement by which notification, posting and publication must be
    done. Default: none (the law sets no deadline): by the end of the announcement's period."""
    november_report_day: int = Field(default=30, ge=1, le=30)
    """Day of November by which the inspection-results report is due (TT 26 Art. 38.1 names only
    the month). Default 30."""
    december_report_day: int = Field(default=31, ge=1, le=31)
    """Day of December by which the status report is due (QĐ 19 Art. 12.6). Default 31."""
    completed_rules: tuple[str, ...] = (
        "qms_in_effect",
        "scope_covers_tthc",
        "accepted_standard_version",
        "yearly_internal_audit",
        "yearly_management_review",
        "legal_change_update",
        "reannouncement_after_scope_change",
        "corrective_actions_on_time",
    )
    """Rules whose results make up the "completed" verdict (docs: Explanation → Verdicts). Add e.g.
    `"announcement_duties"` for a stricter reading."""
    extra_holidays: tuple[Date, ...] = ()
    """Days off declared on top of the official calendar (the library's table of public
    holidays and the Government's swapped days, 2014-2026): a province's own, or a year the
    table does not cover yet."""
    extra_working_days: tuple[Date, ...] = ()
    """Weekend days declared working days on top of the official calendar (swapped days)."""

    def completing(self, *, add: Iterable[str] = (), drop: Iterable[str] = ()) -> Policy:
        """This policy with rules added to or dropped from `completed_rules` (order kept).

        Examples:
            >>> p = Policy().completing(add=["announcement_duties"], drop=["scope_covers_tthc"])
            >>> "announcement_duties" in p.completed_rules, "scope_covers_tthc" in p.completed_rules
            (True, False)
        """
        dropped = set(drop)
        kept = [r for r in self.completed_rules if r not in dropped]
        kept += [r for r in add if r not in kept]
        return self.model_copy(update={"completed_rules": tuple(kept)})

    def verdict_rules(self) -> tuple[str, ...]:
        """The rules the "completed" verdict is built from.

        `completed_rules`, plus `review_after_audit` when `require_audit_before_review` asks.
        """
        if self.require_audit_before_review and "review_after_audit" not in self.completed_rules:
            return (*self.completed_rules, "review_after_audit")
        return self.completed_rules

    def period_for(self, year: int, *, as_of: dt.date | None = None) -> Period:
        """The evaluation period named `year` (for a rolling period: the 12 months to `as_of`).

        Raises:
            ValueError: `year` is outside the calendar (1-9999).
        """
        if type(year) is not int or not PERIOD_YEARS[0] <= year <= PERIOD_YEARS[-1]:
            msg = (
                f"year {year!r} is outside {PERIOD_YEARS[0]}-{PERIOD_YEARS[-1]}, the calendar's "
                "years"
            )
            raise ValueError(msg)
        if self.period is not PeriodKind.ROLLING_12_MONTHS:
            # a year's period, built unchecked once (each start is before its end) and shared
            # (periods are immutable): deadlines ask for the period of an event thousands of
            # times an evaluation (`event_period_end`)
            key = (self.period, year)
            found = _YEAR_PERIODS.get(key)
            if found is None:
                if self.period is PeriodKind.CALENDAR_YEAR:
                    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
                else:  # the reporting year: 15/12 of the year before to 14/12
                    start = dt.date(year - 1, 12, 15) if year > 1 else dt.date.min
                    end = dt.date(year, 12, 14)
                found = _YEAR_PERIODS[key] = Period._unchecked(start=start, end=end, year=year)
            return found
        end = as_of if as_of is not None else dt.date(year, 12, 31)
        start = add_days(add_months(end, -12), 1)
        return Period(start=start, end=end, year=end.year)  # checked: saturates at 01/01/0001

    def event_period_end(self, day: dt.date) -> dt.date:
        """The last day of "the period of" an event on `day`, for deadlines the law leaves open.

        The end of the calendar or reporting year containing `day`; for a rolling period, 12
        months from `day` (the rolling window that starts with the event, never the event's own
        day).
        """
        if self.period is PeriodKind.ROLLING_12_MONTHS:
            return add_months(day, 12)
        return self.period_containing(day).end

    def period_containing(self, day: dt.date) -> Period:
        """The period that contains `day`."""
        if self.period is PeriodKind.REPORTING_YEAR and day >= dt.date(day.year, 12, 15):
            return self.period_for(day.year + 1)
        return self.period_for(day.year, as_of=day)

    def acceptance(
        self, version: StandardVersion, laws: LegalBasis = LEGAL_BASIS
    ) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day an announcement on `version` is accepted (None: no bound).

        The edition's row of `laws` gives both; this policy's `iso2008_accepted_until`,
        `iso2015_accepted_until` and `iso2026_accepted_from` override them when set. A first
        day of None means the edition is not accepted at all.
        """
        row = laws.get(EDITIONS[version])
        start = row.in_force_from if row is not None else None
        end = row.in_force_to if row is not None else None
        if version is StandardVersion.ISO9001_2008 and self.iso2008_accepted_until is not None:
            end = self.iso2008_accepted_until
        elif version is StandardVersion.ISO9001_2015 and self.iso2015_accepted_until is not None:
            end = self.iso2015_accepted_until
        elif version is StandardVersion.ISO9001_2026 and self.iso2026_accepted_from is not None:
            start = self.iso2026_accepted_from
        return start, end

    def accepts(
        self, version: StandardVersion, on: dt.date, laws: LegalBasis = LEGAL_BASIS
    ) -> bool:
        """Whether an announcement on `version` is acceptable on `on` (see `acceptance`)."""
        start, end = self.acceptance(version, laws)
        return start is not None and start <= on and (end is None or on <= end)

    def working_calendar(self) -> WorkingCalendar:
        """The working-day calendar with this policy's swapped days."""
        return WorkingCalendar(self.extra_holidays, self.extra_working_days)


# Every field at its default (the same as `Policy()`, checked by the tests) without building
# the validator at import.
DEFAULT_POLICY = Policy.model_construct()
"""The default policy; see each field of [`Policy`][vn_iso_qms.Policy] for its reading."""
