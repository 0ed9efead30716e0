"""The spreadsheet layout: which sheets and columns hold which record fields.

One sheet per record collection, plus *child sheets* for the nested tuples of models (plan
entries, checklist results, state logs, ...), each child row linked to its parent record by the
parent's id in its first column. Every sheet has two header rows:

- row 1 (hidden): the stable machine key of each column (`id`, `agency_ids`,
  `recurrence.start`, ...): the field's path in the record;
- row 2: the column title people read, in Vietnamese (or English);

data starts on row 3. A sheet without the key row is read by its titles (Vietnamese, English or
the keys themselves) and its data starts on row 2.

This module is pure data: it does not import openpyxl.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from vn_iso_qms._internal.agency import (
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    ObligationDesignation,
)
from vn_iso_qms._internal.audit import (
    AuditFinding,
    CorrectiveAction,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    StateChange,
)
from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.dataset import COLLECTIONS
from vn_iso_qms._internal.inspection import (
    ChecklistResult,
    CorrectiveActionReport,
    Inspection,
    InspectionFinding,
    InspectionPlan,
    InspectionPlanEntry,
    StatutoryReport,
)
from vn_iso_qms._internal.plan import (
    Activity,
    AnnualPlan,
    PlanAmendment,
    PlannedActivity,
    Reschedule,
)
from vn_iso_qms._internal.qms import (
    Announcement,
    DocumentApproval,
    DocumentRevision,
    EffectivenessConfirmation,
    EIsoUse,
    LegalChange,
    Process,
    QmsUnit,
    QmsUpdate,
    ScopeDecision,
    Tthc,
    TthcAssignment,
    TthcListUpdate,
)
from vn_iso_qms._internal.text import fold
from vn_iso_qms._internal.types import Text
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

LAYOUT_VERSION: Literal[1] = 1
"""Version of the sheet layout written in the dataset sheet; bumped on incompatible changes."""

KEY_ROW = 1
"""Row of the machine keys (hidden)."""
TITLE_ROW = 2
"""Row of the column titles."""
FIRST_DATA_ROW = 3
"""First data row of a sheet written by this library."""

LIST_SEPARATOR = "; "
"""Separator of the items of a list cell (ids, TTHC codes, auditors, ...)."""

Kind = Literal["text", "date", "int", "bool", "met", "enum", "list", "period"]
"""How a column's cells are read and written."""


class DatasetInfo(QmsModel):
    """The dataset sheet: the dataset's name and the layout version (one row)."""

    name: Text | None = None
    """A label for the dataset, e.g. the province and years it holds."""
    layout_version: Literal[1] | None = None
    """Version of the spreadsheet layout; empty means the current one."""


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Attributes:
        key: the machine key: the field's dotted path in the record (or the child item).
        vi: Vietnamese title.
        en: English title.
        kind: how cells are read and written.
        enum: the vocabulary of an `enum` column.
        required: whether the column must be present on the sheet.
        link: True for a child sheet's column holding the parent's id.
        titled: False for a column the layout added for a model field it does not list: its
            titles are made from the field's name (a test asks for real titles).
    """

    key: str
    vi: str
    en: str
    kind: Kind = "text"
    enum: type[LabelledEnum] | None = None
    required: bool = False
    link: bool = False
    titled: bool = True

    def title(self, lang: Language) -> str:
        """The title in `lang`."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook.

    Attributes:
        key: the machine key: the collection name, or the child sheet's own name.
        vi: Vietnamese sheet name (at most 31 characters, Excel's limit).
        en: English sheet name.
        model: the record (or nested model) type a row holds.
        columns: the columns, in order.
        about_vi: what the sheet holds, in Vietnamese (for the instructions sheet).
        about_en: the same in English.
        parent: for a child sheet, the key of the parent sheet.
        field: for a child sheet, the parent field holding the tuple of child models.
        children: keys of the child sheets of a parent sheet.
    """

    key: str
    vi: str
    en: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    about_vi: str
    about_en: str
    parent: str | None = None
    field: str | None = None
    children: tuple[str, ...] = ()

    def title(self, lang: Language) -> str:
        """The sheet name in `lang`."""
        return self.vi if lang == "vi" else self.en

    def column(self, key: str) -> Column | None:
        """The column with machine key `key`, or None."""
        return next((c for c in self.columns if c.key == key), None)


# --- inferring a column's kind from the model ------------------------------------------------


def _strip(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without `| None` and `Annotated`, whether None was allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:  # pragma: no cover - no record has such a union
                msg = f"unsupported union {annotation!r}"
                raise TypeError(msg)
            annotation = args[0]
        else:
            return annotation, optional


def field_annotation(model: type[BaseModel], path: str) -> tuple[Any, bool]:
    """The (stripped) annotation of the dotted `path` in `model`, and whether it may be None."""
    parts = path.split(".")
    current: Any = model
    optional = False
    annotation: Any = None
    for part in parts:
        info = current.model_fields[part]
        annotation, optional = _strip(info.annotation)
        current = annotation
    return annotation, optional


def _infer(model: type[BaseModel], key: str) -> tuple[Kind, type[LabelledEnum] | None]:
    import datetime as dt

    annotation, _ = field_annotation(model, key)
    if typing.get_origin(annotation) is tuple:
        return "list", None
    if annotation is dt.date:
        return "date", None
    if annotation is bool:
        return "bool", None
    if annotation is int:
        return "int", None
    if isinstance(annotation, type) and issubclass(annotation, LabelledEnum):
        return "enum", annotation
    if typing.get_origin(annotation) is Literal:
        return "int", None
    if annotation is str:
        return "text", None
    msg = (
        f"cannot infer a column kind for {model.__name__}.{key}: {annotation!r}"  # pragma: no cover
    )
    raise TypeError(msg)  # pragma: no cover


def _required(model: type[BaseModel], key: str) -> bool:
    if "." in key:
        return False
    return model.model_fields[key].is_required()


def _sheet(
    key: str,
    vi: str,
    en: str,
    model: type[BaseModel],
    columns: list[tuple[str, str, str]],
    about_vi: str,
    about_en: str,
    *,
    parent: str | None = None,
    field: str | None = None,
    link: tuple[str, str, str] | None = None,
    children: tuple[str, ...] = (),
    kinds: dict[str, Kind] | None = None,
) -> Sheet:
    cols: list[Column] = []
    if link is not None:
        cols.append(Column(link[0], link[1], link[2], "text", required=True, link=True))
    for ckey, cvi, cen in columns:
        kind, enum = _infer(model, ckey)
        if kinds and ckey in kinds:
            kind = kinds[ckey]
        cols.append(Column(ckey, cvi, cen, kind, enum, required=_required(model, ckey)))
    cols.extend(_untitled_columns(model, {c.key.split(".")[0] for c in cols}))
    return Sheet(key, vi, en, model, tuple(cols), about_vi, about_en, parent, field, children)


def _untitled_columns(model: type[BaseModel], listed: set[str]) -> Iterator[Column]:
    """A column for each plain field of `model` the table does not list, titled by its name.

    So a field added to a record reaches the workbook (written, read back, in the template)
    without an edit here; a test then asks for its Vietnamese and English titles. Fields
    holding nested models need a child sheet or dotted columns: they are left to
    `uncovered_fields`.
    """
    for name in model.model_fields:
        if name in listed:
            continue
        annotation, _ = field_annotation(model, name)
        element = typing.get_args(annotation)[0] if typing.get_origin(annotation) is tuple else None
        if _is_model(annotation) or _is_model(element):
            continue
        kind, enum = _infer(model, name)
        title = name.replace("_", " ").capitalize()
        yield Column(name, title, title, kind, enum, required=_required(model, name), titled=False)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_ID = ("id", "Mã định danh", "Id")
_VALID = [
    ("valid_from", "Hiệu lực từ ngày", "Valid from"),
    ("valid_to", "Hiệu lực đến ngày", "Valid to"),
]
_NOTE = ("note", "Ghi chú", "Note")
_QMS = ("qms_id", "HTQLCL (mã định danh)", "QMS id")

SHEETS: tuple[Sheet, ...] = (
    _sheet(
        "dataset",
        "Bộ dữ liệu",
        "Dataset",
        DatasetInfo,
        [
            ("name", "Tên bộ dữ liệu", "Dataset name"),
            ("layout_version", "Phiên bản mẫu biểu", "Layout version"),
        ],
        "Tên bộ dữ liệu (một dòng) và phiên bản mẫu biểu.",
        "The dataset's name (one row) and the layout version.",
    ),
    _sheet(
        "admin_units",
        "Đơn vị hành chính",
        "Administrative units",
        AdministrativeUnit,
        [
            _ID,
            ("code", "Mã đơn vị hành chính (TCTK)", "Official code"),
            ("name", "Tên", "Name"),
            ("level", "Cấp hành chính", "Level"),
            ("parent_id", "Thuộc đơn vị (mã định danh)", "Parent id"),
            ("successor_ids", "Đơn vị kế thừa (mã định danh)", "Successor ids"),
            *_VALID,
        ],
        "Tỉnh, huyện (đến 30/06/2025), xã được nhắc tới trong dữ liệu.",
        "Provinces, districts (until 30/06/2025) and communes referred to.",
    ),
    _sheet(
        "agencies",
        "Cơ quan, đơn vị",
        "Agencies",
        Agency,
        [
            _ID,
            ("name", "Tên cơ quan, đơn vị", "Name"),
            ("short_name", "Tên viết tắt", "Short name"),
            ("kind", "Loại cơ quan", "Kind"),
            ("level", "Cấp quản lý (nếu khác thông thường)", "Management level (if unusual)"),
            ("admin_unit_id", "Đơn vị hành chính (mã định danh)", "Administrative unit id"),
            ("parent_id", "Cơ quan cấp trên (mã định danh)", "Parent agency id"),
            *_VALID,
        ],
        "Danh sách cơ quan, đơn vị thuộc phạm vi áp dụng HTQLCL.",
        "The registry of agencies and units.",
    ),
    _sheet(
        "agency_events",
        "Biến động tổ chức",
        "Agency events",
        AgencyEvent,
        [
            _ID,
            ("agency_id", "Cơ quan (mã định danh)", "Agency id"),
            ("kind", "Loại biến động", "Kind"),
            ("date", "Ngày hiệu lực", "Date"),
            ("decision_number", "Số quyết định", "Decision number"),
            ("successor_ids", "Cơ quan kế thừa (mã định danh)", "Successor ids"),
            ("new_name", "Tên mới", "New name"),
            _NOTE,
        ],
        "Thành lập, đổi tên, sáp nhập, chia tách, giải thể cơ quan.",
        "Establishments, renamings, mergers, splits, dissolutions.",
    ),
    _sheet(
        "obligation_designations",
        "Chỉ định áp dụng",
        "Obligation designations",
        ObligationDesignation,
        [
            _ID,
            ("agency_id", "Đơn vị sự nghiệp (mã định danh)", "Agency id"),
            ("date", "Áp dụng từ ngày", "From"),
            ("decision_number", "Số quyết định của UBND tỉnh", "Decision number"),
            ("valid_to", "Hết hiệu lực sau ngày", "Valid to"),
            _NOTE,
        ],
        "Đơn vị sự nghiệp công lập được UBND tỉnh quyết định áp dụng HTQLCL (Điều 6.5 TT 26).",
        "Public service units the provincial People's Committee made obliged (TT 26 Art. 6.5).",
    ),
    _sheet(
        "tthc",
        "Thủ tục hành chính",
        "Procedures (TTHC)",
        Tthc,
        [
            _ID,
            ("code", "Mã TTHC", "TTHC code"),
            ("name", "Tên thủ tục", "Name"),
            ("agency_ids", "Cơ quan thực hiện (mã định danh)", "Agency ids"),
            ("published_on", "Ngày công bố", "Published on"),
            ("abolished_on", "Ngày bãi bỏ", "Abolished on"),
        ],
        "Thủ tục hành chính đã công bố và cơ quan thực hiện suốt thời gian hiệu lực. Thủ tục "
        "chuyển giữa các cơ quan: ghi từng giai đoạn ở trang 'Giao TTHC'.",
        "Published administrative procedures and the agencies that handle them for their whole "
        "life. A procedure that moved between agencies: one row per period on 'TTHC assignments'.",
        children=("tthc_assignments",),
    ),
    _sheet(
        "tthc_assignments",
        "Giao TTHC",
        "TTHC assignments",
        TthcAssignment,
        [
            ("agency_id", "Cơ quan thực hiện (mã định danh)", "Agency id"),
            *_VALID,
            ("decision_number", "Số quyết định", "Decision number"),
        ],
        "Cơ quan thực hiện thủ tục theo từng giai đoạn (thủ tục chuyển giao giữa các cơ quan).",
        "Which agency handles a procedure, period by period (procedures that moved).",
        parent="tthc",
        field="assignments",
        link=("tthc_id", "TTHC (mã định danh)", "TTHC id"),
    ),
    _sheet(
        "tthc_list_updates",
        "Cập nhật danh mục TTHC",
        "TTHC list updates",
        TthcListUpdate,
        [
            _ID,
            ("province_id", "Tỉnh (mã định danh)", "Province id"),
            ("date", "Ngày cập nhật trên trang thông tin điện tử", "Date published"),
            ("tthc_codes", "TTHC được cập nhật (mã TTHC)", "TTHC codes"),
            _NOTE,
        ],
        "Các lần UBND tỉnh cập nhật danh mục TTHC trên trang thông tin điện tử (Điều 4.3 TT 26: "
        "trong 5 ngày làm việc kể từ ngày ký quyết định công bố).",
        "Updates of the province's published list of procedures (TT 26 Art. 4.3: within 5 "
        "working days of the publishing decision).",
    ),
    _sheet(
        "qms_units",
        "HTQLCL",
        "QMS units",
        QmsUnit,
        [
            _ID,
            ("name", "Tên HTQLCL", "Name"),
            ("owner_agency_id", "Cơ quan chủ trì (mã định danh)", "Owner agency id"),
            ("agency_ids", "Các cơ quan áp dụng (mã định danh)", "Agency ids"),
            (
                "separate_division",
                "HTQLCL riêng của phòng (hình thức b)",
                "Separate division QMS (form b)",
            ),
            ("framework_model", "Mô hình khung (số quyết định)", "Framework model"),
            *_VALID,
        ],
        "Hệ thống quản lý chất lượng và các cơ quan áp dụng. Thời gian dùng ISO điện tử ở "
        "trang 'ISO điện tử'.",
        "QMS units and the agencies they cover. e-ISO use is on the 'e-ISO use' sheet.",
        children=("qms_eiso",),
    ),
    _sheet(
        "qms_eiso",
        "ISO điện tử",
        "e-ISO use",
        EIsoUse,
        [
            ("product", "Tên phần mềm ISO điện tử", "Product"),
            ("since", "Sử dụng từ ngày", "Since"),
            ("until", "Sử dụng đến ngày", "Until"),
        ],
        "Thời gian mỗi HTQLCL vận hành trên phần mềm ISO điện tử; mỗi dòng một giai đoạn.",
        "Periods each QMS ran on e-ISO software; one row per period.",
        parent="qms_units",
        field="eiso",
        link=("qms_id", "HTQLCL (mã định danh)", "QMS id"),
    ),
    _sheet(
        "processes",
        "Quy trình",
        "Processes",
        Process,
        [
            _ID,
            _QMS,
            ("code", "Ký hiệu quy trình", "Code"),
            ("name", "Tên quy trình", "Name"),
            ("tthc_codes", "Mã TTHC", "TTHC codes"),
            ("withdrawn_on", "Ngày hủy bỏ", "Withdrawn on"),
        ],
        "Quy trình giải quyết công việc. Các lần ban hành ở trang 'Ban hành quy trình'.",
        "Work processes. Their revisions are on the 'Process revisions' sheet.",
        children=("process_revisions",),
    ),
    _sheet(
        "process_revisions",
        "Ban hành quy trình",
        "Process revisions",
        DocumentRevision,
        [
            ("number", "Lần ban hành", "Revision number"),
            ("approved_on", "Ngày phê duyệt", "Approved on"),
            ("approved_by", "Người phê duyệt", "Approved by"),
        ],
        "Các lần ban hành, sửa đổi quy trình, theo thứ tự thời gian.",
        "Approved revisions of each process, oldest first.",
        parent="processes",
        field="revisions",
        link=("process_id", "Quy trình (mã định danh)", "Process id"),
    ),
    _sheet(
        "announcements",
        "Công bố",
        "Announcements",
        Announcement,
        [
            _ID,
            _QMS,
            ("decision_number", "Số quyết định công bố", "Decision number"),
            ("date", "Ngày ký", "Date"),
            ("signer", "Người ký", "Signer"),
            ("standard", "Phiên bản tiêu chuẩn", "Standard"),
            ("reason", "Lý do công bố", "Reason"),
            ("scope_tthc", "Phạm vi (mã TTHC)", "Scope (TTHC codes)"),
            ("lead_unit_notified_on", "Ngày thông báo Sở KH&CN", "Lead unit notified on"),
            ("posted_at_office_on", "Ngày niêm yết tại trụ sở", "Posted at office on"),
            (
                "published_online_on",
                "Ngày đăng trên trang thông tin điện tử",
                "Published online on",
            ),
            ("no_website", "Không có trang thông tin điện tử", "No website"),
        ],
        "Công bố, công bố lại HTQLCL phù hợp TCVN ISO 9001.",
        "Announcements and re-announcements of conformity.",
    ),
    _sheet(
        "legal_changes",
        "Thay đổi văn bản pháp luật",
        "Legal changes",
        LegalChange,
        [
            _ID,
            ("document_number", "Số văn bản", "Document number"),
            ("title", "Trích yếu", "Title"),
            ("effective_on", "Ngày có hiệu lực", "Effective on"),
            ("affected_tthc", "TTHC bị ảnh hưởng (mã TTHC)", "Affected TTHC codes"),
            ("qms_ids", "HTQLCL phải cập nhật (mã định danh)", "QMS ids"),
        ],
        "Văn bản quy phạm pháp luật mới làm thay đổi cách giải quyết TTHC.",
        "Legal changes affecting how TTHC are processed.",
    ),
    _sheet(
        "qms_updates",
        "Cập nhật HTQLCL",
        "QMS updates",
        QmsUpdate,
        [
            _ID,
            _QMS,
            ("legal_change_ids", "Thay đổi pháp luật (mã định danh)", "Legal change ids"),
            ("date", "Ngày cập nhật", "Date"),
            ("process_ids", "Quy trình sửa đổi (mã định danh)", "Process ids"),
            _NOTE,
        ],
        "Cập nhật HTQLCL theo thay đổi văn bản pháp luật.",
        "QMS updates answering legal changes.",
    ),
    _sheet(
        "scope_decisions",
        "Điều chỉnh phạm vi",
        "Scope decisions",
        ScopeDecision,
        [
            _ID,
            _QMS,
            ("date", "Ngày quyết định", "Date"),
            ("decision_number", "Số quyết định", "Decision number"),
            ("added_tthc", "TTHC bổ sung vào phạm vi (mã TTHC)", "Added TTHC codes"),
            ("removed_tthc", "TTHC đưa ra khỏi phạm vi (mã TTHC)", "Removed TTHC codes"),
            ("other_change", "Điều chỉnh khác", "Other change"),
        ],
        "Quyết định điều chỉnh, mở rộng, thu hẹp phạm vi áp dụng HTQLCL (phải công bố lại).",
        "Decisions that adjust, expand or narrow a QMS's scope (a re-announcement is due).",
    ),
    _sheet(
        "internal_audits",
        "Đánh giá nội bộ",
        "Internal audits",
        InternalAudit,
        [
            _ID,
            _QMS,
            ("start", "Ngày bắt đầu", "Start"),
            ("end", "Ngày kết thúc", "End"),
            ("auditors", "Chuyên gia đánh giá", "Auditors"),
            ("process_ids", "Quy trình được đánh giá (mã định danh)", "Process ids"),
            ("clauses", "Điều khoản tiêu chuẩn", "Clauses"),
        ],
        "Các cuộc đánh giá nội bộ. Phát hiện ở trang 'Phát hiện đánh giá'.",
        "Internal audits. Their findings are on the 'Audit findings' sheet.",
        children=("audit_findings",),
    ),
    _sheet(
        "audit_findings",
        "Phát hiện đánh giá",
        "Audit findings",
        AuditFinding,
        [
            ("number", "Số thứ tự phát hiện", "Number"),
            ("grade", "Mức độ", "Grade"),
            ("clause", "Điều khoản", "Clause"),
            ("process_id", "Quy trình (mã định danh)", "Process id"),
            ("description", "Mô tả", "Description"),
        ],
        "Phát hiện của từng cuộc đánh giá nội bộ, đánh số từ 1.",
        "Findings of each internal audit, numbered from 1.",
        parent="internal_audits",
        field="findings",
        link=("audit_id", "Cuộc đánh giá (mã định danh)", "Audit id"),
    ),
    _sheet(
        "nonconformities",
        "Sự không phù hợp",
        "Nonconformities",
        Nonconformity,
        [
            _ID,
            _QMS,
            ("source", "Nguồn phát hiện", "Source"),
            ("raised_on", "Ngày ghi nhận", "Raised on"),
            ("grade", "Mức độ", "Grade"),
            ("audit_id", "Cuộc đánh giá nội bộ (mã định danh)", "Audit id"),
            ("finding_number", "Số thứ tự phát hiện", "Finding number"),
            ("inspection_id", "Cuộc kiểm tra (mã định danh)", "Inspection id"),
            ("description", "Mô tả", "Description"),
        ],
        "Sự không phù hợp cần hành động khắc phục.",
        "Nonconformities that need corrective action.",
    ),
    _sheet(
        "corrective_actions",
        "Hành động khắc phục",
        "Corrective actions",
        CorrectiveAction,
        [
            _ID,
            ("nonconformity_id", "Sự không phù hợp (mã định danh)", "Nonconformity id"),
            ("responsible", "Đơn vị, người chịu trách nhiệm", "Responsible"),
            ("due_on", "Hạn hoàn thành", "Due on"),
            ("verify_by", "Hạn xác nhận hiệu lực", "Verify by"),
            ("reissued_from_id", "Thay thế hành động (mã định danh)", "Reissued from id"),
            ("description", "Nội dung khắc phục", "Description"),
        ],
        "Hành động khắc phục. Các bước trạng thái ở trang 'Nhật ký khắc phục'.",
        "Corrective actions. Their state log is on the 'Corrective action log' sheet.",
        children=("corrective_action_log",),
    ),
    _sheet(
        "corrective_action_log",
        "Nhật ký khắc phục",
        "Corrective action log",
        StateChange,
        [
            ("state", "Trạng thái", "State"),
            ("on", "Ngày", "On"),
            ("by", "Người ghi nhận", "By"),
            _NOTE,
        ],
        "Nhật ký trạng thái của từng hành động khắc phục, theo thứ tự thời gian (ít nhất một "
        "dòng cho mỗi hành động).",
        "State log of each corrective action, oldest first (at least one row per action).",
        parent="corrective_actions",
        field="log",
        link=("corrective_action_id", "Hành động khắc phục (mã định danh)", "Corrective action id"),
    ),
    _sheet(
        "management_reviews",
        "Xem xét của lãnh đạo",
        "Management reviews",
        ManagementReview,
        [
            _ID,
            _QMS,
            ("date", "Ngày họp", "Date"),
            ("chair", "Chủ trì", "Chair"),
            (
                "inputs.previous_actions",
                "Đầu vào a) Tình trạng hành động từ lần xem xét trước",
                "Input a) Previous actions",
            ),
            (
                "inputs.context_changes",
                "Đầu vào b) Thay đổi vấn đề bên ngoài và nội bộ",
                "Input b) Context changes",
            ),
            (
                "inputs.customer_satisfaction",
                "Đầu vào c1) Sự hài lòng của người dân, tổ chức",
                "Input c1) Customer satisfaction",
            ),
            (
                "inputs.objectives",
                "Đầu vào c2) Mức độ đạt mục tiêu chất lượng",
                "Input c2) Objectives",
            ),
            (
                "inputs.process_performance",
                "Đầu vào c3) Kết quả thực hiện quá trình",
                "Input c3) Process performance",
            ),
            (
                "inputs.nonconformities",
                "Đầu vào c4) Sự không phù hợp và hành động khắc phục",
                "Input c4) Nonconformities",
            ),
            (
                "inputs.monitoring_results",
                "Đầu vào c5) Kết quả theo dõi và đo lường",
                "Input c5) Monitoring results",
            ),
            ("inputs.audit_results", "Đầu vào c6) Kết quả đánh giá", "Input c6) Audit results"),
            (
                "inputs.external_providers",
                "Đầu vào c7) Kết quả của nhà cung cấp bên ngoài",
                "Input c7) External providers",
            ),
            ("inputs.resources", "Đầu vào d) Sự thỏa đáng của nguồn lực", "Input d) Resources"),
            (
                "inputs.risk_actions",
                "Đầu vào e) Hiệu lực hành động giải quyết rủi ro, cơ hội",
                "Input e) Risk actions",
            ),
            (
                "inputs.improvement_opportunities",
                "Đầu vào f) Cơ hội cải tiến",
                "Input f) Improvement opportunities",
            ),
            ("outputs.improvements", "Đầu ra: Cải tiến", "Output: improvements"),
            ("outputs.qms_changes", "Đầu ra: Thay đổi HTQLCL", "Output: QMS changes"),
            ("outputs.resource_needs", "Đầu ra: Nhu cầu nguồn lực", "Output: resource needs"),
        ],
        "Các cuộc họp xem xét của lãnh đạo, đầu vào và đầu ra theo TCVN ISO 9001:2015 mục "
        "9.3 (ô trống = chưa ghi nhận).",
        "Management reviews with their §9.3 inputs and outputs (empty = not recorded).",
    ),
    _sheet(
        "annual_plans",
        "Kế hoạch năm",
        "Annual plans",
        AnnualPlan,
        [
            _ID,
            ("province_id", "Tỉnh (mã định danh)", "Province id"),
            ("year", "Năm", "Year"),
            ("decision_number", "Số quyết định phê duyệt", "Decision number"),
            ("approved_on", "Ngày phê duyệt", "Approved on"),
            ("approver", "Người phê duyệt", "Approver"),
            ("title", "Tên kế hoạch", "Title"),
            ("budget", "Kinh phí (đồng)", "Budget (VND)"),
        ],
        "Kế hoạch duy trì, áp dụng, cải tiến HTQLCL hằng năm đã được phê duyệt.",
        "Approved annual plans.",
    ),
    _sheet(
        "planned_activities",
        "Hoạt động kế hoạch",
        "Planned activities",
        PlannedActivity,
        [
            _ID,
            ("plan_id", "Kế hoạch (mã định danh)", "Plan id"),
            ("agency_id", "Cơ quan thực hiện (mã định danh)", "Agency id"),
            ("kind", "Hoạt động", "Kind"),
            ("due_on", "Thời hạn", "Due on"),
            ("due_in", "Thời hạn (tháng hoặc quý)", "Due in (month or quarter)"),
            ("recurrence.frequency", "Lặp lại: tần suất", "Recurrence: frequency"),
            ("recurrence.start", "Lặp lại: thời hạn đầu tiên", "Recurrence: start"),
            ("recurrence.count", "Lặp lại: số lần", "Recurrence: count"),
            ("recurrence.until", "Lặp lại: đến ngày", "Recurrence: until"),
            (
                "added_by_amendment_id",
                "Bổ sung theo điều chỉnh (mã định danh)",
                "Added by amendment id",
            ),
            _NOTE,
        ],
        "Hoạt động kế hoạch giao cho từng đơn vị: một thời hạn (một ngày, hoặc một tháng, một "
        "quý như kế hoạch ghi), hoặc lặp lại (tần suất, thời hạn đầu tiên, và số lần hoặc ngày "
        "kết thúc).",
        "Activities a plan assigns to each unit: one deadline (a day, or a month or a quarter as "
        "plans write it), or a recurrence (frequency, first due date, and a count or a last day).",
        kinds={"due_in": "period"},
    ),
    _sheet(
        "plan_amendments",
        "Điều chỉnh kế hoạch",
        "Plan amendments",
        PlanAmendment,
        [
            _ID,
            ("plan_id", "Kế hoạch (mã định danh)", "Plan id"),
            ("decision_number", "Số quyết định điều chỉnh", "Decision number"),
            ("approved_on", "Ngày phê duyệt", "Approved on"),
            ("cancelled_activity_ids", "Hoạt động bị hủy (mã định danh)", "Cancelled activity ids"),
            _NOTE,
        ],
        "Quyết định điều chỉnh kế hoạch. Hoạt động được đổi thời hạn ở trang 'Đổi thời hạn'.",
        "Plan amendments. Rescheduled activities are on the 'Rescheduled activities' sheet.",
        children=("plan_reschedules",),
    ),
    _sheet(
        "plan_reschedules",
        "Đổi thời hạn",
        "Rescheduled activities",
        Reschedule,
        [
            ("activity_id", "Hoạt động kế hoạch (mã định danh)", "Planned activity id"),
            ("new_due_on", "Thời hạn mới", "New due on"),
        ],
        "Hoạt động kế hoạch được đổi thời hạn theo từng quyết định điều chỉnh.",
        "Planned activities given a new deadline by each amendment.",
        parent="plan_amendments",
        field="rescheduled",
        link=("amendment_id", "Điều chỉnh kế hoạch (mã định danh)", "Amendment id"),
    ),
    _sheet(
        "document_approvals",
        "Ban hành tài liệu",
        "Document approvals",
        DocumentApproval,
        [
            _ID,
            _QMS,
            ("date", "Ngày ban hành", "Date"),
            ("decision_number", "Số quyết định ban hành", "Decision number"),
            ("approver", "Người phê duyệt", "Approver"),
            ("process_ids", "Quy trình được ban hành (mã định danh)", "Process ids"),
            ("planned_activity_id", "Hoạt động kế hoạch (mã định danh)", "Planned activity id"),
            _NOTE,
        ],
        "Người đứng đầu ban hành tài liệu, quy trình của HTQLCL (Điều 4.2.a QĐ 19).",
        "The head approves the QMS documents and processes (QĐ 19 Art. 4.2.a).",
    ),
    _sheet(
        "effectiveness_confirmations",
        "Xác nhận hiệu lực",
        "Effectiveness confirmations",
        EffectivenessConfirmation,
        [
            _ID,
            _QMS,
            ("date", "Ngày xác nhận", "Date"),
            ("decision_number", "Số văn bản xác nhận", "Decision number"),
            ("signer", "Người ký", "Signer"),
            ("planned_activity_id", "Hoạt động kế hoạch (mã định danh)", "Planned activity id"),
            _NOTE,
        ],
        "Người đứng đầu xác nhận HTQLCL có hiệu lực, trước khi công bố (Điều 4.2.d QĐ 19).",
        "The head confirms the QMS is in effect, before announcing (QĐ 19 Art. 4.2.d).",
    ),
    _sheet(
        "activities",
        "Hoạt động đã thực hiện",
        "Activities done",
        Activity,
        [
            _ID,
            ("agency_id", "Cơ quan thực hiện (mã định danh)", "Agency id"),
            ("kind", "Hoạt động", "Kind"),
            ("date", "Ngày hoàn thành", "Date"),
            _QMS,
            ("planned_activity_id", "Hoạt động kế hoạch (mã định danh)", "Planned activity id"),
            ("decision_number", "Số văn bản, quyết định", "Decision number"),
            _NOTE,
        ],
        "Hoạt động đã làm không có trang riêng (đào tạo, tuyên truyền, ISO điện tử, ...).",
        "Done activities without a sheet of their own (training, communication, e-ISO, ...).",
    ),
    _sheet(
        "inspection_plans",
        "Kế hoạch kiểm tra",
        "Inspection plans",
        InspectionPlan,
        [
            _ID,
            ("province_id", "Tỉnh (mã định danh)", "Province id"),
            ("year", "Năm", "Year"),
            ("decision_number", "Số quyết định phê duyệt", "Decision number"),
            ("approved_on", "Ngày phê duyệt", "Approved on"),
            ("inspecting_agency_id", "Đơn vị kiểm tra (mã định danh)", "Inspecting agency id"),
            (
                "cooperating_agency_ids",
                "Đơn vị phối hợp (mã định danh)",
                "Cooperating agency ids",
            ),
        ],
        "Kế hoạch kiểm tra hằng năm. Danh sách đơn vị được kiểm tra ở trang 'Danh sách kiểm tra'.",
        "Yearly inspection plans. The agencies to inspect are on the 'Inspection plan entries' "
        "sheet.",
        children=("inspection_plan_entries",),
    ),
    _sheet(
        "inspection_plan_entries",
        "Danh sách kiểm tra",
        "Inspection plan entries",
        InspectionPlanEntry,
        [
            ("agency_id", "Cơ quan được kiểm tra (mã định danh)", "Agency id"),
            ("form", "Hình thức kiểm tra", "Form"),
            ("expected_month", "Tháng dự kiến", "Expected month"),
            ("budget", "Kinh phí (đồng)", "Budget (VND)"),
        ],
        "Cơ quan được kiểm tra theo từng kế hoạch kiểm tra (Mẫu 19 KHKT).",
        "Agencies to inspect under each inspection plan (form 19 KHKT).",
        parent="inspection_plans",
        field="entries",
        link=("plan_id", "Kế hoạch kiểm tra (mã định danh)", "Inspection plan id"),
    ),
    _sheet(
        "inspections",
        "Kiểm tra",
        "Inspections",
        Inspection,
        [
            _ID,
            ("agency_id", "Cơ quan được kiểm tra (mã định danh)", "Agency id"),
            ("form", "Hình thức kiểm tra", "Form"),
            ("plan_id", "Kế hoạch kiểm tra (mã định danh)", "Inspection plan id"),
            ("decision_number", "Số quyết định kiểm tra", "Decision number"),
            ("decision_on", "Ngày quyết định", "Decision on"),
            ("inspected_on", "Ngày kiểm tra", "Inspected on"),
            ("minutes_signed_on", "Ngày ký biên bản, kết luận", "Minutes signed on"),
            ("team_lead", "Trưởng đoàn", "Team lead"),
        ],
        "Các cuộc kiểm tra. Kết quả theo tiêu chí và tồn tại ở hai trang chi tiết.",
        "Inspections. Checklist results and findings are on the two detail sheets.",
        children=("inspection_checklist", "inspection_findings"),
    ),
    _sheet(
        "inspection_checklist",
        "Kết quả theo tiêu chí",
        "Checklist results",
        ChecklistResult,
        [
            ("item", "Tiêu chí (Điều 36 TT 26)", "Checklist item"),
            ("met", "Kết quả", "Result"),
            _NOTE,
        ],
        "Kết quả từng tiêu chí kiểm tra (Điều 36 Thông tư 26/2014/TT-BKHCN): Đạt, Không đạt "
        "hoặc Không áp dụng; mỗi tiêu chí một dòng.",
        "Result per TT 26 Art. 36 checklist item: met, not met or not applicable; one row per "
        "item.",
        parent="inspections",
        field="checklist",
        link=("inspection_id", "Cuộc kiểm tra (mã định danh)", "Inspection id"),
        kinds={"met": "met"},
    ),
    _sheet(
        "inspection_findings",
        "Tồn tại qua kiểm tra",
        "Inspection findings",
        InspectionFinding,
        [
            ("item", "Tiêu chí (Điều 36 TT 26)", "Checklist item"),
            ("grade", "Mức độ", "Grade"),
            ("description", "Mô tả tồn tại", "Description"),
        ],
        "Vấn đề tồn tại phát hiện qua từng cuộc kiểm tra.",
        "Outstanding issues found by each inspection.",
        parent="inspections",
        field="findings",
        link=("inspection_id", "Cuộc kiểm tra (mã định danh)", "Inspection id"),
    ),
    _sheet(
        "corrective_action_reports",
        "Báo cáo khắc phục",
        "Corrective-action reports",
        CorrectiveActionReport,
        [
            _ID,
            ("inspection_id", "Cuộc kiểm tra (mã định danh)", "Inspection id"),
            ("submitted_on", "Ngày nhận báo cáo", "Submitted on"),
            ("accepted", "Chấp nhận", "Accepted"),
            ("decided_on", "Ngày quyết định", "Decided on"),
            _NOTE,
        ],
        "Báo cáo khắc phục của cơ quan được kiểm tra và quyết định chấp nhận (ô trống = chưa "
        "quyết định).",
        "Corrective-action reports after inspections and their acceptance (empty = not yet "
        "decided).",
    ),
    _sheet(
        "statutory_reports",
        "Báo cáo định kỳ",
        "Statutory reports",
        StatutoryReport,
        [
            _ID,
            ("kind", "Loại báo cáo", "Kind"),
            ("province_id", "Tỉnh (mã định danh)", "Province id"),
            ("year", "Năm", "Year"),
            ("submitted_on", "Ngày gửi", "Submitted on"),
            ("document_number", "Số văn bản", "Document number"),
            ("sender_agency_id", "Đơn vị gửi (mã định danh)", "Sender agency id"),
            ("recipient", "Nơi nhận", "Recipient"),
        ],
        "Báo cáo kết quả kiểm tra (tháng 11) và báo cáo tình hình áp dụng HTQLCL (tháng 12).",
        "November inspection and December status reports.",
    ),
)
"""Every data sheet, parents immediately followed by their child sheets."""

SHEET_BY_KEY: dict[str, Sheet] = {s.key: s for s in SHEETS}
"""Data sheets by machine key."""

INSTRUCTIONS = ("instructions", "Hướng dẫn", "Instructions")
"""The instructions sheet (key, vi, en): not read on import."""
CODE_LISTS = ("code_lists", "Danh mục", "Code lists")
"""The code-lists sheet (key, vi, en): not read on import; drop-downs point at it."""

GROUP_TITLES: dict[str, tuple[str, str]] = {
    "recurrence": ("Lặp lại", "Recurrence"),
    "inputs": ("Đầu vào", "Inputs"),
    "outputs": ("Đầu ra", "Outputs"),
}
"""Titles of the nested models spread over several columns (for errors about the whole group)."""

VOCAB_TITLES: dict[str, tuple[str, str]] = {
    "AdminUnitLevel": ("Cấp hành chính", "Administrative level"),
    "AgencyKind": ("Loại cơ quan", "Agency kind"),
    "ManagementLevel": ("Cấp quản lý", "Management level"),
    "AgencyEventKind": ("Loại biến động", "Agency event kind"),
    "StandardVersion": ("Phiên bản tiêu chuẩn", "Standard version"),
    "AnnouncementReason": ("Lý do công bố", "Announcement reason"),
    "FindingGrade": ("Mức độ", "Finding grade"),
    "FindingSource": ("Nguồn phát hiện", "Finding source"),
    "CorrectiveActionState": ("Trạng thái khắc phục", "Corrective action state"),
    "ActivityKind": ("Hoạt động", "Activity kind"),
    "Frequency": ("Tần suất", "Frequency"),
    "InspectionForm": ("Hình thức kiểm tra", "Inspection form"),
    "ChecklistItem": ("Tiêu chí kiểm tra", "Checklist item"),
    "StatutoryReportKind": ("Loại báo cáo", "Statutory report kind"),
}
"""Titles of the vocabularies on the code-lists sheet."""


def vocabularies() -> tuple[type[LabelledEnum], ...]:
    """Every vocabulary used by an `enum` column, in first-use order."""
    seen: dict[type[LabelledEnum], None] = {}
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.enum is not None:
                seen.setdefault(col.enum, None)
    return tuple(seen)


def sheet_lookup() -> dict[str, tuple[str, Language | None]]:
    """Folded sheet name (vi, en or key) -> (sheet key, language of that name)."""
    table: dict[str, tuple[str, Language | None]] = {}
    for sheet in SHEETS:
        table[fold(sheet.key)] = (sheet.key, None)
        table[fold(sheet.en)] = (sheet.key, "en")
        table[fold(sheet.vi)] = (sheet.key, "vi")
    for key, vi, en in (INSTRUCTIONS, CODE_LISTS):
        table[fold(key)] = (key, None)
        table[fold(en)] = (key, "en")
        table[fold(vi)] = (key, "vi")
    return table


def untitled_columns(sheets: Iterable[Sheet] = SHEETS) -> list[str]:
    """Columns the layout made from a field's name because its table does not list the field.

    They work (the values are written and read back), but a person reads `Reviewer id` where
    the other columns have Vietnamese titles: give each its titles in `SHEETS` (a test asks
    for none).
    """
    return [f"{s.key}.{c.key}" for s in sheets for c in s.columns if not c.titled]


def uncovered_fields() -> list[str]:
    """Fields of a record or nested model that no column or child sheet holds (should be none)."""
    missing: list[str] = []
    for sheet in SHEETS:
        covered = {c.key.split(".")[0] for c in sheet.columns if not c.link}
        covered |= {SHEET_BY_KEY[k].field or "" for k in sheet.children}
        for name in sheet.model.model_fields:
            if name not in covered:
                missing.append(f"{sheet.model.__name__}.{name}")
        for col in sheet.columns:
            if "." in col.key:
                group = col.key.split(".")[0]
                nested, _ = field_annotation(sheet.model, group)
                names = {
                    c.key.split(".", 1)[1] for c in sheet.columns if c.key.startswith(group + ".")
                }
                missing.extend(
                    f"{sheet.model.__name__}.{group}.{n}"
                    for n in nested.model_fields
                    if n not in names and f"{sheet.model.__name__}.{group}.{n}" not in missing
                )
    for collection in COLLECTIONS:
        if collection not in SHEET_BY_KEY:
            missing.append(f"collection {collection}")
    return missing
