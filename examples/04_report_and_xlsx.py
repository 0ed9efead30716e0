"""Produce the province report (Vietnamese Markdown, English CSV) and the XLSX workbook."""

import sys
import tempfile
from pathlib import Path

from vn_iso_qms import demo_dataset
from vn_iso_qms.reports import province_report, render_csv, render_markdown, write_report_xlsx

report = province_report(demo_dataset(), province_id="p-mh", year=2023)
markdown = render_markdown(report, lists=False)
print(markdown.split("## Đơn vị chưa đạt")[0])  # the summary table

print(render_csv(report, lang="en").splitlines()[0])
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "bao-cao-2023.xlsx"
    write_report_xlsx(report, path)
    print(f"xlsx bytes: {path.stat().st_size > 0}", file=sys.stdout)
for key in (
    "registry.announced",
    "completed.levels",
    "on_plan.total",
    "eiso.total",
    "inspection.on_site",
):
    figure = report.figure(key)
    print(f"{key}: {figure.text()}")
