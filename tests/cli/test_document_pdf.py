"""`vn-iso-qms document … --pdf`: a .pdf of the same name beside the .docx, or a clear exit 4.

The PDF is rendered by LibreOffice (tests/documents/test_pdf.py checks the layout of every
document); here, only what the command line does with the option: both files written and named,
an existing .pdf refused before anything is written, and a missing LibreOffice said in the
run's language (the .docx is still written: the message says to send it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import ENV, invoke
from vn_iso_qms.documents import NATIONAL_TITLE, find_office

DEMO = str(Path(__file__).resolve().parents[2] / "src/vn_iso_qms/_internal/data/demo_province.json")
ARGS = ("document", "status-report", DEMO, "--year", "2023")


def _env(lang: str, *, path: str = "") -> dict[str, str]:
    return {**ENV, "PATH": path, "VN_ISO_QMS_LANG": lang}


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("vi", "không tạo được PDF: cần LibreOffice"),
        ("en", "PDF output needs LibreOffice (soffice) on PATH"),
    ],
)
def test_without_libreoffice_the_docx_is_written_and_the_pdf_is_exit_4(
    tmp_path: Path, lang: str, says: str
) -> None:
    out = tmp_path / "bao-cao.docx"
    done = invoke([*ARGS, "-o", str(out), "--pdf"], _env(lang), tmp_path)  # PATH="": no soffice
    assert done.returncode == 4, done.stderr
    assert says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    if lang == "vi":
        assert "needs" not in done.stderr  # one language per run
        assert "gửi tệp .docx" in done.stderr
    assert out.is_file()
    assert not out.with_suffix(".pdf").exists()


def test_an_existing_pdf_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    pdf = out.with_suffix(".pdf")
    pdf.write_bytes(b"old")
    done = invoke([*ARGS, "-o", str(out), "--pdf"], _env("en"), tmp_path)
    assert done.returncode == 2, done.stderr
    assert "bao-cao.pdf" in done.stderr
    assert "--force" in done.stderr
    assert pdf.read_bytes() == b"old"
    assert not out.exists()


@pytest.mark.pdf
@pytest.mark.skipif(
    find_office() is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils (make pdf-tools)",
)
def test_pdf_is_written_beside_the_docx(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    env = _env("vi", path=os.environ.get("PATH", "/usr/bin:/bin"))
    done = invoke([*ARGS, "-o", str(out), "--pdf"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = out.with_suffix(".pdf")
    assert done.stderr.splitlines() == [f"đã ghi văn bản vào {out}", f"đã ghi bản PDF vào {pdf}"]
    assert out.read_bytes().startswith(b"PK")  # the Word document is still a .docx
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert NATIONAL_TITLE in text
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text  # the status report, not another
