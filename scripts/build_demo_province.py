"""Generate the demo province's raw records (package data), deterministically.

The demo province "Tỉnh Minh Hòa" is fictional. Its records are shaped so that the real rules,
not typed-in figures, reproduce the seed report's 2023 numbers (see DESIGN.md §2):

- 165 registry units: 19 provincial (UBND tỉnh + 18 sở/ban), 9 district People's Committees,
  106 commune People's Committees (134 in the management-level blocks), 9 sub-departments,
  19 public service units, the provincial police, the land registration office and the office
  of the National Assembly delegation and People's Council; one sub-department merges into
  another and one public service unit is dissolved during 2023 (so 163 remain).
- the 134 level-block units run their QMS on e-ISO software and do every yearly duty;
- the 29 other remaining units are listed in the approved 2023 plan and do what it says on time;
- 20 on-site inspections (11 sở, 9 districts) and desk reviews of the other mandatory units.

Usage:
    python scripts/build_demo_province.py            # rewrite the package data file
    python scripts/build_demo_province.py --check    # exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

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
    ReviewOutputs,
    StandardVersion,
    StateChange,
    StatutoryReport,
    StatutoryReportKind,
    Tthc,
    TthcListUpdate,
    dump_dataset,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms._internal.demo import PROVINCIAL_DEPARTMENTS

OUT = Path(__file__).resolve().parents[1] / "src/vn_iso_qms/_internal/data/demo_province.json"
D = dt.date

DEPARTMENTS = list(PROVINCIAL_DEPARTMENTS)
DISTRICTS = [
    ("Thành phố Minh Hòa", "Phường", 12),
    ("Thị xã Bình Sơn", "Phường", 12),
    ("Huyện An Lạc", "Xã", 12),
    ("Huyện Phú Hưng", "Xã", 12),
    ("Huyện Tân Thạnh", "Xã", 12),
    ("Huyện Long Điền", "Xã", 12),
    ("Huyện Hòa Thuận", "Xã", 12),
    ("Huyện Cát Tiên", "Xã", 11),
    ("Huyện Đông Hải", "Xã", 11),
]
COMMUNE_NAMES = [
    "An Bình",
    "An Hòa",
    "An Phú",
    "Bình An",
    "Bình Minh",
    "Bình Thạnh",
    "Cát Lái",
    "Đông Hòa",
    "Đông Thạnh",
    "Hòa An",
    "Hòa Bình",
    "Hòa Lợi",
    "Hưng Long",
    "Hưng Phú",
    "Long An",
    "Long Hòa",
    "Long Phước",
    "Minh Đức",
    "Minh Tân",
    "Phú Lộc",
    "Phú Mỹ",
    "Phước Hải",
    "Tân An",
    "Tân Hiệp",
    "Tân Phú",
    "Thạnh Lộc",
    "Thạnh Phú",
    "Thuận An",
    "Thuận Hòa",
    "Trung Hòa",
    "Vĩnh Phúc",
    "Vĩnh Thạnh",
    "Xuân Hòa",
    "Xuân Lộc",
]
SUB_DEPARTMENTS = [
    ("Chi cục Tiêu chuẩn Đo lường Chất lượng", "Sở Khoa học và Công nghệ"),
    ("Chi cục Kiểm lâm", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Chi cục Thủy lợi", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Chi cục Chăn nuôi và Thú y", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Chi cục Trồng trọt và Bảo vệ thực vật", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Chi cục Dân số - Kế hoạch hóa gia đình", "Sở Y tế"),
    ("Chi cục An toàn vệ sinh thực phẩm", "Sở Y tế"),
    ("Chi cục Bảo vệ môi trường", "Sở Tài nguyên và Môi trường"),
]
MERGED_SUB_DEPARTMENT = ("Chi cục Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn")
PUBLIC_SERVICE_UNITS = [
    ("Trung tâm Dịch vụ việc làm", "Sở Lao động - Thương binh và Xã hội"),
    ("Trung tâm Công nghệ thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
    ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "Sở Khoa học và Công nghệ"),
    ("Trung tâm Trợ giúp pháp lý nhà nước", "Sở Tư pháp"),
    ("Trung tâm Dịch vụ đấu giá tài sản", "Sở Tư pháp"),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", "Sở Kế hoạch và Đầu tư"),
    ("Trung tâm Kiểm soát bệnh tật", "Sở Y tế"),
    ("Trung tâm Quan trắc tài nguyên và môi trường", "Sở Tài nguyên và Môi trường"),
    ("Trung tâm Phát triển quỹ đất", "Sở Tài nguyên và Môi trường"),
    ("Trung tâm Khuyến nông", "Sở Nông nghiệp và Phát triển nông thôn"),
    (
        "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ),
    ("Trung tâm Đăng kiểm xe cơ giới", "Sở Giao thông vận tải"),
    ("Trung tâm Giám định y khoa", "Sở Y tế"),
    ("Trung tâm Pháp y", "Sở Y tế"),
    ("Trung tâm Văn hóa - Điện ảnh", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Trung tâm Bảo trợ xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Trung tâm Thông tin và Thống kê khoa học và công nghệ", "Sở Khoa học và Công nghệ"),
    ("Quỹ Bảo vệ môi trường", "Sở Tài nguyên và Môi trường"),
]
DISSOLVED_PUBLIC_SERVICE_UNIT = (
    "Trung tâm Thông tin Xúc tiến Du lịch",
    "Sở Văn hóa, Thể thao và Du lịch",
)
OTHER_UNITS = [
    ("Công an tỉnh", AgencyKind.PROVINCIAL_POLICE),
    ("Văn phòng Đăng ký đất đai tỉnh", AgencyKind.LAND_REGISTRATION_OFFICE),
    (
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        AgencyKind.NA_DELEGATION_COUNCIL_OFFICE,
    ),
]
# 11 sở inspected on site in 2023 (by position in DEPARTMENTS).
ON_SITE_DEPARTMENTS = (0, 1, 3, 4, 6, 7, 8, 10, 12, 14, 15)


def slug(text: str) -> str:
    """ASCII id from a Vietnamese name: 'Sở Tư pháp' -> 'so-tu-phap'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


class Builder:
    """Accumulates records; every id is derived from names, so output is stable."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.tthc_seq = 0

    def add(self, *records: Record) -> None:
        self.records.extend(records)

    def next_tthc_code(self) -> str:
        self.tthc_seq += 1
        return f"1.{self.tthc_seq:06d}"


def build() -> QmsDataset:
    b = Builder()
    province = AdministrativeUnit(id="p-mh", name="Tỉnh Minh Hòa", level=AdminUnitLevel.PROVINCE)
    b.add(province)

    ubnd = Agency(
        id="ubnd-tinh",
        name="Ủy ban nhân dân tỉnh Minh Hòa (Văn phòng UBND tỉnh)",
        short_name="UBND tỉnh",
        kind=AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
        admin_unit_id="p-mh",
        valid_from=D(2004, 1, 1),
    )
    b.add(ubnd)
    level_units: list[Agency] = [ubnd]
    departments: dict[str, Agency] = {}
    for name in DEPARTMENTS:
        a = Agency(
            id=slug(name),
            name=name,
            kind=AgencyKind.PROVINCIAL_DEPARTMENT,
            admin_unit_id="p-mh",
            parent_id="ubnd-tinh",
            valid_from=D(2008, 4, 1),
        )
        departments[name] = a
        level_units.append(a)
        b.add(a)

    districts: list[Agency] = []
    commune_index = 0
    for d_name, commune_prefix, n_communes in DISTRICTS:
        unit = AdministrativeUnit(
            id=f"au-{slug(d_name)}",
            name=d_name,
            level=AdminUnitLevel.DISTRICT,
            parent_id="p-mh",
            valid_to=D(2025, 6, 30),
        )
        agency = Agency(
            id=f"ubnd-{slug(d_name)}",
            name=f"Ủy ban nhân dân {d_name}",
            kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
            admin_unit_id=unit.id,
            parent_id="ubnd-tinh",
            valid_from=D(2004, 1, 1),
            valid_to=D(2025, 6, 30),
        )
        b.add(unit, agency)
        districts.append(agency)
        level_units.append(agency)
        for k in range(n_communes):
            base = COMMUNE_NAMES[commune_index % len(COMMUNE_NAMES)]
            prefix = "Thị trấn" if (commune_prefix == "Xã" and k == 0) else commune_prefix
            c_name = f"{prefix} {base}"
            c_unit = AdministrativeUnit(
                id=f"au-{slug(d_name)}-{slug(c_name)}",
                name=c_name,
                level=AdminUnitLevel.COMMUNE,
                parent_id=unit.id,
            )
            c_agency = Agency(
                id=f"ubnd-{slug(d_name)}-{slug(c_name)}",
                name=f"Ủy ban nhân dân {c_name}, {d_name}",
                kind=AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
                admin_unit_id=c_unit.id,
                parent_id=agency.id,
                valid_from=D(2004, 1, 1),
            )
            b.add(c_unit, c_agency)
            level_units.append(c_agency)
            commune_index += 1

    plan_units: list[Agency] = []
    for name, parent in SUB_DEPARTMENTS:
        a = Agency(
            id=slug(name),
            name=name,
            kind=AgencyKind.SUB_DEPARTMENT,
            admin_unit_id="p-mh",
            parent_id=departments[parent].id,
            valid_from=D(2010, 1, 1),
        )
        plan_units.append(a)
        b.add(a)
    for name, parent in PUBLIC_SERVICE_UNITS:
        a = Agency(
            id=slug(name),
            name=name,
            kind=AgencyKind.PUBLIC_SERVICE_UNIT,
            admin_unit_id="p-mh",
            parent_id=departments[parent].id,
            valid_from=D(2012, 1, 1),
        )
        plan_units.append(a)
        b.add(a)
    for name, kind in OTHER_UNITS:
        a = Agency(
            id=slug(name), name=name, kind=kind, admin_unit_id="p-mh", valid_from=D(2010, 1, 1)
        )
        plan_units.append(a)
        b.add(a)

    # The two units that end during 2023.
    merged = Agency(
        id=slug(MERGED_SUB_DEPARTMENT[0]),
        name=MERGED_SUB_DEPARTMENT[0],
        kind=AgencyKind.SUB_DEPARTMENT,
        admin_unit_id="p-mh",
        parent_id=departments[MERGED_SUB_DEPARTMENT[1]].id,
        valid_from=D(2010, 1, 1),
        valid_to=D(2023, 6, 30),
    )
    dissolved = Agency(
        id=slug(DISSOLVED_PUBLIC_SERVICE_UNIT[0]),
        name=DISSOLVED_PUBLIC_SERVICE_UNIT[0],
        kind=AgencyKind.PUBLIC_SERVICE_UNIT,
        admin_unit_id="p-mh",
        parent_id=departments[DISSOLVED_PUBLIC_SERVICE_UNIT[1]].id,
        valid_from=D(2012, 1, 1),
        valid_to=D(2023, 9, 30),
    )
    b.add(merged, dissolved)
    b.add(
        AgencyEvent(
            id="ev-sap-nhap-cc-ptnt",
            agency_id=merged.id,
            kind=AgencyEventKind.MERGED_INTO,
            date=D(2023, 7, 1),
            decision_number="1203/QĐ-UBND",
            successor_ids=(slug("Chi cục Thủy lợi"),),
            note="Sáp nhập vào Chi cục Thủy lợi",
        ),
        AgencyEvent(
            id="ev-giai-the-tt-ttxtdl",
            agency_id=dissolved.id,
            kind=AgencyEventKind.DISSOLVED,
            date=D(2023, 10, 1),
            decision_number="1876/QĐ-UBND",
            note="Giải thể; nhiệm vụ chuyển về Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
        ),
    )

    # --- QMS units, TTHC, processes, announcements (all before 2023) ---------------------
    eiso_ids = {a.id for a in level_units}
    all_units = level_units + plan_units + [merged, dissolved]
    tthc_of: dict[str, list[str]] = {}
    for i, agency in enumerate(all_units):
        qms_id = f"q-{agency.id}"
        n_tthc = 3 if agency.kind is not AgencyKind.COMMUNE_PEOPLE_COMMITTEE else 2
        codes = []
        for _ in range(n_tthc):
            code = b.next_tthc_code()
            codes.append(code)
            b.add(
                Tthc(
                    id=f"t-{code}",
                    code=code,
                    name=f"Thủ tục {code} của {agency.name}",
                    agency_ids=(agency.id,),
                    published_on=D(2019, 1, 15),
                )
            )
        tthc_of[agency.id] = codes
        eiso = (
            (EIsoUse(product="Phần mềm ISO điện tử tỉnh Minh Hòa", since=D(2021, 1, 4 + i % 20)),)
            if agency.id in eiso_ids
            else ()
        )
        b.add(
            QmsUnit(
                id=qms_id,
                name=f"HTQLCL {agency.name}",
                owner_agency_id=agency.id,
                agency_ids=(agency.id,),
                framework_model="101/QĐ-BKHCN",
                eiso=eiso,
            )
        )
        for j, code in enumerate(codes, start=1):
            b.add(
                Process(
                    id=f"qt-{agency.id}-{j:02d}",
                    qms_id=qms_id,
                    code=f"QT-{j:02d}",
                    name=f"Quy trình giải quyết thủ tục {code}",
                    tthc_codes=(code,),
                    revisions=(
                        DocumentRevision(
                            number=1, approved_on=D(2019, 3, 1), approved_by="Thủ trưởng cơ quan"
                        ),
                    ),
                )
            )
        b.add(
            EffectivenessConfirmation(
                id=f"xnhl-{agency.id}",
                qms_id=qms_id,
                date=D(2019, 5, 10),
                decision_number=f"{100 + i}/QĐ-XNHL",
                signer="Thủ trưởng cơ quan",
            ),
            InternalAudit(
                id=f"dg-2019-{agency.id}", qms_id=qms_id, start=D(2019, 4, 8), end=D(2019, 4, 9)
            ),
            ManagementReview(
                id=f"xx-2019-{agency.id}",
                qms_id=qms_id,
                date=D(2019, 4, 25),
                chair="Thủ trưởng cơ quan",
            ),
            Announcement(
                id=f"cb-{agency.id}",
                qms_id=qms_id,
                decision_number=f"{200 + i}/QĐ-CB",
                date=D(2019, 5, 20),
                signer="Thủ trưởng cơ quan",
                standard=StandardVersion.ISO9001_2015,
                scope_tthc=tuple(codes),
                lead_unit_notified_on=D(2019, 5, 24),
                posted_at_office_on=D(2019, 5, 21),
                published_online_on=D(2019, 5, 21),
            ),
        )

    # --- 2023: the merger's successor re-announces (scope changed, QĐ 19 Art. 4.4.c) -----------
    thuy_loi = slug("Chi cục Thủy lợi")
    b.add(
        Announcement(
            id=f"cbl-{thuy_loi}-2023",
            qms_id=f"q-{thuy_loi}",
            decision_number="57/QĐ-CCTL",
            date=D(2023, 8, 14),
            signer="Chi cục trưởng Chi cục Thủy lợi",
            standard=StandardVersion.ISO9001_2015,
            scope_tthc=tuple(tthc_of[thuy_loi]),
            reason=AnnouncementReason.REORGANISATION,
            lead_unit_notified_on=D(2023, 8, 16),
            posted_at_office_on=D(2023, 8, 15),
            published_online_on=D(2023, 8, 15),
        )
    )

    # --- 2023: a scope expansion with re-announcement, a legal change answered in time ----
    so_tp = departments["Sở Tư pháp"]
    new_code = b.next_tthc_code()
    b.add(
        Tthc(
            id=f"t-{new_code}",
            code=new_code,
            name="Thủ tục mới của Sở Tư pháp",
            agency_ids=(so_tp.id,),
            published_on=D(2023, 3, 1),
        ),
        # the province's published list shows it within 5 working days (TT 26 Art. 4.3)
        TthcListUpdate(
            id="dm-tthc-2023-1",
            province_id="p-mh",
            date=D(2023, 3, 6),
            tthc_codes=(new_code,),
        ),
        Announcement(
            id=f"cbl-{so_tp.id}-2023",
            qms_id=f"q-{so_tp.id}",
            decision_number="88/QĐ-STP",
            date=D(2023, 5, 15),
            signer="Giám đốc Sở Tư pháp",
            standard=StandardVersion.ISO9001_2015,
            scope_tthc=(*tthc_of[so_tp.id], new_code),
            reason=AnnouncementReason.SCOPE_EXPANDED,
            lead_unit_notified_on=D(2023, 5, 18),
            posted_at_office_on=D(2023, 5, 16),
            published_online_on=D(2023, 5, 16),
        ),
    )
    so_xd = departments["Sở Xây dựng"]
    b.add(
        LegalChange(
            id="vb-2023-xd",
            document_number="06/2023/TT-BXD",
            title="Sửa đổi thủ tục cấp phép",
            effective_on=D(2023, 4, 1),
            affected_tthc=(tthc_of[so_xd.id][0],),
        ),
        QmsUpdate(
            id="cn-2023-xd",
            qms_id=f"q-{so_xd.id}",
            legal_change_ids=("vb-2023-xd",),
            date=D(2023, 6, 20),
            process_ids=(f"qt-{so_xd.id}-01",),
        ),
    )

    # --- 2023 audits, reviews, findings and corrective actions for every remaining unit ----
    remaining = level_units + plan_units
    for i, agency in enumerate(remaining):
        qms_id = f"q-{agency.id}"
        month = 5 + i % 5  # May-September
        start = D(2023, month, 8 + i % 10)
        audit_id = f"dg-2023-{agency.id}"
        findings: tuple[AuditFinding, ...] = ()
        if i % 7 == 0:
            findings = (
                AuditFinding(
                    number=1,
                    grade=FindingGrade.MINOR_NONCONFORMITY,
                    clause="7.5.3",
                    process_id=f"qt-{agency.id}-01",
                    description="Hồ sơ chưa được lưu trữ đúng quy định",
                ),
                AuditFinding(
                    number=2, grade=FindingGrade.OPPORTUNITY_FOR_IMPROVEMENT, clause="10.3"
                ),
            )
        b.add(
            InternalAudit(
                id=audit_id,
                qms_id=qms_id,
                start=start,
                end=start + dt.timedelta(days=1),
                auditors=("Chuyên gia đánh giá nội bộ",),
                process_ids=(f"qt-{agency.id}-01",),
                clauses=("4", "5", "6", "7", "8", "9", "10"),
                findings=findings,
            ),
            ManagementReview(
                id=f"xx-2023-{agency.id}",
                qms_id=qms_id,
                date=start + dt.timedelta(days=30),
                chair="Thủ trưởng cơ quan",
                inputs=ReviewInputs(
                    previous_actions="Đã thực hiện",
                    audit_results="Đạt",
                    objectives="Đạt mục tiêu chất lượng",
                ),
                outputs=ReviewOutputs(improvements="Tiếp tục cải tiến quy trình"),
            ),
        )
        if findings:
            nc_id = f"kph-2023-{agency.id}"
            raised = start + dt.timedelta(days=2)
            b.add(
                Nonconformity(
                    id=nc_id,
                    qms_id=qms_id,
                    source=FindingSource.INTERNAL_AUDIT,
                    raised_on=raised,
                    audit_id=audit_id,
                    finding_number=1,
                    description=findings[0].description,
                ),
                CorrectiveAction(
                    id=f"hdkp-2023-{agency.id}",
                    nonconformity_id=nc_id,
                    responsible="Văn phòng",
                    due_on=raised + dt.timedelta(days=30),
                    log=(
                        StateChange(state=CorrectiveActionState.PROPOSED, on=raised),
                        StateChange(
                            state=CorrectiveActionState.APPROVED, on=raised + dt.timedelta(days=2)
                        ),
                        StateChange(
                            state=CorrectiveActionState.IN_PROGRESS,
                            on=raised + dt.timedelta(days=3),
                        ),
                        StateChange(
                            state=CorrectiveActionState.VERIFIED_EFFECTIVE,
                            on=raised + dt.timedelta(days=25),
                        ),
                        StateChange(
                            state=CorrectiveActionState.CLOSED, on=raised + dt.timedelta(days=26)
                        ),
                    ),
                ),
            )

    # --- the 2023 plan (plan units only) with one amendment, and the 2024 plan ------------
    plan = AnnualPlan(
        id="kh-2023",
        province_id="p-mh",
        year=2023,
        decision_number="35/QĐ-UBND",
        approved_on=D(2023, 1, 16),
        approver="Chủ tịch UBND tỉnh",
        title="Kế hoạch áp dụng, duy trì và cải tiến HTQLCL năm 2023",
        budget=450_000_000,
    )
    b.add(plan)
    amendment = PlanAmendment(
        id="kh-2023-dc1",
        plan_id="kh-2023",
        decision_number="1150/QĐ-UBND",
        approved_on=D(2023, 6, 20),
        cancelled_activity_ids=tuple(f"kh-2023-{a.id}-dt" for a in (merged, dissolved)),
        rescheduled=(
            Reschedule(activity_id=f"kh-2023-{plan_units[0].id}-xx", new_due_on=D(2023, 12, 15)),
        ),
        note="Hủy đào tạo của 2 đơn vị sắp xếp; gia hạn xem xét của lãnh đạo",
    )
    b.add(amendment)
    for i, agency in enumerate([*plan_units, merged, dissolved]):
        b.add(
            PlannedActivity(
                id=f"kh-2023-{agency.id}-dg",
                plan_id="kh-2023",
                agency_id=agency.id,
                kind=ActivityKind.INTERNAL_AUDIT,
                due_on=D(2023, 10, 31),
            ),
            PlannedActivity(
                id=f"kh-2023-{agency.id}-xx",
                plan_id="kh-2023",
                agency_id=agency.id,
                kind=ActivityKind.MANAGEMENT_REVIEW,
                due_on=D(2023, 11, 30),
            ),
            PlannedActivity(
                id=f"kh-2023-{agency.id}-dt",
                plan_id="kh-2023",
                agency_id=agency.id,
                kind=ActivityKind.TRAINING,
                due_on=D(2023, 9, 30),
                note="Đào tạo chuyên gia đánh giá nội bộ",
            ),
        )
        if agency in (merged, dissolved):
            continue
        b.add(
            Activity(
                id=f"hd-2023-{agency.id}-dt",
                agency_id=agency.id,
                kind=ActivityKind.TRAINING,
                date=D(2023, 4 + i % 5, 12),
                planned_activity_id=f"kh-2023-{agency.id}-dt",
                note="Lớp đào tạo chuyên gia đánh giá nội bộ",
            ),
        )
    # Quarterly reporting to Sở KH&CN for the police, as a recurring planned activity.
    police = next(a for a in plan_units if a.kind is AgencyKind.PROVINCIAL_POLICE)
    b.add(
        PlannedActivity(
            id=f"kh-2023-{police.id}-tt",
            plan_id="kh-2023",
            agency_id=police.id,
            kind=ActivityKind.COMMUNICATION,
            recurrence=Recurrence(frequency=Frequency.HALF_YEARLY, start=D(2023, 6, 30), count=2),
            note="Tuyên truyền về ISO hành chính công 6 tháng một lần",
        ),
        Activity(
            id=f"hd-2023-{police.id}-tt1",
            agency_id=police.id,
            kind=ActivityKind.COMMUNICATION,
            date=D(2023, 6, 20),
        ),
        Activity(
            id=f"hd-2023-{police.id}-tt2",
            agency_id=police.id,
            kind=ActivityKind.COMMUNICATION,
            date=D(2023, 12, 18),
        ),
    )
    b.add(
        AnnualPlan(
            id="kh-2024",
            province_id="p-mh",
            year=2024,
            decision_number="28/QĐ-UBND",
            approved_on=D(2024, 1, 12),
            approver="Chủ tịch UBND tỉnh",
            title="Kế hoạch áp dụng, duy trì và cải tiến HTQLCL năm 2024",
            budget=480_000_000,
        )
    )
    for agency in plan_units:
        b.add(
            PlannedActivity(
                id=f"kh-2024-{agency.id}-dg",
                plan_id="kh-2024",
                agency_id=agency.id,
                kind=ActivityKind.INTERNAL_AUDIT,
                due_on=D(2024, 10, 31),
            ),
            PlannedActivity(
                id=f"kh-2024-{agency.id}-xx",
                plan_id="kh-2024",
                agency_id=agency.id,
                kind=ActivityKind.MANAGEMENT_REVIEW,
                due_on=D(2024, 11, 30),
            ),
        )

    # --- inspections 2023: 11 sở + 9 districts on site, the other mandatory units by desk -----
    chi_cuc_tcdlcl = slug("Chi cục Tiêu chuẩn Đo lường Chất lượng")
    on_site = [level_units[1 + k] for k in ON_SITE_DEPARTMENTS] + districts
    on_site_ids = {a.id for a in on_site}
    mandatory = list(level_units[:19] + districts) + [
        a for a in plan_units if a.kind is AgencyKind.SUB_DEPARTMENT
    ]
    desk = [a for a in mandatory if a.id not in on_site_ids]
    b.add(
        InspectionPlan(
            id="khkt-2023",
            province_id="p-mh",
            year=2023,
            decision_number="410/QĐ-UBND",
            approved_on=D(2023, 3, 6),
            inspecting_agency_id=chi_cuc_tcdlcl,
            cooperating_agency_ids=(slug("Sở Nội vụ"),),
            entries=tuple(
                InspectionPlanEntry(
                    agency_id=a.id,
                    form=InspectionForm.ON_SITE,
                    expected_month=6 + k % 5,
                    budget=5_000_000,
                )
                for k, a in enumerate(on_site)
            )
            + tuple(
                InspectionPlanEntry(agency_id=a.id, form=InspectionForm.DESK, expected_month=9)
                for a in desk
            ),
        )
    )
    for k, agency in enumerate(on_site):
        day = D(2023, 6 + k % 5, 5 + k)
        observation = k % 4 == 0
        inspection_id = f"kt-2023-{agency.id}"
        b.add(
            Inspection(
                id=inspection_id,
                agency_id=agency.id,
                form=InspectionForm.ON_SITE,
                plan_id="khkt-2023",
                decision_number=f"{30 + k}/QĐ-TĐC",
                decision_on=day - dt.timedelta(days=10),
                inspected_on=day,
                minutes_signed_on=day,
                team_lead="Chi cục trưởng Chi cục TĐC",
                checklist=tuple(
                    ChecklistResult(
                        item=item, met=None if item is ChecklistItem.G2_E_CONSULTANT else True
                    )
                    for item in ChecklistItem
                ),
                findings=(
                    (
                        InspectionFinding(
                            item=ChecklistItem.G1_G_IMPROVEMENT,
                            grade=FindingGrade.OBSERVATION,
                            description="Nên cập nhật mục tiêu chất lượng",
                        ),
                    )
                    if observation
                    else ()
                ),
            )
        )
        if observation:
            b.add(
                CorrectiveActionReport(
                    id=f"bckp-2023-{agency.id}",
                    inspection_id=inspection_id,
                    submitted_on=day + dt.timedelta(days=40),
                    accepted=True,
                    decided_on=day + dt.timedelta(days=50),
                )
            )
    for k, agency in enumerate(desk):
        day = D(2023, 9, 11 + k % 10)
        b.add(
            Inspection(
                id=f"kths-2023-{agency.id}",
                agency_id=agency.id,
                form=InspectionForm.DESK,
                plan_id="khkt-2023",
                inspected_on=day,
                minutes_signed_on=day,
                checklist=tuple(
                    ChecklistResult(
                        item=item, met=None if item is ChecklistItem.G2_E_CONSULTANT else True
                    )
                    for item in ChecklistItem
                ),
            )
        )
    b.add(
        StatutoryReport(
            id="bc-t11-2023",
            kind=StatutoryReportKind.NOVEMBER_INSPECTION,
            province_id="p-mh",
            year=2023,
            submitted_on=D(2023, 11, 24),
            document_number="215/BC-TĐC",
            sender_agency_id=chi_cuc_tcdlcl,
            recipient="Sở Khoa học và Công nghệ",
        ),
        StatutoryReport(
            id="bc-t12-2023",
            kind=StatutoryReportKind.DECEMBER_STATUS,
            province_id="p-mh",
            year=2023,
            submitted_on=D(2023, 12, 14),
            document_number="402/BC-UBND",
            sender_agency_id="ubnd-tinh",
            recipient="Bộ Khoa học và Công nghệ",
        ),
    )
    return QmsDataset.from_records(b.records, name="Tỉnh Minh Hòa (demo), 2023-2024")


def write_or_check(out: Path, build: Callable[[], QmsDataset], description: str) -> int:
    """Write the dataset `build` makes to `out`; with `--check`, fail when `out` is stale."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    args = parser.parse_args()
    data = dump_dataset(build(), indent=1) + b"\n"
    if args.check:
        if not out.exists() or out.read_bytes() != data:
            script = Path(sys.argv[0]).name
            print(f"{out} is stale: run python scripts/{script}", file=sys.stderr)
            return 1
        print(f"{out.name} is up to date")
        return 0
    out.write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


def main() -> int:
    return write_or_check(OUT, build, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
