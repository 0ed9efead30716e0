"""Controlled vocabularies (StrEnums with stable codes, Vietnamese and English labels, legal source).

Codes are API: they are stored in JSON and spreadsheets and never change. Labels may be reworded.
"""

from __future__ import annotations

import datetime as dt

from vn_iso_qms._internal.vocab_base import LabelledEnum

REFORM_2025_DATE = dt.date(2025, 7, 1)
"""First day without the district level (Law 72/2025/QH15; Resolution 203/2025/QH15), when the
new provinces start to operate; the one definition (administrative eras, reform and rules use it)."""

QD19_EFFECTIVE_DATE = dt.date(2014, 5, 18)
"""QĐ 19/2014/QĐ-TTg took effect on 18/05/2014 (Art. 15)."""


class AgencyKind(LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 2; TT 26/2014/TT-BKHCN Art. 5-6"):
    """Kind of agency or unit in a province's (or the centre's) QMS registry.

    The mandatory and encouraged kinds are those of QĐ 19/2014/QĐ-TTg Art. 2; the QMS-unit
    structure follows TT 26/2014/TT-BKHCN Art. 5–6. The last kinds are units that provincial
    reports list by name although Art. 2 does not (police, land registration office, office of
    the National Assembly delegation and People's Council).
    """

    MINISTRY = "ministry", "Bộ", "Ministry"
    """Bộ (ministry)."""
    MINISTERIAL_AGENCY = "ministerial_agency", "Cơ quan ngang Bộ", "Ministerial-level agency"
    """Cơ quan ngang Bộ (ministerial-level agency)."""
    VIETNAM_SOCIAL_SECURITY = (
        "vietnam_social_security",
        "Bảo hiểm Xã hội Việt Nam",
        "Vietnam Social Security",
    )
    """Bảo hiểm Xã hội Việt Nam (Vietnam Social Security)."""
    CENTRAL_DEPARTMENT = (
        "central_department",
        "Tổng cục, Cục thuộc Bộ",
        "General department or department",
    )
    """Tổng cục, Cục or equivalent under a ministry (TT 26 Art. 5)."""
    PROVINCIAL_PEOPLE_COMMITTEE = (
        "provincial_people_committee",
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
    )
    """UBND cấp tỉnh together with Văn phòng UBND tỉnh (one QMS, TT 26 Art. 6.1)."""
    PROVINCIAL_DEPARTMENT = (
        "provincial_department",
        "Cơ quan chuyên môn thuộc UBND tỉnh (sở, ban, ngành)",
        "Provincial specialised agency (department)",
    )
    """Cơ quan chuyên môn thuộc UBND tỉnh: a sở or equivalent (ban, ngành)."""
    SUB_DEPARTMENT = "sub_department", "Chi cục", "Sub-department"
    """Chi cục (or equivalent) under a sở, with its own QMS (TT 26 Art. 6.2)."""
    MANAGEMENT_BOARD = (
        "management_board",
        "Ban quản lý trực thuộc Ủy ban nhân dân tỉnh",
        "Management board under the provincial People's Committee",
    )
    """Ban quản lý directly under UBND tỉnh (industrial-zone, economic-zone management boards)."""
    DISTRICT_PEOPLE_COMMITTEE = (
        "district_people_committee",
        "Ủy ban nhân dân cấp huyện",
        "District People's Committee",
    )
    """UBND cấp huyện (quận, huyện, thị xã, thành phố thuộc tỉnh); ended 01/07/2025."""
    DISTRICT_DIVISION = (
        "district_division",
        "Phòng chuyên môn thuộc UBND cấp huyện",
        "District specialised division",
    )
    """Phòng chuyên môn thuộc UBND cấp huyện; ended 01/07/2025."""
    COMMUNE_PEOPLE_COMMITTEE = (
        "commune_people_committee",
        "Ủy ban nhân dân cấp xã",
        "Commune People's Committee",
    )
    """UBND cấp xã (xã, phường, thị trấn; đặc khu from 01/07/2025)."""
    COMMUNE_DIVISION = (
        "commune_division",
        "Phòng chuyên môn thuộc Ủy ban nhân dân cấp xã",
        "Specialised division of a commune People's Committee",
    )
    """Phòng chuyên môn thuộc UBND cấp xã (from 01/07/2025, two-tier local government)."""
    COMMUNE_SERVICE_CENTRE = (
        "commune_service_centre",
        "Trung tâm phục vụ hành chính công cấp xã",
        "Commune public administrative service centre",
    )
    """Trung tâm phục vụ hành chính công cấp xã: the commune's one-stop public service centre."""
    PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp công lập", "Public service unit"
    """Đơn vị sự nghiệp công lập (public service unit)."""
    DIPLOMATIC_MISSION = (
        "diplomatic_mission",
        "Cơ quan đại diện ngoại giao, lãnh sự",
        "Diplomatic or consular mission",
    )
    """Cơ quan đại diện ngoại giao, lãnh sự of Vietnam abroad."""
    POLICY_BANK = "policy_bank", "Ngân hàng Chính sách Xã hội, Ngân hàng Phát triển", "Policy bank"
    """Ngân hàng Chính sách Xã hội or Ngân hàng Phát triển Việt Nam."""
    VERTICAL_LINE_AGENCY = "vertical_line_agency", "Cơ quan ngành dọc", "Vertical-line agency"
    """A local office of a ministry organised as a vertical line (ngành dọc: tax, customs, ...)."""
    PROVINCIAL_POLICE = "provincial_police", "Công an tỉnh", "Provincial police"
    """Công an tỉnh (provincial police)."""
    LAND_REGISTRATION_OFFICE = (
        "land_registration_office",
        "Văn phòng Đăng ký đất đai tỉnh",
        "Provincial land registration office",
    )
    """Văn phòng Đăng ký đất đai tỉnh (provincial land registration office)."""
    NA_DELEGATION_COUNCIL_OFFICE = (
        "na_delegation_council_office",
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "Office of the National Assembly delegation and People's Council",
    )
    """Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh."""
    OTHER = "other", "Đơn vị khác", "Other unit"
    """Any other unit a province lists in its QMS registry."""


class ManagementLevel(
    LabelledEnum, source="Law 72/2025/QH15 (two-level local government from 01/07/2025)"
):
    """Management level (cấp quản lý) of an agency; the district level ended on 01/07/2025."""

    CENTRAL = "central", "Trung ương", "Central"
    """Trung ương."""
    PROVINCIAL = "provincial", "Cấp tỉnh", "Provincial"
    """Cấp tỉnh."""
    DISTRICT = "district", "Cấp huyện", "District"
    """Cấp huyện: valid until 30/06/2025 (Law 72/2025/QH15)."""
    COMMUNE = "commune", "Cấp xã", "Commune"
    """Cấp xã."""

    @property
    def valid_from(self) -> dt.date | None:
        """First day the level exists in law (None: before QĐ 19 and still valid)."""
        return None

    @property
    def valid_until(self) -> dt.date | None:
        """Last day the level exists (None: still exists). The district level ends 30/06/2025."""
        if self is ManagementLevel.DISTRICT:
            return REFORM_2025_DATE - dt.timedelta(days=1)
        return None

    def exists_on(self, day: dt.date) -> bool:
        """Whether this level exists on `day`."""
        until = self.valid_until
        return until is None or day <= until


class ObligationClass(LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 2"):
    """Whether an agency must have a QMS (QĐ 19 Art. 2.1), is encouraged to (Art. 2.2), or neither."""

    MANDATORY = "mandatory", "Bắt buộc", "Mandatory"
    """Must build and apply a QMS (QĐ 19/2014/QĐ-TTg Art. 2.1)."""
    ENCOURAGED = "encouraged", "Khuyến khích", "Encouraged"
    """Encouraged but not obliged (QĐ 19/2014/QĐ-TTg Art. 2.2; TT 26 Art. 6.4-6.5)."""
    NOT_COVERED = "not_covered", "Không thuộc đối tượng", "Not covered"
    """Not named by QĐ 19 Art. 2; a province may still list it in its plan."""


class StandardVersion(
    LabelledEnum,
    source="QĐ 19/2014/QĐ-TTg Art. 4 (last paragraph); Công văn 419/BKHCN-TĐC of 21/02/2018",
):
    """Edition of TCVN ISO 9001 a QMS is announced against."""

    ISO9001_2008 = "iso9001_2008", "TCVN ISO 9001:2008", "TCVN ISO 9001:2008"
    """TCVN ISO 9001:2008; agencies had to convert by 30/06/2021 (Công văn 419/BKHCN-TĐC)."""
    ISO9001_2015 = "iso9001_2015", "TCVN ISO 9001:2015", "TCVN ISO 9001:2015"
    """TCVN ISO 9001:2015 (published by QĐ 4109/QĐ-BKHCN of 31/12/2015)."""
    ISO9001_2026 = "iso9001_2026", "TCVN ISO 9001:2026", "TCVN ISO 9001:2026"
    """The 2026 edition, once adopted as TCVN; accepted only when the policy says so."""


class FindingGrade(
    LabelledEnum,
    source="Certification practice (ISO/IEC 17021-1); TCVN ISO 9001:2015 §9.2, §10.2 (nonconformity)",
):
    """Grade of an audit or inspection finding.

    TT 26 does not grade findings; the major / minor grading is certification practice
    (ISO/IEC 17021-1). A nonconformity (either grade) is what ISO 9001 §10.2 asks to correct.
    """

    MAJOR_NONCONFORMITY = "major_nc", "Không phù hợp nặng", "Major nonconformity"
    """Không phù hợp nặng (major nonconformity)."""
    MINOR_NONCONFORMITY = "minor_nc", "Không phù hợp nhẹ", "Minor nonconformity"
    """Không phù hợp nhẹ (minor nonconformity)."""
    OBSERVATION = "observation", "Điểm lưu ý", "Observation"
    """Điểm lưu ý (observation)."""
    OPPORTUNITY_FOR_IMPROVEMENT = "ofi", "Cơ hội cải tiến", "Opportunity for improvement"
    """Cơ hội cải tiến (opportunity for improvement)."""

    @property
    def is_nonconformity(self) -> bool:
        """True for major and minor nonconformities, which need corrective action (ISO 9001 §10.2)."""
        return self in (FindingGrade.MAJOR_NONCONFORMITY, FindingGrade.MINOR_NONCONFORMITY)


class InspectionForm(LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 33.2, 34.2"):
    """Form of an inspection (hình thức kiểm tra), TT 26/2014/TT-BKHCN Art. 33.2, 34.2."""

    DESK = "desk", "Kiểm tra qua hồ sơ, báo cáo", "Desk review"
    """Kiểm tra qua hồ sơ, báo cáo (desk review of documents and reports)."""
    ON_SITE = "on_site", "Kiểm tra tại trụ sở", "On-site inspection"
    """Kiểm tra tại trụ sở (on-site inspection)."""


class ChecklistItem(LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 36"):
    """The 13 inspection checklist items of TT 26/2014/TT-BKHCN Art. 36.

    Group 1 (`g1_*`) checks against TCVN ISO 9001 (Art. 36.1), group 2 (`g2_*`) against QĐ 19
    (Art. 36.2). The letters follow the Vietnamese ordering a, b, c, d, đ, e, g.
    """

    G1_A_SCOPE = (
        "g1_a_scope",
        "Phạm vi áp dụng bao quát toàn bộ TTHC",
        "Scope covers all administrative procedures",
    )
    """36.1.a: the scope covers all TTHC the agency handles."""
    G1_B_COMMUNICATED = (
        "g1_b_communicated",
        "Phổ biến hệ thống văn bản, quy trình tới cán bộ, công chức",
        "Documents and processes communicated to staff",
    )
    """36.1.b: documents and processes communicated to all staff in scope."""
    G1_C_REQUIREMENTS = (
        "g1_c_requirements",
        "Tuân thủ yêu cầu của tiêu chuẩn, chính sách, mục tiêu, quy trình và pháp luật",
        "Complies with the standard, policy, objectives, processes and law",
    )
    """36.1.c: complies with the standard, its policy, objectives, processes and the law."""
    G1_D_PROCESSES_FOLLOWED = (
        "g1_d_processes_followed",
        "Thực hiện đúng quy trình giải quyết công việc",
        "Work processes followed as defined",
    )
    """36.1.d: work processes carried out as defined."""
    G1_DD_REVIEW_AUDIT_CORRECTIVE = (
        "g1_dd_review_audit_corrective",
        "Xem xét của lãnh đạo, đánh giá nội bộ, hành động khắc phục",
        "Management review, internal audit, corrective action",
    )
    """36.1.đ: management review, internal audit and corrective action."""
    G1_E_COMPLAINTS = (
        "g1_e_complaints",
        "Giải quyết khiếu nại (nếu có)",
        "Complaint handling (if any)",
    )
    """36.1.e: complaint handling, if any."""
    G1_G_IMPROVEMENT = "g1_g_improvement", "Hoạt động cải tiến", "Improvement activities"
    """36.1.g: improvement activities."""
    G2_A_PARTICIPATION = (
        "g2_a_participation",
        "Sự tham gia của lãnh đạo, đơn vị, cá nhân",
        "Participation of leaders, units and individuals",
    )
    """36.2.a: leaders, units and individuals took part."""
    G2_B_CONFIRMATION = (
        "g2_b_confirmation",
        "Người đứng đầu xác nhận hiệu lực",
        "Head of agency confirmed effectiveness",
    )
    """36.2.b: the head of agency confirmed effectiveness."""
    G2_C_ANNOUNCEMENT = (
        "g2_c_announcement",
        "Công bố, thông báo, niêm yết, đăng tải",
        "Announced, notified, posted and published",
    )
    """36.2.c: announced, notified the lead unit, posted and published online."""
    G2_D_LEGAL_UPDATES = (
        "g2_d_legal_updates",
        "Cập nhật thay đổi văn bản quy phạm pháp luật",
        "Legal changes brought into the QMS",
    )
    """36.2.d: legal changes brought into the QMS."""
    G2_DD_REANNOUNCEMENT = (
        "g2_dd_reannouncement",
        "Công bố lại khi điều chỉnh phạm vi",
        "Re-announced after scope change",
    )
    """36.2.đ: re-announced after scope changes."""
    G2_E_CONSULTANT = (
        "g2_e_consultant",
        "Lựa chọn tổ chức tư vấn đúng quy định",
        "Consultant chosen lawfully",
    )
    """36.2.e: consultant selected correctly, if one was used."""


class AnnouncementReason(LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 4.3, 4.4.c"):
    """Why an announcement (công bố) or re-announcement (công bố lại) was made (QĐ 19 Art. 4.3, 4.4.c)."""

    INITIAL = "initial", "Công bố lần đầu", "Initial announcement"
    """First announcement after building and applying the QMS (QĐ 19 Art. 4.3)."""
    SCOPE_EXPANDED = (
        "scope_expanded",
        "Công bố lại do mở rộng phạm vi",
        "Re-announcement: scope expanded",
    )
    """Re-announcement after the scope was expanded (QĐ 19 Art. 4.4.c)."""
    SCOPE_NARROWED = (
        "scope_narrowed",
        "Công bố lại do thu hẹp phạm vi",
        "Re-announcement: scope narrowed",
    )
    """Re-announcement after the scope was narrowed (QĐ 19 Art. 4.4.c)."""
    SCOPE_ADJUSTED = (
        "scope_adjusted",
        "Công bố lại do điều chỉnh phạm vi",
        "Re-announcement: scope adjusted",
    )
    """Re-announcement after the scope was adjusted (QĐ 19 Art. 4.4.c)."""
    VERSION_TRANSITION = (
        "version_transition",
        "Công bố lại do chuyển đổi phiên bản tiêu chuẩn",
        "Re-announcement: standard version transition",
    )
    """Re-announcement after converting to a new edition of the standard."""
    REORGANISATION = (
        "reorganisation",
        "Công bố lại do sắp xếp, tổ chức lại",
        "Re-announcement: reorganisation",
    )
    """Re-announcement after a merger, split or other reorganisation of the agency."""


class ActivityKind(
    LabelledEnum, source="QĐ 19/2014/QĐ-TTg Art. 4, 11; TT 26/2014/TT-BKHCN Art. 7.2"
):
    """Kind of QMS activity, planned (in an annual plan) or recorded (TT 26 Art. 7.2; QĐ 19 Art. 4)."""

    BUILD = "build", "Xây dựng HTQLCL", "Build the QMS"
    """Xây dựng: build the QMS (QĐ 19 Art. 4.1)."""
    APPLY = "apply", "Áp dụng HTQLCL", "Apply the QMS"
    """Áp dụng: apply the QMS (QĐ 19 Art. 4.2)."""
    ANNOUNCE = "announce", "Công bố HTQLCL", "Announce the QMS"
    """Công bố: announce conformity (QĐ 19 Art. 4.3)."""
    REANNOUNCE = "reannounce", "Công bố lại HTQLCL", "Re-announce the QMS"
    """Công bố lại after a scope change (QĐ 19 Art. 4.4.c)."""
    EXPAND_SCOPE = "expand_scope", "Mở rộng phạm vi áp dụng", "Expand the scope"
    """Mở rộng phạm vi: bring more TTHC into the QMS."""
    CONVERT_VERSION = (
        "convert_version",
        "Chuyển đổi phiên bản tiêu chuẩn",
        "Convert the standard version",
    )
    """Chuyển đổi: convert to a newer edition of the standard."""
    INTERNAL_AUDIT = "internal_audit", "Đánh giá nội bộ", "Internal audit"
    """Đánh giá nội bộ (QĐ 19 Art. 4.2.b, 4.4.b)."""
    MANAGEMENT_REVIEW = "management_review", "Xem xét của lãnh đạo", "Management review"
    """Xem xét của lãnh đạo (QĐ 19 Art. 4.2.c, 4.4.b)."""
    EFFECTIVENESS_CONFIRMATION = (
        "effectiveness_confirmation",
        "Xác nhận hiệu lực",
        "Confirmation of effectiveness",
    )
    """Xác nhận hiệu lực by the head of agency (QĐ 19 Art. 4.2.d)."""
    DOCUMENT_APPROVAL = (
        "document_approval",
        "Ban hành tài liệu, quy trình",
        "Approve documents and processes",
    )
    """Approval of the QMS documents and processes by the head (QĐ 19 Art. 4.2.a)."""
    LEGAL_UPDATE = (
        "legal_update",
        "Cập nhật theo văn bản pháp luật mới",
        "Update after a legal change",
    )
    """Update of the QMS after a legal change (QĐ 19 Art. 4.4.a)."""
    TRAINING = "training", "Đào tạo", "Training"
    """Đào tạo (QĐ 19 Art. 11; TT 26 Art. 7.2.c)."""
    COMMUNICATION = "communication", "Tuyên truyền, phổ biến", "Communication"
    """Tuyên truyền, phổ biến (TT 26 Art. 7.2.đ)."""
    EISO_DEPLOYMENT = "eiso_deployment", "Triển khai ISO điện tử", "e-ISO deployment"
    """Deploying the QMS on e-ISO software (QĐ 19 Art. 11: applying IT)."""
    THIRD_PARTY_CERTIFICATION = (
        "third_party_certification",
        "Thuê tổ chức chứng nhận",
        "Third-party certification",
    )
    """Certification by an independent body: forbidden for agencies (QĐ 19 Art. 4, the paragraph
    before the last)."""
    OTHER = "other", "Hoạt động khác", "Other activity"
    """Any other activity."""


class AgencyEventKind(
    LabelledEnum,
    source="Law on Organisation of Local Government; Decree 158/2018/NĐ-CP (establishment, "
    "reorganisation and dissolution of administrative organisations)",
):
    """Lifecycle event of an agency (established, renamed, merged into, split, dissolved)."""

    ESTABLISHED = "established", "Thành lập", "Established"
    """Thành lập."""
    RENAMED = "renamed", "Đổi tên", "Renamed"
    """Đổi tên."""
    MERGED_INTO = "merged_into", "Sáp nhập", "Merged into another unit"
    """Sáp nhập vào another agency (which continues)."""
    SPLIT = "split", "Chia tách", "Split"
    """Chia tách into several agencies."""
    DISSOLVED = "dissolved", "Giải thể", "Dissolved"
    """Giải thể."""

    @property
    def ends_agency(self) -> bool:
        """True when the agency stops existing after the event (merged, split or dissolved)."""
        return self in (
            AgencyEventKind.MERGED_INTO,
            AgencyEventKind.SPLIT,
            AgencyEventKind.DISSOLVED,
        )


class CorrectiveActionState(LabelledEnum, source="TCVN ISO 9001:2015 §10.2"):
    """State of a corrective action (hành động khắc phục), ISO 9001 §10.2; append-only log."""

    PROPOSED = "proposed", "Đề xuất", "Proposed"
    """Proposed."""
    ANALYSED = "analysed", "Đã phân tích nguyên nhân", "Cause analysed"
    """Root cause analysed (§10.2.1.b)."""
    APPROVED = "approved", "Đã phê duyệt", "Approved"
    """Action approved."""
    IN_PROGRESS = "in_progress", "Đang thực hiện", "In progress"
    """Being carried out (§10.2.1.c)."""
    VERIFIED_EFFECTIVE = "verified_effective", "Đã xác nhận hiệu lực", "Verified effective"
    """Effectiveness reviewed and confirmed (§10.2.1.d)."""
    CLOSED = "closed", "Đã đóng", "Closed"
    """Closed."""
    REISSUED = "reissued", "Ban hành lại", "Reissued"
    """Not effective: replaced by a new linked corrective action."""


class FindingSource(
    LabelledEnum, source="TCVN ISO 9001:2015 §9.2, §9.3, §10.2; TT 26/2014/TT-BKHCN Art. 37"
):
    """Where a nonconformity was found."""

    INTERNAL_AUDIT = "internal_audit", "Đánh giá nội bộ", "Internal audit"
    """An internal audit (ISO 9001 §9.2)."""
    INSPECTION = "inspection", "Kiểm tra", "Inspection"
    """An inspection by the inspecting unit (TT 26 Art. 36-37)."""
    MANAGEMENT_REVIEW = "management_review", "Xem xét của lãnh đạo", "Management review"
    """A management review (ISO 9001 §9.3)."""
    COMPLAINT = "complaint", "Phản ánh, khiếu nại", "Complaint"
    """A complaint or feedback from citizens or organisations."""
    OTHER = "other", "Khác", "Other"
    """Anything else."""


class StatutoryReportKind(
    LabelledEnum, source="TT 26/2014/TT-BKHCN Art. 38, 42.4; QĐ 19/2014/QĐ-TTg Art. 12.6"
):
    """The yearly reports the law requires of the province."""

    NOVEMBER_INSPECTION = (
        "november_inspection",
        "Báo cáo kết quả kiểm tra (tháng 11)",
        "Inspection results report (November)",
    )
    """Inspection results, every November (TT 26/2014/TT-BKHCN Art. 38.1)."""
    DECEMBER_STATUS = (
        "december_status",
        "Báo cáo tình hình xây dựng, áp dụng HTQLCL (tháng 12)",
        "QMS status report (December)",
    )
    """Status of building and applying QMS, every December, Phụ lục II (QĐ 19 Art. 12.6)."""


class AdminUnitLevel(LabelledEnum, source="Law 72/2025/QH15; Resolution 203/2025/QH15"):
    """Level of an administrative unit (đơn vị hành chính)."""

    PROVINCE = "province", "Cấp tỉnh", "Province"
    """Tỉnh, thành phố trực thuộc trung ương."""
    DISTRICT = "district", "Cấp huyện", "District"
    """Huyện, quận, thị xã, thành phố thuộc tỉnh (until 30/06/2025)."""
    COMMUNE = "commune", "Cấp xã", "Commune"
    """Xã, phường, thị trấn, đặc khu."""


class AdminEra(
    LabelledEnum,
    source="Resolution 202/2025/QH15 (34 provinces); Law 72/2025/QH15 on the Organisation of Local"
    " Government (two levels; district-level units ended on 01/07/2025)",
):
    """Which state of the administrative map a code belongs to.

    `pre_2025_reform` is the state on 30/06/2025, the last day before the reform; the table uses
    it for every earlier date too (units dissolved before that day are not in it).
    `post_2025_reform` is the state from 01/07/2025, when the 34 provinces of Resolution
    202/2025/QH15 started to operate and the district level ended (Law 72/2025/QH15).

    Examples:
        >>> from datetime import date
        >>> AdminEra.on(date(2025, 6, 30))
        <AdminEra.PRE_2025_REFORM: 'pre_2025_reform'>
        >>> AdminEra.on(date(2025, 7, 1)).label_en
        'From the 2025 reform (from 1 July 2025)'
    """

    PRE_2025_REFORM = (
        "pre_2025_reform",
        "Trước sắp xếp năm 2025 (đến 30/06/2025)",
        "Before the 2025 reform (to 30 June 2025)",
    )
    POST_2025_REFORM = (
        "post_2025_reform",
        "Từ sắp xếp năm 2025 (từ 01/07/2025)",
        "From the 2025 reform (from 1 July 2025)",
    )

    @classmethod
    def on(cls, d: dt.date) -> AdminEra:
        """The era in force on day `d`.

        Args:
            d: the day (a `datetime` is reduced to its date).

        Returns:
            `PRE_2025_REFORM` before 2025-07-01, `POST_2025_REFORM` from 2025-07-01.
        """
        day = d.date() if isinstance(d, dt.datetime) else d
        return cls.PRE_2025_REFORM if day < REFORM_2025_DATE else cls.POST_2025_REFORM
