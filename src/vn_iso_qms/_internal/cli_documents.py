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
from vn_iso_qms._internal.cli_i18n import COMMANDS_VI, bilingual
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.documents import builders as b
from vn_iso_qms._internal.documents.header import DocumentHeader, load_header
from vn_iso_qms._internal.documents.pdf import find_office, to_pdf
from vn_iso_qms._internal.errors import InvalidDataError, MissingExtraError, PdfError
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY
from vn_iso_qms._internal.reporting import ProvinceReport, province_report

__all__ = ["DOCUMENT_EXITS", "document_app"]

DOCUMENT_EXITS = (0, 2, 3, 4)
"""The exit codes of every `document` sub-command (4 also when LibreOffice is missing for --pdf)."""

document_app = typer.Typer(
    help="Documents in the layout of Decree 30/2020 (Word .docx; PDF when LibreOffice is present).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help", "-h"]},
)

InputArg = Annotated[
    Path,
    typer.Argument(
        help=bilingual("Dataset file (.json or .xlsx).", "Tệp dữ liệu (.json hoặc .xlsx)."),
        show_default=False,
    ),
]
OutArg = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help=bilingual("The Word file to write (.docx).", "Tệp Word kết quả (.docx)."),
        show_default=False,
    ),
]
HeaderOpt = Annotated[
    Path | None,
    typer.Option(
        "--header",
        help=bilingual(
            "TOML file: number, signer, signing authority, recipients.",
            "Tệp TOML: số, người ký, quyền hạn ký, nơi nhận.",
        ),
    ),
]
PdfOpt = Annotated[
    bool,
    typer.Option(
        "--pdf",
        help=bilingual(
            "Also write a .pdf of the same name (needs LibreOffice).",
            "Ghi thêm tệp .pdf cùng tên (cần LibreOffice).",
        ),
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace an output file that already exists.")
]
YearOpt = Annotated[int, typer.Option("--year", help="The report year, e.g. 2023.")]
ProvinceOpt = Annotated[
    str | None,
    typer.Option("--province", help="Province id (needed when the dataset holds several)."),
]


def _start(
    path: Path, output: Path, header: Path | None, pdf: bool, force: bool, lang: str | None
) -> DocumentHeader:
    """Check outputs before any work; read the header file."""
    c._begin(lang, path, header)
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
        if find_office() is None:  # the common case, said in the run's language
            c._exit_io(
                "PDF output needs LibreOffice (soffice) on PATH: install it, e.g. "
                "`apt-get install libreoffice-writer-nogui`, or send the .docx",
                "không tạo được PDF: cần LibreOffice (lệnh soffice) trên PATH: hãy cài "
                "LibreOffice (ví dụ `apt-get install libreoffice-writer-nogui`) hoặc gửi tệp .docx",
            )
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
    lang: c.LangOpt = None,
) -> None:
    """The province's yearly status report to the Ministry (QĐ 19 Annex II; QĐ 19 Art. 12.6)."""
    head = _start(path, output, header, pdf, force, lang)
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
    lang: c.LangOpt = None,
) -> None:
    """The November inspection-results report (TT 26 Art. 38.1)."""
    head = _start(path, output, header, pdf, force, lang)
    ds = c._load(path)
    report = _report(ds, province, year)
    _finish(lambda: b.inspection_results_report(report, ds, head), output, pdf)


@document_app.command("inspection-plan")
def inspection_plan_cmd(
    path: InputArg,
    plan: Annotated[
        str, typer.Option("--plan", help=bilingual("Inspection plan id.", "Mã kế hoạch kiểm tra."))
    ],
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
    lang: c.LangOpt = None,
) -> None:
    """The yearly inspection plan (TT 26 Art. 34; Form 19. KHKT)."""
    head = _start(path, output, header, pdf, force, lang)
    ds = c._load(path)
    _finish(lambda: b.inspection_plan(ds, plan, head), output, pdf)


InspectionOpt = Annotated[
    str, typer.Option("--inspection", help=bilingual("Inspection id.", "Mã cuộc kiểm tra."))
]


@document_app.command("inspection-decision")
def inspection_decision_cmd(
    path: InputArg,
    inspection: InspectionOpt,
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
    lang: c.LangOpt = None,
) -> None:
    """An on-site inspection decision (TT 26 Art. 35.2; Form 20. QĐKT)."""
    head = _start(path, output, header, pdf, force, lang)
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
    lang: c.LangOpt = None,
) -> None:
    """Inspection minutes: the 13 items of Art. 36, the corrective-report time limit (Form 21. BBKT)."""
    head = _start(path, output, header, pdf, force, lang)
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
    lang: c.LangOpt = None,
) -> None:
    """The corrective-action report after an inspection (TT 26 Art. 37.2.c)."""
    head = _start(path, output, header, pdf, force, lang)
    ds = c._load(path)
    _finish(lambda: b.corrective_action_report(ds, inspection, head), output, pdf)


@document_app.command("announcement")
def announcement_cmd(
    path: InputArg,
    announcement: Annotated[
        str, typer.Option("--announcement", help=bilingual("Announcement id.", "Mã bản công bố."))
    ],
    output: OutArg,
    header: HeaderOpt = None,
    pdf: PdfOpt = False,
    force: ForceOpt = False,
    lang: c.LangOpt = None,
) -> None:
    """An agency's announcement decision with its scope annex (QĐ 19 Annex I; Art. 4.3)."""
    head = _start(path, output, header, pdf, force, lang)
    ds = c._load(path)
    _finish(lambda: b.announcement_decision(ds, announcement, head), output, pdf)


COMMANDS_VI.update(
    {
        "document": "Văn bản theo thể thức Nghị định 30/2020 (Word .docx, PDF nếu có LibreOffice).",
        "status-report": "Báo cáo tình hình năm của tỉnh gửi Bộ KH&CN (QĐ 19 Phụ lục II; Điều 12.6 QĐ 19).",
        "inspection-results": "Báo cáo kết quả kiểm tra tháng 11 (khoản 1 Điều 38 TT 26).",
        "inspection-plan": "Kế hoạch kiểm tra hằng năm (Điều 34 TT 26; Mẫu 19. KHKT).",
        "inspection-decision": "Quyết định kiểm tra tại trụ sở (khoản 2 Điều 35 TT 26; Mẫu 20. QĐKT).",
        "inspection-minutes": "Biên bản kiểm tra: 13 nội dung Điều 36, thời hạn báo cáo khắc phục "
        "(Mẫu 21. BBKT).",
        "corrective-report": "Báo cáo kết quả khắc phục sau kiểm tra (điểm c khoản 2 Điều 37 TT 26).",
        "announcement": "Quyết định công bố HTQLCL kèm Phụ lục phạm vi (QĐ 19 Phụ lục I; khoản 3 Điều 4).",
    }
)
