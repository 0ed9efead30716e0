"""Evaluation lookups: indexed answers equal the plain scans, and never change equality."""

from __future__ import annotations

import datetime as dt

import pytest

from vn_iso_qms import (
    AdministrativeUnit,
    Evaluation,
    QmsDataset,
    UnknownRecordError,
    VerdictKind,
    evaluate,
)
from vn_iso_qms.reports import province_report
from vn_iso_qms.rules import make_context

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def evaluation(demo_dataset: QmsDataset) -> Evaluation:
    return evaluate(demo_dataset, as_of=AS_OF)


def test_lookups_agree_with_scanning_the_results(evaluation: Evaluation) -> None:
    verdicts = evaluation.verdict_map()
    assert len(verdicts) == len(evaluation.verdicts)  # one per (unit, kind)
    for v in evaluation.verdicts:
        assert verdicts[(v.agency_id, v.kind)] is v
        assert evaluation.verdict(v.agency_id, v.kind) is v
    subjects = {r.subject_id for r in evaluation.results}
    for subject in subjects:
        scanned = tuple(r for r in evaluation.results if r.subject_id == subject)
        assert evaluation.results_for(subject) == scanned
    for r in evaluation.results:
        assert evaluation.result(r.rule_id, r.subject_id) is r
        assert evaluation.results_of_rule(r.rule_id)[r.subject_id] is r
    assert evaluation.results_for("no-such-unit") == ()
    assert evaluation.results_of_rule("no_such_rule") == {}
    with pytest.raises(UnknownRecordError):
        evaluation.verdict("no-such-unit", VerdictKind.COMPLETED)
    with pytest.raises(UnknownRecordError):
        evaluation.result("qms_in_effect", "no-such-unit")


def test_looking_up_does_not_change_equality(demo_dataset: QmsDataset) -> None:
    fresh, used = evaluate(demo_dataset, as_of=AS_OF), evaluate(demo_dataset, as_of=AS_OF)
    used.verdict_map()
    used.results_for("so-tu-phap")
    used.results_of_rule("qms_in_effect")
    assert used == fresh
    assert hash(used) == hash(fresh)


def test_a_province_report_from_a_larger_evaluation_equals_its_own(
    demo_dataset: QmsDataset,
) -> None:
    # The report only looks up its own province's units in the evaluation it is given, so one
    # national evaluation serves every province at the cost of each one's size (the benchmark
    # measures that). Here: the shared evaluation and context also cover a second province,
    # which must change nothing in this report.
    (province,) = [u for u in demo_dataset.admin_units if u.level.value == "province"]
    own = province_report(demo_dataset, province_id=province.id, year=2023)
    other = AdministrativeUnit(id="p-other", name="Tỉnh Khác", level=province.level)
    bigger = demo_dataset.with_records(other)
    national = evaluate(bigger, as_of=AS_OF, year=2023)
    context = make_context(bigger, as_of=AS_OF, year=2023)
    shared = province_report(
        bigger,
        province_id=province.id,
        year=2023,
        evaluation=national,
        context=context,
    )
    assert shared == own
