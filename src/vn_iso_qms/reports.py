"""Reports: the province report, the national rollup, comparisons, renderers, completeness.

[`province_report`][vn_iso_qms.reports.province_report] builds the yearly
[`ProvinceReport`][vn_iso_qms.reports.ProvinceReport] from an evaluation: its figures (declared
in [`REPORT_FIGURES`][vn_iso_qms.reports.REPORT_FIGURES]), the units behind each, the
shortfalls with their reasons, the inspection lines and the December status rows.
[`national_rollup`][vn_iso_qms.reports.national_rollup] sums provinces;
[`compare_across_reform`][vn_iso_qms.reports.compare_across_reform] groups earlier provinces
under their successors; [`compare_policies`][vn_iso_qms.reports.compare_policies] shows what a
different reading changes. The renderers write Markdown, CSV, JSON and XLSX, treating every value
as data.
"""

from __future__ import annotations

from vn_iso_qms._internal.across_reform import (
    SuccessorComparison,
    compare_across_reform,
    province_successors,
)
from vn_iso_qms._internal.completeness import (
    BOOKKEEPING_FIELDS,
    BookkeepingField,
    CompletenessReport,
    MissingFact,
    completeness_report,
)
from vn_iso_qms._internal.evaluation.assignment import (
    NotReported,
    ProvinceAssignment,
    province_assignment,
)
from vn_iso_qms._internal.render import (
    render_comparison_markdown,
    render_csv,
    render_json,
    render_markdown,
    render_rollup_markdown,
    write_report_xlsx,
)
from vn_iso_qms._internal.reporting import (
    LEGACY_FIGURE_KEYS,
    REPORT_FIGURES,
    Figure,
    FigureSpec,
    InspectionLine,
    NationalRollup,
    PolicyComparison,
    ProvinceReport,
    ReportBlock,
    RollupRow,
    Shortfall,
    StatusRow,
    UnitRef,
    compare_policies,
    national_rollup,
    province_report,
)

__all__ = [
    "BOOKKEEPING_FIELDS",
    "BookkeepingField",
    "CompletenessReport",
    "Figure",
    "FigureSpec",
    "InspectionLine",
    "LEGACY_FIGURE_KEYS",
    "MissingFact",
    "NationalRollup",
    "NotReported",
    "PolicyComparison",
    "ProvinceAssignment",
    "ProvinceReport",
    "REPORT_FIGURES",
    "ReportBlock",
    "RollupRow",
    "Shortfall",
    "StatusRow",
    "SuccessorComparison",
    "UnitRef",
    "compare_across_reform",
    "compare_policies",
    "completeness_report",
    "national_rollup",
    "province_assignment",
    "province_report",
    "province_successors",
    "render_comparison_markdown",
    "render_csv",
    "render_json",
    "render_markdown",
    "render_rollup_markdown",
    "write_report_xlsx",
]
