"""Small readable builders for example tests. Every builder takes overrides as keywords."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vn_iso_qms import (
    Activity,
    ActivityKind,
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    Announcement,
    DocumentRevision,
    InternalAudit,
    ManagementReview,
    Process,
    QmsDataset,
    QmsUnit,
    StandardVersion,
    Tthc,
)
from vn_iso_qms._internal.base import Record

D = dt.date


def province(**kw: Any) -> AdministrativeUnit:
    return AdministrativeUnit(
        **{"id": "p", "name": "Tỉnh Thử Nghiệm", "level": AdminUnitLevel.PROVINCE, **kw}
    )


def agency(id: str = "so-a", **kw: Any) -> Agency:
    values = {
        "name": f"Sở {id}",
        "kind": AgencyKind.PROVINCIAL_DEPARTMENT,
        "admin_unit_id": "p",
        "valid_from": D(2010, 1, 1),
        **kw,
    }
    return Agency(id=id, **values)


def qms(agency_id: str = "so-a", **kw: Any) -> QmsUnit:
    values = {"name": f"HTQLCL {agency_id}", "agency_ids": (agency_id,), **kw}
    return QmsUnit(id=f"q-{agency_id}", owner_agency_id=agency_id, **values)


def tthc(code: str = "1.000001", agency_id: str = "so-a", **kw: Any) -> Tthc:
    values = {"name": f"Thủ tục {code}", "published_on": D(2019, 1, 1), **kw}
    return Tthc(id=f"t-{code}", code=code, agency_ids=(agency_id,), **values)


def announcement(qms_id: str = "q-so-a", **kw: Any) -> Announcement:
    day = kw.get("date", D(2019, 5, 20))
    values = {
        "id": f"cb-{qms_id}",
        "decision_number": "1/QĐ-CB",
        "date": day,
        "signer": "Giám đốc",
        "standard": StandardVersion.ISO9001_2015,
        "scope_tthc": ("1.000001",),
        "lead_unit_notified_on": day + dt.timedelta(days=2),
        "posted_at_office_on": day + dt.timedelta(days=1),
        "published_online_on": day + dt.timedelta(days=1),
        **kw,
    }
    return Announcement(qms_id=qms_id, **values)


AUDIT_DAY = D(2023, 6, 1)
REVIEW_DAY = D(2023, 7, 1)


def audit(qms_id: str = "q-so-a", day: dt.date = AUDIT_DAY, **kw: Any) -> InternalAudit:
    values = {"id": f"dg-{qms_id}-{day.isoformat()}", "start": day, "end": day, **kw}
    return InternalAudit(qms_id=qms_id, **values)


def review(qms_id: str = "q-so-a", day: dt.date = REVIEW_DAY, **kw: Any) -> ManagementReview:
    values = {"id": f"xx-{qms_id}-{day.isoformat()}", "date": day, "chair": "Giám đốc", **kw}
    return ManagementReview(qms_id=qms_id, **values)


def one_unit_year(*extra: Record) -> QmsDataset:
    """A province with one department whose QMS did its 2023 duties."""
    return QmsDataset.from_records(
        [province(), agency(), qms(), tthc(), announcement(), audit(), review(), *extra]
    )


CONFIRMATION_DAY = D(2019, 5, 10)
APPROVAL_DAY = D(2019, 3, 1)


def confirmation(agency_id: str = "so-a", day: dt.date = CONFIRMATION_DAY, **kw: Any) -> Activity:
    values = {"id": f"xnhl-{agency_id}-{day.isoformat()}", "date": day, **kw}
    return Activity(agency_id=agency_id, kind=ActivityKind.EFFECTIVENESS_CONFIRMATION, **values)


def process(qms_id: str = "q-so-a", approved: dt.date = APPROVAL_DAY, **kw: Any) -> Process:
    values = {
        "id": f"qt-{qms_id}",
        "code": "QT-01",
        "name": "Quy trình",
        "tthc_codes": ("1.000001",),
        "revisions": (DocumentRevision(number=1, approved_on=approved, approved_by="Giám đốc"),),
        **kw,
    }
    return Process(qms_id=qms_id, **values)


def complete_unit_records(agency_id: str = "so-a", **agency_kw: Any) -> list[Record]:
    """One unit whose QMS was built and announced in 2019 and did its 2023 duties."""
    q = f"q-{agency_id}"
    code = "1.000001" if agency_id == "so-a" else f"1.{agency_id}"
    return [
        agency(agency_id, **agency_kw),
        qms(agency_id),
        tthc(code, agency_id),
        process(q, tthc_codes=(code,), id=f"qt-{agency_id}"),
        InternalAudit(id=f"dg19-{agency_id}", qms_id=q, start=D(2019, 4, 8), end=D(2019, 4, 9)),
        ManagementReview(id=f"xx19-{agency_id}", qms_id=q, date=D(2019, 4, 25), chair="GĐ"),
        confirmation(agency_id),
        announcement(q, id=f"cb-{agency_id}", scope_tthc=(code,)),
        audit(q, id=f"dg23-{agency_id}"),
        review(q, id=f"xx23-{agency_id}"),
    ]


def complete_dataset(*extra: Record, agency_id: str = "so-a", **agency_kw: Any) -> QmsDataset:
    return QmsDataset.from_records(
        [province(), *complete_unit_records(agency_id, **agency_kw), *extra]
    )
