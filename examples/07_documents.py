"""The demo province's 2023 status report and one inspection's minutes, as Word documents.

Writes into a temporary folder (or the folder given as the first argument); with LibreOffice on
the machine it also writes the PDFs.
"""

import io
import sys
import tempfile
from pathlib import Path

import docx

from vn_iso_qms import demo_dataset
from vn_iso_qms.documents import (
    DocumentHeader,
    find_office,
    inspection_minutes,
    status_report,
    to_pdf,
)
from vn_iso_qms.reports import province_report

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="vn-iso-qms-"))
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
documents = {
    "bao-cao-tinh-hinh-2023.docx": status_report(report, dataset, header),
    "bien-ban-kiem-tra.docx": inspection_minutes(
        dataset, "kt-2023-so-giao-thong-van-tai", DocumentHeader(signer="Lê Thị Bình")
    ),
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
