"""One name per notion (issue 18, item 6): renamed report names keep deprecated aliases."""

from __future__ import annotations

import pytest

from vn_iso_qms import QmsDataset
from vn_iso_qms.reports import LEGACY_FIGURE_KEYS, ReportBlock, national_rollup, province_report


def test_the_old_figure_key_finds_the_announced_figure_with_a_warning(
    demo_dataset: QmsDataset,
) -> None:
    report = province_report(demo_dataset, province_id="p-mh", year=2023)
    assert LEGACY_FIGURE_KEYS == {"registry.applying": "registry.announced"}
    with pytest.warns(DeprecationWarning, match="registry.announced"):
        old = report.figure("registry.applying")
    assert old == report.figure("registry.announced")
    assert old.text() == "163/163 (100.0%)"
    assert "registry.applying" not in {f.key for f in report.figures}


def test_status_row_units_is_a_deprecated_alias_of_total(demo_dataset: QmsDataset) -> None:
    report = province_report(demo_dataset, province_id="p-mh", year=2023)
    row = next(r for r in report.status_rows if r.block is ReportBlock.COMMUNE)
    assert row.total == 106
    with pytest.warns(DeprecationWarning, match=r"StatusRow\.total"):
        assert row.units == 106
    assert "units" not in row.model_dump()


def test_rollup_row_applying_is_a_deprecated_alias_of_announced(demo_dataset: QmsDataset) -> None:
    row = national_rollup(demo_dataset, year=2023).rows[0]
    assert row.announced == 163
    with pytest.warns(DeprecationWarning, match=r"RollupRow\.announced"):
        assert row.applying == 163
    assert "applying" not in row.model_dump()
