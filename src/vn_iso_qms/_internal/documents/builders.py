"""The documents officers sign, built from records in the layout of NĐ 30/2020.

The five forms with legal ids (QĐ 19 Phụ lục I and II; TT 26 Mẫu 19, 20, 21) could not be read:
their attachments are not in the codified law. Each document here is built from the articles
that fix its content and from NĐ 30's models ("theo Điều 34-37 TT 26, thể thức Nghị định 30"); none
claims to reproduce a form verbatim. Titles, recitals, checklist wording and time limits come from
the library; the caller's [`DocumentHeader`][vn_iso_qms.documents.DocumentHeader] gives only what
no record holds (number, signer, authority, recipients).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from vn_iso_qms._internal.agency import AdministrativeUnit, Agency
from vn_iso_qms._internal.dataset import QmsDataset, processes_by_qms
from vn_iso_qms._internal.documents.header import DocumentHeader
from vn_iso_qms._internal.documents.layout import (
    ND30,
    Layout,
    blank_date,
    document_number,
    vietnamese_date,
)
from vn_iso_qms._internal.documents.writer import Signature, Writer
from vn_iso_qms._internal.errors import InvalidDataError, Problem
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, Policy
from vn_iso_qms._internal.evaluation.rules_corrective import CA_REPORT_MONTHS
from vn_iso_qms._internal.inspection import Inspection, InspectionPlan
from vn_iso_qms._internal.qms import Announcement, QmsUnit, Tthc
from vn_iso_qms._internal.render import figure_text
from vn_iso_qms._internal.reporting import ProvinceReport, ReportBlock, StatusRow, report_block
from vn_iso_qms._internal.vocab import (
    AgencyKind,
    ChecklistItem,
    InspectionForm,
    StandardVersion,
    StatutoryReportKind,
)

__all__ = [
    "CORRECTIVE_REPORT_DEADLINE",
    "DOCUMENT_KINDS",
    "announcement_decision",
    "corrective_action_report",
    "corrective_report_due",
    "inspection_decision",
    "inspection_minutes",
    "inspection_plan",
    "inspection_results_report",
    "status_report",
]

QD19_FULL = (
    "Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp "
    "dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động "
    "của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước"
)
"""QĐ 19 cited in full at its first mention (NĐ 30 PL I Mục II.6.b); its title names the
2008 edition, which Bộ KH&CN's guidance (CV 5335/BKHCN-TĐC, 2016) replaced by 2015."""
TT26_FULL = (
    "Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học và Công "
    "nghệ quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg"
)
"""TT 26 cited in full at its first mention."""
QMS_SUBJECT = (
    "xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
    "TCVN ISO 9001"
)
"""The subject of the inspection documents (TT 26 Chương V heading, Art. 33)."""
CORRECTIVE_REPORT_DEADLINE = (
    "Trong thời hạn 02 tháng kể từ ngày ký Biên bản kiểm tra, cơ quan chịu sự kiểm tra thực hiện "
    "hành động khắc phục và gửi báo cáo kết quả về đơn vị kiểm tra (khoản 2 Điều 37 Thông tư "
    "số 26/2014/TT-BKHCN)"
)
"""TT 26 Art. 37.2.c, as the minutes and the corrective-action report state it."""

DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "status-report": ("Báo cáo tình hình (QĐ 19 Phụ lục II)", "QĐ 19 Art. 12.6; TT 26 Art. 42.4"),
    "inspection-plan": ("Kế hoạch kiểm tra (TT 26 Mẫu 19)", "TT 26 Art. 34"),
    "inspection-decision": ("Quyết định kiểm tra (TT 26 Mẫu 20)", "TT 26 Art. 35.2, 37.2.a"),
    "inspection-minutes": ("Biên bản kiểm tra (TT 26 Mẫu 21)", "TT 26 Art. 36, 37.2.b"),
    "inspection-results": ("Báo cáo kết quả kiểm tra (tháng 11)", "TT 26 Art. 38.1"),
    "announcement": ("Quyết định công bố (QĐ 19 Phụ lục I)", "QĐ 19 Art. 4.3"),
    "corrective-report": ("Báo cáo khắc phục", "TT 26 Art. 37.2.c"),
}
"""Every document: sub-command name -> (Vietnamese name, legal basis)."""

_STANDARD = {
    StandardVersion.ISO9001_2008: "TCVN ISO 9001:2008",
    StandardVersion.ISO9001_2015: "TCVN ISO 9001:2015",
    StandardVersion.ISO9001_2026: "TCVN ISO 9001:2026",
}
_RESULT = {True: "Đạt", False: "Không đạt", None: "Không áp dụng"}
_LETTERS = {"a": "a", "b": "b", "c": "c", "d": "d", "dd": "đ", "e": "e", "g": "g"}
_STATUS_LABELS = {
    "total": "Tổng số cơ quan, đơn vị",
    "mandatory": "Thuộc đối tượng bắt buộc",
    "announced": "Đã công bố",
    "on_iso_2015": "Công bố theo TCVN ISO 9001:2015",
    "eiso": "Áp dụng ISO điện tử",
    "completed": "Hoàn thành",
}
"""Column headings of the summary table by block, per `StatusRow` field; a field added later
appears with its own description."""


def _problem(record_type: str, record_id: str | None, field: str, message: str) -> InvalidDataError:
    return InvalidDataError(
        [
            Problem(
                record_type=record_type,
                record_id=record_id,
                field=field,
                code="unknown_record",
                message=message,
            )
        ],
        summary="cannot build the document",
    )


def _get(ds: QmsDataset, record_type: type, record_id: str, field: str) -> object:
    found = ds.index(record_type).get(record_id)
    if found is None:
        what = record_type.record_type  # type: ignore[attr-defined]
        raise _problem(what, record_id, field, f"no {what} with id {record_id!r}")
    return found


def _tthc_by_code(dataset: QmsDataset) -> Mapping[str, Tthc]:
    """The dataset's procedures by code (the last of a code wins), built once per dataset.

    Every announcement decision of a national dataset indexed every procedure before, and
    scanned every process for its QMS, so building all of them grew with the square of the
    registry (343 ms a document at 100 provinces against 67 ms at 1, issue 25's benchmark).
    """
    return dataset._lookup("documents.tthc_by_code", lambda: {t.code: t for t in dataset.tthc})


class _Registry:
    """Names from the registry: agencies, their parents and the province."""

    def __init__(self, ds: QmsDataset, w: Writer) -> None:
        self.ds = ds
        self.w = w
        self.agencies = ds.effective_agencies()
        self.units = ds.index(AdministrativeUnit)  # the dataset's own, built once

    def agency(self, agency_id: str, field: str = "agency_id") -> Agency:
        found = self.agencies.get(agency_id)
        if found is None:
            raise _problem("agency", agency_id, field, f"no agency with id {agency_id!r}")
        return found

    def unit_name(self, unit_id: str | None) -> str | None:
        unit = self.units.get(unit_id) if unit_id else None
        return (
            None
            if unit is None or unit.name is None
            else self.w.value(unit.name, "admin_unit", unit.id, "name")
        )

    def name(self, agency: Agency) -> str:
        """The agency's official name; a People's Committee is named after its unit."""
        if agency.kind in _COMMITTEES:
            unit = self.unit_name(agency.admin_unit_id)
            if unit:
                return f"Ủy ban nhân dân {_lower_first(unit)}"
        return self.w.value(agency.name, "agency", agency.id, "name")

    def parent_line(self, agency: Agency) -> str | None:
        """The parent's name (NĐ 30 PL I Mục II.2.a: "UBND" abbreviated, with its unit)."""
        if agency.parent_id is None or agency.parent_id not in self.agencies:
            return None
        parent = self.agencies[agency.parent_id]
        if parent.kind in _COMMITTEES:
            unit = self.unit_name(parent.admin_unit_id)
            if unit:
                return f"UBND {_lower_first(unit)}"
        return self.name(parent)

    def place(self, agency: Agency) -> str | None:
        """Địa danh: the agency's unit without its level word (Mục II.4.a)."""
        unit = self.units.get(agency.admin_unit_id) if agency.admin_unit_id else None
        while unit is not None and unit.parent_id and unit.level.value not in ("province",):
            unit = self.units.get(unit.parent_id)
        name = self.unit_name(unit.id) if unit is not None else None
        if not name:
            return None
        for prefix in ("Thành phố ", "Tỉnh ", "thành phố ", "tỉnh "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    def committee(self, province_id: str) -> Agency | None:
        """The province's People's Committee in the registry."""
        return next(
            (
                a
                for a in self.agencies.values()
                if a.kind is AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE
                and a.admin_unit_id == province_id
            ),
            None,
        )


_COMMITTEES = (
    AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
    AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
    AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
)


_LEVEL_WORDS = (
    "Tỉnh ", "Thành phố ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ",
)  # fmt: skip
"""The level words that start a unit's official name; inside a sentence they are lower case."""


def _lower_first(name: str) -> str:
    """Lower-case a leading level word: 'Tỉnh Minh Hòa' -> 'tỉnh Minh Hòa'; others unchanged."""
    if name.startswith(_LEVEL_WORDS):
        return name[:1].lower() + name[1:]
    return name


def _head_line(agency: Agency, name: str) -> str:
    """The issuing authority line of a decision (NĐ 30 model 1.2): the head's title and the agency.

    A People's Committee decides collectively under its own name; a Sở under its Giám đốc, a Chi
    cục under its Chi cục trưởng; any other agency under its head (Thủ trưởng).
    """
    if agency.kind in _COMMITTEES:
        return name
    heads = {
        AgencyKind.PROVINCIAL_DEPARTMENT: "Giám đốc",
        AgencyKind.SUB_DEPARTMENT: "Chi cục trưởng",
    }
    return f"{heads.get(agency.kind, 'Thủ trưởng')} {name}"


def _split_number(number: str | None) -> tuple[int | None, str | None]:
    """Split a record's number: '30/QĐ-TĐC' -> (30, 'QĐ-TĐC'); anything else -> (None, None)."""
    if not number or "/" not in number:
        return None, None
    head, _, symbol = number.partition("/")
    return (int(head), symbol) if head.isdigit() and symbol else (None, None)


def _symbol_tail(symbol: str | None) -> str | None:
    """The issuer's abbreviation in a symbol: 'QĐ-TĐC' -> 'TĐC'."""
    if not symbol or "-" not in symbol:
        return None
    return symbol.split("-", 1)[1]


class _Frame:
    """The caller's header merged with what the records say, checked by the text guard."""

    def __init__(
        self,
        w: Writer,
        header: DocumentHeader,
        *,
        number: str | None,
        symbol: str,
        date: dt.date | None,
        place: str | None,
    ) -> None:
        self.w = w
        self.h = header
        rec_number, rec_symbol = _split_number(number)
        self.number = header.number if header.number is not None else rec_number
        self.symbol = self._v(header.symbol, "symbol") or rec_symbol or symbol
        self.date = header.date or date
        self.place = self._v(header.place, "place") or place

    def _v(self, text: str | None, field: str) -> str | None:
        return None if text is None else self.w.value(text, "header", None, field)

    @property
    def number_line(self) -> str:
        return document_number(self.number, self.symbol)

    @property
    def place_date(self) -> str:
        if self.date is None:
            return blank_date(self.place)
        return vietnamese_date(self.date, self.place)

    def head(self, parent: str | None, issuer: str, *, place_date: bool = True) -> None:
        self.w.header_block(
            parent=self._v(self.h.parent_agency, "parent_agency") or parent,
            issuer=self._v(self.h.issuing_agency, "issuing_agency") or issuer,
            number=self.number_line,
            place_date=self.place_date if place_date else None,
        )

    def signer(self, default_authority: str | None = None) -> Signature:
        return Signature(
            authority=self._v(self.h.authority, "authority") or default_authority,
            title=self._v(self.h.title, "title"),
            name=self._v(self.h.signer, "signer"),
        )

    def sign(self, defaults: Sequence[str], default_authority: str | None = None) -> None:
        extra = [self.w.value(r, "header", None, "recipients") for r in self.h.recipients]
        filing = self._v(self.h.filing, "filing") or "Lưu: VT."
        self.w.signature([*defaults, *extra], filing, self.signer(default_authority))


def _date_of(day: dt.date | None) -> str:
    return vietnamese_date(day) if day else "ngày … tháng … năm …"


# --- D16: the province's yearly status report (QĐ 19 Phụ lục II) ---------------------------------


def status_report(
    report: ProvinceReport,
    dataset: QmsDataset,
    header: DocumentHeader | None = None,
    *,
    layout: Layout = ND30,
) -> bytes:
    """The province's yearly status report to Bộ KH&CN, as a Word document (.docx bytes).

    QĐ 19 Art. 12.6 and TT 26 Art. 42.4 ("định kỳ tháng 12 hằng năm"); laid out after QĐ 19
    Phụ lục II's subject and NĐ 30 model 1.4, not a copy of the form. Every figure is read from
    `report` (the same computation as the province report): the figures table lists each of
    `report.figures`, the summary by block each of `report.status_rows`, and the per-agency annex
    the units behind the figures; nothing is counted again.

    Raises:
        DocumentTextError: a name holds characters a Word document cannot hold (located).
        MissingExtraError: python-docx is not installed.
    """
    header = header or DocumentHeader()
    w = Writer("status report", layout)
    reg = _Registry(dataset, w)
    ubnd = reg.committee(report.province_id)
    province = w.value(report.province_name, "admin_unit", report.province_id, "name")
    issuer = reg.name(ubnd) if ubnd else f"Ủy ban nhân dân {_lower_first(province)}"
    sent = next(
        (
            s
            for s in dataset.statutory_reports
            if s.kind is StatutoryReportKind.DECEMBER_STATUS
            and s.province_id == report.province_id
            and s.year == report.period.end.year
        ),
        None,
    )
    f = _Frame(
        w,
        header,
        number=sent.document_number if sent else None,
        symbol="BC-UBND",
        date=sent.submitted_on if sent else None,
        place=reg.place(ubnd) if ubnd else None,
    )
    f.head(None, issuer)
    year = report.period.end.year
    w.title(
        "BÁO CÁO",
        [
            "Tình hình xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng",
            f"theo Tiêu chuẩn quốc gia TCVN ISO 9001 năm {year}",
        ],
    )
    w.kinh_gui(["Bộ Khoa học và Công nghệ"])
    w.body(
        f"Thực hiện {QD19_FULL} và {TT26_FULL}, {issuer} báo cáo tình hình xây dựng, áp dụng, "
        f"duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 "
        f"tại các cơ quan, đơn vị trên địa bàn {_lower_first(province)} năm {year} (kỳ báo cáo từ "
        f"{vietnamese_date(report.period.start)} đến {vietnamese_date(report.period.end)}, số "
        f"liệu tính đến {vietnamese_date(report.as_of)}) như sau:"
    )
    w.heading("I. KẾT QUẢ XÂY DỰNG, ÁP DỤNG, DUY TRÌ VÀ CẢI TIẾN")
    w.body("1. Các chỉ tiêu tổng hợp:", keep=True)
    w.table(
        ["TT", "Chỉ tiêu", "Kết quả"],
        [
            [str(i), f.label_vi, figure_text(report, f, "vi")]
            for i, f in enumerate(report.figures, start=1)
        ],
        (12, 113, 40),
        align=("center", "left", "center"),
    )
    w.body("2. Tổng hợp theo khối cơ quan, đơn vị:", keep=True)
    _status_table(w, report.status_rows)
    w.body(
        "Danh sách cơ quan, đơn vị và kết quả của từng cơ quan, đơn vị tại Phụ lục kèm theo "
        "Báo cáo này."
    )
    w.heading("II. ĐÁNH GIÁ CHUNG")
    for line in ("1. Kết quả đạt được: …", "2. Tồn tại, hạn chế và nguyên nhân: …"):
        w.body(line)
    w.heading("III. KIẾN NGHỊ, ĐỀ XUẤT")
    w.body("…", keep=True)
    f.sign(["Như trên"])
    _status_annex(w, f, report)
    return w.to_bytes(report.as_of, f"Báo cáo tình hình HTQLCL năm {year}")


def _status_table(w: Writer, rows: Sequence[StatusRow]) -> None:
    fields = [n for n in StatusRow.model_fields if n != "block"]
    heads = [
        _STATUS_LABELS.get(n) or (StatusRow.model_fields[n].description or n).rstrip(".")
        for n in fields
    ]
    body = [[r.block.label_vi, *(str(getattr(r, n)) for n in fields)] for r in rows]
    body.append(["Tổng cộng", *(str(sum(getattr(r, n) for r in rows)) for n in fields)])
    first = 45.0
    rest = (w.text_width_mm - first) / len(fields)
    w.table(
        ["Khối", *heads],
        body,
        (first, *([rest] * len(fields))),
        align=("left", *(["center"] * len(fields))),
    )


def _status_annex(w: Writer, f: _Frame, report: ProvinceReport) -> None:
    """Phụ lục: one row per unit, each mark read from the units behind the report's figures."""
    announced = report.figure("registry.announced")
    alive = {u.id: u for u in announced.units} | {s.unit.id: s.unit for s in announced.shortfalls}

    def units_of(prefix: str) -> set[str]:
        return {u.id for fig in report.figures if fig.key.startswith(prefix) for u in fig.units}

    marks = {
        "announced": {u.id for u in announced.units},
        "iso2015": units_of("iso2015."),
        "eiso": units_of("eiso."),
        "completed": units_of("completed."),
    }
    inspected: dict[str, list[str]] = defaultdict(list)
    for line in report.inspections:
        form = "tại trụ sở" if line.form is InspectionForm.ON_SITE else "qua hồ sơ"
        inspected[line.unit.id].append(f"{line.inspected_on:%d/%m/%Y} ({form})")
    order = list(ReportBlock)
    units = sorted(alive.values(), key=lambda u: (order.index(report_block(u.kind)), u.name))
    year = report.period.end.year
    w.annex(
        "Phụ lục",
        ["DANH SÁCH CƠ QUAN, ĐƠN VỊ XÂY DỰNG, ÁP DỤNG", f"HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG NĂM {year}"],
        f"(Kèm theo Báo cáo số {f.number_line.removeprefix('Số: ')} {f.place_date.split(', ', 1)[-1]})",
    )

    def mark(key: str, unit_id: str) -> str:
        return "x" if unit_id in marks[key] else ""

    rows = [
        [
            str(i),
            w.value(u.name, "agency", u.id, "name"),
            report_block(u.kind).label_vi,
            mark("announced", u.id),
            mark("iso2015", u.id),
            mark("eiso", u.id),
            mark("completed", u.id),
            "\n".join(inspected.get(u.id, ())),
        ]
        for i, u in enumerate(units, start=1)
    ]
    w.table(
        ["TT", "Tên cơ quan, đơn vị", "Khối", "Đã công bố", "ISO 9001:2015", "ISO điện tử",
         "Hoàn thành", "Kiểm tra trong năm"],
        rows,
        (10, 50, 27, 14, 16, 14, 14, 20),
        align=("center", "left", "left", "center", "center", "center", "center", "center"),
    )  # fmt: skip


# --- D5: the inspection plan (TT 26 Art. 34, Mẫu 19. KHKT) ---------------------------------------


def inspection_plan(
    dataset: QmsDataset,
    plan_id: str,
    header: DocumentHeader | None = None,
    *,
    layout: Layout = ND30,
) -> bytes:
    """The yearly inspection plan (kế hoạch kiểm tra) as a Word document.

    Content fixed by TT 26 Art. 34.2 (a: inspected agencies, b: inspecting and co-operating
    units, c: expected time, d: form, đ: budget) and Art. 36 (what is inspected); built after
    NĐ 30 model 1.4, not a copy of Mẫu 19. KHKT.
    """
    header = header or DocumentHeader()
    w = Writer("inspection plan", layout)
    reg = _Registry(dataset, w)
    plan = _get(dataset, InspectionPlan, plan_id, "plan_id")
    assert isinstance(plan, InspectionPlan)
    ubnd = reg.committee(plan.province_id)
    province = reg.unit_name(plan.province_id) or plan.province_id
    issuer = reg.name(ubnd) if ubnd else f"Ủy ban nhân dân {_lower_first(province)}"
    inspector = reg.agency(plan.inspecting_agency_id, "inspecting_agency_id")
    inspector_name = reg.name(inspector)
    f = _Frame(
        w, header, number=None, symbol="KH-UBND", date=plan.approved_on,
        place=reg.place(ubnd) if ubnd else None,
    )  # fmt: skip
    f.head(None, issuer)
    w.title("KẾ HOẠCH", [f"Kiểm tra việc {QMS_SUBJECT} năm {plan.year}"])
    if plan.decision_number:
        approved = w.value(plan.decision_number, "inspection_plan", plan.id, "decision_number")
        w.body(f"(Phê duyệt tại Quyết định số {approved} {vietnamese_date(plan.approved_on)})")
    w.body(f"Căn cứ {QD19_FULL};")
    w.body(f"Căn cứ {TT26_FULL},")
    w.body(f"{issuer} ban hành Kế hoạch kiểm tra năm {plan.year} như sau:")
    w.heading("I. MỤC ĐÍCH, YÊU CẦU")
    w.body(
        "Kiểm tra việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng tại các "
        "cơ quan, đơn vị theo quy định tại Điều 33, Điều 36 Thông tư số 26/2014/TT-BKHCN; mọi cơ "
        "quan thuộc đối tượng được kiểm tra ít nhất qua hồ sơ, báo cáo và ít nhất 1/3 số cơ quan "
        "được kiểm tra tại trụ sở (khoản 2 Điều 33)."
    )
    w.heading("II. NỘI DUNG KIỂM TRA")
    for item in ChecklistItem:
        w.body(f"- {_item_ref(item)} {item.label_vi}.")
    w.heading("III. CƠ QUAN CHỊU SỰ KIỂM TRA, THỜI GIAN, HÌNH THỨC VÀ KINH PHÍ")
    coop = ", ".join(
        reg.name(reg.agency(a, "cooperating_agency_ids")) for a in plan.cooperating_agency_ids
    )
    w.body(f"Đơn vị kiểm tra: {inspector_name}. Đơn vị phối hợp: {coop or 'không'}.", keep=True)
    rows = []
    for i, e in enumerate(plan.entries, start=1):
        agency = reg.agency(e.agency_id, f"entries[{i - 1}].agency_id")
        rows.append(
            [
                str(i),
                reg.name(agency),
                f"Tháng {e.expected_month}/{plan.year}" if e.expected_month else "",
                e.form.label_vi,
                _vnd(e.budget) if e.budget is not None else "",
            ]
        )
    total = sum(e.budget or 0 for e in plan.entries)
    rows.append(["", "Tổng cộng", "", "", _vnd(total)])
    w.table(
        ["TT", "Tên cơ quan chịu sự kiểm tra", "Thời gian dự kiến", "Hình thức kiểm tra",
         "Kinh phí (đồng)"],
        rows,
        (10, 70, 27, 33, 25),
        align=("center", "left", "center", "left", "right"),
    )  # fmt: skip
    w.heading("IV. TỔ CHỨC THỰC HIỆN")
    w.body(
        f"{inspector_name} chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức thực hiện "
        "Kế hoạch này; báo cáo kết quả kiểm tra vào tháng 11 hằng năm (khoản 1 Điều 38 Thông tư "
        "số 26/2014/TT-BKHCN).",
        keep=True,
    )
    f.sign([inspector_name, "Các cơ quan, đơn vị có tên tại Mục III"])
    return w.to_bytes(plan.approved_on, f"Kế hoạch kiểm tra năm {plan.year}")


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _item_ref(item: ChecklistItem) -> str:
    """The item's place in Art. 36: '1.a)' (group 1 is khoản 1, group 2 khoản 2)."""
    group, letter = item.value.split("_")[:2]
    return f"{group[1]}.{_LETTERS[letter]})"


# --- D9: the inspection decision (TT 26 Art. 35.2, Mẫu 20. QĐKT) ---------------------------------


def _inspection(dataset: QmsDataset, inspection_id: str) -> Inspection:
    insp = _get(dataset, Inspection, inspection_id, "inspection_id")
    assert isinstance(insp, Inspection)
    return insp


def _inspector_of(dataset: QmsDataset, insp: Inspection, reg: _Registry) -> Agency | None:
    if insp.plan_id is None:
        return None
    plan = dataset.index(InspectionPlan).get(insp.plan_id)
    return None if plan is None else reg.agency(plan.inspecting_agency_id, "inspecting_agency_id")


def inspection_decision(
    dataset: QmsDataset,
    inspection_id: str,
    header: DocumentHeader | None = None,
    *,
    layout: Layout = ND30,
) -> bytes:
    """The decision to inspect one agency on site, as a Word document.

    TT 26 Art. 35.2 (issued by the inspecting unit for an on-site inspection, after the approved
    plan) and Art. 36 (content); built after NĐ 30 model 1.2, not a copy of Mẫu 20. QĐKT.
    """
    header = header or DocumentHeader()
    w = Writer("inspection decision", layout)
    reg = _Registry(dataset, w)
    insp = _inspection(dataset, inspection_id)
    agency = reg.agency(insp.agency_id)
    inspector = _inspector_of(dataset, insp, reg)
    issuer = reg.name(inspector) if inspector else "Đơn vị kiểm tra"
    f = _Frame(
        w, header, number=insp.decision_number, symbol="QĐ", date=insp.decision_on,
        place=reg.place(inspector or agency),
    )  # fmt: skip
    f.head(reg.parent_line(inspector) if inspector else None, issuer)
    name = reg.name(agency)
    w.title("QUYẾT ĐỊNH", [f"Về việc kiểm tra việc {QMS_SUBJECT}", f"tại {name}"])
    if inspector is not None:
        w.add(_head_line(inspector, issuer), layout.doc_type, after=6)
    w.add(f"Căn cứ {QD19_FULL};", layout.recital, indent=True, after=0)
    w.add(f"Căn cứ {TT26_FULL};", layout.recital, indent=True, after=0)
    if insp.plan_id:
        plan = dataset.index(InspectionPlan).get(insp.plan_id)
        if plan is not None:
            number = plan.decision_number or "…"
            w.add(
                f"Căn cứ Kế hoạch kiểm tra năm {plan.year} được phê duyệt tại Quyết định số "
                f"{w.value(number, 'inspection_plan', plan.id, 'decision_number')} "
                f"{vietnamese_date(plan.approved_on)}.",
                layout.recital, indent=True, after=6,
            )  # fmt: skip
    w.add("QUYẾT ĐỊNH:", layout.doc_type, before=6)
    lead = w.value(insp.team_lead, "inspection", insp.id, "team_lead") if insp.team_lead else "…"
    w.labelled(
        "Điều 1.",
        f"Thành lập Đoàn kiểm tra việc {QMS_SUBJECT} tại {name}, gồm: Trưởng đoàn: {lead}; "
        "các thành viên: …",
    )
    w.labelled(
        "Điều 2.",
        "Nội dung kiểm tra theo Điều 36 Thông tư số 26/2014/TT-BKHCN; hình thức: "
        f"{insp.form.label_vi.lower()}; thời gian: {_date_of(insp.inspected_on)}; địa điểm: trụ "
        f"sở {name}. {name} có trách nhiệm cung cấp hồ sơ, tài liệu và bố trí người làm việc với "
        "Đoàn kiểm tra (điểm a khoản 2 Điều 37 Thông tư số 26/2014/TT-BKHCN).",
    )
    w.labelled(
        "Điều 3.",
        f"Quyết định này có hiệu lực kể từ ngày ký. Đoàn kiểm tra, {name} và các cơ quan, cá "
        "nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
    )
    w.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    f.sign(["Như Điều 3"])
    return w.to_bytes(insp.decision_on or insp.inspected_on, "Quyết định kiểm tra")


# --- D11: the inspection minutes (TT 26 Art. 36, 37.2.b, Mẫu 21. BBKT) ---------------------------


def corrective_report_due(insp: Inspection, policy: Policy = DEFAULT_POLICY) -> dt.date | None:
    """The last day of the corrective-action report: 02 months from the signed minutes.

    TT 26 Art. 37.2.c, counted as a Civil Code time limit (Art. 147-148: the signing day is not
    counted; a last day off moves to the next working day), with the policy's calendar. None
    when the minutes are not signed.
    """
    if insp.minutes_signed_on is None:
        return None
    limit = policy.working_calendar().time_limit(insp.minutes_signed_on, months=CA_REPORT_MONTHS)
    return limit.due


def inspection_minutes(
    dataset: QmsDataset,
    inspection_id: str,
    header: DocumentHeader | None = None,
    *,
    policy: Policy = DEFAULT_POLICY,
    layout: Layout = ND30,
) -> bytes:
    """The inspection minutes (biên bản kiểm tra) as a Word document.

    TT 26 Art. 36 (the 13 items, each with its result from the inspection record), Art. 37.2.b
    (signed by the team leader and the inspected agency, 02 originals) and Art. 37.2.c (the
    corrective-action report within 02 months, its last day computed as a Civil Code time
    limit); built after NĐ 30 model 1.9, not a copy of Mẫu 21. BBKT.
    """
    header = header or DocumentHeader()
    w = Writer("inspection minutes", layout)
    reg = _Registry(dataset, w)
    insp = _inspection(dataset, inspection_id)
    agency = reg.agency(insp.agency_id)
    name = reg.name(agency)
    inspector = _inspector_of(dataset, insp, reg)
    inspector_name = reg.name(inspector) if inspector else "đơn vị kiểm tra"
    _, decision_symbol = _split_number(insp.decision_number)
    tail = _symbol_tail(decision_symbol)
    f = _Frame(w, header, number=None, symbol=f"BB-{tail}" if tail else "BB", date=None, place=None)
    f.head(reg.parent_line(inspector) if inspector else None, inspector_name, place_date=False)
    w.title("BIÊN BẢN KIỂM TRA", [f"Việc {QMS_SUBJECT}"])
    decision = (
        w.value(insp.decision_number, "inspection", insp.id, "decision_number")
        if insp.decision_number
        else "…"
    )
    w.add(
        f"Căn cứ Quyết định kiểm tra số {decision} {_date_of(insp.decision_on)} của "
        f"{inspector_name};",
        layout.recital, indent=True, after=6,
    )  # fmt: skip
    w.body(
        f"Hôm nay, {_date_of(insp.inspected_on)}, tại trụ sở {name}, Đoàn kiểm tra tiến hành "
        f"kiểm tra việc {QMS_SUBJECT} ({insp.form.label_vi.lower()})."
    )
    lead = w.value(insp.team_lead, "inspection", insp.id, "team_lead") if insp.team_lead else "…"
    w.body(f"1. Đoàn kiểm tra gồm: Trưởng đoàn: {lead}; các thành viên: …")
    w.body(f"2. Đại diện cơ quan chịu sự kiểm tra ({name}): …")
    w.heading("I. KẾT QUẢ KIỂM TRA")
    results = {r.item: r for r in insp.checklist}
    rows = []
    for i, item in enumerate(ChecklistItem, start=1):
        r = results.get(item)
        note = w.value(r.note, "inspection", insp.id, f"checklist.{item.value}.note") if r else ""
        rows.append(
            [
                str(i),
                f"{_item_ref(item)} {item.label_vi}",
                _RESULT[r.met] if r else "Chưa kiểm tra",
                note,
            ]
        )
    w.table(
        ["TT", "Nội dung kiểm tra (Điều 36 TT 26)", "Kết quả", "Bằng chứng, ghi chú"],
        rows,
        (10, 90, 25, 40),
        align=("center", "left", "center", "left"),
    )
    w.heading("II. CÁC VẤN ĐỀ TỒN TẠI")
    problems = [
        f"- {_item_ref(item)} {item.label_vi}: không đạt."
        for item in ChecklistItem
        if item in results and results[item].met is False
    ]
    for j, finding in enumerate(insp.findings):
        text = w.value(finding.description, "inspection", insp.id, f"findings[{j}].description")
        problems.append(
            f"- {finding.grade.label_vi} ({_item_ref(finding.item)} {finding.item.label_vi})"
            + (f": {text}" if text else ".")
        )
    for line in problems or ["Không có."]:
        w.body(line)
    w.heading("III. KIẾN NGHỊ")
    if insp.compliant:
        w.body(
            "Cơ quan chịu sự kiểm tra đáp ứng yêu cầu của Quyết định số 19/2014/QĐ-TTg; tiếp tục "
            "duy trì và cải tiến Hệ thống quản lý chất lượng."
        )
    else:
        due = corrective_report_due(insp, policy)
        when = (
            f", tức là chậm nhất {vietnamese_date(due)} (thời hạn tính theo Điều 147, 148 Bộ luật "
            "Dân sự năm 2015)"
            if due
            else ""
        )
        w.body(f"{CORRECTIVE_REPORT_DEADLINE}{when}.")
    w.heading("IV. Ý KIẾN CỦA CƠ QUAN CHỊU SỰ KIỂM TRA")
    w.body("…")
    signed = f" vào {_date_of(insp.minutes_signed_on)}" if insp.minutes_signed_on else ""
    w.body(
        f"Biên bản được lập thành 02 bản có giá trị như nhau, thông qua và ký{signed}; Đoàn kiểm "
        "tra giữ 01 bản, cơ quan chịu sự kiểm tra giữ 01 bản (điểm b khoản 2 Điều 37 Thông tư số "
        "26/2014/TT-BKHCN).",
        keep=True,
    )
    lead_sign = f.signer()
    w.signatures(
        Signature("ĐẠI DIỆN CƠ QUAN CHỊU SỰ KIỂM TRA", None, None),
        Signature("TRƯỞNG ĐOÀN KIỂM TRA", lead_sign.title, lead_sign.name),
    )
    return w.to_bytes(insp.minutes_signed_on or insp.inspected_on, "Biên bản kiểm tra")


# --- D15: the November inspection-results report (TT 26 Art. 38.1) -------------------------------


def inspection_results_report(
    report: ProvinceReport,
    dataset: QmsDataset,
    header: DocumentHeader | None = None,
    *,
    layout: Layout = ND30,
) -> bytes:
    """The yearly inspection-results report ("tháng 11 hằng năm", TT 26 Art. 38.1).

    Its lines are `report.inspections` and its counts the report's inspection figures; built
    after NĐ 30 model 1.4 (the law gives no form).
    """
    header = header or DocumentHeader()
    w = Writer("inspection results report", layout)
    reg = _Registry(dataset, w)
    year = report.period.end.year
    plan = next(
        (
            p
            for p in dataset.inspection_plans
            if p.province_id == report.province_id and p.year == year
        ),
        None,
    )
    inspector = reg.agency(plan.inspecting_agency_id, "inspecting_agency_id") if plan else None
    sent = next(
        (
            s
            for s in dataset.statutory_reports
            if s.kind is StatutoryReportKind.NOVEMBER_INSPECTION
            and s.province_id == report.province_id
            and s.year == year
        ),
        None,
    )
    issuer = reg.name(inspector) if inspector else "Đơn vị kiểm tra"
    f = _Frame(
        w, header, number=sent.document_number if sent else None, symbol="BC",
        date=sent.submitted_on if sent else None,
        place=reg.place(inspector) if inspector else None,
    )  # fmt: skip
    f.head(reg.parent_line(inspector) if inspector else None, issuer)
    w.title("BÁO CÁO", [f"Kết quả kiểm tra việc {QMS_SUBJECT} năm {year}"])
    to = (
        w.value(sent.recipient, "statutory_report", sent.id, "recipient")
        if sent and sent.recipient
        else "Ủy ban nhân dân tỉnh"
    )
    w.kinh_gui([to])
    w.body(
        f"Thực hiện khoản 1 Điều 38 {TT26_FULL}, {issuer} báo cáo kết quả kiểm tra năm {year} "
        f"(số liệu tính đến {vietnamese_date(report.as_of)}) như sau:"
    )
    w.heading("I. KẾT QUẢ KIỂM TRA")
    keys = [f for f in report.figures if f.key.startswith("inspection.")]
    w.table(
        ["TT", "Chỉ tiêu", "Kết quả"],
        [[str(i), f.label_vi, figure_text(report, f, "vi")] for i, f in enumerate(keys, 1)],
        (12, 113, 40),
        align=("center", "left", "center"),
    )
    w.body("Chi tiết từng cuộc kiểm tra:", keep=True)
    w.table(
        ["TT", "Cơ quan chịu sự kiểm tra", "Hình thức", "Ngày kiểm tra", "Đáp ứng QĐ 19",
         "Số vấn đề tồn tại"],
        [
            [str(i), w.value(ln.unit.name, "agency", ln.unit.id, "name"), ln.form.label_vi,
             f"{ln.inspected_on:%d/%m/%Y}", "Có" if ln.compliant else "Không", str(ln.findings)]
            for i, ln in enumerate(report.inspections, start=1)
        ],
        (10, 55, 32, 24, 22, 22),
        align=("center", "left", "left", "center", "center", "center"),
    )  # fmt: skip
    w.heading("II. ĐỀ XUẤT, KIẾN NGHỊ")
    w.body(
        "Đề xuất biện pháp xử lý đối với cơ quan, đơn vị chưa đáp ứng yêu cầu (khoản 2 Điều 38 "
        "Thông tư số 26/2014/TT-BKHCN): …",
        keep=True,
    )
    f.sign(["Như trên"])
    return w.to_bytes(report.as_of, f"Báo cáo kết quả kiểm tra năm {year}")


# --- D1: an agency's announcement decision (QĐ 19 Art. 4.3, Phụ lục I) ----------------------------


def announcement_decision(
    dataset: QmsDataset,
    announcement_id: str,
    header: DocumentHeader | None = None,
    *,
    layout: Layout = ND30,
) -> bytes:
    """An agency's decision announcing its QMS, with the scope annex, as a Word document.

    QĐ 19 Art. 4.3 (announce, notify the lead unit, post and publish) and 4.4.c (announce again
    on a scope change); built after NĐ 30 model 1.2 with a Phụ lục (model 2.1), not a copy of
    QĐ 19 Phụ lục I. The annex lists the procedures (TTHC) in scope grouped by the process
    that handles them (the records hold no "lĩnh vực" field).
    """
    header = header or DocumentHeader()
    w = Writer("announcement decision", layout)
    reg = _Registry(dataset, w)
    ann = _get(dataset, Announcement, announcement_id, "announcement_id")
    assert isinstance(ann, Announcement)
    qms = _get(dataset, QmsUnit, ann.qms_id, "qms_id")
    assert isinstance(qms, QmsUnit)
    agency = reg.agency(qms.owner_agency_id, "owner_agency_id")
    name = reg.name(agency)
    standard = _STANDARD[ann.standard]
    f = _Frame(
        w, header, number=ann.decision_number, symbol="QĐ", date=ann.date,
        place=reg.place(agency),
    )  # fmt: skip
    f.head(reg.parent_line(agency), name)
    again = ann.reason.value != "initial"
    verb = "công bố lại" if again else "công bố"
    w.title(
        "QUYẾT ĐỊNH",
        [f"Về việc {verb} Hệ thống quản lý chất lượng phù hợp", f"Tiêu chuẩn quốc gia {standard}"],
    )
    w.add(_head_line(agency, name), layout.doc_type, after=6)
    w.add(f"Căn cứ {QD19_FULL};", layout.recital, indent=True, after=0)
    w.add(f"Căn cứ {TT26_FULL};", layout.recital, indent=True, after=0)
    w.add(f"Căn cứ chức năng, nhiệm vụ của {name}.", layout.recital, indent=True, after=6)
    w.add("QUYẾT ĐỊNH:", layout.doc_type, before=6)
    w.labelled(
        "Điều 1.",
        f"{verb.capitalize()} Hệ thống quản lý chất lượng của {name} phù hợp Tiêu chuẩn quốc gia "
        f"{standard} đối với các thủ tục hành chính và quy trình tại Phụ lục kèm theo Quyết "
        "định này.",
    )
    w.labelled(
        "Điều 2.",
        "Quyết định này có hiệu lực kể từ ngày ký; được niêm yết tại trụ sở, đăng tải trên trang "
        "thông tin điện tử của cơ quan (nếu có) và thông báo bằng văn bản đến Sở Khoa học và Công "
        "nghệ (khoản 3 Điều 4 Quyết định số 19/2014/QĐ-TTg).",
    )
    w.labelled(
        "Điều 3.",
        f"Các đơn vị, cá nhân thuộc {name} chịu trách nhiệm thi hành Quyết định này.",
    )
    w.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    f.sign(["Như Điều 3", "Sở Khoa học và Công nghệ"])
    # Phụ lục: the procedures in scope, grouped by process
    by_code = _tthc_by_code(dataset)
    processes = processes_by_qms(dataset).get(qms.id, ())
    scope = list(ann.scope_tthc)
    groups: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for p in processes:
        codes = [c for c in p.tthc_codes if c in scope and c not in seen]
        if codes:
            label = " - ".join(
                w.value(x, "process", p.id, fld)
                for x, fld in ((p.code, "code"), (p.name, "name"))
                if x
            )
            groups.append((label or p.id, codes))
            seen.update(codes)
    rest = [c for c in scope if c not in seen]
    if rest:
        groups.append(("Thủ tục hành chính khác trong phạm vi", rest))
    w.annex(
        "Phụ lục",
        [
            "DANH MỤC THỦ TỤC HÀNH CHÍNH, QUY TRÌNH",
            "THUỘC PHẠM VI ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG",
        ],
        f"(Kèm theo Quyết định số {f.number_line.removeprefix('Số: ')} {f.place_date.split(', ', 1)[-1]})",
    )
    rows = []
    i = 0
    for label, codes in groups:
        for code in codes:
            i += 1
            t = by_code.get(code)
            tname = w.value(t.name, "tthc", t.id, "name") if t and t.name else ""
            rows.append([str(i), label, w.value(code, "announcement", ann.id, "scope_tthc"), tname])
    w.table(
        ["STT", "Quy trình", "Mã thủ tục", "Tên thủ tục hành chính"],
        rows,
        (12, 55, 25, 73),
        align=("center", "left", "center", "left"),
    )
    return w.to_bytes(ann.date, "Quyết định công bố HTQLCL")


# --- D12: the corrective-action report (TT 26 Art. 37.2.c) ----------------------------------------


def corrective_action_report(
    dataset: QmsDataset,
    inspection_id: str,
    header: DocumentHeader | None = None,
    *,
    policy: Policy = DEFAULT_POLICY,
    layout: Layout = ND30,
) -> bytes:
    """The inspected agency's report on corrective actions after an inspection.

    TT 26 Art. 37.2.c (within 02 months of the signed minutes, a Civil Code time limit); one row
    per problem of the minutes. Built after NĐ 30 model 1.4 (the law gives no form).
    """
    header = header or DocumentHeader()
    w = Writer("corrective-action report", layout)
    reg = _Registry(dataset, w)
    insp = _inspection(dataset, inspection_id)
    agency = reg.agency(insp.agency_id)
    name = reg.name(agency)
    inspector = _inspector_of(dataset, insp, reg)
    inspector_name = reg.name(inspector) if inspector else "Đơn vị kiểm tra"
    sent = next((r for r in dataset.corrective_action_reports if r.inspection_id == insp.id), None)
    f = _Frame(
        w, header, number=None, symbol="BC", date=sent.submitted_on if sent else None,
        place=reg.place(agency),
    )  # fmt: skip
    f.head(reg.parent_line(agency), name)
    w.title("BÁO CÁO", ["Kết quả thực hiện hành động khắc phục sau kiểm tra"])
    w.kinh_gui([inspector_name])
    due = corrective_report_due(insp, policy)
    minutes = _date_of(insp.minutes_signed_on)
    w.body(
        f"Thực hiện điểm c khoản 2 Điều 37 {TT26_FULL} và Biên bản kiểm tra ký {minutes}, {name} "
        "báo cáo kết quả thực hiện hành động khắc phục như sau"
        + (f" (thời hạn báo cáo: {vietnamese_date(due)}):" if due else ":")
    )
    results = {r.item: r for r in insp.checklist}
    issues = [
        f"{_item_ref(i)} {i.label_vi}: không đạt"
        for i in ChecklistItem
        if i in results and results[i].met is False
    ]
    for j, finding in enumerate(insp.findings):
        if not finding.grade.is_nonconformity:
            continue
        text = w.value(finding.description, "inspection", insp.id, f"findings[{j}].description")
        issues.append(
            f"{finding.grade.label_vi} ({_item_ref(finding.item)})" + (f": {text}" if text else "")
        )
    w.table(
        ["TT", "Vấn đề tồn tại (theo Biên bản kiểm tra)", "Nguyên nhân", "Hành động khắc phục",
         "Kết quả, bằng chứng"],
        [[str(i), text, "", "", ""] for i, text in enumerate(issues, start=1)]
        or [["", "Không có vấn đề tồn tại.", "", "", ""]],
        (10, 55, 30, 40, 30),
        align=("center", "left", "left", "left", "left"),
    )  # fmt: skip
    w.body(f"{name} kính đề nghị {inspector_name} xem xét, chấp nhận.", keep=True)
    f.sign(["Như trên"])
    return w.to_bytes(
        sent.submitted_on if sent else (insp.minutes_signed_on or insp.inspected_on),
        "Báo cáo khắc phục",
    )
