"""What the template tells the person filling it in: per column, how to type it, an example, what it means.

`column_help` is the comment on each column title; `write_instructions` fills the instructions
sheet ("Hướng dẫn"): the general rules, the sheets and every column's guide.

Written for analysts, not programmers: Vietnamese (or English) sentences, examples in the very
form to type (`31/12/2023`, a label from the drop-down, `so-tu-phap; so-y-te`), vocabularies by
their labels, and no field names, `None`, `True` or documentation markup.

The examples come from the embedded demo province, exported the way the workbook writes cells,
so they are always values the import accepts.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

from vn_iso_qms._internal.dataset import REFERENCES
from vn_iso_qms._internal.spreadsheet.cells import BOOL_LABELS, MET_LABELS
from vn_iso_qms._internal.spreadsheet.layout import (
    CODE_LISTS,
    LIST_SEPARATOR,
    SHEET_BY_KEY,
    SHEETS,
    VOCAB_TITLES,
    Column,
    Sheet,
)
from vn_iso_qms._internal.vocab_base import Language

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "column_description",
    "column_example",
    "column_format",
    "column_help",
    "write_instructions",
]

_SEP = LIST_SEPARATOR.strip()

_FORMAT: dict[str, tuple[str, str]] = {
    "text": ("Văn bản", "Text"),
    "date": ("Ngày: ngày/tháng/năm, năm đủ 4 chữ số", "Date: day/month/year, four-digit year"),
    "int": ("Số nguyên, chỉ gồm chữ số", "Whole number, digits only"),
    "period": (
        "Tháng hoặc quý như kế hoạch ghi: tháng 10/2023, Quý III/2023 (đến hạn ngày cuối kỳ)",
        "Month or quarter as plans write it: 2023-10, 2023-Q3 (due on its last day)",
    ),
    "bool": ("Có hoặc Không", "Yes or No"),
    "met": ("Đạt, Không đạt hoặc Không áp dụng", "Met, Not met or Not applicable"),
    "list": (
        f"Danh sách: các giá trị cách nhau bằng dấu '{_SEP}'",
        f"List: values separated by '{_SEP}'",
    ),
}

_SPECIAL: dict[str, tuple[str, str]] = {
    "dataset.name": (
        "Tên bộ dữ liệu, ví dụ tên tỉnh và năm báo cáo.",
        "A name for the data, e.g. the province and the report year.",
    ),
    "dataset.layout_version": (
        "Phiên bản mẫu biểu: để nguyên số đã có trong mẫu.",
        "Version of the template: keep the number the template has.",
    ),
    "admin_units.code": (
        "Mã đơn vị hành chính theo danh mục thống kê: 2 chữ số (tỉnh), 3 (huyện) hoặc 5 (xã).",
        "Official administrative-unit code: 2 digits (province), 3 (district) or 5 (commune).",
    ),
    "admin_units.successor_ids": (
        "Đơn vị hành chính tiếp nhận khi sắp xếp, sáp nhập (ghi mã định danh ở trang này).",
        "Units that took over after a merger (their ids on this sheet).",
    ),
    "agencies.level": (
        "Chỉ điền khi cấp quản lý của cơ quan khác với cấp thông thường của loại cơ quan.",
        "Only when the unit's management level differs from the usual one of its kind.",
    ),
    "agencies.short_name": (
        "Tên viết tắt dùng trong báo cáo (không bắt buộc).",
        "Short name used in reports (optional).",
    ),
    "valid_from": (
        "Ngày bắt đầu (thành lập, có hiệu lực); để trống nếu không rõ.",
        "First day (established, in force); leave empty if unknown.",
    ),
    "valid_to": (
        "Ngày cuối cùng còn hiệu lực (giải thể, sáp nhập); để trống khi vẫn còn.",
        "Last day (dissolved, merged); leave empty while it still exists.",
    ),
    "agency_events.successor_ids": (
        "Cơ quan tiếp nhận khi sáp nhập, chia tách (bắt buộc với các biến động này).",
        "Agencies taking over after a merger or split (needed for those events).",
    ),
    "agency_events.new_name": (
        "Tên mới, khi biến động là đổi tên.",
        "The new name, for a renaming.",
    ),
    "tthc.code": (
        "Mã TTHC trên Cổng Dịch vụ công quốc gia, ví dụ 1.004227.",
        "The procedure's code on the National Public Service Portal, e.g. 1.004227.",
    ),
    "qms_units.separate_division": (
        "Có: phòng, ban có HTQLCL riêng (hình thức b); Không: dùng chung HTQLCL của cơ quan.",
        "Yes: a division with its own QMS (form b); No: the agency's shared QMS.",
    ),
    "qms_units.framework_model": (
        "Số quyết định ban hành mô hình khung HTQLCL đã áp dụng, nếu có.",
        "Number of the decision issuing the framework model applied, if any.",
    ),
    "processes.withdrawn_on": (
        "Ngày quy trình bị hủy bỏ; để trống khi còn áp dụng.",
        "Day the process was withdrawn; empty while it applies.",
    ),
    "process_revisions.number": (
        "Lần ban hành: 1, 2, 3, ... theo thứ tự thời gian.",
        "Revision number: 1, 2, 3, ... oldest first.",
    ),
    "announcements.lead_unit_notified_on": (
        "Ngày gửi thông báo công bố cho Sở Khoa học và Công nghệ.",
        "Day the Department of Science and Technology was notified.",
    ),
    "announcements.no_website": (
        "Có: cơ quan không có trang thông tin điện tử (khi đó để trống ngày đăng trên trang).",
        "Yes: the agency has no website (then leave the online publication date empty).",
    ),
    "legal_changes.effective_on": (
        "Ngày văn bản có hiệu lực; HTQLCL phải được cập nhật trong 3 tháng.",
        "Day the document takes effect; the QMS must be updated within 3 months.",
    ),
    "internal_audits.auditors": (
        f"Họ tên chuyên gia đánh giá, cách nhau bằng dấu '{_SEP}'.",
        f"Auditors' names, separated by '{_SEP}'.",
    ),
    "internal_audits.clauses": (
        "Điều khoản TCVN ISO 9001 được đánh giá, ví dụ 7.5; 8.5.",
        "TCVN ISO 9001 clauses audited, e.g. 7.5; 8.5.",
    ),
    "audit_findings.number": (
        "Số thứ tự phát hiện trong cuộc đánh giá, bắt đầu từ 1.",
        "Number of the finding within its audit, from 1.",
    ),
    "nonconformities.finding_number": (
        "Số thứ tự phát hiện ở trang 'Phát hiện đánh giá', khi nguồn là đánh giá nội bộ.",
        "The finding's number on the 'Audit findings' sheet, for an internal-audit source.",
    ),
    "corrective_actions.verify_by": (
        "Hạn xác nhận hiệu lực; không sớm hơn hạn hoàn thành.",
        "Deadline to verify effectiveness; not before the due date.",
    ),
    "corrective_actions.reissued_from_id": (
        "Hành động khắc phục cũ mà hành động này thay thế, nếu có.",
        "The earlier corrective action this one replaces, if any.",
    ),
    "annual_plans.budget": ("Kinh phí, đơn vị đồng.", "Budget in dong."),
    "inspection_plan_entries.budget": ("Kinh phí, đơn vị đồng.", "Budget in dong."),
    "planned_activities.due_on": (
        "Thời hạn, khi hoạt động làm một lần; khi lặp lại, để trống và điền các cột 'Lặp lại'.",
        "Deadline of a one-off activity; for a recurring one leave it empty and fill the "
        "'Recurrence' columns.",
    ),
    "planned_activities.recurrence.start": (
        "Thời hạn của lần đầu tiên.",
        "Deadline of the first occurrence.",
    ),
    "planned_activities.recurrence.count": (
        "Số lần; điền cột này hoặc 'Lặp lại: đến ngày', không điền cả hai.",
        "How many times; fill this or 'Recurrence: until', not both.",
    ),
    "planned_activities.recurrence.until": (
        "Ngày cuối cùng có thể đến hạn; điền cột này hoặc 'Lặp lại: số lần', không điền cả hai.",
        "Last possible deadline; fill this or 'Recurrence: count', not both.",
    ),
    "inspection_plan_entries.expected_month": (
        "Tháng dự kiến kiểm tra, từ 1 đến 12.",
        "Month the inspection is expected, 1 to 12.",
    ),
    "corrective_action_reports.accepted": (
        "Có: chấp nhận; Không: không chấp nhận; để trống khi chưa quyết định (khi đó để trống "
        "cả ngày quyết định).",
        "Yes: accepted; No: refused; empty while undecided (then leave the decision date empty).",
    ),
    "corrective_action_log.on": (
        "Ngày chuyển sang trạng thái; các dòng ghi theo thứ tự thời gian.",
        "Day the state was entered; rows oldest first.",
    ),
    "note": ("Ghi chú tự do.", "Free note."),
}

_REVIEW = (
    "Nội dung ghi trong biên bản họp xem xét; để trống nếu chưa ghi nhận.",
    "What the review minutes record; empty if not recorded.",
)


@cache
def _targets() -> dict[tuple[str, str], str]:
    """(sheet key, column key) -> the collection a reference column points at."""
    from vn_iso_qms._internal.dataset import COLLECTIONS

    by_model = {cls: name for name, cls in COLLECTIONS.items()}
    out: dict[tuple[str, str], str] = {}
    for record_cls, path, target in REFERENCES:
        collection = by_model[record_cls]
        parts = path.replace("[]", "").split(".")
        if len(parts) == 1:
            out[(collection, parts[0])] = target
            continue
        for child_key in SHEET_BY_KEY[collection].children:
            if SHEET_BY_KEY[child_key].field == parts[0]:
                out[(child_key, ".".join(parts[1:]))] = target
    return out


def column_format(spec: Sheet, col: Column, lang: Language) -> str:
    """How to type the column's cells."""
    vi = lang == "vi"
    if col.kind == "enum" and col.enum is not None:
        title = VOCAB_TITLES[col.enum.__name__][0 if vi else 1]
        lists = CODE_LISTS[1] if vi else CODE_LISTS[2]
        if vi:
            return f"Chọn trong danh sách thả xuống '{title}' (xem trang '{lists}')"
        return f"Pick from the drop-down list '{title}' (see sheet '{lists}')"
    if col.link or (spec.key, col.key) in _targets() or col.key == "id":
        if col.kind == "list":
            return (
                f"Các mã định danh, cách nhau bằng dấu '{_SEP}'"
                if vi
                else f"Ids separated by '{_SEP}'"
            )
        return "Mã định danh" if vi else "Id"
    vi_text, en_text = _FORMAT[col.kind]
    return vi_text if vi else en_text


def column_description(spec: Sheet, col: Column, lang: Language) -> str:
    """What the column means, in `lang`, for the person filling it in."""
    vi = lang == "vi"

    def pick(pair: tuple[str, str]) -> str:
        return pair[0] if vi else pair[1]

    for key in (f"{spec.key}.{col.key}", col.key):
        if key in _SPECIAL:
            return pick(_SPECIAL[key])
    if col.key.startswith(("inputs.", "outputs.")):
        return pick(_REVIEW)
    if col.key == "id":
        return pick(
            (
                "Mã định danh của dòng: không trùng trong trang này; các trang khác ghi mã này để "
                "liên kết tới dòng. Dùng chữ cái không dấu, chữ số và . _ : -",
                "The row's id: unique on this sheet; other sheets write it to link to this row. "
                "Use ASCII letters, digits and . _ : -",
            )
        )
    if col.link:
        parent = SHEET_BY_KEY[spec.parent or ""].title(lang)
        return pick(
            (
                f"Mã định danh của dòng ở trang '{parent}' mà dòng này thuộc về.",
                f"Id of the row on sheet '{parent}' this row belongs to.",
            )
        )
    target = _targets().get((spec.key, col.key))
    if target is not None:
        title = SHEET_BY_KEY[target].title(lang)
        if col.kind == "list":
            return pick(
                (
                    f"Mã định danh của các dòng ở trang '{title}', cách nhau bằng dấu '{_SEP}'.",
                    f"Ids of rows on sheet '{title}', separated by '{_SEP}'.",
                )
            )
        return pick(
            (
                f"Mã định danh của một dòng ở trang '{title}'.",
                f"Id of a row on sheet '{title}'.",
            )
        )
    if col.kind == "enum" and col.enum is not None:
        title = VOCAB_TITLES[col.enum.__name__][0 if vi else 1]
        return pick(
            (
                f"Một nhãn trong danh sách '{title}'; cũng có thể gõ nhãn tiếng Anh.",
                f"A label of the list '{title}'; the Vietnamese label is accepted too.",
            )
        )
    return pick((f"{col.vi}.", f"{col.en}."))


@cache
def _examples(lang: Language) -> dict[tuple[str, str], str]:
    """The first value of every column in the demo province, as the workbook writes it."""
    from vn_iso_qms._internal.demo import demo_dataset
    from vn_iso_qms._internal.errors import Problem
    from vn_iso_qms._internal.spreadsheet.export_rows import export_rows

    problems: list[Problem] = []
    rows = export_rows(demo_dataset(), lang, problems)
    out: dict[tuple[str, str], str] = {}
    for key, sheet_rows in rows.items():
        spec = SHEET_BY_KEY[key]
        for row in sheet_rows:
            for col, value in zip(spec.columns, row, strict=True):
                if (key, col.key) in out or value is None or value == "":
                    continue
                out[(key, col.key)] = _typed(value)
    return out


def _typed(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def column_example(spec: Sheet, col: Column, lang: Language) -> str:
    """A value to type in the column, in the form the import reads."""
    found = _examples(lang).get((spec.key, col.key))
    if found is not None:
        return found
    if col.link:
        parent_rows = _examples(lang).get((spec.parent or "", "id"))
        if parent_rows is not None:
            return parent_rows
    fallback = {
        "date": "31/12/2023",
        "int": "1",
        "period": "Quý III/2023" if lang == "vi" else "2023-Q3",
        "bool": BOOL_LABELS[lang][0],
        "met": MET_LABELS[lang][0],
    }
    if col.kind == "enum" and col.enum is not None:
        return next(iter(col.enum)).label(lang)
    return fallback.get(col.kind, "")


# --- the instructions sheet -------------------------------------------------------------------


def column_help(spec: Sheet, col: Column, lang: Language) -> str:
    """The comment on a column title: required or not, how to type it, an example, its meaning."""
    vi = lang == "vi"
    required = (
        ("Bắt buộc" if vi else "Required")
        if col.required
        else ("Không bắt buộc" if vi else "Optional")
    )
    example = column_example(spec, col, lang)
    lines = [f"{required}. {column_format(spec, col, lang)}."]
    if example:
        lines.append(f"{'Ví dụ' if vi else 'Example'}: {example}")
    lines.append(column_description(spec, col, lang))
    return "\n".join(lines)


_RULES: dict[Language, tuple[str, ...]] = {
    "vi": (
        "Mỗi trang tính là một loại hồ sơ; mỗi dòng là một bản ghi. Không đổi tên, không xóa "
        "trang tính; trang không dùng thì để trống.",
        "Dòng 1 được ẩn để chương trình nhận ra các cột: không sửa, không xóa. Dòng 2 là tiêu "
        "đề cột. Nhập dữ liệu từ dòng 3; dòng trống được bỏ qua.",
        "Ngày: gõ theo ngày/tháng/năm với năm đủ 4 chữ số, ví dụ 31/12/2023 hoặc 5/1/2024 (hoặc "
        "dùng ô kiểu ngày của Excel). Không dùng dạng tháng/ngày; năm 2 chữ số bị từ chối. Các "
        "cột ngày được định dạng Văn bản để Excel không tự đổi ngày theo cài đặt máy; khi sửa một ô "
        "ngày đã có trên máy đặt kiểu ngày tháng/ngày (kiểu Mỹ), hãy gõ dấu nháy đơn trước ngày, "
        "ví dụ '31/12/2023.",
        "Cột có danh sách chọn: chọn nhãn trong danh sách (xem trang 'Danh mục'); cũng có thể "
        "gõ mã.",
        f"Cột nhiều giá trị (danh sách mã định danh, mã TTHC, ...): các giá trị cách nhau bằng "
        f"'{LIST_SEPARATOR}'.",
        "Mã định danh: chữ cái không dấu, chữ số và các ký tự . _ : - (tối đa 80 ký tự); dùng để "
        "liên kết các trang với nhau và phải duy nhất trong một trang.",
        "Trang chi tiết (ISO điện tử, Ban hành quy trình, Phát hiện đánh giá, Nhật ký khắc "
        "phục, Đổi thời hạn, Danh sách kiểm tra, Kết quả theo tiêu chí, Tồn tại qua kiểm tra): "
        "mỗi dòng ghi mã định danh của dòng cha ở cột đầu tiên; thứ tự các dòng được giữ "
        "nguyên.",
        "Không gộp ô (merge). Ô có công thức được chấp nhận khi tệp đã được Excel tính và lưu "
        "giá trị.",
        "Văn bản tiếng Việt được giữ nguyên như đã gõ (không tự sửa, không cắt khoảng trắng).",
        "Kiểm tra trước khi nhập: lệnh 'vn-iso-qms validate tệp.xlsx' báo mọi lỗi cùng lúc, mỗi "
        "lỗi ghi rõ trang, dòng, cột, ô và cách sửa.",
    ),
    "en": (
        "Each sheet holds one kind of record; each row is one record. Do not rename or delete "
        "sheets; leave unused sheets empty.",
        "Row 1 is hidden: the program recognises the columns by it, so do not edit or delete it. "
        "Row 2 holds the titles. Data starts on row 3; empty rows are skipped.",
        "Dates: type day/month/year with a four-digit year, e.g. 31/12/2023 or 5/1/2024 (or use "
        "an Excel date cell). Month/day order and two-digit years are refused. Date columns are "
        "formatted as Text so that Excel does not reinterpret typed dates by the computer's "
        "locale; when editing an existing date cell on a computer set to month/day (US) dates, "
        "type an apostrophe first, e.g. '31/12/2023.",
        "Columns with a drop-down: pick a label from the list (see the 'Code lists' sheet); "
        "codes are accepted too.",
        f"List columns (ids, TTHC codes, ...): separate items with '{LIST_SEPARATOR}'.",
        "Ids: ASCII letters, digits and . _ : - (up to 80 characters); they link the sheets "
        "and must be unique within a sheet.",
        "Detail sheets (e-ISO use, Process revisions, Audit findings, Corrective action log, "
        "Rescheduled activities, Inspection plan entries, Checklist results, Inspection "
        "findings): each row gives its parent row's id in the first column; row order is kept.",
        "Do not merge cells. Formula cells are accepted when the file was calculated and saved "
        "by Excel (the stored value is read).",
        "Text is kept exactly as typed (no corrections, no trimming).",
        "Check before importing: 'vn-iso-qms validate file.xlsx --lang en' reports every error at "
        "once, each naming the sheet, row, column, cell and how to fix it.",
    ),
}


def write_instructions(sheet: Worksheet, lang: Language, bold: Any, fill: Any, wrap: Any) -> None:
    """Fill the instructions sheet: general rules, the sheets, and every column's guide.

    `bold`, `fill` and `wrap` are the openpyxl font, fill and alignment of the workbook's
    headers (made by the caller, so this module never imports openpyxl).
    """
    vi = lang == "vi"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 40
    sheet.column_dimensions["E"].width = 30
    sheet.column_dimensions["F"].width = 70
    title = (
        "Mẫu nhập liệu HTQLCL theo TCVN ISO 9001 (vn_iso_qms)"
        if vi
        else "QMS data template, TCVN ISO 9001 (vn_iso_qms)"
    )
    sheet.cell(1, 1, title).font = bold
    row = 3
    sheet.cell(row, 1, "Quy tắc chung" if vi else "General rules").font = bold
    for n, rule in enumerate(_RULES[lang], start=1):
        row += 1
        sheet.cell(row, 1, f"{n}.")
        cell = sheet.cell(row, 2, rule)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        cell.alignment = wrap
        sheet.row_dimensions[row].height = 32
    row += 2
    heads = ("Trang tính", "Nội dung", "Liên kết tới") if vi else ("Sheet", "Holds", "Linked to")
    for c, text in enumerate(heads, start=1):
        head = sheet.cell(row, c, text)
        head.font = bold
        head.fill = fill
    for spec in SHEETS:
        row += 1
        sheet.cell(row, 1, spec.title(lang))
        sheet.cell(row, 2, spec.about_vi if vi else spec.about_en).alignment = wrap
        if spec.parent:
            sheet.cell(row, 3, SHEET_BY_KEY[spec.parent].title(lang))
    row += 2
    columns_heads = (
        ("Trang tính", "Cột", "Bắt buộc", "Cách nhập", "Ví dụ", "Ý nghĩa")
        if vi
        else ("Sheet", "Column", "Required", "How to type it", "Example", "Meaning")
    )
    for c, text in enumerate(columns_heads, start=1):
        head = sheet.cell(row, c, text)
        head.font = bold
        head.fill = fill
    yes, no = BOOL_LABELS[lang]
    for spec in SHEETS:
        for col in spec.columns:
            row += 1
            sheet.cell(row, 1, spec.title(lang))
            sheet.cell(row, 2, col.title(lang))
            sheet.cell(row, 3, yes if col.required else no)
            sheet.cell(row, 4, column_format(spec, col, lang)).alignment = wrap
            example = sheet.cell(row, 5, column_example(spec, col, lang))
            example.data_type = "s"  # shown exactly as it is typed
            sheet.cell(row, 6, column_description(spec, col, lang)).alignment = wrap
