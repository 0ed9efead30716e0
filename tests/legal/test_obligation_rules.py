"""Golden cases: who must have a QMS and whether it is in effect (QĐ 19 Art. 2, 4.3; TT 26 Art. 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from tests.legal.helpers import STRICT, codes, run
from vn_iso_qms import (
    AgencyKind,
    AnnouncementReason,
    ObligationClass,
    Policy,
    QmsDataset,
    RuleStatus,
    VerdictKind,
    evaluate,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.obligation import OBLIGATION_BY_KIND
from vn_iso_qms.rules import make_context

D = dt.date
END_2023 = D(2023, 12, 31)


class TestQmsInEffect:
    """R1-R2, QĐ 19/2014/QĐ-TTg Art. 2 and Art. 4.3."""

    def test_mandatory_department_without_qms_fails_qd19_art2_1(self) -> None:
        ds = QmsDataset.from_records([f.province(), f.agency()])
        result = run(ds, "qms_in_effect", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"no_qms_unit"}
        assert result.reasons[0].citation is not None
        assert result.reasons[0].citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 2.1"

    def test_an_announcement_before_its_steps_puts_no_qms_in_effect_qd19_art4_2(self) -> None:
        # QĐ 19 Art. 4.2.a-d then 4.3: approval, internal audit, management review and the
        # head's confirmation come before the announcement; the unit's only records of them are
        # from 2023, after its 2019 announcement.
        ds = QmsDataset.from_records([f.province(), *f.complete_unit_records()[:4]])
        ds = ds.with_records(f.announcement(), f.audit(), f.review())
        result = run(ds, "qms_in_effect", END_2023, policy=STRICT)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {
            "before_announcement_internal_audit_missing",
            "before_announcement_management_review_missing",
            "before_announcement_confirmation_missing",
        }
        # records not kept before 2020: the policy presumes the steps (a documented reading)
        presumed = STRICT.model_copy(update={"steps_presumed_before": D(2020, 1, 1)})
        assert run(ds, "qms_in_effect", END_2023, policy=presumed).status is RuleStatus.MET
        # by default the registry's horizon is inferred: its first audits, reviews and
        # confirmations are of 2023, so the 2019 announcement's steps are not evidenced:
        # presumed, each named (DESIGN §9: absence of evidence is not evidence of absence)
        default = run(ds, "qms_in_effect", END_2023)
        assert default.status is RuleStatus.MET
        assert [r.params["step"] for r in default.reasons if r.code == "step_presumed"] == [
            "internal_audit",
            "management_review",
            "effectiveness_confirmation",
        ]
        # a re-announcement after the steps puts the QMS in effect from its own date
        again = f.announcement(
            id="cb-2023",
            date=D(2023, 8, 1),
            reason=AnnouncementReason.SCOPE_EXPANDED,
        )
        fixed = ds.with_records(again, f.confirmation(day=D(2023, 7, 15), id="xn23"))
        assert run(fixed, "qms_in_effect", D(2023, 7, 31), policy=STRICT).status is (
            RuleStatus.NOT_MET
        )
        assert run(fixed, "qms_in_effect", D(2023, 8, 1), policy=STRICT).status is RuleStatus.MET

    def test_announced_qms_is_in_effect_qd19_art4_3(self) -> None:
        result = run(f.complete_dataset(), "qms_in_effect", END_2023)
        assert result.status is RuleStatus.MET
        assert result.citation.render("en") == "QĐ 19/2014/QĐ-TTg Art. 4.3"

    def test_announcement_after_as_of_does_not_count_qd19_art4_3(self) -> None:
        # announced 2019-05-20: on 2019-05-19 the QMS is not yet in effect
        result = run(f.complete_dataset(), "qms_in_effect", D(2019, 5, 19), year=2019)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"not_announced"}

    def test_commune_without_qms_is_only_encouraged_qd19_art2_2(self) -> None:
        ds = QmsDataset.from_records(
            [f.province(), f.agency(kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE)]
        )
        result = run(ds, "qms_in_effect", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE
        assert codes(result) == {"not_obliged"}

    def test_commune_made_mandatory_by_policy_fails_without_qms_q1(self) -> None:
        ds = QmsDataset.from_records(
            [f.province(), f.agency(kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE)]
        )
        policy = Policy(communes_mandatory_from=D(2025, 7, 1))
        assert run(ds, "qms_in_effect", D(2025, 6, 30), policy=policy).status is (
            RuleStatus.NOT_APPLICABLE
        )
        # first covered on 01/07/2025: the new obligee's time (12 months by default) applies
        assert run(ds, "qms_in_effect", D(2025, 7, 1), policy=policy).status is (
            RuleStatus.NOT_YET_DUE
        )
        assert run(ds, "qms_in_effect", D(2026, 7, 1), policy=policy).status is RuleStatus.NOT_MET

    def test_encouraged_unit_with_a_qms_is_held_to_the_duties_by_default(self) -> None:
        ds = f.complete_dataset(kind=AgencyKind.PUBLIC_SERVICE_UNIT)
        assert run(ds, "yearly_internal_audit", END_2023).status is RuleStatus.MET
        lenient = Policy(hold_encouraged_with_qms=False)
        result = run(ds, "yearly_internal_audit", END_2023, policy=lenient)
        assert result.status is RuleStatus.NOT_APPLICABLE

    def test_district_committee_has_duties_until_30_june_2025_law_72_2025(self) -> None:
        ds = f.complete_dataset(kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
        assert run(ds, "qms_in_effect", D(2025, 6, 30)).status is RuleStatus.MET
        after = run(ds, "qms_in_effect", D(2025, 7, 1))
        assert after.status is RuleStatus.NOT_APPLICABLE
        assert codes(after) == {"district_level_abolished"}

    def test_a_unit_that_ended_is_not_applicable_with_its_event(self) -> None:
        from vn_iso_qms import AgencyEvent, AgencyEventKind

        event = AgencyEvent(
            id="ev",
            agency_id="so-a",
            kind=AgencyEventKind.DISSOLVED,
            date=D(2023, 7, 1),
            decision_number="12/QĐ-UBND",
        )
        ds = f.complete_dataset(event, valid_to=D(2023, 6, 30))
        result = run(ds, "qms_in_effect", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE
        assert codes(result) == {"agency_ended"}
        assert "12/QĐ-UBND" in result.reasons[0].message_vi
        assert result.reasons[0].record_ids == ("so-a", "ev")


class TestDistrictSeparateQmsLimit:
    """R3, TT 26/2014/TT-BKHCN Art. 6.3.b: at most 3 separate QMS for district divisions."""

    @staticmethod
    def _district(n_separate: int) -> QmsDataset:
        records: list[Record] = [
            f.province(),
            f.agency("huyen", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE),
            f.qms("huyen"),
        ]
        for i in range(n_separate):
            division = f"phong-{i}"
            records += [
                f.agency(division, kind=AgencyKind.DISTRICT_DIVISION, parent_id="huyen"),
                f.qms(division, separate_division=True),
            ]
        return QmsDataset.from_records(records)

    def test_three_separate_division_qms_are_allowed_tt26_art6_3_b(self) -> None:
        result = run(self._district(3), "district_separate_qms_limit", END_2023, subject="huyen")
        assert result.status is RuleStatus.MET

    def test_four_separate_division_qms_are_too_many_tt26_art6_3_b(self) -> None:
        result = run(self._district(4), "district_separate_qms_limit", END_2023, subject="huyen")
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"too_many_separate_qms"}
        assert len(result.reasons[0].record_ids) == 4

    def test_other_kinds_are_not_applicable(self) -> None:
        result = run(f.complete_dataset(), "district_separate_qms_limit", END_2023)
        assert result.status is RuleStatus.NOT_APPLICABLE


class TestNoThirdPartyCertification:
    """R8, QĐ 19/2014/QĐ-TTg Art. 4, last paragraph."""

    def test_hiring_a_certification_body_fails_qd19_art4(self) -> None:
        from vn_iso_qms import Activity, ActivityKind

        hired = Activity(
            id="cert",
            agency_id="so-a",
            kind=ActivityKind.THIRD_PARTY_CERTIFICATION,
            date=D(2023, 3, 1),
        )
        result = run(f.complete_dataset(hired), "no_third_party_certification", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"third_party_certification"}
        assert result.reasons[0].record_ids == ("cert",)

    def test_no_certification_is_met(self) -> None:
        result = run(f.complete_dataset(), "no_third_party_certification", END_2023)
        assert result.status is RuleStatus.MET

    def test_a_new_unit_breaches_the_ban_at_once_no_grace_qd19_art4(self) -> None:
        # a prohibition needs no time to comply with: the new obligee's grace does not apply
        from vn_iso_qms import Activity, ActivityKind

        records = f.complete_unit_records(valid_from=D(2023, 3, 1))
        hired = Activity(
            id="cert",
            agency_id="so-a",
            kind=ActivityKind.THIRD_PARTY_CERTIFICATION,
            date=D(2023, 6, 1),
        )
        ds = QmsDataset.from_records([f.province(), *records, hired])
        result = run(ds, "no_third_party_certification", END_2023)
        assert (result.status, codes(result)) == (RuleStatus.NOT_MET, {"third_party_certification"})


class TestNewObligees:
    """A unit obliged during the period gets time (a documented reading: QĐ 19 sets none)."""

    def test_a_department_created_by_a_merger_is_not_yet_due_for_12_months(self) -> None:
        # e.g. a department formed on 01/03/2025 by the early-2025 mergers, with no QMS yet
        merged = f.agency("so-nn-mt", valid_from=D(2025, 3, 1), name="Sở Nông nghiệp và Môi trường")
        ds = QmsDataset.from_records([f.province(), merged])
        year_end = run(ds, "qms_in_effect", D(2025, 12, 31), subject="so-nn-mt")
        assert year_end.status is RuleStatus.NOT_YET_DUE
        assert codes(year_end) == {"no_qms_unit", "new_obligee_grace"}
        grace = next(r for r in year_end.reasons if r.code == "new_obligee_grace")
        assert grace.params == {"since": "2025-03-01", "until": "2026-03-02"}  # 01/03/2026: Sunday
        assert (
            run(ds, "qms_in_effect", D(2026, 3, 2), subject="so-nn-mt").status is RuleStatus.NOT_MET
        )
        none = Policy(new_duty_grace_months=0)
        assert (
            run(ds, "qms_in_effect", D(2025, 12, 31), subject="so-nn-mt", policy=none).status
            is RuleStatus.NOT_MET
        )

    def test_long_established_units_get_no_grace(self) -> None:
        ds = QmsDataset.from_records([f.province(), f.agency()])
        assert run(ds, "qms_in_effect", END_2023).status is RuleStatus.NOT_MET


class TestObligationClasses:
    """QĐ 19 Art. 2 for every agency kind; TT 26 Art. 5.3, 6.5 and 34.1.a."""

    def test_every_kind_has_a_class_and_a_provision_that_exists(self) -> None:
        from vn_iso_qms._internal.evaluation.law import PROVISIONS, QD19, TT26
        from vn_iso_qms.rules import OBLIGATION_BY_KIND

        assert set(OBLIGATION_BY_KIND) == set(AgencyKind)
        outline = {"QĐ 19/2014/QĐ-TTg": PROVISIONS[QD19], "TT 26/2014/TT-BKHCN": PROVISIONS[TT26]}
        for kind, row in OBLIGATION_BY_KIND.items():
            for part in row.provision.split("; "):
                instrument, _, article = part.partition(" Art. ")
                assert article in outline[instrument], (kind, part)

    def test_the_police_are_mandatory_like_other_local_units_of_ministries_qd19_art2_1_a(
        self,
    ) -> None:
        # read as a vertical-line agency (TT 26 Art. 5.3): without a QMS, not met
        police = f.agency("ca-tinh", kind=AgencyKind.PROVINCIAL_POLICE)
        tax = f.agency("thue-tinh", kind=AgencyKind.VERTICAL_LINE_AGENCY)
        ds = QmsDataset.from_records([f.province(), police, tax])
        for subject in ("ca-tinh", "thue-tinh"):
            result = run(ds, "qms_in_effect", END_2023, subject=subject)
            assert (result.status, codes(result)) == (RuleStatus.NOT_MET, {"no_qms_unit"}), subject

    def test_local_units_of_ministries_are_out_of_the_province_s_inspections_tt26_art34_1_a(
        self,
    ) -> None:
        from vn_iso_qms.rules import inspection_population, make_context

        police = f.agency("ca-tinh", kind=AgencyKind.PROVINCIAL_POLICE)
        ds = f.complete_dataset(police)
        population = inspection_population(make_context(ds, as_of=END_2023), "p")
        assert population == ["so-a"]

    def test_a_body_qd19_does_not_cover_is_judged_on_plan_only_qd19_art2(self) -> None:
        # the office of the NA delegation and People's Council, with an announced QMS: its
        # records do not make it subject to QĐ 19's duties, whatever the policy holds
        records = f.complete_unit_records("vp-doan", kind=AgencyKind.NA_DELEGATION_COUNCIL_OFFICE)
        ds = QmsDataset.from_records([f.province(), *records])
        for policy in (Policy(), Policy(hold_encouraged_with_qms=True)):
            result = run(ds, "yearly_internal_audit", END_2023, subject="vp-doan", policy=policy)
            assert result.status is RuleStatus.NOT_APPLICABLE
            assert codes(result) == {"not_obliged"}
            assert result.reasons[0].params["obligation"] == "not_covered"
        from vn_iso_qms import VerdictKind, evaluate

        verdict = evaluate(ds, as_of=END_2023).verdict("vp-doan", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_APPLICABLE

    def test_a_designated_public_service_unit_is_mandatory_from_its_designation_tt26_art6_5(
        self,
    ) -> None:
        from vn_iso_qms import ObligationDesignation

        hospital = f.agency("bv-tinh", kind=AgencyKind.PUBLIC_SERVICE_UNIT)
        designation = ObligationDesignation(
            id="cd-1", agency_id="bv-tinh", date=D(2023, 3, 1), decision_number="456/QĐ-UBND"
        )
        plain = QmsDataset.from_records([f.province(), hospital])
        designated = plain.with_records(designation)
        before = run(plain, "qms_in_effect", END_2023, subject="bv-tinh")
        assert (before.status, codes(before)) == (RuleStatus.NOT_APPLICABLE, {"not_obliged"})
        # obliged from 01/03/2023, with a new obligee's grace (a documented reading, 12 months)
        during = run(designated, "qms_in_effect", END_2023, subject="bv-tinh")
        assert during.status is RuleStatus.NOT_YET_DUE
        assert codes(during) == {"no_qms_unit", "new_obligee_grace"}
        after = run(designated, "qms_in_effect", D(2024, 3, 1), subject="bv-tinh", year=2024)
        assert (after.status, codes(after)) == (RuleStatus.NOT_MET, {"no_qms_unit"})
        # a revoked designation leaves the unit encouraged again
        revoked = plain.with_records(designation.model_copy(update={"valid_to": D(2023, 6, 30)}))
        assert run(revoked, "qms_in_effect", END_2023, subject="bv-tinh").status is (
            RuleStatus.NOT_APPLICABLE
        )

    def test_only_public_service_units_can_be_designated_tt26_art6_5(self) -> None:
        import pytest

        from vn_iso_qms import InvalidDataError, ObligationDesignation

        wrong = ObligationDesignation(id="cd-1", agency_id="so-a", date=D(2023, 3, 1))
        with pytest.raises(InvalidDataError, match="designation_kind") as info:
            f.complete_dataset(wrong)
        assert "designates public service units only" in info.value.problems[0].message


class TestObligationProvisionsAndReadings:
    """QĐ 19/2014/QĐ-TTg Art. 2.1: (b) the People's Committees, (c) their specialised agencies."""

    def test_departments_rest_on_art_2_1_c_and_committees_on_2_1_b(self) -> None:
        # 2.1.c: "Cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh, ... cấp huyện"
        for kind in (AgencyKind.PROVINCIAL_DEPARTMENT, AgencyKind.DISTRICT_DIVISION):
            assert OBLIGATION_BY_KIND[kind].provision == "QĐ 19/2014/QĐ-TTg Art. 2.1.c"
        # 2.1.b names only the People's Committees
        for kind in (AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE, AgencyKind.DISTRICT_PEOPLE_COMMITTEE):
            assert OBLIGATION_BY_KIND[kind].provision == "QĐ 19/2014/QĐ-TTg Art. 2.1.b"
        assert not any(
            "2.1.b" in o.provision
            for k, o in OBLIGATION_BY_KIND.items()
            if k
            not in (AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE, AgencyKind.DISTRICT_PEOPLE_COMMITTEE)
        )

    @pytest.mark.parametrize(
        ("kind", "field"),
        [
            # Law 37/2018/QH14 Art. 17.1.b (a unit of the Ministry of Public Security) read with
            # QĐ 19 Art. 2.1.a / TT 26 Art. 5.3; QĐ 19 Art. 2 names no police body
            ("provincial_police", "provincial_police_mandatory"),
            # read with QĐ 19 Art. 2.1.c; the text names only specialised agencies
            ("management_board", "management_boards_mandatory"),
        ],
    )
    def test_police_and_board_knobs_both_ways(self, kind: str, field: str) -> None:
        ds = f.complete_dataset(kind=AgencyKind(kind))
        as_of = dt.date(2023, 12, 31)
        by_default = evaluate(ds, as_of=as_of)
        assert by_default.verdict("so-a", VerdictKind.COMPLETED).status is RuleStatus.MET
        off = Policy.model_validate({field: False})
        not_covered = evaluate(ds, as_of=as_of, policy=off)
        verdict = not_covered.verdict("so-a", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.NOT_APPLICABLE
        assert make_context(ds, as_of=as_of, policy=off).obligation(ds.agencies[0]) is (
            ObligationClass.NOT_COVERED
        )
        assert make_context(ds, as_of=as_of).obligation(ds.agencies[0]) is (
            ObligationClass.MANDATORY
        )
