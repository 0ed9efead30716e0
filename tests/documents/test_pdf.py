"""Each document rendered to PDF by LibreOffice and read by poppler (`make test-pdf`).

pdfinfo gives every page's size; `pdftotext -bbox` every word with its box, so that what a page
prints in its top margin (its number, or nothing) is read from where the decree puts it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from tests.documents.test_documents import BUILDERS, _bytes

from vn_iso_qms.documents import MOTTO, NATIONAL_TITLE, ND30, find_office, to_pdf

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        find_office() is None or shutil.which("pdfinfo") is None,
        reason="needs LibreOffice and poppler-utils (make pdf-tools)",
    ),
]

PT_PER_MM = 72 / 25.4
A4_PT = (210 * PT_PER_MM, 297 * PT_PER_MM)  # NĐ 30 PL I Mục I.1: A4, 210 x 297 mm, portrait

# the documents with a phụ lục: the status report's per-agency list (QĐ 19 Phụ lục II) and the
# announcement's scope (QĐ 19 Art. 4); each phụ lục numbers its pages on its own (Mục III.1)
ANNEXES = {"status": 1, "announcement": 1}

_PAGE_SIZE = re.compile(r"^Page +(\d+) size: +([\d.]+) x ([\d.]+) pts", re.MULTILINE)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


@cache
def _pdf(kind: str) -> bytes:
    return to_pdf(_bytes(kind))


def _write(kind: str, tmp_path: Path) -> Path:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(_pdf(kind))
    return pdf


def _pages(pdf: Path) -> list[list[Word]]:
    """The words of each page, with their boxes in points from the page's top left corner."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    return [
        [Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(page)]
        for page in html.split("<page ")[1:]
    ]


def _page_count(pdfinfo: str) -> int:
    found = re.search(r"^Pages: +(\d+)$", pdfinfo, re.MULTILINE)
    assert found is not None, pdfinfo
    return int(found.group(1))


def _first_line(words: list[Word]) -> str:
    top = min(w.y0 for w in words)
    return " ".join(w.text for w in sorted(words, key=lambda w: w.x0) if w.y0 - top < 2)


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_page_is_a4_portrait(kind: str, tmp_path: Path) -> None:
    pdf = _write(kind, tmp_path)
    info = _run("pdfinfo", "-f", "1", "-l", "9999", str(pdf))
    pages = _page_count(info)
    sizes = _PAGE_SIZE.findall(info)
    assert [int(n) for n, _, _ in sizes] == list(range(1, pages + 1))
    for _, width, height in sizes:
        assert abs(float(width) - A4_PT[0]) < 0.5, width
        assert abs(float(height) - A4_PT[1]) < 0.5, height


@pytest.mark.parametrize("kind", BUILDERS)
def test_page_count_and_numbers_in_the_top_margin(kind: str, tmp_path: Path) -> None:
    # NĐ 30 PL I Mục I.7: pages numbered from 1 in Arabic numerals, centred in the top margin,
    # no number on page 1; Mục III.1: a phụ lục numbers its pages on its own, so its first
    # page shows none either
    pdf = _write(kind, tmp_path)
    pages = _pages(pdf)
    info = _run("pdfinfo", str(pdf))
    assert _page_count(info) == len(pages)  # the count, read with the numbering
    margin = ND30.margin_top_mm * PT_PER_MM
    centre = (ND30.margin_left_mm + (ND30.page_width_mm - ND30.margin_right_mm)) / 2 * PT_PER_MM
    starts = [i for i, words in enumerate(pages) if i > 0 and _first_line(words) == "Phụ lục"]
    assert len(starts) == ANNEXES.get(kind, 0), [_first_line(w) for w in pages]
    shown, expected, number = [], [], 0
    for i, words in enumerate(pages):
        in_margin = [w for w in words if w.y1 <= margin]
        shown.append(" ".join(w.text for w in in_margin))
        for w in in_margin:
            assert abs((w.x0 + w.x1) / 2 - centre) < 3, (kind, i + 1, w)
        number = 1 if i == 0 or i in starts else number + 1
        expected.append("" if number == 1 else str(number))
    assert shown == expected, (kind, shown)
    first = _run("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-")
    assert NATIONAL_TITLE in first
    assert MOTTO in first


def test_status_report_annex_runs_over_several_numbered_pages(tmp_path: Path) -> None:
    # 163 units cannot fit one page: the annex's own numbering is seen going past 1
    pdf = _write("status", tmp_path)
    pages = _pages(pdf)
    start = next(i for i, words in enumerate(pages) if i > 0 and _first_line(words) == "Phụ lục")
    assert len(pages) - start >= 2
    text = _run("pdftotext", "-layout", str(pdf), "-")
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text
    assert "DANH SÁCH CƠ QUAN, ĐƠN VỊ XÂY DỰNG, ÁP DỤNG" in text
