"""Record validation: cross-field checks, state logs, recurrences and evolve()."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from tests import factories as f

from vn_iso_qms import (
    ActivityKind,
    Agency,
    AgencyEvent,
    AgencyEventKind,
    Announcement,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    CorrectiveActionState,
    DocumentRevision,
    FindingGrade,
    FindingSource,
    Frequency,
    Inspection,
    InspectionFinding,
    InspectionForm,
    Nonconformity,
    PlannedActivity,
    Recurrence,
    ReviewInputs,
    StateChange,
    evolve,
)
from vn_iso_qms._internal.base import QmsModel

D = dt.date
S = CorrectiveActionState


def test_records_are_frozen() -> None:
    a = f.agency()
    with pytest.raises(ValidationError):
        a.name = "khác"  # type: ignore[misc]


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="extra"):
        f.agency(colour="blue")


def test_validity_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"valid_to .* is before valid_from"):
        f.agency(valid_from=D(2020, 1, 1), valid_to=D(2019, 12, 31))


def test_validity_bounds_are_inclusive() -> None:
    a = f.agency(valid_from=D(2020, 1, 1), valid_to=D(2023, 6, 30))
    assert a.valid_on(D(2020, 1, 1))
    assert a.valid_on(D(2023, 6, 30))
    assert not a.valid_on(D(2019, 12, 31))
    assert not a.valid_on(D(2023, 7, 1))


def test_evolve_validates_like_a_new_instance() -> None:
    a = f.agency()
    assert evolve(a, name="Sở mới").name == "Sở mới"
    with pytest.raises(ValidationError):
        evolve(a, valid_to=D(2000, 1, 1))  # before valid_from 2010
    with pytest.raises(ValidationError):
        evolve(a, no_such_field=1)


def test_merger_needs_a_successor_other_than_itself() -> None:
    with pytest.raises(ValidationError, match="successor_ids"):
        AgencyEvent(id="e", agency_id="a", kind=AgencyEventKind.MERGED_INTO, date=D(2023, 7, 1))
    with pytest.raises(ValidationError, match="own successor"):
        AgencyEvent(
            id="e",
            agency_id="a",
            kind=AgencyEventKind.SPLIT,
            date=D(2023, 7, 1),
            successor_ids=("a", "b"),
        )


def test_qms_owner_must_be_covered() -> None:
    with pytest.raises(ValidationError, match="owner_agency_id"):
        f.qms("so-a", agency_ids=("so-b",))


def test_announcement_duties_cannot_precede_the_decision() -> None:
    # QĐ 19 Art. 4.3: notification, posting and online publication follow the decision.
    with pytest.raises(ValidationError, match="lead_unit_notified_on"):
        f.announcement(lead_unit_notified_on=D(2019, 5, 1))


def test_no_website_excludes_online_publication() -> None:
    ok = f.announcement(published_online_on=None, no_website=True)
    assert isinstance(ok, Announcement)
    with pytest.raises(ValidationError, match="no_website"):
        f.announcement(no_website=True)


def test_audit_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"end .* is before start"):
        f.audit(start=D(2023, 6, 2), end=D(2023, 6, 1))


def test_nonconformity_needs_an_nc_grade_and_its_source() -> None:
    with pytest.raises(ValidationError, match="not a nonconformity"):
        Nonconformity(
            id="n",
            qms_id="q",
            source=FindingSource.OTHER,
            raised_on=D(2023, 1, 1),
            grade=FindingGrade.OBSERVATION,
        )
    with pytest.raises(ValidationError, match="audit_id"):
        Nonconformity(
            id="n", qms_id="q", source=FindingSource.INTERNAL_AUDIT, raised_on=D(2023, 1, 1)
        )


def _ca(*states: tuple[S, dt.date]) -> CorrectiveAction:
    return CorrectiveAction(
        id="ca",
        nonconformity_id="n",
        responsible="Văn phòng",
        due_on=D(2023, 3, 1),
        log=tuple(StateChange(state=s, on=d) for s, d in states),
    )


class TestCorrectiveActionLog:
    def test_the_full_path_is_accepted(self) -> None:
        ca = _ca(
            (S.PROPOSED, D(2023, 1, 1)),
            (S.ANALYSED, D(2023, 1, 2)),
            (S.APPROVED, D(2023, 1, 3)),
            (S.IN_PROGRESS, D(2023, 1, 4)),
            (S.VERIFIED_EFFECTIVE, D(2023, 2, 1)),
            (S.CLOSED, D(2023, 2, 2)),
        )
        assert ca.state_on(D(2023, 1, 3)) is S.APPROVED
        assert ca.state_on(D(2022, 12, 31)) is None
        assert ca.entered_on(S.CLOSED) == D(2023, 2, 2)
        assert ca.entered_on(S.REISSUED) is None

    def test_skipping_a_required_state_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="'closed' cannot follow 'proposed'"):
            _ca((S.PROPOSED, D(2023, 1, 1)), (S.CLOSED, D(2023, 1, 2)))

    def test_the_log_must_start_with_proposed(self) -> None:
        with pytest.raises(ValidationError, match="cannot follow 'the start'"):
            _ca((S.APPROVED, D(2023, 1, 1)))

    def test_dates_cannot_go_backwards(self) -> None:
        with pytest.raises(ValidationError, match="backwards"):
            _ca((S.PROPOSED, D(2023, 1, 5)), (S.APPROVED, D(2023, 1, 4)))

    def test_an_empty_log_is_rejected(self) -> None:
        with pytest.raises(ValidationError):
            _ca()

    def test_reissued_is_final(self) -> None:
        with pytest.raises(ValidationError, match="final state"):
            _ca(
                (S.PROPOSED, D(2023, 1, 1)),
                (S.APPROVED, D(2023, 1, 2)),
                (S.IN_PROGRESS, D(2023, 1, 3)),
                (S.REISSUED, D(2023, 1, 4)),
                (S.CLOSED, D(2023, 1, 5)),
            )


class TestRecurrence:
    def test_month_end_is_clamped_not_skipped(self) -> None:
        # 31 Jan + 1 month is the last day of February, never 3 March and never skipped.
        r = Recurrence(frequency=Frequency.MONTHLY, start=D(2023, 1, 31), count=4)
        assert r.due_dates() == (D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30))

    def test_leap_day_yearly_falls_on_28_february_in_common_years(self) -> None:
        r = Recurrence(frequency=Frequency.YEARLY, start=D(2024, 2, 29), count=3)
        assert r.due_dates() == (D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28))

    def test_quarterly_until_is_inclusive(self) -> None:
        r = Recurrence(frequency=Frequency.QUARTERLY, start=D(2023, 3, 15), until=D(2023, 12, 15))
        assert r.due_dates() == (D(2023, 3, 15), D(2023, 6, 15), D(2023, 9, 15), D(2023, 12, 15))

    def test_half_yearly(self) -> None:
        r = Recurrence(frequency=Frequency.HALF_YEARLY, start=D(2023, 8, 31), count=3)
        assert r.due_dates() == (D(2023, 8, 31), D(2024, 2, 29), D(2024, 8, 31))

    def test_exactly_one_end_is_required(self) -> None:
        with pytest.raises(ValidationError, match="exactly one"):
            Recurrence(frequency=Frequency.MONTHLY, start=D(2023, 1, 1))
        with pytest.raises(ValidationError, match="exactly one"):
            Recurrence(
                frequency=Frequency.MONTHLY, start=D(2023, 1, 1), count=2, until=D(2023, 5, 1)
            )


def test_planned_activity_needs_a_due_date_or_recurrence() -> None:
    with pytest.raises(ValidationError, match="exactly one of due_on, due_in and recurrence"):
        PlannedActivity(id="x", plan_id="p", agency_id="a", kind=ActivityKind.TRAINING)
    pa = PlannedActivity(
        id="x", plan_id="p", agency_id="a", kind=ActivityKind.TRAINING, due_on=D(2023, 6, 30)
    )
    assert pa.due_dates() == (D(2023, 6, 30),)


def test_inspection_conclusion_is_derived_from_checklist_and_findings() -> None:
    base = Inspection(
        id="k",
        agency_id="a",
        form=InspectionForm.ON_SITE,
        inspected_on=D(2023, 6, 1),
        checklist=(ChecklistResult(item=ChecklistItem.G1_A_SCOPE, met=True),),
    )
    assert base.compliant
    assert not evolve(
        base, checklist=(ChecklistResult(item=ChecklistItem.G1_A_SCOPE, met=False),)
    ).compliant
    nc = InspectionFinding(item=ChecklistItem.G1_A_SCOPE, grade=FindingGrade.MINOR_NONCONFORMITY)
    assert not evolve(base, findings=(nc,)).compliant
    obs = InspectionFinding(item=ChecklistItem.G1_A_SCOPE, grade=FindingGrade.OBSERVATION)
    assert evolve(base, findings=(obs,)).compliant


def test_review_inputs_report_what_is_missing() -> None:
    inputs = ReviewInputs(previous_actions="ok", audit_results="ok")
    missing = inputs.missing()
    assert "previous_actions" not in missing
    assert "audit_results" not in missing
    assert "risk_actions" in missing
    assert len(missing) == 10


def _model_classes() -> list[type[QmsModel]]:
    out: list[type[QmsModel]] = []
    todo: list[type[QmsModel]] = [QmsModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            out.append(sub)
            todo.append(sub)
    return sorted(set(out), key=lambda c: (c.__module__, c.__qualname__))


def test_field_descriptions_are_the_attribute_docstrings_pydantic_would_read() -> None:
    # The base attaches them itself (pydantic's use_attribute_docstrings re-reads each class's
    # source through inspect, a third of the import time); the result must be the same.
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    compared = 0
    for cls in _model_classes():
        expected = extract_docstrings_from_cls(cls, use_inspect=True)
        for name, field in cls.model_fields.items():
            if name in cls.__annotations__ and name in expected:
                assert field.description == expected[name], (cls, name)
                compared += 1
    assert compared > 300  # every documented field of every model, not a handful
    assert "Official Vietnamese name" in (Agency.model_fields["name"].description or "")


def test_defaults_built_without_validation_equal_validated_ones() -> None:
    # DEFAULT_POLICY, the review defaults and the rules' citations skip validation at import
    # (it would build validators and cost ~70 ms of `import vn_iso_qms`); they must be exactly
    # what validation gives.
    from vn_iso_qms import DEFAULT_POLICY, Citation, ManagementReview, Policy
    from vn_iso_qms._internal.evaluation import (
        kit,
        rules_corrective,
        rules_lifecycle,
        rules_maintenance,
        rules_province,
        verdicts,
    )
    from vn_iso_qms.rules import STATUTORY_RULES

    assert Policy.model_validate(DEFAULT_POLICY.model_dump()) == DEFAULT_POLICY == Policy()
    for name in ("inputs", "outputs"):
        default = ManagementReview.model_fields[name].default
        assert type(default).model_validate(default.model_dump()) == default == type(default)()
    citations = [rule.citation for rule in STATUTORY_RULES.values()]
    modules = (kit, rules_corrective, rules_lifecycle, rules_maintenance, rules_province, verdicts)
    for module in modules:
        citations += [v for v in vars(module).values() if isinstance(v, Citation)]
    assert len(citations) > 20
    for citation in citations:
        assert Citation.model_validate(citation.model_dump()) == citation


def test_records_share_their_fields_set_without_mixing_them_up() -> None:
    # memory: a loaded dataset's records share one set of given field names per distinct set
    # (pydantic would allocate one per instance); what each reports must not change.
    full = {name: getattr(f.agency(), name) for name in Agency.model_fields}
    a = Agency.model_validate(full)
    b = Agency.model_validate({**full, "id": "so-b"})
    c = Agency(id="so-c", name="Sở C", kind=f.agency().kind)  # defaults left out
    d = Agency(id="so-d", name="Sở D", kind=f.agency().kind)
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == set(Agency.model_fields)
    assert c.model_fields_set is d.model_fields_set
    assert c.model_fields_set == {"id", "name", "kind"}
    # pydantic's model_copy changes a copy of the set, never the shared one
    e = c.model_copy(update={"short_name": "SC"})
    assert e.model_fields_set == {"id", "name", "kind", "short_name"}
    assert d.model_fields_set == {"id", "name", "kind"}
    assert c.model_dump(exclude_unset=True) == {"id": "so-c", "name": "Sở C", "kind": c.kind}


def test_unchecked_construction_equals_validation() -> None:
    # rule results and reasons are built with `_unchecked` (pydantic internals, for speed):
    # the instances must be what validation gives, and a pydantic upgrade that breaks the
    # trick must fail here, loudly.
    from vn_iso_qms import Citation, Reason, ReasonCode, RuleResult, RuleStatus, evolve
    from vn_iso_qms.rules import make_reason

    citation = Citation(instrument="QĐ 19/2014/QĐ-TTg", article="4")
    reason = make_reason(
        ReasonCode.INTERNAL_AUDIT_DONE, date=dt.date(2023, 6, 1), citation=citation
    )
    validated_reason = Reason(
        code="internal_audit_done", params={"date": "2023-06-01"}, citation=citation
    )
    assert reason == validated_reason
    assert reason.model_dump_json() == validated_reason.model_dump_json()
    assert reason.model_fields_set == validated_reason.model_fields_set | {"text_vi", "text_en"}
    values: dict[str, Any] = {
        "rule_id": "r",
        "subject_id": "so-a",
        "status": RuleStatus.MET,
        "reasons": (reason,),
        "citation": citation,
        "title_vi": "Tiêu đề",
        "title_en": "Title",
    }
    fast = RuleResult._unchecked(**values)
    assert fast == RuleResult(**values)
    assert RuleResult.model_validate_json(fast.model_dump_json()) == fast
    with pytest.raises(ValidationError):
        evolve(fast, status="nope")
    with pytest.raises(TypeError, match="exactly its fields"):
        RuleResult._unchecked(rule_id="r")


def test_revisions_follow_each_other_in_number_and_date() -> None:
    # A process's document revisions are listed oldest first: each later one has a higher
    # number and is not approved before the one it follows.
    def rev(number: int, day: dt.date) -> DocumentRevision:
        return DocumentRevision(number=number, approved_on=day, approved_by="Giám đốc")

    one = f.process(revisions=(rev(1, dt.date(2023, 1, 5)),))
    assert len(one.revisions) == 1
    two = f.process(revisions=(rev(1, dt.date(2023, 1, 5)), rev(2, dt.date(2023, 1, 5))))
    assert [r.number for r in two.revisions] == [1, 2]
    for bad in (
        (rev(1, dt.date(2023, 3, 1)), rev(2, dt.date(2023, 1, 5))),  # approved earlier
        (rev(2, dt.date(2023, 1, 5)), rev(2, dt.date(2023, 3, 1))),  # same number
        (rev(1, dt.date(2023, 1, 5)), rev(3, dt.date(2023, 2, 1)), rev(2, dt.date(2023, 3, 1))),
    ):
        with pytest.raises(ValidationError, match="revisions must be in order"):
            f.process(revisions=bad)
