"""New record shapes in the spreadsheet and JSON: plan periods, designations."""

from __future__ import annotations

import pytest
from tests import factories as f
from tests.legal.test_plan_due_periods import _plan

from vn_iso_qms import ActivityKind, PlannedActivity
from vn_iso_qms._internal.spreadsheet import export_workbook, import_workbook
from vn_iso_qms._internal.spreadsheet.cells import CellError, read_period, write_period


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("tháng 10/2023", "2023-10"),
        ("Tháng 3/2024", "2024-03"),
        ("T10/2023", "2023-10"),
        ("10/2023", "2023-10"),
        ("Quý III/2023", "2023-Q3"),
        ("quý 4/2023", "2023-Q4"),
        ("Q1/2024", "2024-Q1"),
        ("QUÝ  IV / 2025", "2025-Q4"),
        ("2023-Q2", "2023-Q2"),
        ("2023-07", "2023-07"),
    ],
)
def test_periods_typed_as_plans_write_them(typed: str, value: str) -> None:
    assert read_period(typed) == value


@pytest.mark.parametrize("typed", ["tháng 13/2023", "Quý V/2023", "2023", "31/10/2023", 2023])
def test_other_values_are_refused_with_the_forms_to_type(typed: object) -> None:
    with pytest.raises(CellError, match="write tháng 10/2023 or Quý III/2023") as info:
        read_period(typed)
    assert info.value.code == "invalid_period"


def test_vietnamese_workbooks_show_the_plan_s_words_and_read_back_equal() -> None:
    assert write_period("2023-Q3", "vi") == "Quý III/2023"
    assert write_period("2023-10", "vi") == "Tháng 10/2023"
    assert write_period("2023-Q3", "en") == "2023-Q3"
    planned = [
        PlannedActivity(
            id=f"pa{i}", plan_id="kh", agency_id="so-a", kind=ActivityKind.TRAINING, due_in=due
        )
        for i, due in enumerate(("2023-Q3", "2023-10"))
    ]
    ds = f.complete_dataset(_plan(2023), *planned)
    for lang in ("vi", "en"):  # both languages read back equal
        assert import_workbook(export_workbook(ds, lang=lang)) == ds


def test_designations_round_trip_through_json_xlsx_and_csv() -> None:
    from vn_iso_qms import AgencyKind, ObligationDesignation, dump_dataset, load_dataset

    hospital = f.agency("bv-tinh", kind=AgencyKind.PUBLIC_SERVICE_UNIT)
    designation = ObligationDesignation(
        id="cd-1", agency_id="bv-tinh", date=f.D(2023, 3, 1), valid_to=f.D(2024, 12, 31)
    )
    ds = f.complete_dataset(hospital, designation)
    assert load_dataset(dump_dataset(ds)) == ds
    for lang in ("vi", "en"):
        assert import_workbook(export_workbook(ds, lang=lang)) == ds
