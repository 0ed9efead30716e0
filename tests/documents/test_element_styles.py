"""Every element of every generated document, read back, is set as NĐ 30/2020 Phụ lục I says.

The expected sizes, weights, slants, cases and alignments below are written from the decree's
paragraphs (NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I; the paragraph is named on each line), not from
the library: each element found in the .docx is checked against the decree, and the layout value
`ND30` (which the builders read) against both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import pytest

pytest.importorskip("docx")
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from tests.documents.test_documents import BUILDERS, _open

from vn_iso_qms.documents import ND30, ElementStyle

Case = Literal["upper", "lower", "number", "digits"]


@dataclass(frozen=True)
class Rule:
    """What one paragraph of Phụ lục I fixes for an element."""

    sizes: tuple[float, float]
    bold: bool
    italic: bool
    case: Case
    align: WD_ALIGN_PARAGRAPH | None
    source: str


CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)

DECREE: dict[str, Rule] = {
    # Mục II.3.c: "Số" in lower case, the ký hiệu in capitals, size 13, upright, centred under
    # the agency's name; "Số:" with a colon, numbers below 10 padded, "/" and "-" (Mục II.3.a-b)
    "number": Rule((13, 13), False, False, "number", CENTER, "Mục II.3"),
    # Mục II.4.c: lower case, 13-14, italic, centred under the Quốc hiệu and Tiêu ngữ
    "place_date": Rule((13, 14), False, True, "lower", CENTER, "Mục II.4.c"),
    # Mục II.5.b: the tên loại centred, capitals, 13-14, upright, bold
    "doc_type": Rule((13, 14), True, False, "upper", CENTER, "Mục II.5.b"),
    # Mục II.5.b: the trích yếu right under the tên loại, lower case, 13-14, upright, bold
    "summary": Rule((13, 14), True, False, "lower", CENTER, "Mục II.5.b"),
    # Mục II.6.a: căn cứ ban hành in lower case, italic, 13-14
    "recital": Rule((13, 14), False, True, "lower", None, "Mục II.6.a"),
    # Mục II.6.e: the body in lower case, justified, 13-14, upright
    "body": Rule((13, 14), False, False, "lower", JUSTIFY, "Mục II.6.e"),
    # Mục II.6.đ: a report's or plan's part heading ("I. KẾT QUẢ ..."), capitals, 13-14, bold
    "heading": Rule((13, 14), True, False, "upper", None, "Mục II.6.đ"),
    # Mục II.6.đ: "Điều" and its number in lower case, the body's size, upright, bold
    "article": Rule((13, 14), True, False, "lower", None, "Mục II.6.đ"),
    # Mục II.9.d (ô 9a): "Kính gửi:" and the recipients, lower case, 13-14, upright
    "recipients_to": Rule((13, 14), False, False, "lower", None, "Mục II.9.d"),
    # Mục II.9.d (ô 9b): the list under "Nơi nhận:", lower case, size 11, upright, flush left
    "recipients_item": Rule((11, 11), False, False, "lower", LEFT, "Mục II.9.d"),
    # Mục I.7: page numbers in Arabic numerals, 13-14, upright, centred in the top margin
    "page_number": Rule((13, 14), False, False, "digits", CENTER, "Mục I.7"),
}

TIMES = "Times New Roman"  # Mục I.4: "Phông chữ tiếng Việt Times New Roman"

# the tên loại of each document, from the text that calls for it (QĐ 19 Phụ lục II: a báo cáo;
# TT 26 Mẫu 19 KHKT, Mẫu 20 QĐKT, Mẫu 21 BBKT; Art. 38.1 and 37.2.c: báo cáo; QĐ 19 Art. 4:
# a quyết định công bố)
TITLES = {
    "status": "BÁO CÁO",
    "plan": "KẾ HOẠCH",
    "decision": "QUYẾT ĐỊNH",
    "minutes": "BIÊN BẢN KIỂM TRA",
    "results": "BÁO CÁO",
    "announcement": "QUYẾT ĐỊNH",
    "corrective": "BÁO CÁO",
}

# a decision (NĐ 30 PL III model 1.2) and a minutes open with a block of căn cứ; a report or a
# plan (model 1.4) opens with its body, where "Căn cứ ..., ... ban hành" is a running sentence
RECITAL_KINDS = {"decision", "announcement", "minutes"}

# the elements each document shows: a report sent up carries "Kính gửi" (ô 9a), a decision its
# căn cứ and articles (model 1.2), a minutes no place/date line and no "Nơi nhận" (model 1.9)
_EVERY = {"number", "doc_type", "summary", "body", "page_number"}
_SENT = {"place_date", "recipients_item"}
ELEMENTS: dict[str, set[str]] = {
    "status": _EVERY | _SENT | {"recipients_to", "heading"},
    "plan": _EVERY | _SENT | {"heading"},
    "decision": _EVERY | _SENT | {"recital", "article"},
    "minutes": _EVERY | {"recital", "heading"},
    "results": _EVERY | _SENT | {"recipients_to", "heading"},
    "announcement": _EVERY | _SENT | {"recital", "article"},
    "corrective": _EVERY | _SENT | {"recipients_to"},
}

_NUMBER = re.compile(r"Số: (\d{2,}| +)/[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*")
_ROMAN = re.compile(r"[IVX]+\. ")
_ARTICLE = re.compile(r"Điều \d+\. ")


def _style(name: str) -> ElementStyle:
    return ND30.elements()[name]


def _nonempty(paragraphs: list[Paragraph]) -> Iterator[Paragraph]:
    return (p for p in paragraphs if p.text.strip())


@dataclass
class Found:
    """The runs of each element in one document (a run is checked with its paragraph)."""

    runs: dict[str, list[tuple[Paragraph, Run]]]

    def add(self, name: str, p: Paragraph, runs: list[Run] | None = None) -> None:
        self.runs.setdefault(name, []).extend((p, r) for r in (p.runs if runs is None else runs))


def _elements(doc: DocxDocument, kind: str) -> Found:
    found = Found({})
    head = [p for row in doc.tables[0].rows for cell in row.cells for p in cell.paragraphs]
    for p in _nonempty(head):
        if p.text.startswith("Số:"):
            found.add("number", p)
        elif ", ngày " in p.text:
            found.add("place_date", p)
    top = list(doc.paragraphs)  # outside tables
    start = next(i for i, p in enumerate(top) if p.text.strip())
    found.add("doc_type", top[start])
    i = start + 1
    while top[i].text.strip():  # the trích yếu runs until its rule (an empty paragraph)
        found.add("summary", top[i])
        i += 1
    authority_line = kind in ("decision", "announcement")  # model 1.2: the issuer's line
    for p in _nonempty(top[i:]):
        text = p.text
        if text == "Phụ lục":  # the annex, under its own rules (Mục III.1)
            break
        if authority_line:
            authority_line = False
            assert text == text.upper(), text
            continue
        if text == "QUYẾT ĐỊNH:":
            continue  # model 1.2's line before the articles
        if _ROMAN.match(text):
            found.add("heading", p)
        elif text.startswith("Căn cứ") and kind in RECITAL_KINDS:
            found.add("recital", p)
        elif text.startswith("Kính gửi"):
            found.add("recipients_to", p)
        elif _ARTICLE.match(text):
            found.add("article", p, p.runs[:1])
            found.add("body", p, p.runs[1:])
        else:
            found.add("body", p)
    for table in doc.tables:
        cell = table.cell(0, 0)
        if cell.paragraphs and cell.paragraphs[0].text == "Nơi nhận:":
            for p in _nonempty(cell.paragraphs[1:]):
                found.add("recipients_item", p)
    for section in doc.sections:
        for p in section.header.paragraphs:
            for r in p.runs:
                if r.text:  # the field's shown value; the field codes carry no text
                    found.add("page_number", p, [r])
    return found


def _case_ok(case: Case, text: str) -> bool:
    match case:
        case "upper":
            return text == text.upper()
        case "lower":  # chữ in thường, not capitals (initials, names, symbols keep theirs)
            return any(c.islower() for c in text) or not any(c.isalpha() for c in text)
        case "number":
            return _NUMBER.fullmatch(text) is not None
        case "digits":
            return text.isdigit()


@pytest.mark.parametrize("name", DECREE)
def test_the_layout_value_says_what_the_decree_says(name: str) -> None:
    rule, style = DECREE[name], _style(name)
    lo, hi = rule.sizes
    assert lo <= style.size <= hi, (name, style.size, rule.source)
    assert (style.bold, style.italic) == (rule.bold, rule.italic), (name, rule.source)
    assert style.upper == (rule.case == "upper"), name
    assert rule.source in style.source, (name, style.source)
    assert ND30.font == TIMES


def test_articles_are_set_at_the_body_size() -> None:
    assert _style("article").size == _style("body").size  # Mục II.6.đ: "bằng cỡ chữ" of the body


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_element_read_back_has_the_decree_size_and_style(kind: str) -> None:
    doc = _open(kind)
    found = _elements(doc, kind)
    assert set(found.runs) == ELEMENTS[kind], (kind, sorted(found.runs))
    for name, runs in found.runs.items():
        rule, style = DECREE[name], _style(name)
        lo, hi = rule.sizes
        for p, run in runs:
            where = (kind, name, p.text[:60], rule.source)
            assert run.font.size is not None, where
            size = float(run.font.size.pt)
            assert size == style.size, where  # the layout value's choice ...
            assert lo <= size <= hi, where  # ... inside the decree's range
            assert bool(run.font.bold) is rule.bold, where
            assert bool(run.font.italic) is rule.italic, where
            assert run.font.name == TIMES, where
            assert run._r.rPr is not None
            fonts = run._r.rPr.rFonts
            assert fonts is not None
            assert fonts.get(qn("w:eastAsia")) == TIMES, where
            if rule.align is not None:
                assert p.alignment == rule.align, where
        # the case of what the element shows: its paragraph, or an article's label run
        texts = {r.text if name == "article" else p.text for p, r in runs}
        for text in texts:
            assert _case_ok(rule.case, text), (kind, name, text, rule.source)


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_title_is_the_documents_own_name(kind: str) -> None:
    found = _elements(_open(kind), kind)
    assert [p.text for p, _ in found.runs["doc_type"]] == [TITLES[kind]]


@pytest.mark.parametrize("kind", sorted(set(BUILDERS) - {"minutes"}))
def test_the_recipients_list_is_11_point_lines_ending_with_the_archive(kind: str) -> None:
    # Mục II.9.d: each recipient on its own line "- ...;", the last "- Lưu: VT, ..."
    found = _elements(_open(kind), kind)
    lines = list(dict.fromkeys(p.text for p, _ in found.runs["recipients_item"]))
    assert len(lines) >= 2, lines
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1].startswith("- Lưu: VT")
    assert lines[-1].endswith(".")


@pytest.mark.parametrize("kind", sorted(RECITAL_KINDS))
def test_recitals_end_with_semicolons_and_a_full_stop(kind: str) -> None:
    # Mục II.6.a: one căn cứ a line, ";" at each line's end, "." at the last
    found = _elements(_open(kind), kind)
    lines = list(dict.fromkeys(p.text for p, _ in found.runs["recital"]))
    assert lines
    if kind != "minutes":  # the minutes has one căn cứ, its sentence runs on (model 1.9)
        assert all(line.endswith(";") for line in lines[:-1])
        assert lines[-1].endswith(".")


@pytest.mark.parametrize("kind", BUILDERS)
def test_header_and_footer_runs_are_times_new_roman(kind: str) -> None:
    # Mục I.4 holds for every run, the page number's field runs included
    doc = _open(kind)
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            for p in part.paragraphs:
                for run in p.runs:
                    assert run.font.name == TIMES, (kind, run.text)
