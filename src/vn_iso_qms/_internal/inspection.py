"""Inspection plans, inspections, corrective-action reports and the statutory reports (TT 26 Ch. V)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel, Record
from vn_iso_qms._internal.types import (
    AdminUnitId,
    AgencyId,
    Amount,
    Date,
    DecisionNumber,
    Flag,
    InspectionId,
    InspectionPlanId,
    Note,
    Text,
    Year,
)
from vn_iso_qms._internal.vocab import (
    ChecklistItem,
    FindingGrade,
    InspectionForm,
    StatutoryReportKind,
)


class InspectionPlanEntry(QmsModel):
    """One line of the inspection plan (TT 26 Mẫu 19 KHKT; Art. 34.2)."""

    agency_id: AgencyId
    """The agency to inspect."""
    form: InspectionForm
    """Desk review or on-site."""
    expected_month: Annotated[int, Strict(), Field(ge=1, le=12)] | None = None
    """Expected month of the inspection."""
    budget: Amount | None = None
    """Budget in VND."""


class InspectionPlan(Record):
    """A province's yearly inspection plan (kế hoạch kiểm tra), TT 26 Art. 34.1.b, Mẫu 19 KHKT."""

    record_type: ClassVar[str] = "inspection_plan"

    province_id: AdminUnitId
    """The province (an administrative-unit id)."""
    year: Year
    """The plan year."""
    decision_number: DecisionNumber | None = None
    """Number of the approving decision (TT 26 Art. 34.1.b).

    Optional: the completeness report lists it when missing."""
    approved_on: Date
    """Date UBND tỉnh approved it."""
    inspecting_agency_id: AgencyId
    """The inspecting unit (đơn vị kiểm tra): the Chi cục TCĐLCL or whichever unit replaced it."""
    cooperating_agency_ids: tuple[AgencyId, ...] = ()
    """Co-operating units."""
    entries: tuple[InspectionPlanEntry, ...] = ()
    """Agencies to inspect, with form and timing."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        seen: set[tuple[str, InspectionForm]] = set()
        for entry in self.entries:
            key = (entry.agency_id, entry.form)
            if key in seen:
                msg = f"agency {entry.agency_id!r} is listed twice for {entry.form.value}"
                raise PydanticCustomError("duplicate_entry", msg)
            seen.add(key)
        return self


class ChecklistResult(QmsModel):
    """The result for one TT 26 Art. 36 checklist item in an inspection."""

    item: ChecklistItem
    """The checklist item."""
    met: Flag | None
    """True met, False not met, None not applicable (e.g. no consultant was used)."""
    note: Note = ""
    """Evidence or remarks."""


class InspectionFinding(QmsModel):
    """An outstanding issue (vấn đề tồn tại) found by an inspection."""

    item: ChecklistItem
    """Checklist item it falls under."""
    grade: FindingGrade
    """Its grade."""
    description: Note = ""
    """What was found."""


class Inspection(Record):
    """An inspection of one agency (TT 26 Art. 35-37): desk review or on-site.

    For on-site inspections the minutes (Biên bản, Mẫu 21 BBKT) are signed by the team lead and
    the agency; the agency's corrective-action report is due within 2 months of signing (Art.
    37.2.c). The conclusion is derived from the checklist and findings, never typed in.
    """

    record_type: ClassVar[str] = "inspection"

    agency_id: AgencyId
    """The inspected agency."""
    form: InspectionForm
    """Desk review or on-site."""
    plan_id: InspectionPlanId | None = None
    """The inspection plan it carries out; None for an unscheduled inspection (đột xuất)."""
    decision_number: DecisionNumber | None = None
    """Inspection decision (Mẫu 20 QĐKT); expected for on-site inspections."""
    decision_on: Date | None = None
    """Date of the inspection decision."""
    inspected_on: Date
    """Date of the inspection (first day on site, or date the desk review concluded)."""
    minutes_signed_on: Date | None = None
    """Date the minutes were signed (on-site), or the date of the written conclusion (desk)."""
    team_lead: Text | None = None
    """Team leader (trưởng đoàn)."""
    checklist: tuple[ChecklistResult, ...] = ()
    """Results per TT 26 Art. 36 item."""
    findings: tuple[InspectionFinding, ...] = ()
    """Outstanding issues."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        items = [r.item for r in self.checklist]
        if len(set(items)) != len(items):
            msg = "a checklist item appears twice"
            raise PydanticCustomError("duplicate_entry", msg)
        if self.decision_on is not None and self.inspected_on < self.decision_on:
            msg = f"inspected_on {self.inspected_on} is before decision_on {self.decision_on}"
            raise PydanticCustomError("date_order", msg)
        if self.minutes_signed_on is not None and self.minutes_signed_on < self.inspected_on:
            msg = (
                f"minutes_signed_on {self.minutes_signed_on} is before "
                f"inspected_on {self.inspected_on}"
            )
            raise PydanticCustomError("date_order", msg)
        return self

    @property
    def compliant(self) -> bool:
        """True when no checklist item is unmet and no finding is a nonconformity."""
        return all(r.met is not False for r in self.checklist) and not any(
            f.grade.is_nonconformity for f in self.findings
        )


class CorrectiveActionReport(Record):
    """The inspected agency's report on corrective actions after an inspection (TT 26 Art. 37.2.c-d)."""

    record_type: ClassVar[str] = "corrective_action_report"

    inspection_id: InspectionId
    """The inspection answered."""
    submitted_on: Date
    """Date the report reached the inspecting unit."""
    accepted: Flag | None = None
    """True accepted, False not accepted (a written notice follows), None not yet decided."""
    decided_on: Date | None = None
    """Date of the inspecting unit's decision."""
    note: Note = ""
    """Free text."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.accepted is None) != (self.decided_on is None):
            msg = "accepted and decided_on go together: give both or neither"
            raise PydanticCustomError("exclusive_fields", msg)
        if self.decided_on is not None and self.decided_on < self.submitted_on:
            msg = f"decided_on {self.decided_on} is before submitted_on {self.submitted_on}"
            raise PydanticCustomError("date_order", msg)
        return self


class StatutoryReport(Record):
    """A submitted yearly report: November inspection results or December status (Phụ lục II)."""

    record_type: ClassVar[str] = "statutory_report"

    kind: StatutoryReportKind
    """Which report."""
    province_id: AdminUnitId
    """The province reported on."""
    year: Year
    """The year reported on."""
    submitted_on: Date
    """Date it was sent."""
    document_number: DecisionNumber | None = None
    """Number of the report document."""
    sender_agency_id: AgencyId | None = None
    """Who sent it (the inspecting unit, Sở KH&CN or UBND tỉnh)."""
    recipient: Text | None = None
    """Who received it (Sở KH&CN, UBND tỉnh, Bộ KH&CN)."""
