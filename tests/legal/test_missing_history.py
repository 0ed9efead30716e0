"""Absence of evidence is not evidence of absence (issue 24, DESIGN §9).

QĐ 19/2014/QĐ-TTg Art. 4.2.a-d lists the steps before an announcement (approval of the
documents, internal audit, management review, the head's confirmation) and Art. 4.3 makes the
announced QMS applied. The text says nothing of a registry that does not keep the records of
the years before it: the library reads a step the registry could not show as "not evidenced",
presumed for an announcement made before the evaluated period, never a failure by default
(`Policy.missing_history`); the strict reading stays a knob.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests import factories as f
from tests.legal.helpers import STRICT, codes, run
from vn_iso_qms import (
    AnnouncementReason,
    DocumentApproval,
    EffectivenessConfirmation,
    InternalAudit,
    ManagementReview,
    QmsDataset,
    RuleStatus,
    VerdictKind,
    demo_dataset,
    evaluate,
)
from vn_iso_qms.reports import completeness_report, province_report, render_markdown

D = dt.date
END_2023 = D(2023, 12, 31)


@pytest.fixture(scope="module")
def registry_as_kept() -> QmsDataset:
    """The 2023 demo as provinces keep it: no record of the steps before any announcement.

    Every `DocumentApproval` and `EffectivenessConfirmation` removed, and every internal audit
    and management review dated on or before its QMS's first announcement (the 2019 ones);
    the 2023 audits and reviews stay.
    """
    ds = demo_dataset()
    first: dict[str, dt.date] = {}
    for a in ds.announcements:
        first[a.qms_id] = min(first.get(a.qms_id, a.date), a.date)
    ds = ds.without(DocumentApproval, *(a.id for a in ds.document_approvals))
    ds = ds.without(EffectivenessConfirmation, *(c.id for c in ds.effectiveness_confirmations))
    ds = ds.without(InternalAudit, *(a.id for a in ds.internal_audits if a.end <= first[a.qms_id]))
    ds = ds.without(
        ManagementReview, *(r.id for r in ds.management_reviews if r.date <= first[r.qms_id])
    )
    assert not ds.effectiveness_confirmations
    assert min(a.end for a in ds.internal_audits).year == 2023
    return ds


def _completed(ds: QmsDataset, **kw: object) -> Counter[str]:
    ev = evaluate(ds, as_of=END_2023, **kw)  # type: ignore[arg-type]
    return Counter(v.status.value for v in ev.verdicts if v.kind is VerdictKind.COMPLETED)


class TestTheRegistryAsProvincesKeepIt:
    """The demo without the records of the steps before its 2019 announcements."""

    def test_completed_stays_162_met_by_default_qd19_art4_2(
        self, registry_as_kept: QmsDataset
    ) -> None:
        # The seed: 165 registry units, 2 ended during 2023, 1 not obliged without a QMS;
        # the 162 others were completed. Their 2019 announcements were judged in 2019; the
        # registry holds no audit, review or confirmation before 2023: not evidenced, presumed.
        assert _completed(demo_dataset()) == {"met": 162, "not_applicable": 3}
        assert _completed(registry_as_kept) == {"met": 162, "not_applicable": 3}

    def test_under_the_strict_reading_none_is_met_qd19_art4_3(
        self, registry_as_kept: QmsDataset
    ) -> None:
        # the reading before issue 24: a step not recorded is a failure (QĐ 19 Art. 4.3 counts
        # an announcement only after Art. 4.2.a-d)
        assert _completed(registry_as_kept, policy=STRICT) == {"not_met": 162, "not_applicable": 3}

    def test_the_verdict_names_each_presumed_step_with_its_point_qd19_art4_2(
        self, registry_as_kept: QmsDataset
    ) -> None:
        ev = evaluate(registry_as_kept, as_of=END_2023)
        verdict = ev.verdict("so-tu-phap", VerdictKind.COMPLETED)
        assert verdict.status is RuleStatus.MET
        presumed = [r for r in verdict.reasons if r.code == "step_presumed"]
        assert [r.params["step"] for r in presumed] == [
            "internal_audit",
            "management_review",
            "effectiveness_confirmation",
        ]
        assert [r.citation.point for r in presumed if r.citation] == ["b", "c", "d"]
        # the 2019 announcement, and the registry's horizon: the first day of 2023
        assert {(r.params["date"], r.params["kept_from"]) for r in presumed} == {
            ("2019-05-20", "2023-01-01")
        }

    def test_the_report_counts_the_presumption_apart_never_as_not_completed(
        self, registry_as_kept: QmsDataset
    ) -> None:
        report = province_report(registry_as_kept, province_id="p-mh", year=2023)
        assert report.figure("completed.levels").text() == "134/134 (100.0%)"
        assert not report.figure("completed.levels").shortfalls
        apart = report.figure("completed.not_evidenced")
        assert apart.value == 162
        assert "suy đoán" in apart.label_vi
        text = render_markdown(report, lang="vi")
        assert "chưa có hồ sơ (suy đoán đã thực hiện)" in text
        # the demo as curated holds every step: no such line
        curated = province_report(demo_dataset(), province_id="p-mh", year=2023)
        with pytest.raises(KeyError):
            curated.figure("completed.not_evidenced")

    def test_completeness_lists_the_missing_steps_per_unit_with_sheet_and_column(
        self, registry_as_kept: QmsDataset
    ) -> None:
        assert completeness_report(demo_dataset(), province_id="p-mh").missing == ()
        report = completeness_report(registry_as_kept, province_id="p-mh")
        deciding = [m for m in report.missing if m.decides]
        # every QMS of the province misses its audit, review and confirmation of 2019 (the
        # processes' approvals of 2019 stay on record): three facts per unit
        assert len({m.holder_id for m in deciding}) == len(registry_as_kept.qms_units)
        facts = {
            (m.field, m.sheet, m.column, m.citation.render("en") if m.citation else None)
            for m in report.of_holder("so-tu-phap")
        }
        assert facts == {
            ("internal_audit", "internal_audits", "end", "QĐ 19/2014/QĐ-TTg Art. 4.2.b"),
            ("management_review", "management_reviews", "date", "QĐ 19/2014/QĐ-TTg Art. 4.2.c"),
            (
                "effectiveness_confirmation",
                "effectiveness_confirmations",
                "date",
                "QĐ 19/2014/QĐ-TTg Art. 4.2.d",
            ),
        }
        first = report.of_holder("so-tu-phap")[0]
        assert first.record_type == "announcement"
        assert first.label_vi == "Đánh giá nội bộ trước khi công bố ngày 20/05/2019"


class TestAnAnnouncementInsideThePeriod:
    """QĐ 19 Art. 4.2-4.3: the period the report is about needs its own records."""

    def test_an_announcement_in_the_period_before_any_audit_still_fails_qd19_art4_2_b(
        self,
    ) -> None:
        # the unit announced on 01/03/2023; its first internal audit and review are of June
        # and July 2023: the registry holds the 2023 audits, so the missing one is evidence of
        # a failure, not a gap in the registry
        ann = f.announcement(date=D(2023, 3, 1), reason=AnnouncementReason.INITIAL)
        drop = {"cb-so-a", "dg19-so-a", "xx19-so-a"}
        records = [r for r in f.complete_unit_records() if r.id not in drop]
        ds = QmsDataset.from_records([f.province(), *records, ann])
        result = run(ds, "qms_in_effect", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {
            "before_announcement_internal_audit_missing",
            "before_announcement_management_review_missing",
        }

    def test_a_kind_kept_nowhere_is_still_required_inside_the_period_qd19_art4_2_d(
        self,
    ) -> None:
        # no confirmation on record at all, and an announcement of 2023: the registry is taken
        # to hold the period it reports on, so the confirmation is missing, not presumed
        ann = f.announcement(date=D(2023, 8, 1), reason=AnnouncementReason.INITIAL)
        records = [
            r for r in f.complete_unit_records() if r.id not in {"cb-so-a", "xnhl-so-a-2019-05-10"}
        ]
        ds = QmsDataset.from_records([f.province(), *records, ann])
        result = run(ds, "qms_in_effect", END_2023)
        assert result.status is RuleStatus.NOT_MET
        assert codes(result) == {"before_announcement_confirmation_missing"}

    def test_a_declared_horizon_presumes_inside_the_period_too_qd19_art4_2(self) -> None:
        # `steps_presumed_before` is the province's own statement that it keeps no step records
        # before that day: it holds wherever the announcement falls
        ann = f.announcement(date=D(2023, 8, 1), reason=AnnouncementReason.INITIAL)
        records = [
            r for r in f.complete_unit_records() if r.id not in {"cb-so-a", "xnhl-so-a-2019-05-10"}
        ]
        ds = QmsDataset.from_records([f.province(), *records, ann])
        declared = STRICT.model_copy(update={"steps_presumed_before": D(2023, 9, 1)})
        result = run(ds, "qms_in_effect", END_2023, policy=declared)
        assert result.status is RuleStatus.MET
        assert "step_presumed" in codes(result)
