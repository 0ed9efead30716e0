"""Each document rendered to PDF by LibreOffice and read by poppler (`make test-pdf`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.documents.test_documents import BUILDERS, _bytes

from vn_iso_qms.documents import MOTTO, NATIONAL_TITLE, find_office, to_pdf

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        find_office() is None or shutil.which("pdfinfo") is None,
        reason="needs LibreOffice and poppler-utils (make pdf-tools)",
    ),
]


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("kind", BUILDERS)
def test_pdf_page_size_numbering_and_text(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(to_pdf(_bytes(kind)))
    info = _run("pdfinfo", str(pdf))
    assert "595.3" in info  # A4: 210 mm = 595.3 pt (NĐ 30 PL I Mục I.1)
    assert "841.89" in info
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert pages >= 1
    first = _run("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-")
    assert NATIONAL_TITLE in first
    assert MOTTO in first
    assert first.lstrip().split("\n", 1)[0].strip() != "1"  # no number on page 1 (Mục I.7)
    if pages >= 2:
        second = _run("pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-")
        top = second.lstrip().split("\n", 1)[0].strip()
        # an annex starts its own numbering and shows none on its first page (Mục III.1)
        assert top == "Phụ lục" if kind == "announcement" else top == "2"


def test_status_report_is_several_pages_with_its_annex() -> None:
    pdf = to_pdf(_bytes("status"))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text
    assert "DANH SÁCH CƠ QUAN, ĐƠN VỊ XÂY DỰNG, ÁP DỤNG" in text
