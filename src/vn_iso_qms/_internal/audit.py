"""Internal audits, nonconformities, corrective actions and management reviews (ISO 9001 §9.2-10.2)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Self

from pydantic import Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel, Record
from vn_iso_qms._internal.types import (
    CorrectiveActionId,
    Date,
    InspectionId,
    InternalAuditId,
    NonconformityId,
    Note,
    ProcessId,
    QmsUnitId,
    Text,
)
from vn_iso_qms._internal.vocab import CorrectiveActionState, FindingGrade, FindingSource


class AuditFinding(QmsModel):
    """One finding of an internal audit (phát hiện đánh giá)."""

    number: Annotated[int, Strict(), Field(ge=1)]
    """Number of the finding within its audit, from 1."""
    grade: FindingGrade
    """Major or minor nonconformity, observation or opportunity for improvement."""
    clause: Text | None = None
    """ISO 9001 clause concerned, e.g. "7.5.3"."""
    process_id: ProcessId | None = None
    """Process concerned."""
    description: Note = ""
    """What was found."""


class InternalAudit(Record):
    """An internal audit (đánh giá nội bộ), QĐ 19 Art. 4.2.b and 4.4.b; ISO 9001 §9.2.

    Examples:
        >>> import datetime as dt
        >>> InternalAudit(id="dg-1", qms_id="q-so-tc", start=dt.date(2023, 5, 8),
        ...               end=dt.date(2023, 5, 10), auditors=("Nguyễn Văn A",)).end
        datetime.date(2023, 5, 10)
    """

    record_type: ClassVar[str] = "internal_audit"

    qms_id: QmsUnitId
    """The QMS audited."""
    start: Date | None = None
    """First day of the audit.

    Optional: the completeness report lists it when missing."""
    end: Date
    """Last day of the audit (the audit counts as done on this day)."""
    auditors: tuple[Text, ...] = ()
    """Internal auditors."""
    process_ids: tuple[ProcessId, ...] = ()
    """Processes covered."""
    clauses: tuple[Text, ...] = ()
    """ISO 9001 clauses covered."""
    findings: tuple[AuditFinding, ...] = ()
    """Findings, numbered from 1."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.start is not None and self.end < self.start:
            msg = f"end {self.end} is before start {self.start}"
            raise PydanticCustomError("date_order", msg)
        numbers = [f.number for f in self.findings]
        if len(set(numbers)) != len(numbers):
            msg = "two findings share a number"
            raise PydanticCustomError("duplicate_entry", msg)
        return self


class Nonconformity(Record):
    """A nonconformity (sự không phù hợp) that needs corrective action, ISO 9001 §10.2."""

    record_type: ClassVar[str] = "nonconformity"

    qms_id: QmsUnitId
    """The QMS concerned."""
    source: FindingSource
    """Where it was found."""
    raised_on: Date
    """Date it was recorded."""
    grade: FindingGrade = FindingGrade.MINOR_NONCONFORMITY
    """Major or minor."""
    audit_id: InternalAuditId | None = None
    """The internal audit that found it, if any."""
    finding_number: Annotated[int, Strict(), Field(ge=1)] | None = None
    """The finding's number in that audit."""
    inspection_id: InspectionId | None = None
    """The inspection that found it, if any."""
    description: Note = ""
    """What is wrong."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.grade.is_nonconformity:
            msg = f"grade {self.grade.value!r} is not a nonconformity (use major_nc or minor_nc)"
            raise PydanticCustomError("inconsistent_fields", msg)
        if self.source is FindingSource.INTERNAL_AUDIT and self.audit_id is None:
            msg = "a nonconformity from an internal audit needs audit_id"
            raise PydanticCustomError("missing_field", msg)
        if self.source is FindingSource.INSPECTION and self.inspection_id is None:
            msg = "a nonconformity from an inspection needs inspection_id"
            raise PydanticCustomError("missing_field", msg)
        return self


class StateChange(QmsModel):
    """One entry of a corrective action's append-only state log."""

    state: CorrectiveActionState
    """The state entered."""
    on: Date
    """Date it was entered."""
    by: Text | None = None
    """Who recorded it."""
    note: Note = ""
    """Free text."""


_NEXT: dict[CorrectiveActionState | None, frozenset[CorrectiveActionState]] = {
    None: frozenset({CorrectiveActionState.PROPOSED}),
    CorrectiveActionState.PROPOSED: frozenset(
        {CorrectiveActionState.ANALYSED, CorrectiveActionState.APPROVED}
    ),
    CorrectiveActionState.ANALYSED: frozenset({CorrectiveActionState.APPROVED}),
    CorrectiveActionState.APPROVED: frozenset({CorrectiveActionState.IN_PROGRESS}),
    CorrectiveActionState.IN_PROGRESS: frozenset(
        {CorrectiveActionState.VERIFIED_EFFECTIVE, CorrectiveActionState.REISSUED}
    ),
    CorrectiveActionState.VERIFIED_EFFECTIVE: frozenset({CorrectiveActionState.CLOSED}),
    CorrectiveActionState.CLOSED: frozenset(),
    CorrectiveActionState.REISSUED: frozenset(),
}
"""Allowed transitions. A failed effectiveness check ends the action as `reissued` and a new,
linked action starts (`reissued_from_id`)."""


class CorrectiveAction(Record):
    """A corrective action (hành động khắc phục) with its append-only state log, ISO 9001 §10.2.

    States: proposed → (analysed) → approved → in progress → verified effective → closed; an
    action found not effective ends as `reissued` and a new action links back to it.

    Examples:
        >>> import datetime as dt
        >>> ca = CorrectiveAction(id="hd-1", nonconformity_id="nc-1", responsible="Văn phòng Sở",
        ...     due_on=dt.date(2023, 7, 31),
        ...     log=(StateChange(state=CorrectiveActionState.PROPOSED, on=dt.date(2023, 6, 1)),))
        >>> ca.state_on(dt.date(2023, 6, 15))
        <CorrectiveActionState.PROPOSED: 'proposed'>
    """

    record_type: ClassVar[str] = "corrective_action"

    nonconformity_id: NonconformityId
    """The nonconformity it answers."""
    responsible: Text | None = None
    """Responsible unit or person (ISO 9001 §10.2).

    Optional: the completeness report lists it when missing."""
    due_on: Date
    """Date the action must be implemented by."""
    verify_by: Date | None = None
    """Date effectiveness must be verified by; None means the policy's default."""
    log: tuple[StateChange, ...] = Field(min_length=1)
    """State log, oldest first; only appended to, never rewritten."""
    reissued_from_id: CorrectiveActionId | None = None
    """The earlier action this one replaces after it was found not effective."""
    description: Note = ""
    """What will be done."""

    @model_validator(mode="after")
    def _check_log(self) -> Self:
        previous: StateChange | None = None
        for entry in self.log:
            allowed = _NEXT[previous.state if previous else None]
            if entry.state not in allowed:
                came_from = previous.state.value if previous else "the start"
                options = ", ".join(sorted(s.value for s in allowed)) or "nothing (final state)"
                msg = (
                    f"state log: {entry.state.value!r} cannot follow {came_from!r} "
                    f"(allowed: {options})"
                )
                raise PydanticCustomError("state_transition", msg)
            if previous is not None and entry.on < previous.on:
                msg = f"state log dates go backwards: {entry.on} after {previous.on}"
                raise PydanticCustomError("date_order", msg)
            previous = entry
        if self.verify_by is not None and self.verify_by < self.due_on:
            msg = f"verify_by {self.verify_by} is before due_on {self.due_on}"
            raise PydanticCustomError("date_order", msg)
        return self

    def state_on(self, day: dt.date) -> CorrectiveActionState | None:
        """The state on `day` (the last log entry on or before it); None before the first entry."""
        state = None
        for entry in self.log:
            if entry.on > day:
                break
            state = entry.state
        return state

    def entered_on(self, state: CorrectiveActionState) -> dt.date | None:
        """The date the action entered `state`, or None if it never did."""
        return next((e.on for e in self.log if e.state is state), None)


class ReviewInputs(QmsModel):
    """Inputs of a management review, TCVN ISO 9001:2015 §9.3.2 (one slot per item; None = missing)."""

    previous_actions: Note | None = None
    """a) status of actions from previous reviews."""
    context_changes: Note | None = None
    """b) changes in external and internal issues."""
    customer_satisfaction: Note | None = None
    """c1) customer satisfaction and feedback."""
    objectives: Note | None = None
    """c2) extent to which quality objectives are met."""
    process_performance: Note | None = None
    """c3) process performance and conformity of services."""
    nonconformities: Note | None = None
    """c4) nonconformities and corrective actions."""
    monitoring_results: Note | None = None
    """c5) monitoring and measurement results."""
    audit_results: Note | None = None
    """c6) audit results."""
    external_providers: Note | None = None
    """c7) performance of external providers."""
    resources: Note | None = None
    """d) adequacy of resources."""
    risk_actions: Note | None = None
    """e) effectiveness of actions on risks and opportunities."""
    improvement_opportunities: Note | None = None
    """f) opportunities for improvement."""

    def missing(self) -> tuple[str, ...]:
        """Names of the §9.3.2 inputs that were not recorded."""
        return tuple(name for name in type(self).model_fields if getattr(self, name) is None)


class ReviewOutputs(QmsModel):
    """Outputs of a management review, TCVN ISO 9001:2015 §9.3.3."""

    improvements: Note | None = None
    """Opportunities for improvement decided."""
    qms_changes: Note | None = None
    """Any need for changes to the QMS."""
    resource_needs: Note | None = None
    """Resource needs."""


class ManagementReview(Record):
    """A management review (xem xét của lãnh đạo), QĐ 19 Art. 4.2.c, 4.4.b; ISO 9001 §9.3."""

    record_type: ClassVar[str] = "management_review"

    qms_id: QmsUnitId
    """The QMS reviewed."""
    date: Date
    """Date of the review meeting."""
    chair: Text | None = None
    """Who chaired it (the head of agency or a deputy).

    Optional: the completeness report lists it when missing."""
    # model_construct: an empty default needs no validation, and building the validators at
    # import would cost `import vn_iso_qms` ~70 ms (tests check it equals the validated one).
    inputs: ReviewInputs = ReviewInputs.model_construct()
    """The §9.3.2 inputs."""
    outputs: ReviewOutputs = ReviewOutputs.model_construct()
    """The §9.3.3 outputs."""
