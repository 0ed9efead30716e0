"""Render the first page of the example documents to PNG for the docs (needs LibreOffice, poppler).

Run: .venv/bin/python scripts/document_images.py  (writes docs/how-to/img/*.png)
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "how-to" / "img"

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "07_documents.py"), tmp, "--pdf"], check=True
    )
    IMG.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(Path(tmp).glob("*.pdf")):
        target = IMG / pdf.stem
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(target)],
            check=True,
        )  # fmt: skip
        print(target.with_suffix(".png"))
