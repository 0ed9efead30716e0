"""The demo province's 2023 status report and one inspection's minutes, as Word documents.

Writes into a temporary folder (or the folder given as the first argument); with LibreOffice on
the machine it also writes the PDFs.
"""

import sys
import tempfile
from pathlib import Path

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
