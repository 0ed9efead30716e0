"""Generate the post-reform demo province's raw records (package data), deterministically.

The province "Tỉnh Minh Giang" is fictional. It is formed on 01/07/2025 by merging two fictional
pre-reform provinces: "Tỉnh Minh Hòa" (the 2023 demo, `p-mh`; its agencies keep their 2023 ids)
and "Tỉnh Hòa Giang" (`p-hg`). The file holds what the reform changes and what the years 2025
and 2026 need; the old provinces' communes (and Minh Hòa's 2023 records) are in the 2023 file.

- Before the reform: each old province has its People's Committee and 18 departments. On
  01/03/2025 six departments end, each by a `merged_into` event with the province's decision:
  agriculture and natural resources/environment into a new Sở Nông nghiệp và Môi trường, information
  and communications into Sở KH&CN, labour into Sở Nội vụ, planning and investment into Sở Tài chính,
  transport into Sở Xây dựng. Sở KH&CN re-announces its QMS (reason `reorganisation`); the new
  Sở NN&MT applies its predecessors' QMS under a new announcement.
- The district level: 9 (Minh Hòa) + 3 (Hòa Giang) district People's Committees, each with one
  division (Phòng Tư pháp), end on 30/06/2025 (`dissolved`, Law 72/2025/QH15); the old provinces end
  on 30/06/2025 (`valid_to`, `successor_ids`), and every agency of theirs that continues is
  `merged_into` its successor in the new province on 01/07/2025.
- The new province from 01/07/2025: its People's Committee and 13 departments (each re-announces
  the QMS carried from its Minh Hòa predecessor, reason `reorganisation`; Sở NN&MT only in 2026),
  12 commune People's Committees (8 apply a QMS, encouraged), 2 commune public administrative
  service centres and 1 commune division; every district procedure passes to a commune on
  01/07/2025 (dated `Tthc.assignments`), listed in the province's published list.
- The new province's 2025 plan (H2) and 2026 plan (due in quarters and months), audits, reviews,
  e-ISO use, inspections (5 on site in 2025, of 14 mandatory units) and statutory reports.

Usage:
    python scripts/build_demo_2025.py            # rewrite the package data file
    python scripts/build_demo_2025.py --check    # exit 1 if the committed file is stale
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_demo_province import slug, write_or_check  # the same ids and the same --check

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
    ChecklistItem,
    ChecklistResult,
    DocumentRevision,
    EffectivenessConfirmation,
    EIsoUse,
    Inspection,
    InspectionForm,
    InspectionPlan,
    InspectionPlanEntry,
    InternalAudit,
    ManagementReview,
    PlannedActivity,
    Process,
    QmsDataset,
    QmsUnit,
    StandardVersion,
    StatutoryReport,
    StatutoryReportKind,
    Tthc,
    TthcAssignment,
    TthcListUpdate,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.demo import PROVINCIAL_DEPARTMENTS

OUT = Path(__file__).resolve().parents[1] / "src/vn_iso_qms/_internal/data/demo_province_2025.json"
D = dt.date
LAST_OLD_DAY = D(2025, 6, 30)
REFORM = D(2025, 7, 1)
DEPT_MERGER = D(2025, 3, 1)

NN_MT = "Sở Nông nghiệp và Môi trường"
# Department mergers of 01/03/2025: ended department -> the department it merges into.
MERGERS = {
    "Sở Nông nghiệp và Phát triển nông thôn": NN_MT,
    "Sở Tài nguyên và Môi trường": NN_MT,
    "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
    "Sở Lao động - Thương binh và Xã hội": "Sở Nội vụ",
    "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
    "Sở Giao thông vận tải": "Sở Xây dựng",
}
# The 13 departments after 01/03/2025 (the 12 that continue, then the new one).
AFTER_MERGERS = [d for d in PROVINCIAL_DEPARTMENTS if d not in MERGERS] + [NN_MT]

MH_DISTRICTS = [
    "Thành phố Minh Hòa",
    "Thị xã Bình Sơn",
    "Huyện An Lạc",
    "Huyện Phú Hưng",
    "Huyện Tân Thạnh",
    "Huyện Long Điền",
    "Huyện Hòa Thuận",
    "Huyện Cát Tiên",
    "Huyện Đông Hải",
]
HG_DISTRICTS = ["Thành phố Hòa Giang", "Huyện Sông Lam", "Huyện Trà Ôn"]
# The new communes (12): name, and whether it applies a QMS (8 of 12; communes are encouraged).
COMMUNES = [
    ("Phường Minh Hòa", True),
    ("Phường Bình Sơn", True),
    ("Phường Hòa Giang", True),
    ("Xã An Lạc", True),
    ("Xã Phú Hưng", True),
    ("Xã Tân Thạnh", True),
    ("Xã Long Điền", True),
    ("Xã Sông Lam", True),
    ("Xã Hòa Thuận", False),
    ("Xã Cát Tiên", False),
    ("Xã Đông Hải", False),
    ("Xã Trà Ôn", False),
]
# The commune each old district's procedure passes to on 01/07/2025 (by position).
DISTRICT_TO_COMMUNE = {
    **{f"mh-{i}": COMMUNES[c][0] for i, c in enumerate((0, 1, 3, 4, 5, 6, 8, 9, 10))},
    **{f"hg-{i}": COMMUNES[c][0] for i, c in enumerate((2, 7, 11))},
}
# Departments of the new province inspected on site in 2025 and 2026 (ceil(14 / 3) = 5 each).
ON_SITE_2025 = ("Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Y tế")
ON_SITE_2026 = ("Sở Nội vụ", "Sở Công Thương", NN_MT, "Sở Giáo dục và Đào tạo", "Thanh tra tỉnh")
CHECKLIST_MET = tuple(
    ChecklistResult(item=item, met=None if item is ChecklistItem.G2_E_CONSULTANT else True)
    for item in ChecklistItem
)


class Builder:
    """Accumulates records; every id is derived from names, so output is stable."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.tthc_seq = 0
        self.decision_seq = 0

    def add(self, *records: Record) -> None:
        self.records.extend(records)

    def tthc_code(self) -> str:
        self.tthc_seq += 1
        return f"2.{self.tthc_seq:06d}"

    def qms(
        self,
        agency: Agency,
        *,
        announced_on: dt.date,
        codes: tuple[str, ...],
        covers: tuple[str, ...] = (),
        reason: AnnouncementReason = AnnouncementReason.INITIAL,
        eiso_since: dt.date | None = None,
        revision: int = 1,
        new_tthc: bool = True,
    ) -> str:
        """A QMS for `agency`: its processes, the steps of QĐ 19 Art. 4.2 and the announcement."""
        self.decision_seq += 1
        qms_id = f"q-{agency.id}"
        step = announced_on - dt.timedelta(days=30)
        self.add(
            QmsUnit(
                id=qms_id,
                name=f"HTQLCL {agency.name}",
                owner_agency_id=agency.id,
                agency_ids=(agency.id, *covers),
                framework_model="101/QĐ-BKHCN",
                eiso=(
                    (EIsoUse(product="Phần mềm ISO điện tử", since=eiso_since),)
                    if eiso_since
                    else ()
                ),
            ),
            InternalAudit(
                id=f"dg-{step.year}-{agency.id}",
                qms_id=qms_id,
                start=step,
                end=step + dt.timedelta(days=1),
            ),
            ManagementReview(
                id=f"xx-{step.year}-{agency.id}",
                qms_id=qms_id,
                date=step + dt.timedelta(days=10),
                chair="Thủ trưởng cơ quan",
            ),
            EffectivenessConfirmation(
                id=f"xnhl-{announced_on.year}-{agency.id}",
                qms_id=qms_id,
                date=announced_on - dt.timedelta(days=5),
                decision_number=f"{self.decision_seq}/QĐ-XNHL",
                signer="Thủ trưởng cơ quan",
            ),
            Announcement(
                id=f"cb-{announced_on.year}-{agency.id}",
                qms_id=qms_id,
                decision_number=f"{self.decision_seq}/QĐ-CB",
                date=announced_on,
                signer="Thủ trưởng cơ quan",
                standard=StandardVersion.ISO9001_2015,
                scope_tthc=codes,
                reason=reason,
                lead_unit_notified_on=announced_on + dt.timedelta(days=2),
                posted_at_office_on=announced_on + dt.timedelta(days=1),
                published_online_on=announced_on + dt.timedelta(days=1),
            ),
        )
        for j, code in enumerate(codes, start=1):
            if new_tthc:
                self.add(
                    Tthc(
                        id=f"t-{code}",
                        code=code,
                        name=f"Thủ tục {code} của {agency.name}",
                        agency_ids=(agency.id,),
                        published_on=D(2019, 1, 15),
                    )
                )
            self.add(
                Process(
                    id=f"qt-{agency.id}-{j:02d}",
                    qms_id=qms_id,
                    code=f"QT-{j:02d}",
                    name=f"Quy trình giải quyết thủ tục {code}",
                    tthc_codes=(code,),
                    revisions=(
                        DocumentRevision(
                            number=revision,
                            approved_on=step - dt.timedelta(days=10),
                            approved_by="Thủ trưởng cơ quan",
                        ),
                    ),
                )
            )
        return qms_id

    def yearly(self, agency: Agency, day: dt.date) -> None:
        """The year's internal audit and management review of `agency`'s QMS."""
        qms_id = f"q-{agency.id}"
        self.add(
            InternalAudit(
                id=f"dg-{day.isoformat()}-{agency.id}",
                qms_id=qms_id,
                start=day,
                end=day + dt.timedelta(days=1),
                auditors=("Chuyên gia đánh giá nội bộ",),
            ),
            ManagementReview(
                id=f"xx-{day.isoformat()}-{agency.id}",
                qms_id=qms_id,
                date=day + dt.timedelta(days=14),
                chair="Thủ trưởng cơ quan",
            ),
        )


def old_province(
    b: Builder, *, pid: str, name: str, prefix: str, districts: list[str], number: int
) -> tuple[dict[str, Agency], list[Agency], list[Tthc]]:
    """One pre-reform province up to 30/06/2025; returns its departments after 01/03/2025,
    its district committees and the district procedures (whose dated assignments the caller
    completes)."""
    b.add(
        AdministrativeUnit(
            id=pid,
            name=name,
            level=AdminUnitLevel.PROVINCE,
            valid_to=LAST_OLD_DAY,
            successor_ids=("p-mg",),
        )
    )
    ubnd = Agency(
        id=f"{prefix}ubnd-tinh",
        name=f"Ủy ban nhân dân {name.replace('Tỉnh', 'tỉnh')} (Văn phòng UBND tỉnh)",
        short_name="UBND tỉnh",
        kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
        admin_unit_id=pid,
        valid_from=D(2004, 1, 1),
        valid_to=LAST_OLD_DAY,
    )
    b.add(ubnd)
    b.qms(ubnd, announced_on=D(2019, 5, 20), codes=(b.tthc_code(),))
    departments: dict[str, Agency] = {}
    for dname in PROVINCIAL_DEPARTMENTS:
        ends = LAST_OLD_DAY if dname not in MERGERS else DEPT_MERGER - dt.timedelta(days=1)
        a = Agency(
            id=f"{prefix}{slug(dname)}",
            name=dname,
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            admin_unit_id=pid,
            parent_id=ubnd.id,
            valid_from=D(2008, 4, 1),
            valid_to=ends,
        )
        departments[dname] = a
        b.add(a)
        b.qms(a, announced_on=D(2019, 5, 20), codes=(b.tthc_code(),))
    nn_mt = Agency(
        id=f"{prefix}{slug(NN_MT)}",
        name=NN_MT,
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        admin_unit_id=pid,
        parent_id=ubnd.id,
        valid_from=DEPT_MERGER,
        valid_to=LAST_OLD_DAY,
    )
    b.add(
        nn_mt,
        AgencyEvent(
            id=f"ev-{prefix}thanh-lap-so-nn-mt",
            agency_id=nn_mt.id,
            kind=AgencyEventKind.ESTABLISHED,
            date=DEPT_MERGER,
            decision_number=f"{number}/QĐ-UBND",
            note="Thành lập trên cơ sở hợp nhất Sở NN&PTNT và Sở TN&MT",
        ),
    )
    departments[NN_MT] = nn_mt
    for old, new in MERGERS.items():
        b.add(
            AgencyEvent(
                id=f"ev-{prefix}sap-nhap-{slug(old)}",
                agency_id=departments[old].id,
                kind=AgencyEventKind.MERGED_INTO,
                date=DEPT_MERGER,
                decision_number=f"{number}/QĐ-UBND",
                successor_ids=(departments[new].id,),
                note=f"Hợp nhất vào {new}",
            )
        )
    # The new Sở NN&MT applies its predecessors' QMS under a new announcement (its scope
    # joins theirs); Sở KH&CN re-announces once it has the information procedures.
    b.qms(
        nn_mt,
        announced_on=D(2025, 4, 21),
        codes=(b.tthc_code(), b.tthc_code()),
        reason=AnnouncementReason.REORGANISATION,
        revision=2,
    )
    kept = {d: a for d, a in departments.items() if d in AFTER_MERGERS}

    district_agencies: list[Agency] = []
    district_tthc: list[Tthc] = []
    for dname in districts:
        unit = AdministrativeUnit(
            id=f"au-{slug(dname)}",
            name=dname,
            level=AdminUnitLevel.DISTRICT,
            parent_id=pid,
            valid_to=LAST_OLD_DAY,
        )
        committee = Agency(
            id=f"ubnd-{slug(dname)}",
            name=f"Ủy ban nhân dân {dname}",
            kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
            admin_unit_id=unit.id,
            parent_id=ubnd.id,
            valid_from=D(2004, 1, 1),
            valid_to=LAST_OLD_DAY,
        )
        division = Agency(
            id=f"phong-tu-phap-{slug(dname)}",
            name=f"Phòng Tư pháp {dname}",
            kind=AgencyKind.DISTRICT_DIVISION,
            admin_unit_id=unit.id,
            parent_id=committee.id,
            valid_from=D(2004, 1, 1),
            valid_to=LAST_OLD_DAY,
        )
        b.add(unit, committee, division)
        for a in (committee, division):
            b.add(
                AgencyEvent(
                    id=f"ev-ket-thuc-{a.id}",
                    agency_id=a.id,
                    kind=AgencyEventKind.DISSOLVED,
                    date=REFORM,
                    decision_number="72/2025/QH15",
                    note="Kết thúc hoạt động cấp huyện (Luật Tổ chức chính quyền địa phương)",
                )
            )
        code = b.tthc_code()
        # Handled by the district until 30/06/2025, then by a commune (completed by the caller).
        district_tthc.append(
            Tthc(
                id=f"t-{code}",
                code=code,
                name=f"Chứng thực bản sao từ bản chính ({dname})",
                published_on=D(2019, 1, 15),
                assignments=(TthcAssignment(agency_id=committee.id, valid_to=LAST_OLD_DAY),),
            )
        )
        b.qms(
            committee,
            announced_on=D(2019, 5, 20),
            codes=(code,),
            covers=(division.id,),
            new_tthc=False,
        )
        district_agencies.append(committee)
    return kept, district_agencies, district_tthc


def build() -> QmsDataset:
    b = Builder()
    mh_depts, mh_districts, mh_tthc = old_province(
        b, pid="p-mh", name="Tỉnh Minh Hòa", prefix="", districts=MH_DISTRICTS, number=312
    )
    hg_depts, hg_districts, hg_tthc = old_province(
        b, pid="p-hg", name="Tỉnh Hòa Giang", prefix="hg-", districts=HG_DISTRICTS, number=298
    )
    # Sở KH&CN of Minh Hòa takes the information procedures: re-announcement (reorganisation).
    b.add(
        Announcement(
            id="cbl-2025-so-khoa-hoc-va-cong-nghe",
            qms_id="q-so-khoa-hoc-va-cong-nghe",
            decision_number="41/QĐ-SKHCN",
            date=D(2025, 4, 14),
            signer="Giám đốc Sở Khoa học và Công nghệ",
            standard=StandardVersion.ISO9001_2015,
            scope_tthc=(
                f"2.{2 + PROVINCIAL_DEPARTMENTS.index('Sở Khoa học và Công nghệ'):06d}",
                f"2.{2 + PROVINCIAL_DEPARTMENTS.index('Sở Thông tin và Truyền thông'):06d}",
            ),
            reason=AnnouncementReason.REORGANISATION,
            lead_unit_notified_on=D(2025, 4, 16),
            posted_at_office_on=D(2025, 4, 15),
            published_online_on=D(2025, 4, 15),
        )
    )

    # --- the new province from 01/07/2025 ------------------------------------------------
    b.add(
        AdministrativeUnit(
            id="p-mg", name="Tỉnh Minh Giang", level=AdminUnitLevel.PROVINCE, valid_from=REFORM
        )
    )
    ubnd = Agency(
        id="mg-ubnd-tinh",
        name="Ủy ban nhân dân tỉnh Minh Giang (Văn phòng UBND tỉnh)",
        short_name="UBND tỉnh",
        kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
        admin_unit_id="p-mg",
        valid_from=REFORM,
    )
    b.add(ubnd)
    for old in ("ubnd-tinh", "hg-ubnd-tinh"):
        b.add(
            AgencyEvent(
                id=f"ev-hop-nhat-{old}",
                agency_id=old,
                kind=AgencyEventKind.MERGED_INTO,
                date=REFORM,
                decision_number="202/2025/QH15",
                successor_ids=(ubnd.id,),
            )
        )
    provincial: list[Agency] = [ubnd]
    for dname in AFTER_MERGERS:
        a = Agency(
            id=f"mg-{slug(dname)}",
            name=dname,
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            admin_unit_id="p-mg",
            parent_id=ubnd.id,
            valid_from=REFORM,
        )
        b.add(a)
        provincial.append(a)
        for olds in (mh_depts, hg_depts):
            b.add(
                AgencyEvent(
                    id=f"ev-hop-nhat-{olds[dname].id}",
                    agency_id=olds[dname].id,
                    kind=AgencyEventKind.MERGED_INTO,
                    date=REFORM,
                    decision_number="15/QĐ-UBND",
                    successor_ids=(a.id,),
                    note="Hợp nhất khi sắp xếp đơn vị hành chính cấp tỉnh",
                )
            )
    # The QMS of each provincial unit is carried from its Minh Hòa predecessor and re-announced
    # (reorganisation) between August and November 2025; Sở NN&MT only on 09/02/2026.
    for i, a in enumerate(provincial):
        late = a.name == NN_MT
        day = D(2026, 2, 9) if late else D(2025, 8 + i % 4, 11 + i)
        b.qms(
            a,
            announced_on=day,
            codes=(b.tthc_code(), b.tthc_code()),
            reason=AnnouncementReason.REORGANISATION,
            eiso_since=D(2025, 7, 15),
            revision=2,
        )

    # --- communes, their centres and division -------------------------------------------
    communes: dict[str, Agency] = {}
    applying: list[Agency] = []
    for cname, applies in COMMUNES:
        unit = AdministrativeUnit(
            id=f"au-mg-{slug(cname)}",
            name=cname,
            level=AdminUnitLevel.COMMUNE,
            parent_id="p-mg",
            valid_from=REFORM,
        )
        a = Agency(
            id=f"ubnd-mg-{slug(cname)}",
            name=f"Ủy ban nhân dân {cname}",
            kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
            admin_unit_id=unit.id,
            parent_id=ubnd.id,
            valid_from=REFORM,
        )
        b.add(unit, a)
        communes[cname] = a
        if applies:
            applying.append(a)
    centres = [
        Agency(
            id=f"ttphcc-mg-{slug(c)}",
            name=f"Trung tâm Phục vụ hành chính công {c}",
            kind=AgencyKind.COMMUNE_SERVICE_CENTRE,
            admin_unit_id=communes[c].admin_unit_id,
            parent_id=communes[c].id,
            valid_from=REFORM,
        )
        for c in ("Phường Minh Hòa", "Phường Hòa Giang")
    ]
    division = Agency(
        id="phong-kt-mg-phuong-minh-hoa",
        name="Phòng Kinh tế, Hạ tầng và Đô thị Phường Minh Hòa",
        kind=AgencyKind.COMMUNE_DIVISION,
        admin_unit_id=communes["Phường Minh Hòa"].admin_unit_id,
        parent_id=communes["Phường Minh Hòa"].id,
        valid_from=REFORM,
    )
    b.add(*centres, division)

    # District procedures pass to communes on 01/07/2025.
    moved: list[str] = []
    for key, t in [*((f"mh-{i}", t) for i, t in enumerate(mh_tthc))] + [
        (f"hg-{i}", t) for i, t in enumerate(hg_tthc)
    ]:
        commune = communes[DISTRICT_TO_COMMUNE[key]]
        b.add(
            t.model_copy(
                update={
                    "assignments": (
                        *t.assignments,
                        TthcAssignment(
                            agency_id=commune.id, valid_from=REFORM, decision_number="25/QĐ-UBND"
                        ),
                    )
                }
            )
        )
        moved.append(t.code)
    b.add(
        TthcListUpdate(
            id="dm-tthc-2025-mg",
            province_id="p-mg",
            date=D(2025, 7, 7),
            tthc_codes=tuple(moved),
        )
    )
    # 8 communes apply a QMS (encouraged): announced in Q4 2025 over the moved procedures;
    # Phường Minh Hòa's QMS also covers its centre and division.
    scope: dict[str, list[str]] = {}
    for key, cname in DISTRICT_TO_COMMUNE.items():
        idx = int(key.split("-")[1])
        t = (mh_tthc if key.startswith("mh") else hg_tthc)[idx]
        scope.setdefault(cname, []).append(t.code)
    for i, a in enumerate(applying):
        cname = a.name.removeprefix("Ủy ban nhân dân ")
        covers = (centres[0].id, division.id) if cname == "Phường Minh Hòa" else ()
        if cname == "Phường Hòa Giang":
            covers = (centres[1].id,)
        b.qms(
            a,
            announced_on=D(2025, 10, 6 + 2 * i),
            codes=tuple(scope[cname]),
            covers=covers,
            eiso_since=D(2025, 11, 3) if i < 6 else None,
            new_tthc=False,
        )

    # --- plans ----------------------------------------------------------------------------
    b.add(
        AnnualPlan(
            id="kh-2025-mg",
            province_id="p-mg",
            year=2025,
            decision_number="40/QĐ-UBND",
            approved_on=D(2025, 7, 18),
            approver="Chủ tịch UBND tỉnh",
            title="Kế hoạch áp dụng, duy trì và cải tiến HTQLCL 6 tháng cuối năm 2025",
            budget=300_000_000,
        ),
        AnnualPlan(
            id="kh-2026-mg",
            province_id="p-mg",
            year=2026,
            decision_number="22/QĐ-UBND",
            approved_on=D(2026, 1, 12),
            approver="Chủ tịch UBND tỉnh",
            title="Kế hoạch áp dụng, duy trì và cải tiến HTQLCL năm 2026",
            budget=520_000_000,
        ),
    )
    for i, a in enumerate(applying):
        # 2025: build and announce the commune's QMS by the end of October.
        b.add(
            PlannedActivity(
                id=f"kh-2025-{a.id}-cb",
                plan_id="kh-2025-mg",
                agency_id=a.id,
                kind=ActivityKind.ANNOUNCE,
                due_in="2025-10",
            ),
            Activity(
                id=f"hd-2025-{a.id}-cb",
                agency_id=a.id,
                kind=ActivityKind.ANNOUNCE,
                date=D(2025, 10, 6 + 2 * i),
                planned_activity_id=f"kh-2025-{a.id}-cb",
            ),
        )
    # 2026: every applying commune audits in Q2 and reviews in Q3 (done on time), except the
    # 7th, whose review is due in July and done in August (late), and the 8th, whose review
    # is not done at 30/09/2026 (overdue); training in Q4 (not yet due at 30/09/2026).
    for i, a in enumerate(applying):
        b.add(
            PlannedActivity(
                id=f"kh-2026-{a.id}-dg",
                plan_id="kh-2026-mg",
                agency_id=a.id,
                kind=ActivityKind.INTERNAL_AUDIT,
                due_in="2026-Q2",
            ),
            PlannedActivity(
                id=f"kh-2026-{a.id}-xx",
                plan_id="kh-2026-mg",
                agency_id=a.id,
                kind=ActivityKind.MANAGEMENT_REVIEW,
                due_in="2026-07" if i == len(applying) - 2 else "2026-Q3",
            ),
            PlannedActivity(
                id=f"kh-2026-{a.id}-dt",
                plan_id="kh-2026-mg",
                agency_id=a.id,
                kind=ActivityKind.TRAINING,
                due_in="2026-Q4",
            ),
        )
        audit = D(2026, 5, 4 + i)
        qms_id = f"q-{a.id}"
        b.add(
            InternalAudit(
                id=f"dg-2026-{a.id}",
                qms_id=qms_id,
                start=audit,
                end=audit,
            )
        )
        if i == len(applying) - 1:
            continue  # the last commune has not held its review at 30/09/2026
        review = D(2026, 8, 20) if i == len(applying) - 2 else D(2026, 8, 3 + i)
        b.add(
            ManagementReview(
                id=f"xx-2026-{a.id}",
                qms_id=qms_id,
                date=review,
                chair="Chủ tịch UBND xã",
            )
        )

    # --- yearly records of the provincial units -------------------------------------------
    # 2025: each re-announcement was preceded by its audit and review (in `qms`); Sở NN&MT's
    # are in January 2026, before its re-announcement. 2026: audit and review in Q2-Q3 for
    # 12 more; Ban Quản lý các khu công nghiệp has not held them at 30/09/2026 (not yet due:
    # the period runs to 31/12/2026).
    for i, a in enumerate(provincial):
        if a.name in (NN_MT, "Ban Quản lý các khu công nghiệp"):
            continue
        b.yearly(a, D(2026, 4 + i % 5, 6 + i))

    # --- inspections and reports of the new province ---------------------------------------
    inspector = "mg-so-khoa-hoc-va-cong-nghe"
    by_name = {a.name: a for a in provincial}
    # 2025: 5 on site in October-December, the other 9 mandatory units by desk in November.
    # 2026: 5 on site planned August-November (2 done at 30/09/2026), 9 by desk in November.
    on_site_days = {
        2025: [D(2025, 10, 8), D(2025, 10, 15), D(2025, 11, 5), D(2025, 11, 12), D(2025, 12, 3)],
        2026: [D(2026, 8, 12), D(2026, 9, 16), D(2026, 10, 14), D(2026, 10, 21), D(2026, 11, 4)],
    }
    done_by = {2025: D(2025, 12, 31), 2026: D(2026, 9, 30)}
    for year, names in ((2025, ON_SITE_2025), (2026, ON_SITE_2026)):
        desk = [a for a in provincial if a.name not in names]
        b.add(
            InspectionPlan(
                id=f"khkt-{year}-mg",
                province_id="p-mg",
                year=year,
                decision_number=f"{90 + year % 100}/QĐ-UBND",
                approved_on=D(2025, 8, 1) if year == 2025 else D(2026, 2, 2),
                inspecting_agency_id=inspector,
                entries=tuple(
                    InspectionPlanEntry(
                        agency_id=by_name[n].id,
                        form=InspectionForm.ON_SITE,
                        expected_month=day.month,
                    )
                    for n, day in zip(names, on_site_days[year], strict=True)
                )
                + tuple(
                    InspectionPlanEntry(agency_id=a.id, form=InspectionForm.DESK, expected_month=11)
                    for a in desk
                ),
            )
        )
        for k, (n, day) in enumerate(zip(names, on_site_days[year], strict=True)):
            if day > done_by[year]:
                continue  # planned for later in the year
            b.add(
                Inspection(
                    id=f"kt-{year}-{by_name[n].id}",
                    agency_id=by_name[n].id,
                    form=InspectionForm.ON_SITE,
                    plan_id=f"khkt-{year}-mg",
                    decision_number=f"{10 + k}/QĐ-SKHCN",
                    decision_on=day - dt.timedelta(days=10),
                    inspected_on=day,
                    minutes_signed_on=day,
                    team_lead="Phó Giám đốc Sở KH&CN",
                    checklist=CHECKLIST_MET,
                )
            )
        if year == 2025:
            for k, a in enumerate(desk):
                day = D(2025, 11, 17 + k % 5)
                b.add(
                    Inspection(
                        id=f"kths-{year}-{a.id}",
                        agency_id=a.id,
                        form=InspectionForm.DESK,
                        plan_id=f"khkt-{year}-mg",
                        inspected_on=day,
                        minutes_signed_on=day,
                        checklist=CHECKLIST_MET,
                    )
                )
    b.add(
        StatutoryReport(
            id="bc-t11-2025-mg",
            kind=StatutoryReportKind.NOVEMBER_INSPECTION,
            province_id="p-mg",
            year=2025,
            submitted_on=D(2025, 11, 25),
            document_number="180/BC-SKHCN",
            sender_agency_id=inspector,
            recipient="Sở Khoa học và Công nghệ",
        ),
        StatutoryReport(
            id="bc-t12-2025-mg",
            kind=StatutoryReportKind.DECEMBER_STATUS,
            province_id="p-mg",
            year=2025,
            submitted_on=D(2025, 12, 15),
            document_number="355/BC-UBND",
            sender_agency_id=ubnd.id,
            recipient="Bộ Khoa học và Công nghệ",
        ),
    )
    del mh_districts, hg_districts
    return QmsDataset.from_records(b.records, name="Tỉnh Minh Giang (demo), 2025-2026")


def main() -> int:
    return write_or_check(OUT, build, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
