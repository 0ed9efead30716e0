"""Word documents read back with python-docx: NĐ 30 layout, fixed strings, figures, bytes."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("docx")
import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vn_iso_qms import (
    ChecklistItem,
    DocumentTextError,
    FindingGrade,
    Inspection,
    InspectionFinding,
    PdfError,
    QmsDataset,
    evolve,
)
from vn_iso_qms._internal.demo import demo_dataset
from vn_iso_qms.documents import (
    MOTTO,
    NATIONAL_TITLE,
    ND30,
    DocumentHeader,
    announcement_decision,
    corrective_action_report,
    corrective_report_due,
    document_number,
    inspection_decision,
    inspection_minutes,
    inspection_plan,
    inspection_results_report,
    load_header,
    status_report,
    vietnamese_date,
)
from vn_iso_qms.reports import ProvinceReport, province_report

MINUTES_ID = "kt-2023-so-giao-thong-van-tai"  # on site, minutes signed on 09/10/2023


@cache
def _ds() -> QmsDataset:
    """The demo province, with a minor nonconformity added to one inspection's findings."""
    ds = demo_dataset()
    insp = ds.get(Inspection, MINUTES_ID)
    nc = InspectionFinding(
        item=ChecklistItem.G1_D_PROCESSES_FOLLOWED,
        grade=FindingGrade.MINOR_NONCONFORMITY,
        description="Hồ sơ TTHC trễ hạn chưa có văn bản xin lỗi",
    )
    return ds.with_records(evolve(insp, findings=(*insp.findings, nc)), replace=True)


@cache
def _report() -> ProvinceReport:
    return province_report(_ds(), province_id="p-mh", year=2023)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "status": lambda: status_report(_report(), _ds()),
    "plan": lambda: inspection_plan(_ds(), "khkt-2023"),
    "decision": lambda: inspection_decision(_ds(), "kt-2023-so-noi-vu"),
    "minutes": lambda: inspection_minutes(_ds(), MINUTES_ID),
    "results": lambda: inspection_results_report(_report(), _ds()),
    "announcement": lambda: announcement_decision(_ds(), "cb-ubnd-tinh"),
    "corrective": lambda: corrective_action_report(_ds(), MINUTES_ID),
}


@cache
def _bytes(kind: str) -> bytes:
    return BUILDERS[kind]()


def _open(kind: str) -> DocxDocument:
    return docx.Document(io.BytesIO(_bytes(kind)))


def _paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in _paragraphs(doc)]


def _run_of(doc: DocxDocument, text: str) -> Run:
    for p in _paragraphs(doc):
        if p.text == text:
            return p.runs[0]
    raise AssertionError(f"no paragraph {text!r}")


def _pt(run: Run) -> float:
    assert run.font.size is not None
    return float(run.font.size.pt)


@pytest.mark.parametrize("kind", BUILDERS)
def test_a4_margins_in_decree_30_ranges_and_page_numbers(kind: str) -> None:
    # NĐ 30 PL I Mục I.1 (A4), I.3 (margins), I.7 (numbers in the top margin, none on page 1)
    doc = _open(kind)
    for section in doc.sections:
        assert section.page_width is not None
        assert section.page_height is not None
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        for side, (lo, hi) in {"top": (20, 25), "bottom": (20, 25), "left": (30, 35),
                               "right": (15, 20)}.items():  # fmt: skip
            value = getattr(section, f"{side}_margin")
            assert value is not None
            assert lo <= round(value.mm, 1) <= hi, (side, value.mm)
        assert section.different_first_page_header_footer
        xml = section.header._element.xml
        assert "PAGE" in xml
        assert 'w:fldCharType="begin"' in xml
        assert "PAGE" not in section.first_page_header._element.xml


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_run_is_times_new_roman_with_the_east_asian_slot(kind: str) -> None:
    doc = _open(kind)
    runs = [r for p in _paragraphs(doc) for r in p.runs]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman"
        fonts = run._r.rPr.rFonts  # type: ignore[union-attr]
        assert fonts is not None
        assert fonts.get(qn("w:eastAsia")) == "Times New Roman"


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_national_title_and_motto_are_set_as_the_decree_says(kind: str) -> None:
    doc = _open(kind)
    qh = _run_of(doc, NATIONAL_TITLE)  # Mục II.1.a: capitals, 12-13, bold
    assert _pt(qh) == ND30.national_title.size
    assert 12 <= _pt(qh) <= 13
    assert qh.font.bold
    assert not qh.font.italic
    tn = _run_of(doc, MOTTO)  # Mục II.1.b: 13-14, bold, hyphens with spaces
    assert MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert 13 <= _pt(tn) <= 14
    assert tn.font.bold
    label = _run_of(doc, "Nơi nhận:") if kind not in ("minutes",) else None
    if label is not None:  # Mục II.9.d: "Nơi nhận:" 12, bold italic
        assert _pt(label) == 12
        assert label.font.bold
        assert label.font.italic


def test_every_element_style_lies_in_the_decree_range() -> None:
    for name, style in ND30.elements().items():
        lo, hi = style.size_range
        assert lo <= style.size <= hi, name
        assert style.source, name
    assert ND30.recipients_label.size == 12
    assert ND30.recipients_item.size == 11
    assert ND30.annex_label.size == 14


def test_vietnamese_dates_and_blank_numbers() -> None:
    # NĐ 30 PL I Mục II.4.b: days below 10 and months 1, 2 take a leading 0; Mục II.3.c
    assert vietnamese_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vietnamese_date(dt.date(2023, 3, 9)) == "ngày 09 tháng 3 năm 2023"
    assert (
        vietnamese_date(dt.date(2023, 12, 31), "Minh Hòa") == "Minh Hòa, ngày 31 tháng 12 năm 2023"
    )
    assert document_number(None, "BC-SKHCN") == "Số:      /BC-SKHCN"
    assert document_number(7, "QĐ-UBND") == "Số: 07/QĐ-UBND"


def test_status_report_figures_are_the_province_report_figures() -> None:
    doc = _open("status")
    report = _report()
    figures = doc.tables[1]  # [0] header block, [1] figures, [2] by block
    rows = [[c.text for c in r.cells] for r in figures.rows[1:]]
    assert len(rows) == len(report.figures)
    for row, fig in zip(rows, report.figures, strict=True):
        assert row[1] == fig.label_vi
        assert (
            row[2].split(";")[0].split(" ")[0]
            == (f"{fig.value}/{fig.total}" if fig.total is not None else str(fig.value))
            or fig.key == "inspection.minimum_on_site"
        )
    by_block = [[c.text for c in r.cells] for r in doc.tables[2].rows]
    assert len(by_block) == len(report.status_rows) + 2  # heading and total rows
    for row, status in zip(by_block[1:], report.status_rows, strict=False):
        assert row[0] == status.block.label_vi
        assert row[1:] == [str(status.total), str(status.mandatory), str(status.announced),
                           str(status.on_iso_2015), str(status.eiso), str(status.completed)]  # fmt: skip
    assert by_block[-1][1] == str(sum(r.total for r in report.status_rows))


def test_status_report_annex_lists_every_living_unit_and_restarts_numbering() -> None:
    doc = _open("status")
    announced = _report().figure("registry.announced")
    annex = doc.tables[-1]
    assert len(annex.rows) - 1 == announced.total
    marked = sum(r.cells[3].text == "x" for r in annex.rows[1:])
    assert marked == announced.value
    assert len(doc.sections) == 2
    start = doc.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert start is not None
    assert start.get(qn("w:start")) == "1"


def test_status_report_fixed_strings() -> None:
    texts = _texts(_open("status"))
    assert "BÁO CÁO" in texts
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in texts
    assert "ỦY BAN NHÂN DÂN TỈNH MINH HÒA" in texts
    # the demo's December report record: 402/BC-UBND sent on 14/12/2023
    assert "Số: 402/BC-UBND" in texts
    assert "Minh Hòa, ngày 14 tháng 12 năm 2023" in texts
    assert "- Lưu: VT." in texts


def test_minutes_have_the_13_items_results_and_the_civil_code_deadline() -> None:
    doc = _open("minutes")
    texts = _texts(doc)
    table = next(t for t in doc.tables if t.rows[0].cells[1].text.startswith("Nội dung kiểm tra"))
    assert len(table.rows) == 14  # TT 26 Art. 36: 7 + 6 items
    first = [c.text for c in table.rows[1].cells]
    assert first[:3] == ["1", "1.a) Phạm vi áp dụng bao quát toàn bộ TTHC", "Đạt"]
    assert table.rows[13].cells[2].text == "Không áp dụng"  # 36.2.e: no consultant used
    # signed 09/10/2023; 2 months (TT 26 Art. 37.2.c) end on 09/12/2023, a Saturday:
    # the limit moves to Monday 11/12/2023 (Civil Code Art. 148.5)
    insp = _ds().get(Inspection, MINUTES_ID)
    assert insp.minutes_signed_on == dt.date(2023, 10, 9)
    assert corrective_report_due(insp) == dt.date(2023, 12, 11)
    assert any("chậm nhất ngày 11 tháng 12 năm 2023" in t for t in texts)
    assert any("Không phù hợp nhẹ (1.d) Thực hiện đúng quy trình" in t for t in texts)
    assert "BIÊN BẢN KIỂM TRA" in texts
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in texts
    assert "ĐẠI DIỆN CƠ QUAN CHỊU SỰ KIỂM TRA" in texts
    assert any(t.startswith("Biên bản được lập thành 02 bản") for t in texts)  # Art. 37.2.b
    assert not any(t.startswith("Minh Hòa, ngày") for t in texts)  # NĐ 30 model 1.9


def test_header_file_fills_number_signer_and_recipients(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "header.toml"  # type: ignore[operator]
    path.write_text(
        'number = 3\nsymbol = "BC-SKHCN"\ndate = 2026-01-05\nauthority = "KT. GIÁM ĐỐC"\n'
        'title = "PHÓ GIÁM ĐỐC"\nsigner = "Trần Thị B"\nrecipients = ["UBND tỉnh"]\n',
        encoding="utf-8",
    )
    header = load_header(path)
    doc = docx.Document(io.BytesIO(status_report(_report(), _ds(), header)))
    texts = _texts(doc)
    assert "Số: 03/BC-SKHCN" in texts
    assert "Minh Hòa, ngày 05 tháng 01 năm 2026" in texts
    assert {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị B", "- UBND tỉnh;"} <= set(texts)
    name = _run_of(doc, "Trần Thị B")
    assert name.font.bold
    assert _pt(name) == ND30.signer_name.size


def test_bad_header_file_is_located(tmp_path: pytest.TempPathFactory) -> None:
    from vn_iso_qms import InvalidDataError

    path = tmp_path / "header.toml"  # type: ignore[operator]
    path.write_text('number = "x"\ncolour = 1\n', encoding="utf-8")
    with pytest.raises(InvalidDataError) as info:
        load_header(path)
    assert {p.field for p in info.value.problems} == {"number", "colour"}


@pytest.mark.parametrize("kind", BUILDERS)
def test_same_inputs_give_the_same_bytes(kind: str) -> None:
    again = BUILDERS[kind]()
    assert again == _bytes(kind)
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(again)).core_properties
    assert props.created == props.modified


def test_hostile_text_is_refused_at_the_named_record() -> None:
    ds = _ds()
    insp = ds.get(Inspection, MINUTES_ID)
    bad = evolve(insp, team_lead="Trưởng\ufffeđoàn")
    with pytest.raises(DocumentTextError) as info:
        inspection_minutes(ds.with_records(bad, replace=True), MINUTES_ID)
    problem = info.value.problems[0]
    assert (problem.record_type, problem.record_id, problem.field) == (
        "inspection", MINUTES_ID, "team_lead",
    )  # fmt: skip
    assert "U+FFFE" in problem.message
    header = DocumentHeader(signer="A\ufffeB")
    with pytest.raises(DocumentTextError) as info2:
        status_report(_report(), ds, header)
    assert info2.value.problems[0].field == "signer"


def test_decisions_name_the_deciding_authority_and_annexes_cite_their_document() -> None:
    # NĐ 30 PL III model 1.2: the authority line under the title; PL I Mục III.1: the annex's
    # "(Kèm theo ... số .../... ngày ...)"
    decision = _texts(_open("decision"))
    assert "CHI CỤC TRƯỞNG CHI CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG" in decision
    assert "QUYẾT ĐỊNH:" in decision
    announcement = _texts(_open("announcement"))
    # the demo's announcement record: 200/QĐ-CB of 20/05/2019 by UBND tỉnh
    assert "(Kèm theo Quyết định số 200/QĐ-CB ngày 20 tháng 5 năm 2019)" in announcement
    assert any(t.startswith("(Kèm theo Báo cáo số 402/BC-UBND") for t in _texts(_open("status")))


def test_pdf_without_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from vn_iso_qms.documents import to_pdf

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(PdfError, match="needs LibreOffice"):
        to_pdf(_bytes("plan"))


_XML_OK = st.characters(
    codec="utf-8",
    blacklist_characters="".join(chr(c) for c in (*range(32), 0xFFFE, 0xFFFF)),
)


@settings(max_examples=20, deadline=None)
@given(name=st.text(_XML_OK, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s))
def test_any_signer_name_survives_as_written(name: str) -> None:
    data = inspection_plan(_ds(), "khkt-2023", DocumentHeader(signer=name))
    texts = _texts(docx.Document(io.BytesIO(data)))
    assert unicodedata.normalize("NFC", name) in texts


@settings(max_examples=20, deadline=None)
@given(
    head=st.text(_XML_OK, max_size=10),
    bad=st.sampled_from([chr(c) for c in (*range(1, 9), 0x0B, 0x0C, 0x1F, 0xFFFE, 0xFFFF)]),
)
def test_a_character_word_cannot_hold_is_always_refused(head: str, bad: str) -> None:
    with pytest.raises(DocumentTextError) as info:
        inspection_plan(_ds(), "khkt-2023", DocumentHeader(signer=f"{head}{bad}x"))
    assert info.value.problems[0].field == "signer"
