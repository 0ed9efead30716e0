"""The completeness report: recorded facts the law asks for that a registry does not hold.

A field is required in a record only when the law or a rule needs it to judge; every other fact
(the number of a decision, who signed it, a product name) is optional, so that a registry kept in
spreadsheets loads even when it lacks them. This report lists, per unit, which of those facts are
missing and the provision that asks for them. No rule reads them: a missing one never changes a
verdict (reasons then name the record without it).

It also lists the records whose absence changed or would change a verdict (`decides`): each
step of QĐ 19 Art. 4.2.a-d not recorded before the first announcement of a QMS none of whose
announcements has its four steps on record. By default such a step is presumed when the
registry could not show it ("not evidenced", DESIGN §9) and fails otherwise; recording it
settles the question under every reading. Each such fact says where to record it: the sheet
and column of the workbook (their machine keys).

Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from vn_iso_qms._internal.agency import AdministrativeUnit, Agency, ObligationDesignation
from vn_iso_qms._internal.audit import (
    CorrectiveAction,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from vn_iso_qms._internal.base import QmsModel, Record
from vn_iso_qms._internal.dataset import COLLECTION_OF, COLLECTIONS, QmsDataset
from vn_iso_qms._internal.evaluation.assignment import province_assignment
from vn_iso_qms._internal.evaluation.engine import make_context
from vn_iso_qms._internal.evaluation.kit import step_gaps, steps_precede
from vn_iso_qms._internal.evaluation.law import ISO9001, QD19, TT26, Citation, cite
from vn_iso_qms._internal.evaluation.policy import MissingHistory, Policy
from vn_iso_qms._internal.evaluation.reasons import format_date
from vn_iso_qms._internal.inspection import Inspection, InspectionPlan
from vn_iso_qms._internal.plan import AnnualPlan, PlanAmendment
from vn_iso_qms._internal.qms import (
    Announcement,
    DocumentApproval,
    EffectivenessConfirmation,
    LegalChange,
    Process,
    QmsUnit,
    Tthc,
)
from vn_iso_qms._internal.vocab import ActivityKind, AnnouncementReason, InspectionForm
from vn_iso_qms._internal.vocab_base import Language


@dataclass(frozen=True, slots=True)
class BookkeepingField:
    """An optional field of a record that the law asks an agency or a province to record.

    No rule reads it; the [completeness report][vn_iso_qms.reports.completeness_report] lists the
    records that lack it.
    """

    record_type: type[Record]
    """The record type."""
    path: str
    """The field's path in the record; a segment ending in `[]` walks a tuple
    (`"eiso[].product"`)."""
    label_vi: str
    """What the fact is, in Vietnamese."""
    label_en: str
    """What the fact is, in English."""
    citation: Citation | None
    """The provision that asks for it; None when only good record-keeping does."""
    applies: Callable[[Any], bool] | None = None
    """When given, the fact is asked for only of the records for which it returns True."""

    def label(self, lang: Language = "vi") -> str:
        """The label in `lang`."""
        return self.label_vi if lang == "vi" else self.label_en


def _on_site(inspection: Inspection) -> bool:
    return inspection.form is InspectionForm.ON_SITE


BOOKKEEPING_FIELDS: tuple[BookkeepingField, ...] = (
    BookkeepingField(
        Tthc, "name", "Tên thủ tục hành chính", "Name of the procedure", cite(TT26, "4", "2")
    ),
    BookkeepingField(QmsUnit, "name", "Tên HTQLCL", "Name of the QMS", None),
    BookkeepingField(
        QmsUnit,
        "eiso[].product",
        "Tên phần mềm ISO điện tử",
        "Name of the e-ISO software",
        cite(QD19, "11", "4"),
    ),
    BookkeepingField(
        Process,
        "code",
        "Mã hiệu quy trình",
        "Document code of the process",
        cite(TT26, "7", "2", "d"),
    ),
    BookkeepingField(
        Process, "name", "Tên quy trình", "Title of the process", cite(TT26, "7", "2", "d")
    ),
    BookkeepingField(
        Process,
        "revisions[].approved_by",
        "Người phê duyệt tài liệu",
        "Who approved the document",
        cite(QD19, "4", "2", "a"),
    ),
    BookkeepingField(
        Announcement,
        "decision_number",
        "Số quyết định công bố",
        "Number of the announcement decision",
        cite(QD19, "4", "3"),
    ),
    BookkeepingField(
        Announcement,
        "signer",
        "Người ký quyết định công bố",
        "Who signed the announcement",
        cite(QD19, "4", "3"),
    ),
    BookkeepingField(
        ObligationDesignation,
        "decision_number",
        "Số quyết định chỉ định áp dụng của UBND tỉnh",
        "Number of the provincial People's Committee's designation",
        cite(TT26, "6", "5"),
    ),
    BookkeepingField(
        DocumentApproval,
        "decision_number",
        "Số quyết định ban hành tài liệu",
        "Number of the decision approving the documents",
        cite(QD19, "4", "2", "a"),
    ),
    BookkeepingField(
        EffectivenessConfirmation,
        "decision_number",
        "Số văn bản xác nhận hiệu lực",
        "Number of the confirmation of effectiveness",
        cite(QD19, "4", "2", "d"),
    ),
    BookkeepingField(
        LegalChange,
        "document_number",
        "Số văn bản quy phạm pháp luật",
        "Number of the legal document",
        cite(QD19, "4", "4", "a"),
    ),
    BookkeepingField(
        LegalChange,
        "title",
        "Trích yếu văn bản",
        "Title of the legal document",
        cite(QD19, "4", "4", "a"),
    ),
    BookkeepingField(
        InternalAudit,
        "start",
        "Ngày bắt đầu đánh giá nội bộ",
        "First day of the internal audit",
        cite(QD19, "4", "2", "b"),
    ),
    BookkeepingField(
        CorrectiveAction,
        "responsible",
        "Đơn vị, người chịu trách nhiệm",
        "Who is responsible",
        cite(ISO9001, "10.2"),
    ),
    BookkeepingField(
        ManagementReview,
        "chair",
        "Người chủ trì xem xét",
        "Who chaired the review",
        cite(ISO9001, "9.3"),
    ),
    BookkeepingField(
        AnnualPlan,
        "decision_number",
        "Số quyết định phê duyệt kế hoạch",
        "Number of the plan's approving decision",
        cite(QD19, "12", "4", "a"),
    ),
    BookkeepingField(
        AnnualPlan,
        "approver",
        "Người phê duyệt kế hoạch",
        "Who approved the plan",
        cite(QD19, "12", "4", "a"),
    ),
    BookkeepingField(
        PlanAmendment,
        "decision_number",
        "Số quyết định điều chỉnh kế hoạch",
        "Number of the amending decision",
        cite(QD19, "12", "4", "a"),
    ),
    BookkeepingField(
        InspectionPlan,
        "decision_number",
        "Số quyết định phê duyệt kế hoạch kiểm tra",
        "Number of the inspection plan's approving decision",
        cite(TT26, "34", "1", "b"),
    ),
    BookkeepingField(
        Inspection,
        "decision_number",
        "Số quyết định kiểm tra (Mẫu 20)",
        "Number of the inspection decision (Form 20)",
        cite(TT26, "35"),
        _on_site,
    ),
    BookkeepingField(
        Inspection,
        "team_lead",
        "Trưởng đoàn kiểm tra",
        "Inspection team leader",
        cite(TT26, "35"),
        _on_site,
    ),
)
"""Every optional fact the completeness report looks for: record type, field, label, provision.

The fields a rule reads stay required (or the rule gives a reason when they are missing); these
are the ones no rule reads."""


HolderType = Literal["agency", "admin_unit", "dataset"]


class MissingFact(QmsModel):
    """One fact the law asks for that a record does not hold, and the unit it is listed under."""

    holder_type: HolderType
    """What the fact is listed under: an agency (a unit), a province (`admin_unit`: the
    province's own plans and procedure list), or the whole dataset (a national legal change)."""
    holder_id: str | None
    """The agency's or province's id; None for the dataset."""
    holder_name: str | None
    """Its name; None for the dataset."""
    record_type: str
    """The record lacking the fact (its `record_type`)."""
    record_id: str
    """Its id."""
    field: str
    """The field's path in the record, e.g. `"eiso[0].product"`."""
    label_vi: str
    """What is missing, in Vietnamese."""
    label_en: str
    """What is missing, in English."""
    citation: Citation | None
    """The provision that asks for it; None when only good record-keeping does."""
    sheet: str | None = None
    """Where to record it: the workbook sheet's machine key (the collection, e.g.
    `internal_audits`); None for a field of a nested sheet."""
    column: str | None = None
    """Where to record it: the column's machine key on that sheet (e.g. `end`)."""
    decides: bool = False
    """Whether the fact changed or would change a verdict: a step of QĐ 19 Art. 4.2.a-d
    missing before an announcement (`record_type` and `record_id` are then the announcement's,
    `field` the step's `ActivityKind` code). False: a bookkeeping field no rule reads."""

    def label(self, lang: Language = "vi") -> str:
        """The label in `lang`."""
        return self.label_vi if lang == "vi" else self.label_en


class CompletenessReport(QmsModel):
    """Per unit, the recorded facts the law asks for that are missing, with their provision.

    Examples:
        >>> from vn_iso_qms import demo_dataset
        >>> from vn_iso_qms.reports import completeness_report
        >>> completeness_report(demo_dataset(), province_id="p-mh").missing
        ()
    """

    province_id: str | None
    """The province reported on; None for the whole dataset."""
    missing: tuple[MissingFact, ...]
    """Every missing fact, by holder, then record (in collection order), then field."""

    def holders(self) -> tuple[str | None, ...]:
        """The ids of the units (or provinces) with missing facts, in report order."""
        return tuple(dict.fromkeys(f.holder_id for f in self.missing))

    def of_holder(self, holder_id: str | None) -> tuple[MissingFact, ...]:
        """The missing facts listed under `holder_id`."""
        return tuple(f for f in self.missing if f.holder_id == holder_id)


def _missing_paths(value: Any, parts: Sequence[str], path: str) -> Iterator[str]:
    """The concrete paths below `value` where the field at `parts` is None."""
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    child = getattr(value, name)
    prefix = f"{path}.{name}" if path else name
    if head.endswith("[]"):
        for i, item in enumerate(child):
            yield from _missing_paths(item, rest, f"{prefix}[{i}]")
    elif rest:
        if child is not None:
            yield from _missing_paths(child, rest, prefix)
    elif child is None:
        yield prefix


@dataclass(frozen=True, slots=True)
class _Holders:
    """Who each record's missing facts are listed under."""

    dataset: QmsDataset

    def of(self, record: Record) -> tuple[HolderType, str | None, str | None]:
        ds = self.dataset
        agency_id: str | None = None
        province_id: str | None = None
        if isinstance(record, QmsUnit):
            agency_id = record.owner_agency_id
        elif isinstance(
            record,
            Announcement
            | InternalAudit
            | ManagementReview
            | Process
            | DocumentApproval
            | EffectivenessConfirmation,
        ):
            agency_id = ds.get(QmsUnit, record.qms_id).owner_agency_id
        elif isinstance(record, CorrectiveAction):
            nc = ds.get(Nonconformity, record.nonconformity_id)
            agency_id = ds.get(QmsUnit, nc.qms_id).owner_agency_id
        elif isinstance(record, Inspection | ObligationDesignation):
            agency_id = record.agency_id
        elif isinstance(record, AnnualPlan | InspectionPlan):
            province_id = record.province_id
        elif isinstance(record, PlanAmendment):
            province_id = ds.get(AnnualPlan, record.plan_id).province_id
        elif isinstance(record, Tthc):
            # the province publishes the list of procedures (TT 26 Art. 4.2)
            province_id = province_assignment(ds).province_of.get(record.handler_ids[0])
        if agency_id is not None:
            return "agency", agency_id, ds.get(Agency, agency_id).name
        if province_id is not None:
            return "admin_unit", province_id, ds.get(AdministrativeUnit, province_id).name
        return "dataset", None, None


def completeness_report(
    dataset: QmsDataset, *, province_id: str | None = None
) -> CompletenessReport:
    """The recorded facts the law asks for that the dataset lacks, per unit, with the provision.

    Looks for every field of [`BOOKKEEPING_FIELDS`][vn_iso_qms.reports.BOOKKEEPING_FIELDS]. Facts of a
    unit's QMS (its announcements, audits, reviews, processes, corrective actions) and of its
    inspections are listed under the unit; plans and the procedure list under the province; a
    legal change lacking its number or title under the whole dataset.

    Args:
        dataset: the records.
        province_id: only the facts of this province's units and of the province itself (plus
            those of the whole dataset); None for every fact.

    Returns:
        The report (empty `missing` when nothing is lacking).
    """
    facts = dataset._lookup(
        "completeness", lambda: _every_missing_fact(dataset) + _missing_steps(dataset)
    )
    if province_id is not None:
        assignment = province_assignment(dataset)
        keep = {a for a, p in assignment.province_of.items() if p == province_id}
        keep.add(province_id)
        facts = tuple(f for f in facts if f.holder_id is None or f.holder_id in keep)
    return CompletenessReport(province_id=province_id, missing=facts)


def _every_missing_fact(dataset: QmsDataset) -> tuple[MissingFact, ...]:
    """Every missing fact of the dataset, in report order (computed once per dataset)."""
    holders = _Holders(dataset)
    by_type: dict[type[Record], list[BookkeepingField]] = {}
    for spec in BOOKKEEPING_FIELDS:
        by_type.setdefault(spec.record_type, []).append(spec)
    found: list[tuple[int, MissingFact]] = []
    order = {t: i for i, t in enumerate(COLLECTIONS.values())}
    for record_type, specs in by_type.items():
        for record in getattr(dataset, COLLECTION_OF[record_type]):
            facts = [
                (spec, path)
                for spec in specs
                if spec.applies is None or spec.applies(record)
                for path in _missing_paths(record, spec.path.split("."), "")
            ]
            if not facts:
                continue
            holder_type, holder_id, holder_name = holders.of(record)
            sheet = COLLECTION_OF[record_type]
            for spec, path in facts:
                found.append(
                    (
                        order[record_type],
                        MissingFact(
                            holder_type=holder_type,
                            holder_id=holder_id,
                            holder_name=holder_name,
                            record_type=record_type.record_type,
                            record_id=record.id,
                            field=path,
                            label_vi=spec.label_vi,
                            label_en=spec.label_en,
                            citation=spec.citation,
                            sheet=None if "[" in path else sheet,
                            column=None if "[" in path else path,
                        ),
                    )
                )
    found.sort(key=lambda p: (p[1].holder_id or "", p[0], p[1].record_id, p[1].field))
    return tuple(f for _, f in found)


_STEP_RECORDS: dict[ActivityKind, tuple[str, str, str, str]] = {
    ActivityKind.DOCUMENT_APPROVAL: (
        "document_approvals",
        "date",
        "Ban hành tài liệu, quy trình trước khi công bố ngày {day}",
        "Approval of the documents and processes before the announcement of {day}",
    ),
    ActivityKind.INTERNAL_AUDIT: (
        "internal_audits",
        "end",
        "Đánh giá nội bộ trước khi công bố ngày {day}",
        "Internal audit before the announcement of {day}",
    ),
    ActivityKind.MANAGEMENT_REVIEW: (
        "management_reviews",
        "date",
        "Xem xét của lãnh đạo trước khi công bố ngày {day}",
        "Management review before the announcement of {day}",
    ),
    ActivityKind.EFFECTIVENESS_CONFIRMATION: (
        "effectiveness_confirmations",
        "date",
        "Xác nhận hiệu lực trước khi công bố ngày {day}",
        "Confirmation of effectiveness before the announcement of {day}",
    ),
}
"""Where each step of QĐ 19 Art. 4.2.a-d is recorded (sheet, date column) and its labels."""


def _missing_steps(dataset: QmsDataset) -> tuple[MissingFact, ...]:
    """The steps of QĐ 19 Art. 4.2.a-d missing before each QMS's first announcement.

    Only for a QMS none of whose announcements has its four steps on record (else the QMS is
    in effect by the records, and nothing missing changes a verdict). The first announcement
    is the initial one (else the earliest), as `build_apply_announce_order` reads it. Listed
    under the QMS's owner agency.
    """
    if not dataset.announcements:
        return ()
    # the steps as the rules read them (one source of truth: kit.step_gaps), every gap shown
    last = max(a.date for a in dataset.announcements)
    ctx = make_context(dataset, as_of=last, policy=Policy(missing_history=MissingHistory.STRICT))
    holders = _Holders(dataset)
    found: list[MissingFact] = []
    for qms in dataset.qms_units:
        announced = ctx.announcements_of(qms.id)
        if not announced or any(steps_precede(ctx, qms, a) for a in announced):
            continue
        initial = [a for a in announced if a.reason is AnnouncementReason.INITIAL]
        first = (initial or list(announced))[0]
        holder_type, holder_id, holder_name = holders.of(first)
        for gap in step_gaps(ctx, qms, first):
            sheet, column, vi, en = _STEP_RECORDS[gap.kind]
            found.append(
                MissingFact(
                    holder_type=holder_type,
                    holder_id=holder_id,
                    holder_name=holder_name,
                    record_type=Announcement.record_type,
                    record_id=first.id,
                    field=gap.kind.value,
                    label_vi=vi.format(day=format_date(first.date, "vi")),
                    label_en=en.format(day=format_date(first.date, "en")),
                    citation=cite(QD19, "4", "2", gap.point),
                    sheet=sheet,
                    column=column,
                    decides=True,
                )
            )
    found.sort(key=lambda f: (f.holder_id or "", f.record_id))
    return tuple(found)
