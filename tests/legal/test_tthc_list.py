"""Golden cases: the province's published list of procedures (R5).

TT 26/2014/TT-BKHCN Art. 4.2 (the provincial People's Committee publishes each agency's list of
procedures on its website) and Art. 4.3 (updated within 5 working days of the signing of the
decision that issues, amends, replaces or abolishes a procedure). Working days: Civil Code 2015
Art. 147 (the decision's day is not counted), the Labour Code's holidays and the Government's
swapped days.
"""

from __future__ import annotations

import datetime as dt

from tests import factories as f
from tests.legal.helpers import codes, run
from vn_iso_qms import AgencyKind, QmsDataset, RuleStatus, Tthc, TthcAssignment, TthcListUpdate
from vn_iso_qms._internal.base import Record

D = dt.date
CODE = "1.000002"


def _update(day: dt.date, *codes_: str, id: str = "dm-1") -> TthcListUpdate:
    return TthcListUpdate(id=id, province_id="p", date=day, tthc_codes=codes_ or (CODE,))


def _published(day: dt.date, *extra: Record) -> QmsDataset:
    return f.complete_dataset(f.tthc(CODE, published_on=day), *extra)


def _run(ds: QmsDataset, as_of: dt.date) -> tuple[RuleStatus, set[str]]:
    result = run(ds, "tthc_list_updated", as_of, subject="p", year=as_of.year)
    return result.status, codes(result)


class TestFiveWorkingDays:
    """TT 26 Art. 4.3."""

    def test_published_on_a_wednesday_is_due_the_next_wednesday_tt26_art4_3(self) -> None:
        # 01/03/2023 (Wednesday) + 5 working days = 08/03/2023
        ds = _published(D(2023, 3, 1))
        assert _run(ds, D(2023, 3, 7)) == (RuleStatus.NOT_YET_DUE, {"tthc_list_update_pending"})
        assert _run(ds, D(2023, 3, 8)) == (RuleStatus.NOT_MET, {"tthc_list_update_missing"})
        on_time = _run(ds.with_records(_update(D(2023, 3, 8))), D(2023, 12, 31))
        assert on_time == (RuleStatus.MET, {"tthc_list_up_to_date"})
        late = _run(ds.with_records(_update(D(2023, 3, 9))), D(2023, 12, 31))
        assert late == (RuleStatus.NOT_MET, {"tthc_list_update_late"})

    def test_the_april_may_holidays_and_the_worked_saturday_blds_art147(self) -> None:
        # decision Friday 25/04/2025; Saturday 26/04 was worked (swapped with 02/05); 30/04,
        # 01/05 holidays, 02/05 a day off, 03-04/05 a weekend: 26/04, 28/04, 29/04, 05/05, 06/05
        ds = _published(D(2025, 4, 25))
        result = run(ds, "tthc_list_updated", D(2025, 12, 31), subject="p", year=2025)
        assert result.reasons[0].deadline == D(2025, 5, 6)
        on_time = ds.with_records(_update(D(2025, 5, 6)))
        assert _run(on_time, D(2025, 12, 31))[0] is RuleStatus.MET

    def test_tet_2025_counts_no_working_day_blds_art147(self) -> None:
        # decision Friday 24/01/2025; Tết Ất Tỵ 25/01-02/02: 03/02 ... 07/02/2025
        ds = _published(D(2025, 1, 24))
        result = run(ds, "tthc_list_updated", D(2025, 12, 31), subject="p", year=2025)
        assert result.reasons[0].deadline == D(2025, 2, 7)

    def test_an_update_before_the_decision_does_not_show_it(self) -> None:
        ds = _published(D(2023, 3, 1), _update(D(2023, 2, 28)))
        assert _run(ds, D(2023, 12, 31)) == (RuleStatus.NOT_MET, {"tthc_list_update_missing"})

    def test_an_update_of_another_province_does_not_count(self) -> None:
        other = f.province(id="p2", name="Tỉnh Khác")
        elsewhere = TthcListUpdate(
            id="dm-x", province_id="p2", date=D(2023, 3, 2), tthc_codes=(CODE,)
        )
        ds = _published(D(2023, 3, 1), other, elsewhere)
        assert _run(ds, D(2023, 12, 31))[1] == {"tthc_list_update_missing"}


class TestWhichChanges:
    """TT 26 Art. 4.2-4.3: issued, amended, replaced, abolished; the list is by agency."""

    def test_abolition_and_a_move_to_another_agency_are_changes_too(self) -> None:
        moved = Tthc(
            id="t-m",
            code="1.000003",
            name="Thủ tục chuyển giao",
            published_on=D(2019, 1, 1),
            abolished_on=D(2023, 9, 1),
            assignments=(
                TthcAssignment(agency_id="so-a", valid_to=D(2023, 5, 31)),
                TthcAssignment(agency_id="so-b", valid_from=D(2023, 6, 1)),
            ),
        )
        ds = f.complete_dataset(moved, *f.complete_unit_records("so-b"))
        result = run(ds, "tthc_list_updated", D(2023, 12, 31), subject="p")
        changes = sorted((r.params["change"], r.params["date"]) for r in result.reasons)
        assert changes == [("abolished", "2023-09-01"), ("moved", "2023-06-01")]
        both = ds.with_records(
            _update(D(2023, 6, 2), "1.000003"), _update(D(2023, 9, 5), "1.000003", id="dm-2")
        )
        assert _run(both, D(2023, 12, 31))[0] is RuleStatus.MET

    def test_procedures_of_local_units_of_ministries_are_not_on_the_list_tt26_art4_2(
        self,
    ) -> None:
        tax = f.agency("thue", kind=AgencyKind.VERTICAL_LINE_AGENCY)
        ds = f.complete_dataset(tax, f.tthc("9.000001", "thue", published_on=D(2023, 3, 1)))
        assert _run(ds, D(2023, 12, 31)) == (RuleStatus.NOT_APPLICABLE, {"no_tthc_change"})

    def test_changes_of_earlier_years_are_not_judged(self) -> None:
        # the factory's procedure was published in 2019: no record of its list update is asked
        assert _run(f.complete_dataset(), D(2023, 12, 31)) == (
            RuleStatus.NOT_APPLICABLE,
            {"no_tthc_change"},
        )

    def test_a_decision_late_in_december_is_a_duty_of_the_next_year(self) -> None:
        # 29/12/2023 (Friday) + 5 working days: 02/01 ... 08/01/2024 (01/01 a holiday)
        ds = _published(D(2023, 12, 29))
        assert _run(ds, D(2023, 12, 31))[1] == {"no_tthc_change"}
        result = run(ds, "tthc_list_updated", D(2024, 1, 8), subject="p", year=2024)
        assert result.reasons[0].deadline == D(2024, 1, 8)
