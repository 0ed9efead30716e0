"""PDF through LibreOffice, when it is on the machine: never a hard dependency.

Each conversion runs `soffice --headless` with a fresh user profile (`-env:UserInstallation`)
in a temporary folder and a time limit: a profile shared between runs makes conversions fail
intermittently or hang (docling issue 3819).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from vn_iso_qms._internal.errors import PdfError

__all__ = ["PdfError", "find_office", "to_pdf"]

PDF_TIMEOUT_S = 120.0
"""Default time limit of one conversion, in seconds."""


def find_office() -> str | None:
    """The path of `soffice` (or `libreoffice`) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice headless.

    Raises:
        PdfError: LibreOffice is not installed (the message says what to install), failed, or
            did not finish within `timeout` seconds.
    """
    office = find_office()
    if office is None:
        msg = (
            "PDF output needs LibreOffice (soffice) on PATH: install it, e.g. "
            "`apt-get install libreoffice-writer-nogui`, or send the .docx"
        )
        raise PdfError(msg)
    with tempfile.TemporaryDirectory(prefix="vn-iso-qms-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        command = [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            msg = f"LibreOffice did not finish within {timeout:g} s"
            raise PdfError(msg) from None
        except OSError as exc:
            msg = f"cannot run {office}: {exc}"
            raise PdfError(msg) from None
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.is_file():
            tail = done.stderr.decode("utf-8", "replace").strip()[-500:]
            msg = f"LibreOffice could not convert the document (exit {done.returncode}): {tail}"
            raise PdfError(msg)
        return result.read_bytes()
