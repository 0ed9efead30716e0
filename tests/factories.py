"""Small readable builders for example tests. Every builder takes overrides as keywords."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vn_iso_qms import (
    AdministrativeUnit,
    AdminLevel,
    Agency,
    AgencyKind,
    Announcement,
    InternalAudit,
    ManagementReview,
    QmsDataset,
    QmsUnit,
    Record,
    StandardVersion,
    Tthc,
)

D = dt.date


def province(**kw: Any) -> AdministrativeUnit:
    return AdministrativeUnit(
        **{"id": "p", "name": "Tỉnh Thử Nghiệm", "level": AdminLevel.PROVINCE, **kw}
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
    values = {
        "id": f"cb-{qms_id}",
        "decision_number": "1/QĐ-CB",
        "date": D(2019, 5, 20),
        "signer": "Giám đốc",
        "standard": StandardVersion.ISO9001_2015,
        "scope_tthc": ("1.000001",),
        "lead_unit_notified_on": D(2019, 5, 22),
        "posted_at_office_on": D(2019, 5, 21),
        "published_online_on": D(2019, 5, 21),
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
