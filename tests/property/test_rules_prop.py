"""Properties of evaluation: deterministic, order-independent, local, monotone in `as_of`."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import datasets

from vn_iso_qms import InternalAudit, QmsDataset, RuleStatus, evaluate

as_of_dates = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2027, 12, 31))


@given(datasets(), as_of_dates)
def test_evaluation_is_deterministic(ds: QmsDataset, as_of: dt.date) -> None:
    assert evaluate(ds, as_of=as_of) == evaluate(ds, as_of=as_of)


@given(datasets(), as_of_dates)
def test_evaluation_does_not_depend_on_record_order(ds: QmsDataset, as_of: dt.date) -> None:
    reversed_ds = QmsDataset.from_records(reversed(list(ds.records())), name=ds.name)
    assert evaluate(reversed_ds, as_of=as_of) == evaluate(ds, as_of=as_of)


@given(datasets(), as_of_dates, st.data())
def test_a_record_about_one_unit_never_changes_another_units_results(
    ds: QmsDataset, as_of: dt.date, data: st.DataObject
) -> None:
    qms = data.draw(st.sampled_from(ds.qms_units))
    audit = InternalAudit(id="extra-audit", qms_id=qms.id, start=as_of, end=as_of)
    before = evaluate(ds, as_of=as_of)
    after = evaluate(ds.with_records(audit), as_of=as_of)
    others = set(ds.index(type(ds.agencies[0]))) - set(qms.agency_ids)
    for a in others:
        assert after.results_for(a) == before.results_for(a)
        assert [v for v in after.verdicts if v.agency_id == a] == [
            v for v in before.verdicts if v.agency_id == a
        ]


@given(datasets(), as_of_dates, st.integers(0, 364))
def test_a_yearly_duty_met_stays_met_later_in_the_same_period(
    ds: QmsDataset, day: dt.date, step: int
) -> None:
    later = min(day + dt.timedelta(days=step), dt.date(day.year, 12, 31))
    early = evaluate(
        ds,
        as_of=day,
        year=day.year,
        rule_ids=["yearly_internal_audit", "yearly_management_review", "qms_in_effect"],
    )
    late = evaluate(
        ds,
        as_of=later,
        year=day.year,
        rule_ids=["yearly_internal_audit", "yearly_management_review", "qms_in_effect"],
    )
    late_by_key = {(r.rule_id, r.subject_id): r for r in late.results}
    for r in early.results:
        if r.status is not RuleStatus.MET or r.rule_id == "qms_in_effect":
            continue
        agency = ds.get(type(ds.agencies[0]), r.subject_id)
        if agency.valid_to is not None and agency.valid_to < later:
            continue  # the unit ended in between: a new situation, not a lost duty
        gate = late_by_key[("qms_in_effect", r.subject_id)]
        if gate.status is RuleStatus.NOT_APPLICABLE:
            continue
        assert late_by_key[(r.rule_id, r.subject_id)].status is RuleStatus.MET, (r, later)
