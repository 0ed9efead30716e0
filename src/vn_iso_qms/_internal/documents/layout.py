"""Nghị định 30/2020/NĐ-CP, Phụ lục I, as data: the layout every document of this library uses.

Each number cites its paragraph of Phụ lục I ("Thể thức, kỹ thuật trình bày văn bản hành chính"),
Phần I. Where the decree gives a range (margins 20-25 mm, sizes 13-14), the value chosen is inside
it and the range is kept next to it, so that a test can check the one against the other. What the
decree does not fix (column widths, the size of table text) is marked as practice.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from vn_iso_qms._internal.base import QmsModel

__all__ = [
    "ND30",
    "ElementStyle",
    "Layout",
    "document_number",
    "vietnamese_date",
]

_PL1 = "NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I"

Align = Literal["left", "center", "right", "justify"]


class ElementStyle(QmsModel):
    """How one element of a document is set: size, case, weight, slant, alignment, source."""

    size: float
    """Font size in points."""
    size_range: tuple[float, float]
    """The sizes the decree allows (equal bounds when it fixes one size)."""
    bold: bool = False
    """Bold (đậm)."""
    italic: bool = False
    """Italic (nghiêng)."""
    upper: bool = False
    """Capitals (chữ in hoa)."""
    align: Align = "center"
    """Horizontal alignment."""
    source: str
    """The paragraph of Phụ lục I that fixes it (or "practice" when the decree is silent)."""


class Layout(QmsModel):
    """The layout numbers of NĐ 30/2020 Phụ lục I, each with its paragraph.

    Use [`ND30`][vn_iso_qms.documents.ND30]; every builder of `vn_iso_qms.documents` reads it.
    """

    font: str = "Times New Roman"
    """Mục I.4: "Phông chữ tiếng Việt Times New Roman, bộ mã ký tự Unicode theo TCVN 6909:2001"."""
    page_width_mm: float = 210
    """Mục I.1: A4, 210 mm x 297 mm."""
    page_height_mm: float = 297
    """Mục I.1: A4, 210 mm x 297 mm (portrait, Mục I.2)."""
    margin_top_mm: float = 20
    """Mục I.3: top margin 20-25 mm."""
    margin_bottom_mm: float = 20
    """Mục I.3: bottom margin 20-25 mm."""
    margin_left_mm: float = 30
    """Mục I.3: left margin 30-35 mm."""
    margin_right_mm: float = 15
    """Mục I.3: right margin 15-20 mm."""
    margin_ranges_mm: dict[str, tuple[float, float]] = {  # noqa: RUF012
        "top": (20, 25),
        "bottom": (20, 25),
        "left": (30, 35),
        "right": (15, 20),
    }
    """Mục I.3: the ranges the margins must fall in."""
    first_line_indent_cm: float = 1.27
    """Mục II.6.e: the first line of a paragraph is indented 1 cm or 1.27 cm."""
    paragraph_space_pt: float = 6
    """Mục II.6.e: at least 6 pt between paragraphs."""
    line_spacing: float = 1.0
    """Mục II.6.e: from single ("dòng đơn") up to 1.5 lines."""
    page_number_first_page: bool = False
    """Mục I.7: pages numbered from 1, the number not shown on page 1."""
    annex_numbered_separately: bool = True
    """Mục III.1: each phụ lục is numbered on its own (its pages restart at 1)."""
    header_left_share: float = 0.40
    """Practice: the share of the text width given to the agency column of the header (the
    decree draws boxes, Mục IV, with no widths); 12 pt Quốc hiệu fits the right column."""
    agency_rule_share: float = 0.40
    """Mục II.2.b: the rule under the agency name is 1/3 to 1/2 of the line (0.40 chosen)."""
    summary_rule_share: float = 0.40
    """Mục II.5.b: the rule under the trích yếu is 1/3 to 1/2 of the line (0.40 chosen)."""

    national_title: ElementStyle = ElementStyle(
        size=12, size_range=(12, 13), bold=True, upper=True, source=f"{_PL1}, Mục II.1.a"
    )
    """Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"."""
    motto: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, source=f"{_PL1}, Mục II.1.b"
    )
    """Tiêu ngữ "Độc lập - Tự do - Hạnh phúc", with a rule as long as the line."""
    parent_agency: ElementStyle = ElementStyle(
        size=12, size_range=(12, 13), upper=True, source=f"{_PL1}, Mục II.2.b"
    )
    """Tên cơ quan, tổ chức chủ quản trực tiếp."""
    issuing_agency: ElementStyle = ElementStyle(
        size=12, size_range=(12, 13), bold=True, upper=True, source=f"{_PL1}, Mục II.2.b"
    )
    """Tên cơ quan, tổ chức ban hành văn bản, with a rule of 1/3 to 1/2 of the line."""
    number: ElementStyle = ElementStyle(size=13, size_range=(13, 13), source=f"{_PL1}, Mục II.3.c")
    """Số, ký hiệu: "Số:" then number/ký hiệu, size 13."""
    place_date: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), italic=True, source=f"{_PL1}, Mục II.4.c"
    )
    """Địa danh và thời gian: italic, centred under the Quốc hiệu and Tiêu ngữ."""
    doc_type: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, upper=True, source=f"{_PL1}, Mục II.5.b"
    )
    """Tên loại văn bản ("BÁO CÁO", "QUYẾT ĐỊNH")."""
    summary: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, source=f"{_PL1}, Mục II.5.b"
    )
    """Trích yếu nội dung, under the title, with a rule of 1/3 to 1/2 of the line."""
    recital: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), italic=True, align="justify", source=f"{_PL1}, Mục II.6.a"
    )
    """Căn cứ ban hành: italic, one per line, ";" at each end and "." at the last."""
    body: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), align="justify", source=f"{_PL1}, Mục II.6.e"
    )
    """Nội dung: justified, upright, 13-14."""
    heading: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, upper=True, align="justify",
        source=f"{_PL1}, Mục II.6.đ",
    )  # fmt: skip
    """A part heading of a report ("I. KẾT QUẢ KIỂM TRA"): capitals, bold."""
    article: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, align="justify", source=f"{_PL1}, Mục II.6.đ"
    )
    """"Điều 1." of a decision: bold, body size, indented like the body."""
    authority: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, upper=True, source=f"{_PL1}, Mục II.7.đ"
    )
    """Quyền hạn and chức vụ of the signer ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")."""
    signer_name: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, source=f"{_PL1}, Mục II.7.đ"
    )
    """Họ và tên người ký: lower case, bold, centred under the title."""
    recipients_to: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), align="left", source=f"{_PL1}, Mục II.9.d"
    )
    """"Kính gửi:" and the recipients of a report sent up (ô 9a)."""
    recipients_label: ElementStyle = ElementStyle(
        size=12, size_range=(12, 12), bold=True, italic=True, align="left",
        source=f"{_PL1}, Mục II.9.d",
    )  # fmt: skip
    """"Nơi nhận:" (ô 9b): 12, bold italic, flush left."""
    recipients_item: ElementStyle = ElementStyle(
        size=11, size_range=(11, 11), align="left", source=f"{_PL1}, Mục II.9.d"
    )
    """Each line under "Nơi nhận:" ("- ...;", last "- Lưu: VT, ...")."""
    annex_label: ElementStyle = ElementStyle(
        size=14, size_range=(14, 14), bold=True, source=f"{_PL1}, Mục III.1"
    )
    """"Phụ lục" (with a Roman number when there are several)."""
    annex_title: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), bold=True, upper=True, source=f"{_PL1}, Mục III.1"
    )
    """The annex's title."""
    annex_note: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), italic=True, source=f"{_PL1}, Mục III.1"
    )
    """"(Kèm theo ... số .../... ngày ... tháng ... năm ...)"."""
    page_number: ElementStyle = ElementStyle(
        size=13, size_range=(13, 14), source=f"{_PL1}, Mục I.7"
    )
    """Page numbers: centred in the top margin, upright, 13-14."""
    table: ElementStyle = ElementStyle(
        size=12,
        size_range=(11, 13),
        align="left",
        source="practice (the decree fixes no table size)",
    )
    """Text in tables (the decree is silent; 12 pt is common practice)."""
    table_head: ElementStyle = ElementStyle(
        size=12, size_range=(11, 13), bold=True, source="practice (the decree fixes no table size)"
    )
    """Column headings of tables."""

    def elements(self) -> dict[str, ElementStyle]:
        """Every element style by its field name."""
        return {
            name: value for name, value in self.__dict__.items() if isinstance(value, ElementStyle)
        }


ND30 = Layout()
"""The layout of NĐ 30/2020/NĐ-CP Phụ lục I that every document of the library uses."""


NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
"""Quốc hiệu (NĐ 30 Phụ lục I, Mục II.1.a)."""
MOTTO = "Độc lập - Tự do - Hạnh phúc"
"""Tiêu ngữ (NĐ 30 Phụ lục I, Mục II.1.b)."""


def vietnamese_date(day: dt.date, place: str | None = None) -> str:
    """A date as NĐ 30 Phụ lục I, Mục II.4.b writes it: day < 10 and months 1-2 padded.

    Examples:
        >>> vietnamese_date(dt.date(2026, 1, 5))
        'ngày 05 tháng 01 năm 2026'
        >>> vietnamese_date(dt.date(2023, 12, 15), "Minh Hòa")
        'Minh Hòa, ngày 15 tháng 12 năm 2023'
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


def blank_date(place: str | None = None) -> str:
    """The place and a date left blank for the office of records to fill."""
    text = "ngày      tháng      năm"
    return f"{place}, {text}" if place else text


def document_number(number: int | None, symbol: str) -> str:
    """The number line 'Số: 05/BC-SKHCN', or 'Số:      /BC-SKHCN' with a blank when none is given.

    NĐ 30 Phụ lục I, Mục II.3.a-c: the number comes from the office of records' yearly register
    (so the library leaves it blank unless told), numbers below 10 take a leading 0.

    Examples:
        >>> document_number(5, "BC-SKHCN"), document_number(None, "BC-SKHCN")
        ('Số: 05/BC-SKHCN', 'Số:      /BC-SKHCN')
    """
    shown = "     " if number is None else f"{number:02d}"
    return f"Số: {shown}/{symbol}"
