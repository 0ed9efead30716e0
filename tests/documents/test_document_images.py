"""The docs show the first page of every document the library writes (issue 25, Build 7)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "how-to" / "documents.md"

# one picture per kind of document (`vn-iso-qms document KIND`), named as
# examples/07_documents.py names the file (scripts/document_images.py renders them)
PICTURES = {
    "status-report": "bao-cao-tinh-hinh-2023.png",
    "inspection-plan": "ke-hoach-kiem-tra-2023.png",
    "inspection-decision": "quyet-dinh-kiem-tra.png",
    "inspection-minutes": "bien-ban-kiem-tra.png",
    "inspection-results": "bao-cao-ket-qua-kiem-tra-2023.png",
    "announcement": "quyet-dinh-cong-bo.png",
    "corrective-report": "bao-cao-khac-phuc.png",
}


def test_every_kind_of_document_has_a_picture() -> None:
    from vn_iso_qms.documents import DOCUMENT_KINDS

    assert set(DOCUMENT_KINDS) == set(PICTURES)


@pytest.mark.parametrize("name", sorted(PICTURES.values()))
def test_picture_is_a_small_a4_png_shown_with_vietnamese_alt_text(name: str) -> None:
    path = ROOT / "docs" / "how-to" / "img" / name
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) < 200_000
    width, height = struct.unpack(">II", data[16:24])
    assert 1.40 < height / width < 1.43  # A4 portrait: 297 / 210 = 1.414
    shown = re.findall(r"!\[([^\]]+)\]\(img/" + re.escape(name) + r"\)", PAGE.read_text("utf-8"))
    assert len(shown) == 1
    assert shown[0].startswith("Trang đầu ")
