"""Draw docs/vi/img/mau-*.png, pictures of sheets of the Vietnamese workbook, for the docs.

Needs LibreOffice and poppler (`apt-get install -y libreoffice-calc-nogui poppler-utils`); run
after changing the template's layout:

    .venv/bin/python scripts/template_picture.py

For each sheet of `SHEETS_SHOWN`, a workbook holding only that sheet, with the demo province's
first rows (`export_workbook` of `demo_dataset`, the same layout as `write_template`), is
printed to PDF by LibreOffice headless (landscape, one page wide) and rendered to PNG by
`pdftoppm`. Nothing here runs in the tests: the pictures are committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from vn_iso_qms import demo_dataset
from vn_iso_qms.spreadsheet import export_workbook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "vi" / "img"
SHEETS_SHOWN = {"co-quan": "Cơ quan, đơn vị", "cong-bo": "Công bố"}
"""File name part -> sheet name."""
ROWS = 8
"""Rows kept: the hidden key row, the titles, then the first data rows."""


DPI = 160
MARGIN = 12
"""Pixels kept around the printed cells."""


def _crop(pdf: Path) -> tuple[int, int, int, int]:
    """The pixel box (x, y, width, height) around the words of page 1 (from `pdftotext -bbox`)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    boxes = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
        )
    ]
    scale = DPI / 72
    x0 = min(b[0] for b in boxes) * scale - MARGIN
    y0 = min(b[1] for b in boxes) * scale - MARGIN
    x1 = max(b[2] for b in boxes) * scale + MARGIN
    y1 = max(b[3] for b in boxes) * scale + MARGIN
    return int(max(x0, 0)), int(max(y0, 0)), int(x1 - x0), int(y1 - y0)


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        raise SystemExit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    OUT.mkdir(parents=True, exist_ok=True)
    data = export_workbook(demo_dataset(), lang="vi")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for stem, sheet in SHEETS_SHOWN.items():
            book = folder / f"{stem}.xlsx"
            book.write_bytes(data)
            wb = load_workbook(book)
            for other in [n for n in wb.sheetnames if n != sheet]:
                del wb[other]
            ws = wb[sheet]
            ws.delete_rows(ROWS + 1, ws.max_row)
            ws.row_dimensions[1].hidden = True
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 1
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            wb.save(book)
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
                check=True,
                capture_output=True,
                timeout=300,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
            target = OUT / f"mau-{stem}"
            pdf = folder / f"{stem}.pdf"
            x, y, w, h = _crop(pdf)
            subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    str(DPI),
                    "-singlefile",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-x",
                    str(x),
                    "-y",
                    str(y),
                    "-W",
                    str(w),
                    "-H",
                    str(h),
                    str(pdf),
                    str(target),
                ],
                check=True,
                timeout=300,
            )
            print(f"wrote {target.relative_to(ROOT)}.png")


if __name__ == "__main__":
    main()
