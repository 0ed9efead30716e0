"""Hypothesis strategies for vn_iso_qms records and whole consistent datasets.

Hand-written (pydantic v2 has no Hypothesis plugin): every id a record links to is drawn from
ids generated earlier in the same dataset, so generated datasets pass the integrity check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from vn_iso_qms import (
    Activity,
    ActivityKind,
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyKind,
    Announcement,
    AnnouncementReason,
    AnnualPlan,
    AuditFinding,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    CorrectiveActionReport,
    CorrectiveActionState,
    DocumentApproval,
    DocumentRevision,
    EffectivenessConfirmation,
    EIsoUse,
    FindingGrade,
    FindingSource,
    Frequency,
    Inspection,
    InspectionFinding,
    InspectionForm,
    InspectionPlan,
    InspectionPlanEntry,
    InternalAudit,
    LegalChange,
    ManagementReview,
    Nonconformity,
    PlanAmendment,
    PlannedActivity,
    Process,
    QmsDataset,
    QmsUnit,
    QmsUpdate,
    Recurrence,
    Reschedule,
    ReviewInputs,
    ScopeDecision,
    StandardVersion,
    StateChange,
    StatutoryReport,
    StatutoryReportKind,
    Tthc,
    TthcAssignment,
)

D = dt.date
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2027, 12, 31))
# Vietnamese-heavy text, including combining marks and characters that look alike.
vi_text = st.text(
    alphabet=st.sampled_from(
        [
            *"aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÔƠƯ -,./()",
            *"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ",
            *"ồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
            "\u0301",
            "\u0303",
        ]
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s != "")
notes = st.text(
    st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n\r"), max_size=60
)


def _later(start: dt.date, days: int = 400) -> st.SearchStrategy[dt.date]:
    return st.integers(0, days).map(lambda n: start + dt.timedelta(days=n))


@st.composite
def datasets(draw: st.DrawFn, max_agencies: int = 6) -> QmsDataset:
    """A consistent dataset: a province with agencies and every kind of record about them."""
    records: list[Any] = []
    province = AdministrativeUnit(
        id="p",
        name=draw(vi_text),
        level=AdminUnitLevel.PROVINCE,
        code=draw(st.none() | st.just("84")),
    )
    records.append(province)
    n = draw(st.integers(1, max_agencies))
    agencies: list[Agency] = []
    for i in range(n):
        valid_from = draw(st.none() | dates)
        valid_to = draw(st.none() | _later(valid_from or D(2015, 1, 1), 3000))
        parents: list[str | None] = [x.id for x in agencies] or [None]
        a = Agency(
            id=f"a{i}",
            name=draw(vi_text),
            kind=draw(st.sampled_from(AgencyKind)),
            admin_unit_id="p",
            parent_id=draw(st.none() | st.sampled_from(parents)),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        agencies.append(a)
    records.extend(agencies)
    ids = [a.id for a in agencies]
    for i, a in enumerate(agencies):
        if a.valid_to is not None and len(ids) > 1 and draw(st.booleans()):
            kind = draw(st.sampled_from([k for k in AgencyEventKind if k.ends_agency]))
            successors = (
                ()
                if kind is AgencyEventKind.DISSOLVED
                else (draw(st.sampled_from([x for x in ids if x != a.id])),)
            )
            records.append(
                AgencyEvent(
                    id=f"ev{i}",
                    agency_id=a.id,
                    kind=kind,
                    date=a.valid_to + dt.timedelta(days=1),
                    successor_ids=successors,
                )
            )
    qms_units: list[QmsUnit] = []
    codes: list[str] = []
    for i, a in enumerate(agencies):
        code = f"1.{i:06d}"
        codes.append(code)
        dated = draw(st.booleans())  # the undated form, or one dated assignment
        records.append(
            Tthc(
                id=f"t{i}",
                code=code,
                name=draw(vi_text),
                agency_ids=() if dated else (a.id,),
                published_on=draw(dates),
                assignments=(
                    (TthcAssignment(agency_id=a.id, valid_from=draw(st.none() | dates)),)
                    if dated
                    else ()
                ),
            )
        )
        since = draw(dates)
        q = QmsUnit(
            id=f"q{i}",
            name=draw(vi_text),
            owner_agency_id=a.id,
            agency_ids=(a.id,),
            separate_division=draw(st.booleans()),
            eiso=draw(
                st.lists(
                    st.builds(
                        EIsoUse,
                        product=vi_text,
                        since=st.just(since),
                        until=st.none() | _later(since),
                    ),
                    max_size=1,
                ).map(tuple)
            ),
        )
        qms_units.append(q)
    records.extend(qms_units)
    processes: list[Process] = []
    for i, q in enumerate(qms_units):
        day = draw(dates)
        p = Process(
            id=f"qt{i}",
            qms_id=q.id,
            code=f"QT-{i:02d}",
            name=draw(vi_text),
            tthc_codes=(codes[i],),
            revisions=(
                DocumentRevision(number=1, approved_on=day, approved_by=draw(vi_text)),
                DocumentRevision(
                    number=2, approved_on=draw(_later(day)), approved_by=draw(vi_text)
                ),
            ),
        )
        processes.append(p)
        decided = draw(dates)
        records.append(
            Announcement(
                id=f"cb{i}",
                qms_id=q.id,
                decision_number=draw(st.none() | st.just(f"{i + 1}/QĐ-CB")),
                date=decided,
                signer=draw(st.none() | vi_text),
                standard=draw(st.sampled_from(StandardVersion)),
                scope_tthc=(codes[i],),
                reason=draw(st.sampled_from(AnnouncementReason)),
                lead_unit_notified_on=draw(st.none() | _later(decided, 30)),
                posted_at_office_on=draw(st.none() | _later(decided, 30)),
                published_online_on=draw(st.none() | _later(decided, 30)),
            )
        )
        start = draw(dates)
        findings = tuple(
            AuditFinding(number=k + 1, grade=g, clause="9.2", process_id=p.id)
            for k, g in enumerate(draw(st.lists(st.sampled_from(FindingGrade), max_size=3)))
        )
        audit = InternalAudit(
            id=f"dg{i}",
            qms_id=q.id,
            start=draw(st.none() | st.just(start)),
            end=draw(_later(start, 5)),
            process_ids=(p.id,),
            findings=findings,
        )
        records.append(audit)
        records.append(
            ManagementReview(
                id=f"xx{i}",
                qms_id=q.id,
                date=draw(dates),
                chair=draw(st.none() | vi_text),
                inputs=ReviewInputs(audit_results=draw(st.none() | notes)),
            )
        )
        for finding in findings:
            if not finding.grade.is_nonconformity:
                continue
            nc_id = f"nc{i}-{finding.number}"
            raised = audit.end
            records.append(
                Nonconformity(
                    id=nc_id,
                    qms_id=q.id,
                    source=FindingSource.INTERNAL_AUDIT,
                    raised_on=raised,
                    grade=finding.grade,
                    audit_id=audit.id,
                    finding_number=finding.number,
                )
            )
            path = draw(st.integers(1, 6))
            states = [
                CorrectiveActionState.PROPOSED,
                CorrectiveActionState.APPROVED,
                CorrectiveActionState.IN_PROGRESS,
                CorrectiveActionState.VERIFIED_EFFECTIVE,
                CorrectiveActionState.CLOSED,
            ][:path]
            day = raised
            log = []
            for s in states:
                day = draw(_later(day, 20))
                log.append(StateChange(state=s, on=day))
            records.append(
                CorrectiveAction(
                    id=f"ca{i}-{finding.number}",
                    nonconformity_id=nc_id,
                    responsible=draw(vi_text),
                    due_on=draw(_later(raised, 90)),
                    log=tuple(log),
                )
            )
    records.extend(processes)
    change = LegalChange(
        id="lc",
        document_number="1/2023/TT-BXD",
        title=draw(vi_text),
        effective_on=draw(dates),
        affected_tthc=tuple(codes[:1]),
    )
    records.append(change)
    records.append(
        QmsUpdate(id="up", qms_id=qms_units[0].id, legal_change_ids=("lc",), date=draw(dates))
    )
    records.append(
        DocumentApproval(
            id="bh",
            qms_id=qms_units[0].id,
            date=draw(dates),
            decision_number=draw(st.none() | st.just("3/QĐ-BH")),
            approver=draw(st.none() | vi_text),
            process_ids=tuple(p.id for p in processes[:1]),
        )
    )
    records.append(
        EffectivenessConfirmation(
            id="xnhl", qms_id=qms_units[-1].id, date=draw(dates), signer=draw(st.none() | vi_text)
        )
    )
    records.append(
        ScopeDecision(
            id="sd",
            qms_id=qms_units[-1].id,
            date=draw(dates),
            decision_number=draw(st.none() | st.just("12/QĐ-STP")),
            added_tthc=tuple(codes[:1]),
            other_change=draw(st.sampled_from(["", "Bổ sung hoạt động nội bộ"])),
        )
    )
    year = draw(st.integers(2016, 2026))
    plan = AnnualPlan(
        id="kh",
        province_id="p",
        year=year,
        decision_number=draw(st.none() | st.just("35/QĐ-UBND")),
        approved_on=D(year, 1, 15),
        approver=draw(st.none() | vi_text),
        budget=draw(st.none() | st.integers(0, 10**9)),
    )
    records.append(plan)
    planned: list[PlannedActivity] = []
    for i, a in enumerate(agencies):
        if draw(st.booleans()):
            planned.append(
                PlannedActivity(
                    id=f"pa{i}",
                    plan_id="kh",
                    agency_id=a.id,
                    kind=draw(st.sampled_from(ActivityKind)),
                    **draw(
                        st.one_of(
                            st.builds(lambda d: {"due_on": d}, dates),
                            st.builds(  # a month or a quarter, as plans write them
                                lambda y, m, q: {
                                    "due_in": f"{y}-Q{m % 4 + 1}" if q else f"{y}-{m:02d}"
                                },
                                st.integers(2016, 2026),
                                st.integers(1, 12),
                                st.booleans(),
                            ),
                        )
                    ),
                )
            )
        else:
            planned.append(
                PlannedActivity(
                    id=f"pa{i}",
                    plan_id="kh",
                    agency_id=a.id,
                    kind=ActivityKind.TRAINING,
                    recurrence=Recurrence(
                        frequency=draw(st.sampled_from(Frequency)),
                        start=draw(dates),
                        count=draw(st.integers(1, 4)),
                    ),
                )
            )
    records.extend(planned)
    records.append(
        PlanAmendment(
            id="dc",
            plan_id="kh",
            decision_number="99/QĐ-UBND",
            approved_on=D(year, 6, 1),
            cancelled_activity_ids=tuple(
                draw(st.lists(st.sampled_from([p.id for p in planned]), max_size=2, unique=True))
            ),
            rescheduled=(Reschedule(activity_id=planned[0].id, new_due_on=draw(dates)),),
        )
    )
    for i, pa in enumerate(planned):
        if draw(st.booleans()):
            records.append(
                Activity(
                    id=f"hd{i}",
                    agency_id=pa.agency_id,
                    kind=pa.kind,
                    date=draw(dates),
                    planned_activity_id=pa.id,
                )
            )
    records.append(
        InspectionPlan(
            id="khkt",
            province_id="p",
            year=year,
            decision_number="410/QĐ-UBND",
            approved_on=D(year, 3, 1),
            inspecting_agency_id=ids[0],
            entries=tuple(
                InspectionPlanEntry(agency_id=a.id, form=draw(st.sampled_from(InspectionForm)))
                for a in agencies
            ),
        )
    )
    for i, a in enumerate(agencies):
        if not draw(st.booleans()):
            continue
        day = draw(dates)
        inspection = Inspection(
            id=f"kt{i}",
            agency_id=a.id,
            form=draw(st.sampled_from(InspectionForm)),
            plan_id=draw(st.none() | st.just("khkt")),
            inspected_on=day,
            minutes_signed_on=draw(st.none() | _later(day, 10)),
            checklist=tuple(
                ChecklistResult(item=item, met=draw(st.none() | st.booleans()))
                for item in draw(st.lists(st.sampled_from(ChecklistItem), max_size=4, unique=True))
            ),
            findings=tuple(
                InspectionFinding(item=ChecklistItem.G1_A_SCOPE, grade=g)
                for g in draw(st.lists(st.sampled_from(FindingGrade), max_size=2))
            ),
        )
        records.append(inspection)
        if draw(st.booleans()):
            submitted = draw(_later(day, 90))
            decided_on = draw(st.none() | _later(submitted, 30))
            records.append(
                CorrectiveActionReport(
                    id=f"bc{i}",
                    inspection_id=inspection.id,
                    submitted_on=submitted,
                    accepted=None if decided_on is None else draw(st.booleans()),
                    decided_on=decided_on,
                )
            )
    records.append(
        StatutoryReport(
            id="r11",
            kind=draw(st.sampled_from(StatutoryReportKind)),
            province_id="p",
            year=year,
            submitted_on=D(year, 11, 20),
            sender_agency_id=ids[0],
        )
    )
    order = draw(st.permutations(range(len(records))))
    return QmsDataset.from_records([records[k] for k in order], name=draw(st.none() | vi_text))
