"""Render the first page of every example document to PNG for the docs (LibreOffice, poppler).

Run: .venv/bin/python scripts/document_images.py  (writes docs/how-to/img/<document>.png)

examples/07_documents.py writes the demo province's seven documents and, with `--pdf`, converts
each to PDF with LibreOffice headless; `pdftoppm -gray -r 100` renders page 1 of each PDF to a
grey map (PGM), which is written here as a 16-level grey PNG (4 bits a pixel, zlib level 9): the
text stays sharp at 100 dpi and each picture stays far under 200 KB without an image library.
The same PDF gives the same PNG bytes. Nothing here runs in the tests: the pictures are committed.
"""

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "how-to" / "img"
DPI = 100
LEVELS = 16  # grey levels kept: 4 bits a pixel


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the 8-bit grey pixels of a binary PGM (as pdftoppm -gray writes it)."""
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    if magic != b"P5" or maxval != b"255":
        raise SystemExit("expected an 8-bit binary PGM from pdftoppm -gray")
    w, h = int(width), int(height)
    if len(pixels) != w * h:
        raise SystemExit(f"PGM of {w}x{h} holds {len(pixels)} bytes")
    return w, h, pixels


def png_grey4(width: int, height: int, pixels: bytes) -> bytes:
    """A PNG of colour type 0 (grey), bit depth 4, each row unfiltered, compressed at level 9."""
    top = LEVELS - 1
    quantise = bytes((v * top + 127) // 255 for v in range(256))
    grey = pixels.translate(quantise)
    rows = []
    for y in range(height):
        row = grey[y * width : (y + 1) * width]
        if width % 2:
            row += bytes([top])  # pad the last half byte with white
        rows.append(
            b"\x00" + bytes((a << 4) | b for a, b in zip(row[0::2], row[1::2], strict=True))
        )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 4, 0, 0, 0, 0)
    idat = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def main() -> None:
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        raise SystemExit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "07_documents.py"), tmp, "--pdf"], check=True
        )
        IMG.mkdir(parents=True, exist_ok=True)
        for pdf in sorted(Path(tmp).glob("*.pdf")):
            stem = Path(tmp) / pdf.stem
            subprocess.run(
                ["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                 str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            target = IMG / f"{pdf.stem}.png"
            target.write_bytes(png_grey4(*read_pgm(stem.with_suffix(".pgm").read_bytes())))
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
