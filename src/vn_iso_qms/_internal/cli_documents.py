"""`vn-iso-qms document ...`: the documents officers sign, one sub-command per document.

Kept apart from `cli.py`, which registers it in two lines; it reuses that module's helpers for
inputs, outputs (no overwrite without `--force`, atomic writes) and error frames. Help texts
are Vietnamese first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from vn_iso_qms._internal import cli as c
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.documents import builders as b
from vn_iso_qms._internal.documents.header import DocumentHeader, load_header
from vn_iso_qms._internal.documents.pdf import PdfError, to_pdf
from vn_iso_qms._internal.errors import InvalidDataError, MissingExtraError
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY
from vn_iso_qms._internal.reporting import ProvinceReport, province_report

__all__ = ["DOCUMENT_EXITS", "document_app"]

DOCUMENT_EXITS = (0, 2, 3, 4)
"""The exit codes of every `document` sub-command (4 also when LibreOffice is missing for --pdf)."""

document_app = typer.Typer(
    help="Văn bản theo thể thức Nghị định 30/2020 (Word .docx, PDF nếu có LibreOffice) / "
    "Documents in the layout of Decree 30/2020.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help", "-h"]},
)

InputArg = Annotated[
    Path, typer.Argument(help="Tệp dữ liệu (.json hoặc .xlsx) / dataset file.", show_default=False)
]
OutArg = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="Tệp Word kết quả (.docx) / the .docx to write.", show_default=False
    ),
]
HeaderOpt = Annotated[
    Path | None,
    typer.Option(
        "--header",
        help="Tệp TOML: số, người ký, quyền hạn ký, nơi nhận / TOML file with number, signer, "
        "authority, recipients.",
    ),
]
PdfOpt = Annotated[
    bool,
    typer.Option(
        "--pdf",
        help="Ghi thêm tệp .pdf cùng tên (cần LibreOffice) / also write a .pdf (needs LibreOffice).",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Ghi đè tệp đã có / replace existing output files.")
]
YearOpt = Annotated[int, typer.Option("--year", help="Năm báo cáo, ví dụ 2023 / the report year.")]
ProvinceOpt = Annotated[
    str | None,
    typer.Option("--province", help="Mã tỉnh (khi dữ liệu có nhiều tỉnh) / province id."),
]


def _start(path: Path, output: Path, header: Path | None, pdf: bool, force: bool) -> DocumentHeader:
    """Check outputs before any work; read the header file."""
    c._begin("vi", path, header)
    if output.suffix.lower() != ".docx":
        c._usage(
            f"the output must be a .docx file, not {output.name!r}",
            f"tệp kết quả phải có phần mở rộng .docx, không phải '{output.name}'",
        )
    c._check_output(output, force)
    if pdf:
        c._check_output(output.with_suffix(".pdf"), force)
    if header is None:
        return DocumentHeader()
    c._check_readable(header)
    try:
        return load_header(header)
    except InvalidDataError as exc:
        c._exit_invalid(exc)


def _report(ds: QmsDataset, province: str | None, year: int) -> ProvinceReport:
    c._check_year(year)
    province_id = c._province(ds, province)
    return province_report(ds, province_id=province_id, year=year, policy=DEFAULT_POLICY)


def _finish(build: Callable[[], bytes], output: Path, pdf: bool) -> None:
    try:
        data = build()
    except InvalidDataError as exc:  # a name Word cannot hold, an unknown record id
        c._exit_invalid(exc)
    except MissingExtraError as exc:
        c._exit_io(str(exc))
    c._write(output, data, ("document", "văn bản"))
    if pdf:
        try:
            rendered = to_pdf(data)
        except PdfError as exc:
            c._exit_io(str(exc), f"không tạo được PDF: {exc}")
        c._write(output.with_suffix(".pdf"), rendered, ("PDF", "bản PDF"))


@document_app.command("status-report")
def status_report_cmd(
    path: InputArg,
    year: YearOpt,
    output: OutArg,
    province: ProvinceOpt = None,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Báo cáo tình hình năm của tỉnh gửi Bộ KH&CN (QĐ 19 Phụ lục II; Điều 12.6 QĐ 19)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    report = _report(ds, province, year)
    _finish(lambda: b.status_report(report, ds, head), output, pdf)


@document_app.command("inspection-results")
def inspection_results_cmd(
    path: InputArg,
    year: YearOpt,
    output: OutArg,
    province: ProvinceOpt = None,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Báo cáo kết quả kiểm tra tháng 11 (khoản 1 Điều 38 TT 26)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    report = _report(ds, province, year)
    _finish(lambda: b.inspection_results_report(report, ds, head), output, pdf)


@document_app.command("inspection-plan")
def inspection_plan_cmd(
    path: InputArg,
    plan: Annotated[str, typer.Option("--plan", help="Mã kế hoạch kiểm tra / plan id.")],
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Kế hoạch kiểm tra hằng năm (Điều 34 TT 26; Mẫu 19. KHKT)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    _finish(lambda: b.inspection_plan(ds, plan, head), output, pdf)


InspectionOpt = Annotated[
    str, typer.Option("--inspection", help="Mã cuộc kiểm tra / inspection id.")
]


@document_app.command("inspection-decision")
def inspection_decision_cmd(
    path: InputArg,
    inspection: InspectionOpt,
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Quyết định kiểm tra tại trụ sở (khoản 2 Điều 35 TT 26; Mẫu 20. QĐKT)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    _finish(lambda: b.inspection_decision(ds, inspection, head), output, pdf)


@document_app.command("inspection-minutes")
def inspection_minutes_cmd(
    path: InputArg,
    inspection: InspectionOpt,
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Biên bản kiểm tra: 13 nội dung Điều 36, thời hạn báo cáo khắc phục (Mẫu 21. BBKT)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    _finish(lambda: b.inspection_minutes(ds, inspection, head), output, pdf)


@document_app.command("corrective-report")
def corrective_report_cmd(
    path: InputArg,
    inspection: InspectionOpt,
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Báo cáo kết quả khắc phục sau kiểm tra (điểm c khoản 2 Điều 37 TT 26)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    _finish(lambda: b.corrective_action_report(ds, inspection, head), output, pdf)


@document_app.command("announcement")
def announcement_cmd(
    path: InputArg,
    announcement: Annotated[
        str, typer.Option("--announcement", help="Mã bản công bố / announcement id.")
    ],
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
) -> None:
    """Quyết định công bố HTQLCL kèm Phụ lục phạm vi (QĐ 19 Phụ lục I; khoản 3 Điều 4)."""
    head = _start(path, output, header, pdf, force)
    ds = c._load(path)
    _finish(lambda: b.announcement_decision(ds, announcement, head), output, pdf)
