"""The demo province's documents, as Word files: every document the library writes.

The 2023 status report, the 2023 inspection plan, an inspection decision, an inspection's
minutes, the November inspection-results report, an announcement decision and the inspected
agency's corrective-action report. Writes into a temporary folder (or the folder given as the
first argument); with `--pdf` and LibreOffice on the machine it also writes the PDFs
(scripts/document_images.py renders their first pages for the docs).
"""

import io
import sys
import tempfile
from pathlib import Path

import docx

from vn_iso_qms import demo_dataset
from vn_iso_qms.documents import (
    DocumentHeader,
    announcement_decision,
    corrective_action_report,
    find_office,
    inspection_decision,
    inspection_minutes,
    inspection_plan,
    inspection_results_report,
    status_report,
    to_pdf,
)
from vn_iso_qms.reports import province_report

out = Path(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--pdf" else None
out = out or Path(tempfile.mkdtemp(prefix="vn-iso-qms-"))
out.mkdir(parents=True, exist_ok=True)

dataset = demo_dataset()
report = province_report(dataset, province_id="p-mh", year=2023)

# What no record holds: the signer and the authority he signs under (NĐ 30 PL I Mục II.7.b).
header = DocumentHeader(
    authority="TM. ỦY BAN NHÂN DÂN",
    title="KT. CHỦ TỊCH",
    signer="Nguyễn Văn An",
    recipients=("Chủ tịch, các PCT UBND tỉnh", "Sở Khoa học và Công nghệ"),
    filing="Lưu: VT, KGVX.",
)
inspection = "kt-2023-so-giao-thong-van-tai"  # on site, minutes signed on 09/10/2023
documents = {
    "bao-cao-tinh-hinh-2023.docx": status_report(report, dataset, header),
    "ke-hoach-kiem-tra-2023.docx": inspection_plan(dataset, "khkt-2023"),
    "quyet-dinh-kiem-tra.docx": inspection_decision(dataset, "kt-2023-so-noi-vu"),
    "bien-ban-kiem-tra.docx": inspection_minutes(
        dataset, inspection, DocumentHeader(signer="Lê Thị Bình")
    ),
    "bao-cao-ket-qua-kiem-tra-2023.docx": inspection_results_report(report, dataset),
    "quyet-dinh-cong-bo.docx": announcement_decision(dataset, "cb-ubnd-tinh"),
    "bao-cao-khac-phuc.docx": corrective_action_report(dataset, inspection),
}
for name, data in documents.items():
    (out / name).write_bytes(data)
    print(out / name, f"{len(data):,} bytes")
    if find_office() is not None and "--pdf" in sys.argv:
        pdf = (out / name).with_suffix(".pdf")
        pdf.write_bytes(to_pdf(data))
        print(pdf)

# Read them back: the annex lists every unit alive at the end of 2023 (165 in the registry, 2
# dissolved or merged during the year), the minutes the 13 items of TT 26 Art. 36.
annex = docx.Document(io.BytesIO(documents["bao-cao-tinh-hinh-2023.docx"])).tables[-1]
print(f"Phụ lục: {len(annex.rows) - 1} cơ quan, đơn vị")
minutes = docx.Document(io.BytesIO(documents["bien-ban-kiem-tra.docx"]))
items = next(t for t in minutes.tables if t.rows[0].cells[1].text.startswith("Nội dung"))
print(f"Biên bản: {len(items.rows) - 1} nội dung kiểm tra (Điều 36 TT 26)")
print(f"{len(documents)} văn bản")
