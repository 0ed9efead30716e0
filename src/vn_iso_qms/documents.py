"""The documents officers sign: Word files in the layout of Nghị định 30/2020/NĐ-CP.

Each builder takes records (a [`ProvinceReport`][vn_iso_qms.reports.ProvinceReport], a dataset
and a record id) and returns the bytes of a .docx; the layout is the value
[`ND30`][vn_iso_qms.documents.ND30] (every number citing its paragraph of NĐ 30 Phụ lục I). The
caller gives only what no record holds, as a
[`DocumentHeader`][vn_iso_qms.documents.DocumentHeader] (number, signer, authority, recipients;
[`load_header`][vn_iso_qms.documents.load_header] reads one from TOML).
[`to_pdf`][vn_iso_qms.documents.to_pdf] converts with LibreOffice when it is installed.

The five forms with legal ids (QĐ 19 Phụ lục I-II, TT 26 Mẫu 19-21) could not be read: the
documents are built from the articles that fix their content and NĐ 30's models ("theo Điều
34-37 TT 26, thể thức Nghị định 30"), not copied from the forms. Needs the `documents` extra
(python-docx).
"""

from __future__ import annotations

from vn_iso_qms._internal.documents.builders import (
    CORRECTIVE_REPORT_DEADLINE,
    DOCUMENT_KINDS,
    announcement_decision,
    corrective_action_report,
    corrective_report_due,
    inspection_decision,
    inspection_minutes,
    inspection_plan,
    inspection_results_report,
    status_report,
)
from vn_iso_qms._internal.documents.header import DocumentHeader, load_header
from vn_iso_qms._internal.documents.layout import (
    MOTTO,
    NATIONAL_TITLE,
    ND30,
    ElementStyle,
    Layout,
    document_number,
    vietnamese_date,
)
from vn_iso_qms._internal.documents.pdf import find_office, to_pdf
from vn_iso_qms._internal.documents.writer import INSTALL_DOCUMENTS

__all__ = [
    "CORRECTIVE_REPORT_DEADLINE",
    "DOCUMENT_KINDS",
    "DocumentHeader",
    "ElementStyle",
    "INSTALL_DOCUMENTS",
    "Layout",
    "MOTTO",
    "NATIONAL_TITLE",
    "ND30",
    "announcement_decision",
    "corrective_action_report",
    "corrective_report_due",
    "document_number",
    "find_office",
    "inspection_decision",
    "inspection_minutes",
    "inspection_plan",
    "inspection_results_report",
    "load_header",
    "status_report",
    "to_pdf",
    "vietnamese_date",
]
