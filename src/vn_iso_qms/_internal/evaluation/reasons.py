"""The reason catalogue: every reason code, declared once, with its Vietnamese and English templates.

A [`Reason`][vn_iso_qms.Reason] holds a code and the parameters of its template; its messages are
rendered from the catalogue when asked for. Templates use `str.format` fields with a type after
the colon, so that a parameter is stored as plain JSON and shown in each language's way:

- `{due:date}`: an ISO date, shown `dd/mm/yyyy` in Vietnamese and `yyyy-mm-dd` in English;
- `{codes:list}`: a list of strings, joined with ", ";
- `{kind:ActivityKind}`: the code of a vocabulary, shown as its label (`:lower` lower-cases it);
- `{count}`: anything else, as text.

A part in square brackets is left out when a field inside it has no value: `[ (decision
{decision})]`.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Self

from pydantic import Field, computed_field, model_validator
from pydantic_core import PydanticCustomError

from vn_iso_qms._internal.base import QmsModel
from vn_iso_qms._internal.evaluation.law import Citation
from vn_iso_qms._internal.evaluation.status import ActivityStatus
from vn_iso_qms._internal.vocab import (
    ActivityKind,
    AgencyKind,
    ChecklistItem,
    FindingGrade,
    ObligationClass,
    StandardVersion,
    StatutoryReportKind,
)
from vn_iso_qms._internal.vocab_base import LabelledEnum, Language

ParamValue = str | int | tuple[str, ...]
"""A reason parameter: text, a whole number, or a list of texts (dates are ISO text)."""


class Ending(LabelledEnum, source="vn_iso_qms reason catalogue"):
    """How a unit ended (the verb of an `agency_ended` reason)."""

    MERGED_INTO = "merged_into", "sáp nhập vào", "merged into"
    """Merged into another unit."""
    SPLIT = "split", "chia tách thành", "split into"
    """Split into several units."""
    DISSOLVED = "dissolved", "giải thể", "dissolved"
    """Dissolved."""
    ENDED = "ended", "kết thúc hoạt động", "closed"
    """Ended (its validity ended, or another ending event)."""


class ScopeChange(
    LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 4.4.c (điều chỉnh, mở rộng, thu hẹp)"
):
    """What changed a QMS's scope (the subject of a re-announcement reason)."""

    EXPANDED = "expanded", "mở rộng", "expanded"
    """A procedure was published: the scope must grow."""
    NARROWED = "narrowed", "thu hẹp", "narrowed"
    """A procedure was abolished: the scope must shrink."""
    MERGER = "merger", "thay đổi do sáp nhập", "changed by a merger"
    """A unit merged into one the QMS covers."""
    SUCCESSION = (
        "succession",
        "thay đổi do đơn vị kế thừa tiếp nhận",
        "taken over by a successor",
    )
    """A successor agency took over its predecessors' QMS (`Policy.successor_qms` `inherit`)."""
    DECIDED = "decided", "điều chỉnh theo quyết định", "changed by a decision"
    """A recorded decision changed the scope otherwise (e.g. internal activities brought in)."""


class TthcChange(
    LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 4.3 (ban hành, sửa đổi, thay thế, bãi bỏ)"
):
    """A change of a procedure that the province's published list must show (TT 26 Art. 4.3)."""

    PUBLISHED = "published", "công bố", "published"
    """Issued (or amended, replaced: a new publication)."""
    ABOLISHED = "abolished", "bãi bỏ", "abolished"
    """Abolished."""
    MOVED = "moved", "chuyển cơ quan thực hiện", "moved to another agency"
    """Handed to another agency."""


class VersionProblem(
    LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 4 (last paragraph); Công văn 419/BKHCN-TĐC"
):
    """Why the edition of the standard an announcement is on is not accepted."""

    NO_LONGER_ACCEPTED = "no_longer_accepted", "không còn được chấp nhận", "no longer accepted"
    """Its acceptance ended (TCVN ISO 9001:2008 after 30/06/2021)."""
    TRANSITION_OVER = (
        "transition_over",
        "hết thời hạn chuyển đổi theo chính sách",
        "past the policy's transition deadline",
    )
    """The policy's transition deadline has passed."""
    NOT_YET_ACCEPTED = (
        "not_yet_accepted",
        "chưa được chấp nhận (chưa có ngày áp dụng)",
        "not accepted yet (no adoption date)",
    )
    """No adoption date is known yet."""


class ProvincePlan(
    LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 6; TT 26/2014/TT-BKHCN Art. 34.1.b"
):
    """The two yearly plans a province approves."""

    IMPLEMENTATION = "implementation", "Kế hoạch triển khai", "Implementation plan"
    """Kế hoạch triển khai (QĐ 19 Art. 6)."""
    INSPECTION = "inspection", "Kế hoạch kiểm tra", "Inspection plan"
    """Kế hoạch kiểm tra (TT 26 Art. 34.1.b)."""


_VOCABULARIES: Mapping[str, type[LabelledEnum]] = {
    cls.__name__: cls
    for cls in (
        ActivityKind,
        ActivityStatus,
        AgencyKind,
        ChecklistItem,
        Ending,
        FindingGrade,
        ObligationClass,
        ProvincePlan,
        ScopeChange,
        StandardVersion,
        StatutoryReportKind,
        TthcChange,
        VersionProblem,
    )
}
"""The vocabularies a template may name after a field's colon."""

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FORMATTER = string.Formatter()


def format_date(day: dt.date, lang: Language = "vi") -> str:
    """A date as each language writes it: `dd/mm/yyyy` (vi) or ISO `yyyy-mm-dd` (en).

    The one date formatter of reasons and reports (from the fields: `strftime` costs ten times
    more, and runs for every reason).

    Examples:
        >>> format_date(dt.date(2023, 4, 30)), format_date(dt.date(2023, 4, 30), "en")
        ('30/04/2023', '2023-04-30')
    """
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _show(value: ParamValue, spec: str, lang: Language) -> str:
    kind, _, option = spec.partition(":")
    if kind == "date":
        text = format_date(dt.date.fromisoformat(str(value)), lang)
    elif kind == "list":
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
    elif kind:
        text = _VOCABULARIES[kind](str(value)).label(lang)
    else:
        text = str(value)
    return text.lower() if option == "lower" else text


def _param_problem(spec: str, value: ParamValue) -> str | None:
    """Why `value` cannot fill a field of type `spec`, or None when it can."""
    kind = spec.partition(":")[0]
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{value!r} is not an ISO date"
    elif kind and kind != "list":
        vocabulary = _VOCABULARIES[kind]
        if str(value) not in vocabulary._value2member_map_:
            return f"{value!r} is not a code of {kind}"
    return None


@dataclass(frozen=True, slots=True)
class Template:
    """One language's template of a reason code, parsed once."""

    text: str
    """The template, `str.format` fields with types (see the module docs)."""

    @property
    def fields(self) -> dict[str, str]:
        """Each field name and its type (`""` for plain text)."""
        return _fields(self.text)

    def render(self, params: Mapping[str, ParamValue | None], lang: Language) -> str:
        """The message, with optional `[...]` parts left out when a field inside has no value."""

        def keep(match: re.Match[str]) -> str:
            inner = match.group(1)
            wanted = _fields(inner)
            return inner if all(params.get(n) not in (None, "", ()) for n in wanted) else ""

        text = _OPTIONAL.sub(keep, self.text)
        out: list[str] = []
        for literal, name, spec, _ in _FORMATTER.parse(text):
            out.append(literal)
            if name is not None:
                value = params.get(name)
                out.append("" if value is None else _show(value, spec or "", lang))
        return "".join(out)


@cache
def _fields(text: str) -> dict[str, str]:
    return {
        name: spec or ""
        for _, name, spec, _ in _FORMATTER.parse(text.replace("[", "").replace("]", ""))
        if name
    }


class ReasonCode(StrEnum):
    """Every reason code a statutory rule, verdict or report can give, with its two templates.

    The value is the stable code (API); `vi` and `en` are the message templates (not API: they
    may be reworded). [`Reason`][vn_iso_qms.Reason] renders them with its parameters.

    Examples:
        >>> ReasonCode.INTERNAL_AUDIT_MISSING.render({"start": "2023-01-01",
        ...     "end": "2023-12-31"}, "en")
        'No internal audit in the period 2023-01-01 - 2023-12-31'
    """

    vi: Template
    """The Vietnamese template."""
    en: Template
    """The English template."""
    types: Mapping[str, str]
    """Each parameter the templates take, with its type (`""` for plain text)."""
    params: frozenset[str]
    """The parameters the templates take."""
    required: frozenset[str]
    """The parameters outside optional `[...]` parts: a reason must give them."""

    def __new__(cls, code: str, vi: str, en: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.vi = Template(vi)
        member.en = Template(en)
        member.types = {**_fields(vi), **_fields(en)}
        member.params = frozenset(member.types)
        outside = _OPTIONAL.sub("", vi) + _OPTIONAL.sub("", en)
        member.required = frozenset(_fields(outside))
        return member

    def render(self, params: Mapping[str, ParamValue | None], lang: Language = "vi") -> str:
        """The message in `lang` with `params`."""
        return (self.vi if lang == "vi" else self.en).render(params, lang)

    # --- who the duty applies to ----------------------------------------------------------
    AGENCY_ENDED = (
        "agency_ended",
        "Đơn vị đã {how:Ending}[ {successors:list}] từ ngày {date:date}[ (Quyết định {decision})]",
        "The unit was {how:Ending}[ {successors:list}] on {date:date}[ (decision {decision})]",
    )
    AGENCY_NOT_YET_ESTABLISHED = (
        "agency_not_yet_established",
        "Đơn vị được thành lập từ ngày {date:date}",
        "The unit is established on {date:date}",
    )
    DISTRICT_LEVEL_ABOLISHED = (
        "district_level_abolished",
        "Cấp huyện đã kết thúc hoạt động từ ngày {date:date}",
        "The district level ended on {date:date}",
    )
    NOT_OBLIGED = (
        "not_obliged",
        "{kind:AgencyKind}: {obligation:ObligationClass:lower}, chưa áp dụng HTQLCL",
        "{kind:AgencyKind}: {obligation:ObligationClass:lower}, no QMS applied",
    )
    NOT_A_DISTRICT = (
        "not_a_district",
        "Chỉ áp dụng cho UBND cấp huyện",
        "Applies to district People's Committees only",
    )
    RULE_NOT_IN_FORCE = (
        "rule_not_in_force",
        "Quy định không có hiệu lực tại ngày {day:date} (hiệu lực[ từ {start:date}][ đến hết ngày {end:date}])",
        "The provision is not in force on {day:date} (in force[ from {start:date}][ until {end:date}])",
    )
    SUCCESSOR_ANNOUNCES_ANEW = (
        "successor_announces_anew",
        "Đơn vị kế thừa {units:list} từ ngày {since:date}: công bố HTQLCL của mình, công bố của đơn vị cũ không tính (theo chính sách: công bố mới)",
        "Successor of {units:list} since {since:date}: it announces its own QMS; a predecessor's announcement does not count (by the policy: announce anew)",
    )
    QMS_INHERITED = (
        "qms_inherited",
        "HTQLCL kế thừa từ {predecessor}: công bố[ (Quyết định {decision})] ngày {date:date} tiếp tục có hiệu lực từ ngày {since:date} (theo chính sách: đơn vị kế thừa tiếp nhận công bố)",
        "QMS inherited from {predecessor}: its announcement[ (decision {decision})] of {date:date} stays in effect from {since:date} (by the policy: the successor inherits)",
    )
    PROVINCE_ENDED = (
        "province_ended",
        "Tỉnh hoạt động đến hết ngày {date:date}[, đơn vị kế thừa: {successors:list}]: nhiệm vụ đến hạn ngày {due:date}, sau khi tỉnh kết thúc",
        "The province's last day was {date:date}[, succeeded by {successors:list}]: the duty falls due on {due:date}, after its end",
    )
    PROVINCE_NOT_YET_ESTABLISHED = (
        "province_not_yet_established",
        "Tỉnh được thành lập từ ngày {date:date}",
        "The province is established on {date:date}",
    )
    NEW_OBLIGEE_GRACE = (
        "new_obligee_grace",
        "Đơn vị thuộc đối tượng từ ngày {since:date}: chưa đến hạn đến ngày {until:date} (thời gian cho đơn vị mới, theo chính sách)",
        "Obliged since {since:date}: not due until {until:date} (time given to a new unit, by the policy)",
    )
    NO_QMS_UNIT = (
        "no_qms_unit",
        "Chưa có HTQLCL bao quát đơn vị",
        "No QMS unit covers the agency",
    )
    # --- lifecycle and announcement -------------------------------------------------------
    NOT_ANNOUNCED = (
        "not_announced",
        "{qms} chưa được công bố phù hợp TCVN ISO 9001",
        "{qms} has not been announced as conforming to TCVN ISO 9001",
    )
    ANNOUNCED = (
        "announced",
        "Đã công bố[ theo Quyết định {decision}] ngày {date:date}",
        "Announced[ by decision {decision}] on {date:date}",
    )
    TOO_MANY_SEPARATE_QMS = (
        "too_many_separate_qms",
        "Có {count} HTQLCL riêng của phòng chuyên môn (tối đa {limit})",
        "{count} separate division QMS units (at most {limit} allowed)",
    )
    SCOPE_MISSING_TTHC = (
        "scope_missing_tthc",
        "Phạm vi công bố chưa bao gồm {count} TTHC: {codes:list}",
        "The announced scope lacks {count} procedure(s): {codes:list}",
    )
    BEFORE_ANNOUNCEMENT_DOCUMENTS_NOT_APPROVED = (
        "before_announcement_documents_not_approved",
        "Không có ban hành tài liệu, quy trình trước khi công bố ngày {date:date}",
        "No approval of documents before the announcement of {date:date}",
    )
    BEFORE_ANNOUNCEMENT_INTERNAL_AUDIT_MISSING = (
        "before_announcement_internal_audit_missing",
        "Không có đánh giá nội bộ trước khi công bố ngày {date:date}",
        "No internal audit before the announcement of {date:date}",
    )
    BEFORE_ANNOUNCEMENT_MANAGEMENT_REVIEW_MISSING = (
        "before_announcement_management_review_missing",
        "Không có xem xét của lãnh đạo trước khi công bố ngày {date:date}",
        "No management review before the announcement of {date:date}",
    )
    BEFORE_ANNOUNCEMENT_CONFIRMATION_MISSING = (
        "before_announcement_confirmation_missing",
        "Không có xác nhận hiệu lực trước khi công bố ngày {date:date}",
        "No confirmation of effectiveness before the announcement of {date:date}",
    )
    STEP_PRESUMED = (
        "step_presumed",
        "Bước {step:ActivityKind:lower} trước khi công bố ngày {date:date} được suy đoán đã thực hiện: sổ theo dõi không có hồ sơ loại này trước ngày {kept_from:date} (chưa có chứng cứ, không phải không đạt)",
        "The step {step:ActivityKind:lower} before the announcement of {date:date} is presumed done: the registry holds no record of this kind before {kept_from:date} (not evidenced, not a failure)",
    )
    STEPS_OUT_OF_ORDER = (
        "steps_out_of_order",
        "Thứ tự chưa đúng: đánh giá nội bộ → xem xét của lãnh đạo → xác nhận hiệu lực → công bố",
        "Steps out of order: internal audit → management review → confirmation → announcement",
    )
    LEAD_UNIT_NOTICE_MISSING = (
        "lead_unit_notice_missing",
        "Quyết định công bố[ {decision}]: chưa thông báo bằng văn bản tới đơn vị chủ trì (hạn {due:date})",
        "Announcement[ {decision}]: no written notice to the lead unit (due {due:date})",
    )
    LEAD_UNIT_NOTICE_LATE = (
        "lead_unit_notice_late",
        "Quyết định công bố[ {decision}]: trễ hạn thông báo bằng văn bản tới đơn vị chủ trì (hạn {due:date})",
        "Announcement[ {decision}]: late written notice to the lead unit (due {due:date})",
    )
    LEAD_UNIT_NOTICE_PENDING = (
        "lead_unit_notice_pending",
        "Quyết định công bố[ {decision}]: chưa thông báo bằng văn bản tới đơn vị chủ trì, chưa đến hạn (hạn {due:date})",
        "Announcement[ {decision}]: no written notice to the lead unit yet, not due (due {due:date})",
    )
    OFFICE_POSTING_MISSING = (
        "office_posting_missing",
        "Quyết định công bố[ {decision}]: chưa niêm yết tại trụ sở (hạn {due:date})",
        "Announcement[ {decision}]: not posted at the office (due {due:date})",
    )
    OFFICE_POSTING_LATE = (
        "office_posting_late",
        "Quyết định công bố[ {decision}]: trễ hạn niêm yết tại trụ sở (hạn {due:date})",
        "Announcement[ {decision}]: posted at the office late (due {due:date})",
    )
    OFFICE_POSTING_PENDING = (
        "office_posting_pending",
        "Quyết định công bố[ {decision}]: chưa niêm yết tại trụ sở, chưa đến hạn (hạn {due:date})",
        "Announcement[ {decision}]: not posted at the office yet, not due (due {due:date})",
    )
    ONLINE_PUBLICATION_MISSING = (
        "online_publication_missing",
        "Quyết định công bố[ {decision}]: chưa đăng tải trên trang thông tin điện tử (hạn {due:date})",
        "Announcement[ {decision}]: not published on the website (due {due:date})",
    )
    ONLINE_PUBLICATION_LATE = (
        "online_publication_late",
        "Quyết định công bố[ {decision}]: trễ hạn đăng tải trên trang thông tin điện tử (hạn {due:date})",
        "Announcement[ {decision}]: published on the website late (due {due:date})",
    )
    ONLINE_PUBLICATION_PENDING = (
        "online_publication_pending",
        "Quyết định công bố[ {decision}]: chưa đăng tải trên trang thông tin điện tử, chưa đến hạn (hạn {due:date})",
        "Announcement[ {decision}]: not published on the website yet, not due (due {due:date})",
    )
    THIRD_PARTY_CERTIFICATION = (
        "third_party_certification",
        "Cơ quan hành chính không được thuê tổ chức chứng nhận (chứng nhận, giám sát, chứng nhận lại)",
        "Administrative agencies may not hire a certification body",
    )
    STANDARD_VERSION_NOT_ACCEPTED = (
        "standard_version_not_accepted",
        "Áp dụng {standard:StandardVersion}: {problem:VersionProblem} tại ngày {day:date}",
        "On {standard:StandardVersion}: {problem:VersionProblem} on {day:date}",
    )
    NOT_ON_EISO = (
        "not_on_eiso",
        "HTQLCL chưa vận hành trên phần mềm ISO điện tử tại ngày {day:date}",
        "The QMS does not run on e-ISO software on {day:date}",
    )
    # --- yearly maintenance ---------------------------------------------------------------
    LEGAL_UPDATE_LATE = (
        "legal_update_late",
        "Văn bản[ {document}] có hiệu lực {effective:date}: cập nhật trễ ngày {done:date}; hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Legal document[ {document}] effective {effective:date}: updated late on {done:date}; due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    LEGAL_UPDATE_MISSING = (
        "legal_update_missing",
        "Văn bản[ {document}] có hiệu lực {effective:date}: chưa cập nhật; hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Legal document[ {document}] effective {effective:date}: not updated; due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    LEGAL_UPDATE_PENDING = (
        "legal_update_pending",
        "Văn bản[ {document}] có hiệu lực {effective:date}: chưa cập nhật (chưa đến hạn); hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Legal document[ {document}] effective {effective:date}: not updated yet (not due); due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    NO_LEGAL_CHANGE = (
        "no_legal_change",
        "Không có thay đổi văn bản pháp luật liên quan trong kỳ",
        "No relevant legal change in the period",
    )
    INTERNAL_AUDIT_DONE = (
        "internal_audit_done",
        "Đã đánh giá nội bộ ngày {date:date}",
        "Internal audit done on {date:date}",
    )
    INTERNAL_AUDIT_MISSING = (
        "internal_audit_missing",
        "Chưa đánh giá nội bộ trong kỳ {start:date} - {end:date}",
        "No internal audit in the period {start:date} - {end:date}",
    )
    MANAGEMENT_REVIEW_DONE = (
        "management_review_done",
        "Đã xem xét của lãnh đạo ngày {date:date}",
        "Management review held on {date:date}",
    )
    MANAGEMENT_REVIEW_MISSING = (
        "management_review_missing",
        "Chưa xem xét của lãnh đạo trong kỳ {start:date} - {end:date}",
        "No management review in the period {start:date} - {end:date}",
    )
    REVIEW_BEFORE_AUDIT = (
        "review_before_audit",
        "Xem xét của lãnh đạo trong kỳ không được thực hiện sau đánh giá nội bộ",
        "No management review in the period follows the period's internal audit",
    )
    NO_AUDIT_AND_REVIEW = (
        "no_audit_and_review",
        "Trong kỳ chưa có cả đánh giá nội bộ và xem xét của lãnh đạo để so thứ tự",
        "The period has not both an internal audit and a management review to compare",
    )
    REANNOUNCEMENT_LATE = (
        "reannouncement_late",
        "Phạm vi {change:ScopeChange} ngày {date:date} ({subject}): công bố lại trễ hạn; hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Scope {change:ScopeChange} on {date:date} ({subject}): re-announced late; due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    REANNOUNCEMENT_MISSING = (
        "reannouncement_missing",
        "Phạm vi {change:ScopeChange} ngày {date:date} ({subject}): chưa công bố lại; hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Scope {change:ScopeChange} on {date:date} ({subject}): not re-announced; due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    REANNOUNCEMENT_PENDING = (
        "reannouncement_pending",
        "Phạm vi {change:ScopeChange} ngày {date:date} ({subject}): chưa công bố lại, chưa đến hạn; hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ]",
        "Scope {change:ScopeChange} on {date:date} ({subject}): not re-announced yet, not due; due {due:date}[, moved from {moved_from:date}, a day off]",
    )
    NO_SCOPE_CHANGE = (
        "no_scope_change",
        "Không có thay đổi phạm vi trong kỳ",
        "No scope change in the period",
    )
    # --- corrective action ----------------------------------------------------------------
    NONCONFORMITY_ACTION_MISSING = (
        "nonconformity_action_missing",
        "Điểm không phù hợp ngày {raised:date} chưa có hành động khắc phục (hạn {due:date})",
        "Nonconformity of {raised:date} has no corrective action (due {due:date})",
    )
    NONCONFORMITY_ACTION_PENDING = (
        "nonconformity_action_pending",
        "Điểm không phù hợp ngày {raised:date} chưa có hành động khắc phục, chưa đến hạn (hạn {due:date})",
        "Nonconformity of {raised:date} has no corrective action yet, not due (due {due:date})",
    )
    NONCONFORMITY_ACTION_OPENING_LATE = (
        "nonconformity_action_opening_late",
        "Điểm không phù hợp ngày {raised:date}: hành động khắc phục mở ngày {done:date}, sau {days} ngày theo thực hành tốt (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Nonconformity of {raised:date}: corrective action opened on {done:date}, later than the {days} days of good practice (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    NONCONFORMITY_ACTION_OPENING_MISSING = (
        "nonconformity_action_opening_missing",
        "Điểm không phù hợp ngày {raised:date}: chưa mở hành động khắc phục sau {days} ngày theo thực hành tốt (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Nonconformity of {raised:date}: no corrective action opened within the {days} days of good practice (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    NONCONFORMITY_ACTION_OPENING_PENDING = (
        "nonconformity_action_opening_pending",
        "Điểm không phù hợp ngày {raised:date}: chưa mở hành động khắc phục, còn trong {days} ngày theo thực hành tốt (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Nonconformity of {raised:date}: no corrective action opened yet, within the {days} days of good practice (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    CORRECTIVE_ACTION_LATE = (
        "corrective_action_late",
        "Hành động khắc phục điểm không phù hợp ngày {raised:date} hoàn thành trễ ngày {done:date} (hạn {due:date})",
        "Corrective action on the nonconformity of {raised:date} completed late on {done:date} (due {due:date})",
    )
    CORRECTIVE_ACTION_MISSING = (
        "corrective_action_missing",
        "Hành động khắc phục điểm không phù hợp ngày {raised:date} quá hạn {due:date}, chưa xác nhận hiệu lực",
        "Corrective action on the nonconformity of {raised:date} overdue since {due:date}, effectiveness not verified",
    )
    NO_NONCONFORMITY = (
        "no_nonconformity",
        "Không có điểm không phù hợp cần khắc phục trong kỳ",
        "No nonconformity to correct in the period",
    )
    # --- inspections ----------------------------------------------------------------------
    MINUTES_NOT_SIGNED = (
        "minutes_not_signed",
        "Biên bản kiểm tra ngày {date:date} chưa ghi ngày ký",
        "The minutes of the inspection of {date:date} have no signing date",
    )
    CORRECTIVE_REPORT_NOT_ACCEPTED = (
        "corrective_report_not_accepted",
        "Báo cáo khắc phục sau kiểm tra ngày {date:date} chưa được chấp nhận",
        "The corrective-action report after the inspection of {date:date} was not accepted",
    )
    CORRECTIVE_REPORT_LATE = (
        "corrective_report_late",
        "Báo cáo khắc phục sau kiểm tra ngày {date:date}: trễ hạn (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Corrective-action report after the inspection of {date:date}: late (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    CORRECTIVE_REPORT_MISSING = (
        "corrective_report_missing",
        "Báo cáo khắc phục sau kiểm tra ngày {date:date}: quá hạn, chưa báo cáo (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Corrective-action report after the inspection of {date:date}: overdue (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    CORRECTIVE_REPORT_PENDING = (
        "corrective_report_pending",
        "Báo cáo khắc phục sau kiểm tra ngày {date:date}: chưa đến hạn (hạn {due:date}[, lùi từ {moved_from:date} là ngày nghỉ])",
        "Corrective-action report after the inspection of {date:date}: not yet due (due {due:date}[, moved from {moved_from:date}, a day off])",
    )
    NO_INSPECTION_ISSUE = (
        "no_inspection_issue",
        "Không có kiểm tra tại trụ sở phát hiện tồn tại cần báo cáo",
        "No on-site inspection with issues to report on",
    )
    NO_ON_SITE_INSPECTION = (
        "no_on_site_inspection",
        "Không được kiểm tra tại trụ sở trong kỳ",
        "Not inspected on site in the period",
    )
    CHECKLIST_ITEM_NOT_MET = (
        "checklist_item_not_met",
        "Kiểm tra ngày {date:date}, không đạt: {item:ChecklistItem}[ ({note})]",
        "Inspection of {date:date}, not met: {item:ChecklistItem}[ ({note})]",
    )
    INSPECTION_NONCONFORMITY = (
        "inspection_nonconformity",
        "Kiểm tra ngày {date:date}, {grade:FindingGrade:lower}: {item:ChecklistItem}[ - {description}]",
        "Inspection of {date:date}, {grade:FindingGrade:lower}: {item:ChecklistItem}[ - {description}]",
    )
    # --- verdicts -------------------------------------------------------------------------
    ALL_DUTIES_MET = (
        "all_duties_met",
        "Đã thực hiện đầy đủ các yêu cầu áp dụng, duy trì, cải tiến HTQLCL trong kỳ",
        "Every yearly duty of applying, maintaining and improving the QMS was met",
    )
    NOT_IN_PLAN = (
        "not_in_plan",
        "Đơn vị không có trong kế hoạch được phê duyệt năm {year}",
        "The unit is not in an approved plan for {year}",
    )
    PLAN_ACTIVITIES_ON_TIME = (
        "plan_activities_on_time",
        "Thực hiện đúng hạn {count} hoạt động theo kế hoạch[ {plan}]",
        "All {count} activities of plan[ {plan}] done on time",
    )
    PLAN_ACTIVITY_LATE = (
        "plan_activity_late",
        "{kind:ActivityKind} (hạn {due:date}): trễ hạn[, thực hiện ngày {done:date}]",
        "{kind:ActivityKind} (due {due:date}): late[, done on {done:date}]",
    )
    PLAN_ACTIVITY_MISSING = (
        "plan_activity_missing",
        "{kind:ActivityKind} (hạn {due:date}): quá hạn, chưa thực hiện",
        "{kind:ActivityKind} (due {due:date}): overdue",
    )
    PLAN_ACTIVITY_PENDING = (
        "plan_activity_pending",
        "{kind:ActivityKind} (hạn {due:date}): chưa đến hạn",
        "{kind:ActivityKind} (due {due:date}): not yet due",
    )
    # --- province duties ------------------------------------------------------------------
    NO_OBLIGED_AGENCY = (
        "no_obliged_agency",
        "Không có cơ quan thuộc đối tượng bắt buộc",
        "No obliged agency in the province",
    )
    COVERAGE_FIGURES = (
        "coverage_figures",
        "{population} cơ quan thuộc đối tượng; đã kiểm tra {inspected}, trong đó tại trụ sở {on_site} (tối thiểu {needed})",
        "{population} obliged agencies; {inspected} inspected, {on_site} on site (minimum {needed})",
    )
    AGENCIES_NOT_INSPECTED = (
        "agencies_not_inspected",
        "{count} cơ quan chưa được kiểm tra (kể cả qua hồ sơ): {units:list}",
        "{count} agencies not inspected, not even by desk review: {units:list}",
    )
    ON_SITE_BELOW_ONE_THIRD = (
        "on_site_below_one_third",
        "Kiểm tra tại trụ sở {on_site} < {needed} (1/3 của {population})",
        "{on_site} on-site inspections < {needed} (1/3 of {population})",
    )
    PLAN_COVERAGE_FIGURES = (
        "plan_coverage_figures",
        "Kế hoạch kiểm tra: {population} đơn vị phải kiểm tra; kế hoạch có {planned}, trong đó tại trụ sở {on_site} (tối thiểu {needed})",
        "Inspection plan: {population} units to inspect; {planned} planned, {on_site} on site (minimum {needed})",
    )
    PLAN_LEAVES_OUT_UNITS = (
        "plan_leaves_out_units",
        "Kế hoạch kiểm tra không có {count} đơn vị phải kiểm tra: {units:list}",
        "The inspection plan leaves out {count} unit(s) to inspect: {units:list}",
    )
    PLAN_ON_SITE_BELOW_ONE_THIRD = (
        "plan_on_site_below_one_third",
        "Kế hoạch kiểm tra tại trụ sở {on_site} < {needed} (1/3 của {population})",
        "{on_site} on-site inspections planned < {needed} (1/3 of {population})",
    )
    REPORT_SUBMITTED = (
        "report_submitted",
        "{kind:StatutoryReportKind}: đã gửi ngày {date:date}",
        "{kind:StatutoryReportKind}: submitted on {date:date}",
    )
    REPORT_LATE = (
        "report_late",
        "{kind:StatutoryReportKind} năm {year}: trễ hạn (hạn {due:date})",
        "{kind:StatutoryReportKind} for {year}: late (due {due:date})",
    )
    REPORT_MISSING = (
        "report_missing",
        "{kind:StatutoryReportKind} năm {year}: quá hạn, chưa gửi (hạn {due:date})",
        "{kind:StatutoryReportKind} for {year}: overdue (due {due:date})",
    )
    REPORT_PENDING = (
        "report_pending",
        "{kind:StatutoryReportKind} năm {year}: chưa đến hạn (hạn {due:date})",
        "{kind:StatutoryReportKind} for {year}: not yet due (due {due:date})",
    )
    PLAN_APPROVED = (
        "plan_approved",
        "{plan:ProvincePlan} năm {year} được phê duyệt ngày {date:date}",
        "The {plan:ProvincePlan:lower} for {year} was approved on {date:date}",
    )
    PLAN_MISSING = (
        "plan_missing",
        "Chưa có {plan:ProvincePlan:lower} năm {year} được phê duyệt",
        "No approved {plan:ProvincePlan:lower} for {year}",
    )
    # --- reporting: units no province reports ---------------------------------------------
    NO_ADMIN_UNIT = (
        "no_admin_unit",
        "{unit}: cả đơn vị và các cơ quan cấp trên đều không gắn với đơn vị hành chính nào, "
        "nên không thuộc báo cáo của tỉnh nào",
        "{unit}: neither the unit nor any agency above it names an administrative unit, so no "
        "province's report counts it",
    )
    ADMIN_UNIT_OUTSIDE_PROVINCE = (
        "admin_unit_outside_province",
        "{unit}: đơn vị hành chính {admin_unit} không thuộc tỉnh nào (chuỗi đơn vị cấp trên "
        "không dẫn tới một tỉnh), nên không thuộc báo cáo của tỉnh nào",
        "{unit}: the administrative unit {admin_unit} belongs to no province (its chain of "
        "parent units reaches no province), so no province's report counts it",
    )
    # --- province: the published list of procedures (TT 26 Art. 4.3) -------------------------
    TTHC_LIST_UPDATE_LATE = (
        "tthc_list_update_late",
        "TTHC {tthc} ({change:TthcChange} theo quyết định ngày {date:date}): danh mục trên trang "
        "thông tin điện tử cập nhật trễ ngày {done:date}; hạn {due:date} (5 ngày làm việc)",
        "Procedure {tthc} ({change:TthcChange} by the decision of {date:date}): the list on the "
        "website updated late on {done:date}; due {due:date} (5 working days)",
    )
    TTHC_LIST_UPDATE_MISSING = (
        "tthc_list_update_missing",
        "TTHC {tthc} ({change:TthcChange} theo quyết định ngày {date:date}): danh mục trên trang "
        "thông tin điện tử chưa cập nhật; hạn {due:date} (5 ngày làm việc)",
        "Procedure {tthc} ({change:TthcChange} by the decision of {date:date}): the list on the "
        "website not updated; due {due:date} (5 working days)",
    )
    TTHC_LIST_UPDATE_PENDING = (
        "tthc_list_update_pending",
        "TTHC {tthc} ({change:TthcChange} theo quyết định ngày {date:date}): danh mục chưa cập "
        "nhật, chưa đến hạn; hạn {due:date} (5 ngày làm việc)",
        "Procedure {tthc} ({change:TthcChange} by the decision of {date:date}): the list not "
        "updated yet, not due; due {due:date} (5 working days)",
    )
    TTHC_LIST_UP_TO_DATE = (
        "tthc_list_up_to_date",
        "Danh mục TTHC trên trang thông tin điện tử cập nhật đúng hạn: {count} thay đổi",
        "The published list of procedures updated on time: {count} change(s)",
    )
    NO_TTHC_CHANGE = (
        "no_tthc_change",
        "Không có TTHC nào được công bố, bãi bỏ hoặc chuyển cơ quan thực hiện trong kỳ",
        "No procedure published, abolished or moved to another agency in the period",
    )


LEGACY_REASON_CODES: Mapping[str, ReasonCode] = {
    "lead_unit_not_notified": ReasonCode.LEAD_UNIT_NOTICE_MISSING,
    "lead_unit_not_notified_late": ReasonCode.LEAD_UNIT_NOTICE_LATE,
    "not_posted_at_office": ReasonCode.OFFICE_POSTING_MISSING,
    "not_posted_at_office_late": ReasonCode.OFFICE_POSTING_LATE,
    "not_published_online": ReasonCode.ONLINE_PUBLICATION_MISSING,
    "not_published_online_late": ReasonCode.ONLINE_PUBLICATION_LATE,
    "nonconformity_without_action": ReasonCode.NONCONFORMITY_ACTION_MISSING,
    "corrective_action_overdue": ReasonCode.CORRECTIVE_ACTION_MISSING,
    "plan_activity_overdue": ReasonCode.PLAN_ACTIVITY_MISSING,
}
"""Codes of version 0.1 that were renamed so that one situation has one suffix everywhere
(`_late`, `_missing`, `_pending`): old code → new code. Kept for one minor version."""


@dataclass(frozen=True, slots=True)
class DutyCodes:
    """The three codes of a duty not done on time: done late, missing (overdue), pending."""

    late: ReasonCode
    """Done, but after the deadline."""
    missing: ReasonCode
    """Not done, and the deadline has passed."""
    pending: ReasonCode
    """Not done, and not yet due."""

    def for_status(self, status: ActivityStatus) -> ReasonCode:
        """The code for a duty judged `status` (late, overdue or not yet due)."""
        if status is ActivityStatus.LATE:
            return self.late
        if status is ActivityStatus.OVERDUE:
            return self.missing
        if status is ActivityStatus.NOT_YET_DUE:
            return self.pending
        msg = f"a duty judged {status.value!r} has no shortfall code"
        raise ValueError(msg)


_BY_CODE: Mapping[str, ReasonCode] = {c.value: c for c in ReasonCode}


def _catalogued(code: str) -> ReasonCode | None:
    return _BY_CODE.get(code)


class Reason(QmsModel):
    """Why a rule or verdict has its status: a catalogued code, its parameters, and the law.

    The messages are rendered from the [catalogue][vn_iso_qms.ReasonCode] in either language
    when asked for (and written out in JSON as `message_vi` / `message_en` for other tools). A
    custom rule may give a code outside the catalogue with both messages spelled out.

    Examples:
        >>> r = Reason(code="internal_audit_done", params={"date": "2023-10-20"},
        ...            citation=Citation(instrument="QĐ 19/2014/QĐ-TTg", article="4"))
        >>> r.message_vi, r.message("en")
        ('Đã đánh giá nội bộ ngày 20/10/2023', 'Internal audit done on 2023-10-20')
        >>> Reason(code="my_check", message_vi="Chưa làm", message_en="Not done").message_en
        'Not done'
    """

    code: str
    """Stable machine-readable code (API): a [`ReasonCode`][vn_iso_qms.ReasonCode] value, or a
    custom rule's own code."""
    params: dict[str, ParamValue] = Field(default_factory=dict)
    """The template's parameters: texts, whole numbers, lists of texts; dates as ISO text."""
    citation: Citation | None = None
    """The legal source of the duty, when there is one."""
    record_ids: tuple[str, ...] = ()
    """Ids of the records involved (the audit, the legal change, the planned activity, ...)."""
    deadline: dt.date | None = None
    """The deadline that applied, when there was one."""
    text_vi: str | None = Field(default=None, exclude=True)
    """The Vietnamese message as given, for a code outside the catalogue (else None)."""
    text_en: str | None = Field(default=None, exclude=True)
    """The English message as given, for a code outside the catalogue (else None)."""

    def __init__(
        self,
        *,
        code: str,
        params: dict[str, ParamValue] | None = None,
        citation: Citation | None = None,
        record_ids: tuple[str, ...] = (),
        deadline: dt.date | None = None,
        message_vi: str | None = None,
        message_en: str | None = None,
    ) -> None:
        data: dict[str, Any] = {
            "code": code,
            "params": params or {},
            "citation": citation,
            "record_ids": record_ids,
            "deadline": deadline,
            "message_vi": message_vi,
            "message_en": message_en,
        }
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _given_messages(cls, data: Any) -> Any:
        # `message_vi` / `message_en` are rendered for a catalogued code with its parameters
        # (a dump carries them; they are not kept, so load -> dump -> load gives equal
        # reasons); otherwise they are the messages, kept as given.
        if not isinstance(data, dict) or not ({"message_vi", "message_en"} & set(data)):
            return data
        data = dict(data)
        vi, en = data.pop("message_vi", None), data.pop("message_en", None)
        code = _catalogued(str(data.get("code", "")))
        params = data.get("params") or {}
        derived = code is not None and isinstance(params, dict) and code.required <= set(params)
        if not derived and (vi is not None or en is not None):
            data["text_vi"], data["text_en"] = vi, en
        return data

    @model_validator(mode="after")
    def _check_catalogue(self) -> Self:
        code = _catalogued(self.code)
        if code is None or self.text_vi is not None or self.text_en is not None:
            if self.text_vi is None or self.text_en is None:
                msg = (
                    f"reason code {self.code!r} is not in the catalogue (ReasonCode): give "
                    "message_vi and message_en"
                )
                raise PydanticCustomError("unknown_reason_code", msg)
            return self
        wrong = _wrong_params(code, self.params)
        if wrong:
            raise PydanticCustomError("reason_params", wrong)
        for name, value in self.params.items():
            problem = _param_problem(code.types[name], value)
            if problem:
                msg = f"reason {self.code!r}, parameter {name!r}: {problem}"
                raise PydanticCustomError("reason_params", msg)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message_vi(self) -> str:
        """The message in Vietnamese."""
        return self.message("vi")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message_en(self) -> str:
        """The message in English."""
        return self.message("en")

    def message(self, lang: Language = "vi") -> str:
        """The message in `lang`."""
        given = self.text_vi if lang == "vi" else self.text_en
        if given is not None:
            return given
        return _BY_CODE[self.code].render(self.params, lang)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items())), self.citation, self.record_ids))


def _wrong_params(code: ReasonCode, params: Mapping[str, object]) -> str | None:
    """Why `params` cannot fill `code`'s templates (a required one missing, an unknown one)."""
    missing = code.required - params.keys()
    unknown = params.keys() - code.params
    if not missing and not unknown:
        return None
    return f"reason {code.value!r}: parameters missing {sorted(missing)}, unknown {sorted(unknown)}"


_FITTING: set[tuple[object, ...]] = set()
"""(code, parameter names...) that fill their code's templates: the check runs once for each.

Rules build tens of thousands of reasons per evaluation from a few dozen shapes; the set
operations of `_wrong_params` were a tenth of `make_reason`'s time (issue 28).
"""
_MAX_FITTING = 10_000
"""Beyond this many shapes (never reached by the catalogue), each reason is checked again."""


def make_reason(
    code: ReasonCode,
    *,
    citation: Citation | None = None,
    record_ids: tuple[str, ...] = (),
    deadline: dt.date | None = None,
    **params: ParamValue | dt.date | None,
) -> Reason:
    """A catalogued reason; dates become ISO text and `None` parameters are left out.

    The one way rules build reasons: the code is a catalogue member, so an undeclared code
    cannot be emitted, and the parameters are checked against the templates.

    Raises:
        ValueError: when a required parameter is missing or an unknown one is given.
    """
    values: dict[str, ParamValue] = {}
    for name, value in params.items():
        if value is None:
            continue
        values[name] = value.isoformat() if isinstance(value, dt.date) else value
    shape = (code, *values)
    if shape not in _FITTING:  # checked once per code and set of parameter names
        wrong = _wrong_params(code, values)
        if wrong:
            raise ValueError(wrong)
        if len(_FITTING) < _MAX_FITTING:
            _FITTING.add(shape)
    return Reason._unchecked(
        code=code._value_,  # the value without the `value` property (a tenth of the call)
        params=values,
        citation=citation,
        record_ids=record_ids,
        deadline=deadline,
        text_vi=None,
        text_en=None,
    )
