"""Golden cases: the legal steps of QĐ 19 Art. 4.2 as records of their own.

QĐ 19/2014/QĐ-TTg Art. 4.2.a (the head approves the documents and processes), 4.2.d (the head
confirms the QMS is in effect) and 4.3 (the announcement comes after them); Art. 12.4.a (progress
against the approved plan).
"""

from __future__ import annotations

import datetime as dt

from tests import factories as f
from tests.legal.helpers import STRICT, codes, run
from vn_iso_qms import (
    Activity,
    ActivityKind,
    AgencyKind,
    AnnualPlan,
    DocumentApproval,
    EffectivenessConfirmation,
    PlannedActivity,
    Process,
    QmsDataset,
    QmsUnit,
    RuleStatus,
    evaluate,
    migrate_legal_steps,
)
from vn_iso_qms.rules import effective_schedule, make_context, match

D = dt.date
END_2023 = D(2023, 12, 31)
LEGACY_CONFIRMATION = "xnhl-so-a-2019-05-10"  # the factory's generic-activity confirmation


def _with_own_confirmation(day: dt.date = f.CONFIRMATION_DAY) -> QmsDataset:
    confirmation = EffectivenessConfirmation(
        id="xnhl-1", qms_id="q-so-a", date=day, decision_number="5/QĐ-XNHL"
    )
    return f.complete_dataset(confirmation).without(Activity, LEGACY_CONFIRMATION)


class TestConfirmationOfEffectiveness:
    """QĐ 19 Art. 4.2.d, before the announcement (Art. 4.3)."""

    def test_the_own_record_puts_the_qms_in_effect_qd19_art4_2_d(self) -> None:
        ds = _with_own_confirmation()
        assert run(ds, "build_apply_announce_order", END_2023).status is RuleStatus.MET
        assert run(ds, "qms_in_effect", END_2023).status is RuleStatus.MET

    def test_a_confirmation_after_the_announcement_does_not_count_qd19_art4_2_d(self) -> None:
        ds = _with_own_confirmation(D(2019, 6, 1))  # the announcement is of 20/05/2019
        result = run(ds, "build_apply_announce_order", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"before_announcement_confirmation_missing"}

    def test_the_generic_activity_form_still_counts(self) -> None:
        # the factory writes the step as an Activity of kind effectiveness_confirmation
        assert run(f.complete_dataset(), "build_apply_announce_order", END_2023).status is (
            RuleStatus.MET
        )


class TestDocumentApproval:
    """QĐ 19 Art. 4.2.a: documents and processes approved before the announcement."""

    def test_the_own_record_counts_when_no_process_revision_is_recorded(self) -> None:
        bare = Process(id="qt-so-a", qms_id="q-so-a", code="QT-01", name="Quy trình")
        without = f.complete_dataset().with_records(bare, replace=True)
        result = run(without, "build_apply_announce_order", END_2023, policy=STRICT)
        assert codes(result) == {"before_announcement_documents_not_approved"}
        # by default, a registry with no approval on record at all cannot show the 2019 one:
        # presumed, not evidenced (DESIGN §9)
        presumed = run(without, "build_apply_announce_order", END_2023)
        assert presumed.status is RuleStatus.MET
        assert codes(presumed) == {"step_presumed"}
        approval = DocumentApproval(
            id="bh-1", qms_id="q-so-a", date=D(2019, 3, 1), process_ids=("qt-so-a",)
        )
        assert run(
            without.with_records(approval), "build_apply_announce_order", END_2023, policy=STRICT
        ).status is (RuleStatus.MET)


class TestMigration:
    """The generic form rewritten as step records, with the same verdicts."""

    def test_migrated_dataset_keeps_ids_and_verdicts(self) -> None:
        legacy = f.complete_dataset(
            Activity(
                id="bh-0",
                agency_id="so-a",
                kind=ActivityKind.DOCUMENT_APPROVAL,
                date=D(2019, 2, 20),
                decision_number="3/QĐ-BH",
            )
        )
        result = migrate_legal_steps(legacy)
        assert sorted(result.migrated) == ["bh-0", LEGACY_CONFIRMATION]
        assert result.kept == ()
        ds = result.dataset
        assert [a.kind for a in ds.activities] == []
        (approval,) = ds.document_approvals
        assert (approval.id, approval.qms_id, approval.decision_number) == (
            "bh-0",
            "q-so-a",
            "3/QĐ-BH",
        )
        (confirmation,) = ds.effectiveness_confirmations
        assert (confirmation.id, confirmation.date) == (LEGACY_CONFIRMATION, f.CONFIRMATION_DAY)
        before, after = evaluate(legacy, as_of=END_2023), evaluate(ds, as_of=END_2023)
        assert [(v.agency_id, v.kind, v.status) for v in before.verdicts] == [
            (v.agency_id, v.kind, v.status) for v in after.verdicts
        ]

    def test_an_activity_whose_qms_cannot_be_told_is_kept_with_the_reason(self) -> None:
        # so-b is covered by two QMS on the day: the migration cannot choose
        other = f.agency("so-b")
        first = QmsUnit(id="q-b1", name="A", owner_agency_id="so-b", agency_ids=("so-b",))
        second = QmsUnit(id="q-b2", name="B", owner_agency_id="so-b", agency_ids=("so-b",))
        ambiguous = f.confirmation("so-b")
        ds = f.complete_dataset(other, first, second, ambiguous)
        result = migrate_legal_steps(ds)
        kept = dict(result.kept)
        assert "several QMS cover agency 'so-b'" in kept[ambiguous.id]
        assert ambiguous.id in {a.id for a in result.dataset.activities}
        assert result.migrated == (LEGACY_CONFIRMATION,)  # so-a's own step is still migrated

    def test_an_agency_with_no_qms_keeps_its_activity(self) -> None:
        lone = f.agency("so-c", kind=AgencyKind.PROVINCIAL_DEPARTMENT)
        ds = f.complete_dataset(lone, f.confirmation("so-c"))
        result = migrate_legal_steps(ds)
        assert dict(result.kept) == {
            "xnhl-so-c-2019-05-10": "no QMS covers agency 'so-c' on 2019-05-10"
        }


class TestOnPlan:
    """QĐ 19 Art. 12.4.a: a planned confirmation is carried out by the step record."""

    PLAN = AnnualPlan(
        id="kh",
        province_id="p",
        year=2023,
        decision_number="35/QĐ-UBND",
        approved_on=D(2023, 1, 16),
        approver="Chủ tịch UBND tỉnh",
    )

    def _outcomes(self, *records: EffectivenessConfirmation | PlannedActivity) -> list[str]:
        ds = f.complete_dataset(self.PLAN, *records)
        ctx = make_context(ds, as_of=END_2023, year=2023)
        return [
            f"{o.planned_activity_id}:{o.status.value}:{','.join(o.evidence_ids)}"
            for o in match(ctx, ctx.agency("so-a"), effective_schedule(ctx, self.PLAN, "so-a"))
        ]

    def test_pooled_and_linked_step_records_are_evidence(self) -> None:
        planned = PlannedActivity(
            id="pa",
            plan_id="kh",
            agency_id="so-a",
            kind=ActivityKind.EFFECTIVENESS_CONFIRMATION,
            due_on=D(2023, 6, 30),
        )
        pooled = EffectivenessConfirmation(id="c1", qms_id="q-so-a", date=D(2023, 6, 1))
        linked = EffectivenessConfirmation(
            id="c2", qms_id="q-so-a", date=D(2023, 7, 3), planned_activity_id="pa"
        )
        assert self._outcomes(planned) == ["pa:overdue:"]
        assert self._outcomes(planned, pooled) == ["pa:on_time:c1"]
        # the linked record goes to its activity first, even when later than the pooled one
        assert self._outcomes(planned, pooled, linked) == ["pa:late:c2"]
