"""Deterministic synthetic datasets for the benchmarks: one province (1x) up to the nation (100x).

Scale `n` means `n` provinces of about 165 registry units each, shaped like the demo province
(UBND tỉnh + 18 sở/ban, ~9 district People's Committees, ~108 commune People's Committees,
9 chi cục, 19 public service units, the police, the land registration office and the office of
the National Assembly delegation and People's Council). The first 63 provinces carry the real
names and statistics-office codes of the 63 pre-2025 provinces; scales above 63 add fictional
provinces ("Tỉnh Mô phỏng 064", no code) so that 100x gives ~16,500 units and ~1.16 M
processes, a little more than the whole country had before 2025.

Each province holds three years (2022-2024) of what the rules read: ~70 processes and their
TTHC per unit, announcements (a few units still on ISO 9001:2008), e-ISO use, national and
provincial legal changes with QMS updates (some late, some missing), internal audits with
findings, nonconformities, corrective actions (some late, some overdue, a few reissued),
management reviews, annual plans with planned activities and amendments (cancellations,
reschedules, additions), inspection plans with desk and on-site inspections, corrective-action
reports, statutory reports, and a few units that merge or are dissolved (agency events).

Everything is drawn from `random.Random` seeded per province (`f"{seed}:{k}"`), so province
`k` is the same at every scale and the output is the same on every run and machine.

With `post_reform=True` (`--post-reform`) the dataset also crosses the 2025 reform: each old
province merges six departments on 01/03/2025 and ends on 30/06/2025 (`_Province.reform`), and
the successor provinces of the official table follow (`_Successor`: 2025's carried QMSs and a
whole 2026; ids `n` + post-reform code; fictional provinces above 63 merge two by two). Without
it the output is byte-for-byte the 2022-2024 dataset. `benchmarks/README.md` describes both.

Two ways in:

- `generate(scale, seed)` builds the records and returns the validated `QmsDataset`;
- `write_json(fp, scale, seed)` / `generate_bytes(scale, seed)` write the JSON document
  directly, province by province (much faster and lighter at 100x). The bytes are exactly
  `dump_dataset(generate(scale, seed))` (the smoke test checks this at 1x).

Command line::

    .venv/bin/python benchmarks/generate.py --scale 10 --output /tmp/ds10.json
    .venv/bin/python benchmarks/generate.py --scale 10 --post-reform --output /tmp/ds10-2026.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import json
import random
import sys
import time
import typing
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from vn_iso_qms import (
    Activity,
    AdministrativeUnit,
    Agency,
    AgencyEvent,
    AgencyKind,
    Announcement,
    AnnualPlan,
    AuditFinding,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    CorrectiveActionReport,
    DocumentRevision,
    EIsoUse,
    Inspection,
    InspectionFinding,
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
    StateChange,
    StatutoryReport,
    StatutoryReportKind,
    Tthc,
    admin_units,
)
from vn_iso_qms._internal.demo import PROVINCIAL_DEPARTMENTS
from vn_iso_qms.admin_units import AdminEra, OfficialUnit, primary_successor

try:  # orjson writes the same bytes as json.dumps below, ~10x faster; optional.
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

D = dt.date
YEARS = (2022, 2023, 2024)
DATA_END = D(2024, 12, 31)
"""Nothing in the data happens after this day (a dataset exported at the end of 2024)."""

# --- the collections, read from the public model ------------------------------------------------

_TOP_FIELDS = ("format", "version", "name")
COLLECTION_NAMES: tuple[str, ...] = tuple(
    name for name in QmsDataset.model_fields if name not in _TOP_FIELDS
)
"""Collection names in the order `dump_dataset` writes them."""


def _collection_type(name: str) -> type[BaseModel]:
    (item, _ellipsis) = typing.get_args(QmsDataset.model_fields[name].annotation)
    return typing.cast(type[BaseModel], item)


# --- records as plain dicts, complete and in field order (what dump_dataset writes) -------------

_REQUIRED = object()


def _plain(value: Any) -> Any:
    """A field default as the plain value `model_dump` would give (enums as codes)."""
    if isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


class _Shape:
    """Builds the dict of one model: every field, in declaration order, defaults filled in."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        fields = []
        for name, info in model.model_fields.items():
            default = _REQUIRED if info.is_required() else _plain(info.get_default())
            fields.append((name, default))
        self.fields = tuple(fields)
        self.names = frozenset(name for name, _ in fields)

    def __call__(self, **values: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, default in self.fields:
            value = values.get(name, default)
            if value is _REQUIRED:
                msg = f"{self.model.__name__}: {name} is required"
                raise TypeError(msg)
            out[name] = value
        if len(values) > len(self.fields) or not self.names.issuperset(values):
            msg = f"{self.model.__name__}: unknown fields {sorted(set(values) - self.names)}"
            raise TypeError(msg)
        return out


ADMIN_UNIT = _Shape(AdministrativeUnit)
AGENCY = _Shape(Agency)
AGENCY_EVENT = _Shape(AgencyEvent)
TTHC = _Shape(Tthc)
QMS_UNIT = _Shape(QmsUnit)
EISO = _Shape(EIsoUse)
PROCESS = _Shape(Process)
REVISION = _Shape(DocumentRevision)
ANNOUNCEMENT = _Shape(Announcement)
LEGAL_CHANGE = _Shape(LegalChange)
QMS_UPDATE = _Shape(QmsUpdate)
AUDIT = _Shape(InternalAudit)
FINDING = _Shape(AuditFinding)
NONCONFORMITY = _Shape(Nonconformity)
CORRECTIVE_ACTION = _Shape(CorrectiveAction)
STATE = _Shape(StateChange)
REVIEW = _Shape(ManagementReview)
REVIEW_INPUTS = _Shape(ReviewInputs)
REVIEW_OUTPUTS = _Shape(ReviewOutputs)
PLAN = _Shape(AnnualPlan)
AMENDMENT = _Shape(PlanAmendment)
RESCHEDULE = _Shape(Reschedule)
PLANNED = _Shape(PlannedActivity)
RECURRENCE = _Shape(Recurrence)
ACTIVITY = _Shape(Activity)
INSPECTION_PLAN = _Shape(InspectionPlan)
PLAN_ENTRY = _Shape(InspectionPlanEntry)
INSPECTION = _Shape(Inspection)
CHECK = _Shape(ChecklistResult)
INSPECTION_FINDING = _Shape(InspectionFinding)
CA_REPORT = _Shape(CorrectiveActionReport)
STATUTORY = _Shape(StatutoryReport)

# --- names ---------------------------------------------------------------------------------

PROVINCES: tuple[tuple[str, str], ...] = (
    ("01", "Thành phố Hà Nội"),
    ("02", "Tỉnh Hà Giang"),
    ("04", "Tỉnh Cao Bằng"),
    ("06", "Tỉnh Bắc Kạn"),
    ("08", "Tỉnh Tuyên Quang"),
    ("10", "Tỉnh Lào Cai"),
    ("11", "Tỉnh Điện Biên"),
    ("12", "Tỉnh Lai Châu"),
    ("14", "Tỉnh Sơn La"),
    ("15", "Tỉnh Yên Bái"),
    ("17", "Tỉnh Hòa Bình"),
    ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"),
    ("22", "Tỉnh Quảng Ninh"),
    ("24", "Tỉnh Bắc Giang"),
    ("25", "Tỉnh Phú Thọ"),
    ("26", "Tỉnh Vĩnh Phúc"),
    ("27", "Tỉnh Bắc Ninh"),
    ("30", "Tỉnh Hải Dương"),
    ("31", "Thành phố Hải Phòng"),
    ("33", "Tỉnh Hưng Yên"),
    ("34", "Tỉnh Thái Bình"),
    ("35", "Tỉnh Hà Nam"),
    ("36", "Tỉnh Nam Định"),
    ("37", "Tỉnh Ninh Bình"),
    ("38", "Tỉnh Thanh Hóa"),
    ("40", "Tỉnh Nghệ An"),
    ("42", "Tỉnh Hà Tĩnh"),
    ("44", "Tỉnh Quảng Bình"),
    ("45", "Tỉnh Quảng Trị"),
    ("46", "Tỉnh Thừa Thiên Huế"),
    ("48", "Thành phố Đà Nẵng"),
    ("49", "Tỉnh Quảng Nam"),
    ("51", "Tỉnh Quảng Ngãi"),
    ("52", "Tỉnh Bình Định"),
    ("54", "Tỉnh Phú Yên"),
    ("56", "Tỉnh Khánh Hòa"),
    ("58", "Tỉnh Ninh Thuận"),
    ("60", "Tỉnh Bình Thuận"),
    ("62", "Tỉnh Kon Tum"),
    ("64", "Tỉnh Gia Lai"),
    ("66", "Tỉnh Đắk Lắk"),
    ("67", "Tỉnh Đắk Nông"),
    ("68", "Tỉnh Lâm Đồng"),
    ("70", "Tỉnh Bình Phước"),
    ("72", "Tỉnh Tây Ninh"),
    ("74", "Tỉnh Bình Dương"),
    ("75", "Tỉnh Đồng Nai"),
    ("77", "Tỉnh Bà Rịa - Vũng Tàu"),
    ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Tỉnh Long An"),
    ("82", "Tỉnh Tiền Giang"),
    ("83", "Tỉnh Bến Tre"),
    ("84", "Tỉnh Trà Vinh"),
    ("86", "Tỉnh Vĩnh Long"),
    ("87", "Tỉnh Đồng Tháp"),
    ("89", "Tỉnh An Giang"),
    ("91", "Tỉnh Kiên Giang"),
    ("92", "Thành phố Cần Thơ"),
    ("93", "Tỉnh Hậu Giang"),
    ("94", "Tỉnh Sóc Trăng"),
    ("95", "Tỉnh Bạc Liêu"),
    ("96", "Tỉnh Cà Mau"),
)
"""The 63 provinces and centrally run cities before the 2025 reform, with their codes."""

DEPARTMENTS = PROVINCIAL_DEPARTMENTS
# (name, index of the parent sở in DEPARTMENTS); index 0 is the inspecting unit (Chi cục TĐC).
SUB_DEPARTMENTS = (
    ("Chi cục Tiêu chuẩn Đo lường Chất lượng", 12),
    ("Chi cục Kiểm lâm", 5),
    ("Chi cục Thủy lợi", 5),
    ("Chi cục Chăn nuôi và Thú y", 5),
    ("Chi cục Trồng trọt và Bảo vệ thực vật", 5),
    ("Chi cục Dân số - Kế hoạch hóa gia đình", 14),
    ("Chi cục An toàn vệ sinh thực phẩm", 14),
    ("Chi cục Bảo vệ môi trường", 8),
    ("Chi cục Phát triển nông thôn", 5),  # may merge into Chi cục Thủy lợi (index 2)
)
MERGING_SUB_DEPARTMENT = 8
MERGE_TARGET = 2
PUBLIC_SERVICE_UNITS = (
    ("Trung tâm Dịch vụ việc làm", 10),
    ("Trung tâm Công nghệ thông tin và Truyền thông", 9),
    ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", 12),
    ("Trung tâm Trợ giúp pháp lý nhà nước", 1),
    ("Trung tâm Dịch vụ đấu giá tài sản", 1),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", 2),
    ("Trung tâm Kiểm soát bệnh tật", 14),
    ("Trung tâm Quan trắc tài nguyên và môi trường", 8),
    ("Trung tâm Phát triển quỹ đất", 8),
    ("Trung tâm Khuyến nông", 5),
    ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", 5),
    ("Trung tâm Đăng kiểm xe cơ giới", 6),
    ("Trung tâm Giám định y khoa", 14),
    ("Trung tâm Pháp y", 14),
    ("Trung tâm Văn hóa - Điện ảnh", 11),
    ("Trung tâm Bảo trợ xã hội", 10),
    ("Trung tâm Thông tin và Thống kê khoa học và công nghệ", 12),
    ("Quỹ Bảo vệ môi trường", 8),
    ("Trung tâm Thông tin Xúc tiến Du lịch", 11),  # may be dissolved
)
DISSOLVING_PSU = 18
OTHER_UNITS = (
    ("ca", "Công an tỉnh", AgencyKind.PROVINCIAL_POLICE),
    ("vpdk", "Văn phòng Đăng ký đất đai tỉnh", AgencyKind.LAND_REGISTRATION_OFFICE),
    (
        "vpdbqh",
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        AgencyKind.NA_DELEGATION_COUNCIL_OFFICE,
    ),
)
PLACE_NAMES = (
    "An Bình", "An Hòa", "An Phú", "Bình An", "Bình Minh", "Bình Thạnh", "Cát Lái", "Đông Hòa",
    "Đông Thạnh", "Hòa An", "Hòa Bình", "Hòa Lợi", "Hưng Long", "Hưng Phú", "Long An",
    "Long Hòa", "Long Phước", "Minh Đức", "Minh Tân", "Phú Lộc", "Phú Mỹ", "Phước Hải",
    "Tân An", "Tân Hiệp", "Tân Phú", "Thạnh Lộc", "Thạnh Phú", "Thuận An", "Thuận Hòa",
    "Trung Hòa", "Vĩnh Phúc", "Vĩnh Thạnh", "Xuân Hòa", "Xuân Lộc", "Quang Trung", "Lê Lợi",
    "Nghĩa Đô", "Yên Hòa", "Kim Sơn", "Mỹ Xuyên", "Cầu Kè", "Tiểu Cần", "Duyên Hải", "Châu Thành",
)  # fmt: skip
PROCEDURES = (
    "Cấp giấy phép xây dựng", "Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực bản sao",
    "Cấp giấy chứng nhận quyền sử dụng đất", "Đăng ký thành lập hộ kinh doanh",
    "Cấp phép hoạt động", "Thẩm định dự án đầu tư", "Cấp chứng chỉ hành nghề",
    "Công nhận danh hiệu", "Giải quyết chế độ trợ cấp", "Cấp giấy phép lái xe",
    "Đăng ký biến động đất đai", "Cấp phiếu lý lịch tư pháp", "Thẩm định báo cáo đánh giá tác động",
    "Cấp giấy chứng nhận đủ điều kiện", "Xác nhận thông tin hộ tịch", "Đăng ký khai tử",
    "Cấp giấy phép kinh doanh", "Gia hạn giấy phép", "Điều chỉnh giấy chứng nhận đăng ký đầu tư",
    "Tiếp nhận hồ sơ công bố", "Giải quyết khiếu nại lần đầu", "Cấp bản sao trích lục",
)  # fmt: skip
INTERNAL_PROCESSES = (
    "Kiểm soát tài liệu",
    "Kiểm soát hồ sơ",
    "Đánh giá nội bộ",
    "Kiểm soát sự không phù hợp và hành động khắc phục",
    "Xem xét của lãnh đạo",
    "Quản lý rủi ro và cơ hội",
    "Đo lường sự hài lòng của người dân",
    "Tiếp nhận và xử lý phản ánh, kiến nghị",
)
PEOPLE = (
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức",
    "Vũ Thị Hạnh", "Đặng Quốc Huy", "Bùi Thị Lan", "Đỗ Văn Long", "Hồ Thị Mai", "Ngô Thanh Nam",
    "Dương Thị Oanh", "Lý Văn Phúc", "Trịnh Thị Quyên", "Đinh Công Sơn", "Mai Thị Thảo",
)  # fmt: skip
EISO_PRODUCTS = ("iOffice ISO", "Phần mềm ISO điện tử dùng chung của tỉnh", "eDoc ISO")
FINDING_TEXTS = (
    "Hồ sơ chưa được lưu trữ đúng quy định",
    "Chưa cập nhật quy trình theo văn bản mới",
    "Mục tiêu chất lượng chưa được đo lường",
    "Chưa đánh giá rủi ro cho quy trình",
    "Biểu mẫu không đúng phiên bản hiện hành",
    "Kết quả giải quyết hồ sơ trễ hạn chưa được phân tích nguyên nhân",
)
CLAUSES = ("4.1", "5.3", "6.1", "6.2", "7.1.6", "7.5.3", "8.1", "8.5.1", "9.1.2", "9.2", "10.2")
MINISTRIES = ("BTP", "BXD", "BTNMT", "BCT", "BLĐTBXH", "BYT", "BNV", "BTC", "BGTVT", "BKHĐT")

# catalogue prefix (6 digits after the "1."/"2." of real codes) and code-count range per role
_CATALOGUE_SIZE = 120


# --- helpers ------------------------------------------------------------------------------------


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A random day in [start, end] (start if end < start)."""
    span = (end - start).days
    return start if span <= 0 else start + dt.timedelta(days=rng.randint(0, span))


def _plus(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def _month_end(year: int, month: int) -> dt.date:
    return _plus(D(year + month // 12, month % 12 + 1, 1), -1)


class _Unit:
    """One registry unit while its province is generated."""

    __slots__ = (
        "abbr",
        "codes",
        "id",
        "kind",
        "level_block",
        "name",
        "plan_unit",
        "process_of_code",
        "processes",
        "qms_id",
        "signer",
        "valid_to",
        "website",
    )

    def __init__(self, agency_id: str, name: str, kind: AgencyKind, abbr: str, signer: str) -> None:
        self.id = agency_id
        self.name = name
        self.kind = kind
        self.abbr = abbr
        self.signer = signer
        self.qms_id = f"q-{agency_id}"
        self.valid_to: dt.date | None = None
        # (code, published_on, abolished_on)
        self.codes: list[tuple[str, dt.date, dt.date | None]] = []
        self.processes: list[str] = []
        self.process_of_code: dict[str, str] = {}
        self.level_block = kind in (
            AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
            AgencyKind.PROVINCIAL_DEPARTMENT,
            AgencyKind.DISTRICT_PEOPLE_COMMITTEE,
            AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
        )
        self.plan_unit = not self.level_block
        self.website = True

    def alive(self, day: dt.date) -> bool:
        return self.valid_to is None or day <= self.valid_to

    def scope_on(self, day: dt.date) -> list[str]:
        return [c for c, pub, abol in self.codes if pub <= day and (abol is None or day < abol)]


Collections = dict[str, list[dict[str, Any]]]


# --- national records -------------------------------------------------------------------------


def _national_legal_changes(seed: int) -> list[dict[str, Any]]:
    """Legal documents of ministries: each changes a few TTHC of one sector, everywhere."""
    rng = random.Random(f"{seed}:national")
    out = []
    for year in YEARS:
        for n in range(1, 13):
            sector = rng.random()
            if sector < 0.08:
                prefix = "2.001"  # commune procedures
            elif sector < 0.16:
                prefix = "2.000"  # district procedures
            else:
                prefix = f"1.0{rng.randrange(len(DEPARTMENTS)):02d}"
            codes = sorted(
                {f"{prefix}{rng.randrange(_CATALOGUE_SIZE):03d}" for _ in range(rng.randint(1, 4))}
            )
            ministry = rng.choice(MINISTRIES)
            out.append(
                LEGAL_CHANGE(
                    id=f"vb-{year}-{n:02d}",
                    document_number=f"{n:02d}/{year}/TT-{ministry}",
                    title=f"Thông tư sửa đổi, bổ sung thủ tục hành chính ({ministry}, {year})",
                    effective_on=_day(rng, D(year, 1, 15), D(year, 11, 30)),
                    affected_tthc=tuple(codes),
                )
            )
    return out


# --- the 2025 reform (post_reform=True) ----------------------------------------------------------

DEPT_MERGER = D(2025, 3, 1)
"""Six departments of every old province merge on this day (decision of the province)."""
LAST_OLD_DAY = D(2025, 6, 30)
"""The last day of the 63 provinces and of the district level."""
REFORM = D(2025, 7, 1)
"""The 34 provinces and the new communes operate from this day."""
POST_DATA_END = D(2026, 12, 31)
"""With `post_reform=True`, nothing in the data happens after this day."""
NN_MT = "Sở Nông nghiệp và Môi trường"
NN_MT_INDEX = len(DEPARTMENTS)
"""Index of the department formed on 01/03/2025 (its agencies end in `-s18`)."""
DEPT_MERGERS = {5: NN_MT_INDEX, 8: NN_MT_INDEX, 9: 12, 10: 0, 2: 3, 6: 7}
"""Department index -> the department it merges into on 01/03/2025: agriculture and natural
resources/environment into Sở NN&MT, information and communications into Sở KH&CN, labour into
Sở Nội vụ, planning and investment into Sở Tài chính, transport into Sở Xây dựng."""
KEPT_DEPARTMENTS = (
    *(j for j in range(len(DEPARTMENTS)) if j not in DEPT_MERGERS),
    NN_MT_INDEX,
)
"""The 13 departments after 01/03/2025, by index."""
POST_SUB_DEPARTMENTS = MERGING_SUB_DEPARTMENT
"""A successor province has the chi cục 0-7 (Phát triển nông thôn goes into Thủy lợi)."""
POST_PSUS = DISSOLVING_PSU
"""A successor province has the public service units 0-17."""
FICTIONAL_GROUP = 2
"""Fictional provinces (scale above 63) merge two by two."""


def _department_name(j: int) -> str:
    return NN_MT if j == NN_MT_INDEX else DEPARTMENTS[j]


def _after_merger(j: int) -> int:
    """The department index a pre-2025 department is part of after 01/03/2025."""
    return DEPT_MERGERS.get(j, j)


def successor_of(k: int) -> tuple[str, str | None, str]:
    """The successor of province `k`: (id, official code or None, name).

    The first 63 provinces follow the official table (Resolution 202/2025/QH15; the successor's
    id is `n` + its post-reform code, e.g. `n82` for Đồng Tháp). Fictional provinces (scale above
    63) merge two by two into fictional successors `n-mp01`, `n-mp02`, ...
    """
    if k < len(PROVINCES):
        unit = primary_successor(PROVINCES[k][0])
        assert unit is not None
        return f"n{unit.code}", unit.code, unit.name
    j = (k - len(PROVINCES)) // FICTIONAL_GROUP + 1
    return f"n-mp{j:02d}", None, f"Tỉnh Mô phỏng hợp nhất {j:02d}"


@functools.cache
def _new_communes(new_code: str) -> tuple[tuple[OfficialUnit, frozenset[str]], ...]:
    """The communes of a post-reform province, each with the old provinces of its predecessors."""
    return tuple(
        (c, frozenset(p.parent_code for p in admin_units.predecessors(c.code) if p.parent_code))
        for c in admin_units.children(new_code, era=AdminEra.POST_2025_REFORM)
    )


def _commune_keys(k: int, n_old_communes: int) -> list[str]:
    """Keys of the new communes the old communes of province `k` go into, by old commune.

    For a real province: its successor's communes that have a predecessor commune in it (their
    official codes), in turn; for a fictional one: one new commune for two old ones.
    """
    if k < len(PROVINCES):
        code = PROVINCES[k][0]
        new_code = successor_of(k)[1]
        assert new_code is not None
        keys = [c.code for c, olds in _new_communes(new_code) if code in olds]
        return [keys[i % len(keys)] for i in range(n_old_communes)]
    return [f"{k + 1:03d}{i // 2:02d}" for i in range(n_old_communes)]


def _commune_ids(sid: str, key: str) -> tuple[str, str, str]:
    """(administrative unit, People's Committee, service centre) ids of a new commune."""
    return f"{sid}-x{key}", f"{sid}-ubnd-x{key}", f"{sid}-ttpv-x{key}"


# --- one province -------------------------------------------------------------------------------


class _Province:
    """Generates every record of province `k` (0-based) into `self.out`."""

    data_end = DATA_END
    """Nothing this province generates happens after this day."""
    due_periods = False
    """Whether planned activities are due in a month (`due_in`) rather than on a day."""

    def __init__(self, k: int, seed: int, national: list[dict[str, Any]]) -> None:
        self.rng = random.Random(f"{seed}:{k}")
        self.k = k
        self.p = f"p{k + 1:03d}"
        if k < len(PROVINCES):
            self.code: str | None = PROVINCES[k][0]
            self.name = PROVINCES[k][1]
        else:
            self.code = None
            self.name = f"Tỉnh Mô phỏng {k + 1:03d}"
        self.short = self.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        self.national = national
        self.out: Collections = {name: [] for name in COLLECTION_NAMES}
        self.units: list[_Unit] = []
        self.ubnd: _Unit
        self.departments: list[_Unit] = []
        self.districts: list[_Unit] = []
        self.communes: list[_Unit] = []
        self.sub_departments: list[_Unit] = []
        self.psus: list[_Unit] = []
        self.others: list[_Unit] = []
        self.seq = 0
        self.centre_of: dict[str, str] = {}  # commune committee -> its service centre
        self.roles: dict[str, list[tuple[str, dt.date]]] = {}  # what a successor takes over
        self.commune_count = 0

    def number(self, suffix: str) -> str:
        """A decision or document number, unique in the province."""
        self.seq += 1
        return f"{self.seq}/{suffix}"

    def add(self, collection: str, record: dict[str, Any]) -> None:
        self.out[collection].append(record)

    def build(self) -> Collections:
        self.registry()
        self.events()
        self.tthc_and_qms()
        self.announcements()
        self.legal_updates()
        for year in YEARS:
            self.audits_and_reviews(year)
            self.plan(year)
            self.inspections(year)
        return self.out

    # --- registry ------------------------------------------------------------------------------

    def registry(self) -> None:
        rng, p = self.rng, self.p
        self.add("admin_units", ADMIN_UNIT(id=p, code=self.code, name=self.name, level="province"))
        self.ubnd = _Unit(
            f"{p}-ubnd", f"Ủy ban nhân dân {self.name}", AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
            "UBND", "Chủ tịch UBND tỉnh",
        )  # fmt: skip
        self._agency(self.ubnd, p, None, D(2004, 1, 1), short_name="UBND tỉnh")
        for j, name in enumerate(DEPARTMENTS):
            unit = _Unit(
                f"{p}-s{j:02d}", name, AgencyKind.PROVINCIAL_DEPARTMENT, f"S{j:02d}",
                "Giám đốc Sở" if name.startswith("Sở") else "Thủ trưởng cơ quan",
            )  # fmt: skip
            self.departments.append(unit)
            self._agency(unit, p, self.ubnd.id, D(2008, 4, 1))
        places = list(PLACE_NAMES)
        rng.shuffle(places)
        n_districts = rng.choice((8, 9, 9, 10))
        for d in range(n_districts):
            d_name = f"Thành phố {self.short}" if d == 0 else f"Huyện {places[d % len(places)]}"
            au_id = f"{p}-h{d:02d}"
            self.add(
                "admin_units",
                ADMIN_UNIT(
                    id=au_id, valid_to=D(2025, 6, 30), name=d_name, level="district", parent_id=p
                ),
            )
            district = _Unit(
                f"{p}-ubnd-h{d:02d}", f"Ủy ban nhân dân {d_name}",
                AgencyKind.DISTRICT_PEOPLE_COMMITTEE, f"UBND-H{d:02d}", "Chủ tịch UBND huyện",
            )  # fmt: skip
            self.districts.append(district)
            self._agency(district, au_id, self.ubnd.id, D(2004, 1, 1), valid_to=D(2025, 6, 30))
            prefix = "Phường" if d == 0 else "Xã"
            for c in range(rng.randint(10, 14)):
                kind_word = "Thị trấn" if (prefix == "Xã" and c == 0) else prefix
                c_name = f"{kind_word} {places[(d * 7 + c) % len(places)]}"
                c_au = f"{p}-h{d:02d}x{c:02d}"
                self.add(
                    "admin_units",
                    ADMIN_UNIT(id=c_au, name=c_name, level="commune", parent_id=au_id),
                )
                commune = _Unit(
                    f"{p}-ubnd-h{d:02d}x{c:02d}", f"Ủy ban nhân dân {c_name}, {d_name}",
                    AgencyKind.COMMUNE_PEOPLE_COMMITTEE, f"UBND-X{d:02d}{c:02d}",
                    "Chủ tịch UBND xã",
                )  # fmt: skip
                commune.website = rng.random() > 0.3
                self.communes.append(commune)
                self._agency(commune, c_au, district.id, D(2004, 1, 1))
        for j, (name, parent) in enumerate(SUB_DEPARTMENTS):
            unit = _Unit(
                f"{p}-cc{j:02d}", name, AgencyKind.SUB_DEPARTMENT, f"CC{j:02d}", "Chi cục trưởng"
            )
            self.sub_departments.append(unit)
            self._agency(unit, p, self.departments[parent].id, D(2010, 1, 1))
        for j, (name, parent) in enumerate(PUBLIC_SERVICE_UNITS):
            unit = _Unit(
                f"{p}-tt{j:02d}", name, AgencyKind.PUBLIC_SERVICE_UNIT, f"TT{j:02d}", "Giám đốc"
            )
            self.psus.append(unit)
            self._agency(unit, p, self.departments[parent].id, D(2012, 1, 1))
        for abbr, name, kind in OTHER_UNITS:
            unit = _Unit(f"{p}-{abbr}", name, kind, abbr.upper(), "Thủ trưởng cơ quan")
            self.others.append(unit)
            self._agency(unit, p, None, D(2010, 1, 1))

    def _agency(
        self,
        unit: _Unit,
        admin_unit_id: str,
        parent_id: str | None,
        valid_from: dt.date,
        *,
        valid_to: dt.date | None = None,
        short_name: str | None = None,
    ) -> None:
        self.units.append(unit)
        self.add(
            "agencies",
            AGENCY(
                id=unit.id,
                valid_from=valid_from,
                valid_to=valid_to,
                name=unit.name,
                kind=unit.kind.value,
                admin_unit_id=admin_unit_id,
                parent_id=parent_id,
                short_name=short_name,
            ),
        )

    def events(self) -> None:
        """A chi cục merges and a public service unit is dissolved (each in ~60% of provinces)."""
        rng = self.rng
        agencies = {a["id"]: a for a in self.out["agencies"]}
        if rng.random() < 0.6:
            self._end(
                agencies,
                self.sub_departments[MERGING_SUB_DEPARTMENT],
                _day(rng, D(2022, 7, 1), D(2024, 9, 30)),
                kind="merged_into",
                successor_ids=(self.sub_departments[MERGE_TARGET].id,),
                note=f"Sáp nhập vào {SUB_DEPARTMENTS[MERGE_TARGET][0]}",
            )
        if rng.random() < 0.6:
            self._end(
                agencies,
                self.psus[DISSOLVING_PSU],
                _day(rng, D(2022, 4, 1), D(2024, 10, 31)),
                kind="dissolved",
                note="Giải thể; nhiệm vụ chuyển về Trung tâm Xúc tiến Đầu tư",
            )
        if rng.random() < 0.2:
            unit = rng.choice(self.psus[:DISSOLVING_PSU])
            self.add(
                "agency_events",
                AGENCY_EVENT(
                    id=f"ev-{unit.id}-doi-ten",
                    agency_id=unit.id,
                    kind="renamed",
                    date=_day(rng, D(2022, 1, 1), D(2024, 12, 1)),
                    decision_number=self.number("QĐ-UBND"),
                    new_name=f"{unit.name} tỉnh {self.short}",
                ),
            )

    def _end(
        self, agencies: dict[str, dict[str, Any]], unit: Any, day: dt.date, **event: Any
    ) -> None:
        """End `unit` the day before `day` by a People's Committee decision of that day."""
        unit.valid_to = _plus(day, -1)
        agencies[unit.id]["valid_to"] = unit.valid_to
        self.add(
            "agency_events",
            AGENCY_EVENT(
                id=f"ev-{unit.id}",
                agency_id=unit.id,
                date=day,
                decision_number=self.number("QĐ-UBND"),
                **event,
            ),
        )

    # --- the 2025 reform (post_reform=True) -------------------------------------------------

    def reform(self, seed: int) -> None:
        """End this province on 30/06/2025 (its records are already built, up to 2024).

        On 01/03/2025 six departments merge (`DEPT_MERGERS`), each by a `merged_into` event of the
        province's decision; the new Sở NN&MT builds and announces its QMS (reason
        `reorganisation`), and the departments that absorb another re-announce theirs (most before
        30/06/2025). On 01/07/2025 the districts and their committees end (`dissolved`, Law
        72/2025/QH15), the province ends with its successor, every commune ends with the new commune
        it goes into, and every agency still running is `merged_into` its counterpart in the
        successor province.
        """
        rng = random.Random(f"{seed}:{self.k}:reform")
        self.rng = rng
        self.data_end = LAST_OLD_DAY
        sid = successor_of(self.k)[0]
        agencies = {a["id"]: a for a in self.out["agencies"]}
        qms = {q["id"]: q for q in self.out["qms_units"]}
        admin = {u["id"]: u for u in self.out["admin_units"]}

        def end(unit: _Unit, day: dt.date, kind: str, decision: str, successor: str | None) -> None:
            unit.valid_to = _plus(day, -1)
            agencies[unit.id]["valid_to"] = unit.valid_to
            if unit.qms_id in qms:
                qms[unit.qms_id]["valid_to"] = unit.valid_to
            self.add(
                "agency_events",
                AGENCY_EVENT(
                    id=f"ev-{unit.id}-{day.year}",
                    agency_id=unit.id,
                    kind=kind,
                    date=day,
                    decision_number=decision,
                    successor_ids=(successor,) if successor else (),
                ),
            )

        by_index = self._merge_departments(end)
        agencies.update((a["id"], a) for a in self.out["agencies"])  # with Sở NN&MT
        qms.update((q["id"], q) for q in self.out["qms_units"])

        self._end_at_reform(end, by_index, sid, agencies, admin)

    def _end_at_reform(
        self,
        end: Callable[[_Unit, dt.date, str, str, str | None], None],
        by_index: dict[int, _Unit],
        sid: str,
        agencies: dict[str, dict[str, Any]],
        admin: dict[str, dict[str, Any]],
    ) -> None:
        """01/07/2025: everything still running ends; keeps what successor `sid` takes over."""
        # What the successor takes over, by its role (codes in force on 30/06/2025).
        roles: dict[str, dict[str, dt.date]] = {}

        def take(role: str, unit: _Unit) -> None:
            scope = set(unit.scope_on(LAST_OLD_DAY))
            mine = roles.setdefault(role, {})
            for code, published, _ in unit.codes:
                if code in scope:
                    mine[code] = min(published, mine.get(code, published))

        # 01/07/2025: everything still running ends.
        law_72 = "72/2025/QH15"
        resolution = "202/2025/QH15"
        decision = self.number("QĐ-UBND")
        take("ubnd", self.ubnd)
        end(self.ubnd, REFORM, "merged_into", resolution, f"{sid}-ubnd")
        for j in KEPT_DEPARTMENTS:
            take(f"s{j:02d}", by_index[j])
            end(by_index[j], REFORM, "merged_into", decision, f"{sid}-s{j:02d}")
        for j, unit in enumerate(self.sub_departments):
            if unit.valid_to is None:
                role = f"cc{j if j < POST_SUB_DEPARTMENTS else MERGE_TARGET:02d}"
                take(role, unit)
                end(unit, REFORM, "merged_into", decision, f"{sid}-{role}")
        for j, unit in enumerate(self.psus):
            if unit.valid_to is None:
                role = f"tt{j if j < POST_PSUS else 5:02d}"
                take(role, unit)
                end(unit, REFORM, "merged_into", decision, f"{sid}-{role}")
        for (abbr, _, _), unit in zip(OTHER_UNITS, self.others, strict=True):
            take(abbr, unit)
            end(unit, REFORM, "merged_into", decision, f"{sid}-{abbr}")
        for unit in self.districts:
            take("commune", unit)  # district procedures pass to the communes
            end(unit, REFORM, "dissolved", law_72, None)
        keys = _commune_keys(self.k, len(self.communes))
        for unit, key in zip(self.communes, keys, strict=True):
            take("commune", unit)
            au_id, committee_id, _ = _commune_ids(sid, key)
            old_au = admin[str(agencies[unit.id]["admin_unit_id"])]
            old_au["valid_to"] = LAST_OLD_DAY
            old_au["successor_ids"] = (au_id,)
            end(unit, REFORM, "merged_into", decision, committee_id)
        admin[self.p]["valid_to"] = LAST_OLD_DAY
        admin[self.p]["successor_ids"] = (sid,)
        self.roles = {role: sorted(codes.items()) for role, codes in roles.items()}
        self.commune_count = len(self.communes)
        # What the successor does not need is dropped (memory at national scale).
        for unit in self.units:
            unit.processes = []
            unit.process_of_code = {}
            unit.codes = []

    def _merge_departments(
        self, end: Callable[[_Unit, dt.date, str, str, str | None], None]
    ) -> dict[int, _Unit]:
        """01/03/2025: six departments merge; returns the departments after, by index."""
        rng = self.rng
        decision = self.number("QĐ-UBND")
        nn_mt = _Unit(
            f"{self.p}-s{NN_MT_INDEX:02d}", NN_MT, AgencyKind.PROVINCIAL_DEPARTMENT,
            f"S{NN_MT_INDEX:02d}", "Giám đốc Sở",
        )  # fmt: skip
        self._agency(nn_mt, self.p, self.ubnd.id, DEPT_MERGER, valid_to=LAST_OLD_DAY)
        nn_mt.valid_to = LAST_OLD_DAY
        self.add(
            "agency_events",
            AGENCY_EVENT(
                id=f"ev-{nn_mt.id}-thanh-lap",
                agency_id=nn_mt.id,
                kind="established",
                date=DEPT_MERGER,
                decision_number=decision,
                note="Thành lập trên cơ sở hợp nhất Sở NN&PTNT và Sở TN&MT",
            ),
        )
        by_index = {**dict(enumerate(self.departments)), NN_MT_INDEX: nn_mt}
        scope_day = _plus(DEPT_MERGER, -1)
        for j, target in DEPT_MERGERS.items():
            old = self.departments[j]
            by_index[target].codes += [c for c in old.codes if c[0] in old.scope_on(scope_day)]
            end(old, DEPT_MERGER, "merged_into", decision, by_index[target].id)
        self._carried_qms(nn_mt, _day(rng, D(2025, 3, 10), D(2025, 4, 30)), 0.9, 0.0)
        for j in sorted(set(DEPT_MERGERS.values()) - {NN_MT_INDEX}):
            if rng.random() < 0.8:
                self._announce(
                    by_index[j], 25, _day(rng, D(2025, 3, 15), LAST_OLD_DAY), "iso9001_2015",
                    "reorganisation",
                )  # fmt: skip

        return by_index

    def _carried_qms(
        self, unit: _Unit, prepared: dt.date, in_year: float, next_year: float
    ) -> None:
        """The QMS `unit` carries over a reorganisation, prepared from `prepared` on.

        New processes (one per procedure of `unit.codes`, and 6-8 internal ones), an internal
        audit, a management review and the head's confirmation of effectiveness, then the
        announcement (reason `reorganisation`): in the same year with probability `in_year`, in
        the first half of the next year with probability `next_year`, otherwise not yet.
        """
        rng = self.rng
        eiso: tuple[dict[str, Any], ...] = ()
        if unit.level_block and rng.random() < 0.85:
            since = _day(rng, prepared, D(prepared.year, 12, 31))
            eiso = (EISO(product=rng.choice(EISO_PRODUCTS), since=since),)
        centre = self.centre_of.get(unit.id)
        self.add(
            "qms_units",
            QMS_UNIT(
                id=unit.qms_id,
                valid_to=unit.valid_to,
                name=f"HTQLCL {unit.name}",
                owner_agency_id=unit.id,
                agency_ids=(unit.id, centre) if centre else (unit.id,),
                framework_model="101/QĐ-BKHCN" if unit.level_block else None,
                eiso=eiso,
            ),
        )
        items: list[tuple[str, tuple[str, ...]]] = [
            (f"Quy trình {name.lower()}", ()) for name in INTERNAL_PROCESSES[: rng.randint(6, 8)]
        ]
        for code, _, _ in unit.codes:
            name = PROCEDURES[int(code[-3:]) % len(PROCEDURES)]
            items.append((f"Quy trình giải quyết thủ tục {name.lower()}", (code,)))
        for j, (name, codes) in enumerate(items, start=1):
            pid = f"qt-{unit.id}-{j:03d}"
            revisions = [REVISION(number=1, approved_on=prepared, approved_by=unit.signer)]
            if rng.random() < 0.3 and _plus(prepared, 180) <= self.data_end:
                day = _day(rng, _plus(prepared, 180), self.data_end)
                revisions.append(REVISION(number=2, approved_on=day, approved_by=unit.signer))
            self.add(
                "processes",
                PROCESS(
                    id=pid,
                    qms_id=unit.qms_id,
                    code=f"QT-{j:02d}",
                    name=name,
                    tthc_codes=codes,
                    revisions=tuple(revisions),
                ),
            )
            unit.processes.append(pid)
            for code in codes:
                unit.process_of_code[code] = pid
        # The new processes follow the texts in force: one update answers every earlier change.
        changes = [
            c
            for c in self.national
            if c["effective_on"] < prepared and unit.process_of_code.keys() & c["affected_tthc"]
        ]
        if changes:
            self.add(
                "qms_updates",
                QMS_UPDATE(
                    id=f"cn-{unit.id}-{prepared.year}",
                    qms_id=unit.qms_id,
                    legal_change_ids=tuple(c["id"] for c in changes),
                    date=prepared,
                    process_ids=tuple(
                        sorted(
                            {
                                unit.process_of_code[t]
                                for c in changes
                                for t in c["affected_tthc"]
                                if t in unit.process_of_code
                            }
                        )
                    ),
                ),
            )
        audit_day = _plus(prepared, rng.randint(5, 15))
        self.add(
            "internal_audits",
            AUDIT(
                id=f"dg-{unit.id}-{prepared.year}c",
                qms_id=unit.qms_id,
                start=audit_day,
                end=_plus(audit_day, 1),
                auditors=(rng.choice(PEOPLE),),
                process_ids=tuple(unit.processes[:3]),
                clauses=("4", "5", "6", "7", "8", "9", "10"),
                findings=(),
            ),
        )
        review_day = _plus(audit_day, rng.randint(7, 15))
        self.add(
            "management_reviews",
            REVIEW(
                id=f"xx-{unit.id}-{prepared.year}c",
                qms_id=unit.qms_id,
                date=review_day,
                chair=unit.signer,
                inputs=REVIEW_INPUTS(audit_results="Kết quả đánh giá nội bộ sau sắp xếp"),
                outputs=REVIEW_OUTPUTS(improvements=None, qms_changes=None, resource_needs=None),
            ),
        )
        confirmed = _plus(review_day, rng.randint(2, 7))
        self.add(
            "activities",
            ACTIVITY(
                id=f"xnhl-{unit.id}-{prepared.year}",
                agency_id=unit.id,
                kind="effectiveness_confirmation",
                date=confirmed,
                qms_id=unit.qms_id,
                decision_number=self.number(f"QĐ-{unit.abbr}"),
            ),
        )
        r = rng.random()
        if r < in_year:
            day = _plus(confirmed, rng.randint(3, 40))
        elif r < in_year + next_year:
            day = _day(rng, D(prepared.year + 1, 1, 5), D(prepared.year + 1, 6, 30))
        else:
            return  # not announced yet
        if day <= min(unit.valid_to or self.data_end, self.data_end):
            self._announce(unit, 1, day, "iso9001_2015", "reorganisation")

    # --- TTHC, QMS units, processes ------------------------------------------------------------

    def _codes(self, prefix: str, low: int, high: int) -> list[tuple[str, dt.date, dt.date | None]]:
        """A unit's TTHC: mostly published before 2018, a few new or abolished in 2022-2024."""
        rng = self.rng
        picks = sorted(rng.sample(range(_CATALOGUE_SIZE), rng.randint(low, high)))
        out: list[tuple[str, dt.date, dt.date | None]] = []
        new_year = rng.choice(YEARS) if rng.random() < 0.35 else None
        new_day = _day(rng, D(new_year, 2, 1), D(new_year, 10, 31)) if new_year else None
        for n in picks:
            code = f"{prefix}{n:03d}"
            if new_day is not None and rng.random() < 0.04:
                out.append((code, new_day, None))
                continue
            abolished = _day(rng, D(2022, 1, 1), D(2024, 12, 1)) if rng.random() < 0.015 else None
            out.append((code, _day(rng, D(2015, 1, 1), D(2017, 6, 30)), abolished))
        return out

    def tthc_and_qms(self) -> None:
        rng = self.rng
        roles: list[tuple[_Unit, str, int, int]] = [(self.ubnd, "1.303", 20, 40)]
        roles += [(u, f"1.0{j:02d}", 55, 100) for j, u in enumerate(self.departments)]
        roles += [(u, f"1.1{j:02d}", 15, 45) for j, u in enumerate(self.sub_departments)]
        roles += [(u, f"1.2{j:02d}", 5, 25) for j, u in enumerate(self.psus)]
        roles += [
            (self.others[0], "1.300", 50, 90),
            (self.others[1], "1.301", 20, 40),
            (self.others[2], "1.302", 3, 8),
        ]
        for unit, prefix, low, high in roles:
            unit.codes = self._codes(prefix, low, high)
            for code, published, abolished in unit.codes:
                self._tthc(code, published, abolished, (unit.id,))
        # District and commune procedures are published once per province for all such units.
        for group, prefix, low in ((self.districts, "2.000", 80), (self.communes, "2.001", 70)):
            codes = self._codes(prefix, low, low + 12)
            for code, published, abolished in codes:
                self._tthc(code, published, abolished, tuple(u.id for u in group))
            for unit in group:
                unit.codes = codes
        for unit in self.units:
            eiso: tuple[dict[str, Any], ...] = ()
            if unit.level_block and rng.random() < 0.82:
                since = _day(rng, D(2019, 6, 1), D(2022, 12, 31))
                eiso = (EISO(product=rng.choice(EISO_PRODUCTS), since=since),)
                if rng.random() < 0.1:
                    switch = _day(rng, _plus(since, 30), D(2024, 6, 30))
                    eiso = (
                        EISO(product=EISO_PRODUCTS[2], since=since, until=_plus(switch, -1)),
                        EISO(product=EISO_PRODUCTS[0], since=switch),
                    )
            self.add(
                "qms_units",
                QMS_UNIT(
                    id=unit.qms_id,
                    valid_to=unit.valid_to,
                    name=f"HTQLCL {unit.name}",
                    owner_agency_id=unit.id,
                    agency_ids=(unit.id,),
                    framework_model="101/QĐ-BKHCN" if unit.level_block else None,
                    eiso=eiso,
                ),
            )
            self._processes(unit)

    def _tthc(
        self, code: str, published: dt.date, abolished: dt.date | None, agency_ids: tuple[str, ...]
    ) -> None:
        self.add(
            "tthc",
            TTHC(
                id=f"{self.p}-t{code}",
                code=code,
                name=f"{PROCEDURES[int(code[-3:]) % len(PROCEDURES)]} (mã {code})",
                agency_ids=agency_ids,
                published_on=published,
                abolished_on=abolished,
            ),
        )

    def _processes(self, unit: _Unit) -> None:
        rng = self.rng
        groups: list[tuple[list[str], dt.date, dt.date | None]] = []
        for code, published, abolished in unit.codes:
            if groups and len(groups[-1][0]) == 1 and rng.random() < 0.12:
                groups[-1][0].append(code)  # similar procedures share one process (TT 26 Art. 41.6)
                continue
            groups.append(([code], published, abolished))
        items: list[tuple[str, tuple[str, ...], dt.date, dt.date | None]] = [
            (f"Quy trình {name.lower()}", (), D(2018, 1, 1), None)
            for name in INTERNAL_PROCESSES[: rng.randint(6, 8)]
        ]
        for codes, published, abolished in groups:
            name = PROCEDURES[int(codes[0][-3:]) % len(PROCEDURES)]
            withdrawn = abolished if abolished is not None and rng.random() < 0.8 else None
            items.append(
                (f"Quy trình giải quyết thủ tục {name.lower()}", tuple(codes), published, withdrawn)
            )
        for j, (name, codes, published, gone) in enumerate(items, start=1):
            withdrawn = gone
            pid = f"qt-{unit.id}-{j:03d}"
            first = max(published, _day(rng, D(2017, 6, 1), D(2019, 12, 31)))
            if published.year >= 2022:  # a new procedure: its process is written after it
                first = min(_plus(published, rng.randint(5, 120)), self.data_end)
            revisions = [REVISION(number=1, approved_on=first, approved_by=unit.signer)]
            day = first
            for number in (2, 3):
                if rng.random() > 0.35 or _plus(day, 30) > self.data_end:
                    break
                day = _day(rng, _plus(day, 30), self.data_end)
                revisions.append(REVISION(number=number, approved_on=day, approved_by=unit.signer))
            if withdrawn is None and rng.random() < 0.005:
                withdrawn = _day(rng, D(2022, 1, 1), D(2024, 12, 31))
            self.add(
                "processes",
                PROCESS(
                    id=pid,
                    qms_id=unit.qms_id,
                    code=f"QT-{j:02d}",
                    name=name,
                    tthc_codes=codes,
                    revisions=tuple(revisions),
                    withdrawn_on=withdrawn,
                ),
            )
            unit.processes.append(pid)
            for code in codes:
                unit.process_of_code[code] = pid
        # The internal audit, the management review and the head's confirmation of
        # effectiveness that came before the first announcement (QĐ 19 Art. 4.2.b-d): without
        # them no announcement puts the QMS in effect.
        self.add(
            "internal_audits",
            AUDIT(
                id=f"dg-{unit.id}-2017",
                qms_id=unit.qms_id,
                start=D(2017, 4, 10),
                end=D(2017, 4, 11),
                auditors=(PEOPLE[0],),
                process_ids=(),
                clauses=("4", "5", "6", "7", "8", "9", "10"),
                findings=(),
            ),
        )
        self.add(
            "management_reviews",
            REVIEW(
                id=f"xx-{unit.id}-2017",
                qms_id=unit.qms_id,
                date=D(2017, 4, 25),
                chair=unit.signer,
                inputs=REVIEW_INPUTS(audit_results="Kết quả đánh giá nội bộ lần đầu"),
                outputs=REVIEW_OUTPUTS(improvements=None, qms_changes=None, resource_needs=None),
            ),
        )
        self.add(
            "activities",
            ACTIVITY(
                id=f"xnhl-{unit.id}",
                agency_id=unit.id,
                kind="effectiveness_confirmation",
                date=D(2017, 5, 2),
                qms_id=unit.qms_id,
                decision_number=self.number(f"QĐ-{unit.abbr}"),
            ),
        )

    # --- announcements -------------------------------------------------------------------------

    def announcements(self) -> None:
        rng = self.rng
        for unit in self.units:
            first = _day(rng, D(2017, 7, 1), D(2020, 12, 31))
            on_2008 = first < D(2018, 9, 1) and rng.random() < 0.6
            self._announce(unit, 1, first, "iso9001_2008" if on_2008 else "iso9001_2015", "initial")
            n = 1
            if on_2008:
                r = rng.random()
                if r < 0.85:  # converted before the deadline (30/06/2021)
                    day = _day(rng, max(first, D(2019, 1, 2)), D(2021, 6, 30))
                elif r < 0.93:  # converted late
                    day = _day(rng, D(2021, 7, 1), D(2022, 12, 31))
                else:  # still on the 2008 edition
                    day = None
                if day is not None and unit.alive(day):
                    n += 1
                    self._announce(unit, n, day, "iso9001_2015", "version_transition")
            new_days = sorted({pub for _, pub, _ in unit.codes if pub.year >= 2022})
            for published in new_days:
                if rng.random() < 0.85 and unit.alive(published):
                    day = _plus(published, rng.randint(10, 150))
                    if day <= self.data_end and unit.alive(day):
                        n += 1
                        self._announce(unit, n, day, "iso9001_2015", "scope_expanded")
        # The chi cục that took over a merged one re-announces with the wider scope.
        merged = self.sub_departments[MERGING_SUB_DEPARTMENT]
        if merged.valid_to is not None:
            target = self.sub_departments[MERGE_TARGET]
            day = _plus(merged.valid_to, rng.randint(20, 120))
            if day <= self.data_end:
                self._announce(target, 9, day, "iso9001_2015", "reorganisation")

    def _announce(self, unit: _Unit, n: int, day: dt.date, standard: str, reason: str) -> None:
        rng = self.rng
        no_website = not unit.website
        self.add(
            "announcements",
            ANNOUNCEMENT(
                id=f"cb-{unit.id}-{n}",
                qms_id=unit.qms_id,
                decision_number=self.number(f"QĐ-{unit.abbr}"),
                date=day,
                signer=unit.signer,
                standard=standard,
                scope_tthc=tuple(unit.scope_on(day)),
                reason=reason,
                lead_unit_notified_on=_plus(day, rng.randint(1, 10))
                if rng.random() < 0.95
                else None,
                posted_at_office_on=_plus(day, rng.randint(0, 3)) if rng.random() < 0.97 else None,
                published_online_on=None
                if no_website or rng.random() > 0.92
                else _plus(day, rng.randint(0, 5)),
                no_website=no_website,
            ),
        )

    # --- legal changes and QMS updates ---------------------------------------------------------

    def legal_updates(self) -> None:
        rng, p = self.rng, self.p
        by_code: dict[str, list[_Unit]] = {}
        for unit in self.units:
            for code, _, _ in unit.codes:
                by_code.setdefault(code, []).append(unit)
        for change in self.national:
            effective: dt.date = change["effective_on"]
            affected: set[str] = set(change["affected_tthc"])
            units = {u.id: u for code in affected for u in by_code.get(code, ())}
            for unit in units.values():
                self._update(unit, change["id"], effective, affected)
        for n in range(1, rng.randint(2, 5)):
            year = rng.choice(YEARS)
            targets = rng.sample(self.departments, rng.randint(2, 6))
            lc_id = f"{p}-vb-{year}-{n}"
            effective = _day(rng, D(year, 1, 15), D(year, 11, 30))
            self.add(
                "legal_changes",
                LEGAL_CHANGE(
                    id=lc_id,
                    document_number=self.number(f"{year}/QĐ-UBND"),
                    title="Quyết định công bố quy trình nội bộ giải quyết thủ tục hành chính",
                    effective_on=effective,
                    qms_ids=tuple(u.qms_id for u in targets),
                ),
            )
            for unit in targets:
                self._update(unit, lc_id, effective, set())

    def _update(self, unit: _Unit, change_id: str, effective: dt.date, codes: set[str]) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.85:
            day = _plus(effective, rng.randint(-10, 85))
        elif r < 0.93:
            day = _plus(effective, rng.randint(100, 220))
        else:
            return  # never updated
        if day > self.data_end or not unit.alive(day):
            return
        self.add(
            "qms_updates",
            QMS_UPDATE(
                id=f"cn-{unit.id}-{change_id}",
                qms_id=unit.qms_id,
                legal_change_ids=(change_id,),
                date=day,
                process_ids=tuple(
                    sorted({unit.process_of_code[c] for c in codes if c in unit.process_of_code})
                ),
            ),
        )

    # --- audits, nonconformities, corrective actions, reviews ----------------------------------

    def audits_and_reviews(self, year: int) -> None:
        rng = self.rng
        for unit in self.units:
            if not unit.alive(D(year, 3, 31)):
                continue
            latest = min(unit.valid_to or self.data_end, D(year, 11, 30))
            n_audits = 0 if rng.random() < 0.04 else (2 if rng.random() < 0.08 else 1)
            last_end: dt.date | None = None
            for a in range(n_audits):
                start = _day(rng, D(year, 3, 1), _plus(latest, -4))
                end = _plus(start, rng.randint(0, 3))
                audit_id = f"dg-{unit.id}-{year}{'ab'[a]}"
                covered = rng.sample(unit.processes, min(len(unit.processes), rng.randint(3, 8)))
                findings = []
                for number in range(1, rng.choice((0, 0, 1, 1, 2, 2, 3, 4)) + 1):
                    grade = rng.choices(
                        ("minor_nc", "observation", "ofi", "major_nc"), (50, 25, 20, 5)
                    )[0]
                    findings.append(
                        FINDING(
                            number=number,
                            grade=grade,
                            clause=rng.choice(CLAUSES),
                            process_id=rng.choice(covered) if rng.random() < 0.7 else None,
                            description=rng.choice(FINDING_TEXTS),
                        )
                    )
                self.add(
                    "internal_audits",
                    AUDIT(
                        id=audit_id,
                        qms_id=unit.qms_id,
                        start=start,
                        end=end,
                        auditors=tuple(rng.sample(PEOPLE, rng.randint(1, 3))),
                        process_ids=tuple(covered),
                        clauses=("4", "5", "6", "7", "8", "9", "10"),
                        findings=tuple(findings),
                    ),
                )
                for finding in findings:
                    if finding["grade"] in ("minor_nc", "major_nc"):
                        nc_id = f"kph-{unit.id}-{year}{'ab'[a]}{finding['number']}"
                        raised = _plus(end, rng.randint(0, 5))
                        self.add(
                            "nonconformities",
                            NONCONFORMITY(
                                id=nc_id,
                                qms_id=unit.qms_id,
                                source="internal_audit",
                                raised_on=raised,
                                grade=finding["grade"],
                                audit_id=audit_id,
                                finding_number=finding["number"],
                                description=finding["description"],
                            ),
                        )
                        self._corrective_action(unit, nc_id, raised)
                last_end = end if last_end is None or end > last_end else last_end
            if rng.random() < 0.05:  # a complaint from a citizen
                raised = _day(rng, D(year, 1, 10), min(latest, D(year, 12, 20)))
                nc_id = f"kph-{unit.id}-{year}kn"
                self.add(
                    "nonconformities",
                    NONCONFORMITY(
                        id=nc_id,
                        qms_id=unit.qms_id,
                        source="complaint",
                        raised_on=raised,
                        description="Phản ánh của người dân về hồ sơ trễ hạn",
                    ),
                )
                self._corrective_action(unit, nc_id, raised)
            if last_end is None or rng.random() < 0.05:
                continue  # no management review this year
            if rng.random() < 0.02:  # held before the audit: wrong order
                day = _plus(last_end, -rng.randint(5, 30))
            else:
                day = _plus(last_end, rng.randint(7, 45))
            if not unit.alive(day) or day > self.data_end:
                continue
            filled = rng.randint(9, 12)
            inputs = REVIEW_INPUTS(
                **{
                    name: "Đã xem xét, đạt yêu cầu" if i < filled else None
                    for i, (name, _) in enumerate(REVIEW_INPUTS.fields)
                }
            )
            self.add(
                "management_reviews",
                REVIEW(
                    id=f"xx-{unit.id}-{year}",
                    qms_id=unit.qms_id,
                    date=day,
                    chair=unit.signer,
                    inputs=inputs,
                    outputs=REVIEW_OUTPUTS(
                        improvements="Tiếp tục cải tiến quy trình",
                        qms_changes="Cập nhật quy trình theo văn bản mới"
                        if rng.random() < 0.5
                        else None,
                        resource_needs=None,
                    ),
                ),
            )

    def _corrective_action(
        self, unit: _Unit, nc_id: str, raised: dt.date, *, suffix: str = "", depth: int = 0
    ) -> None:
        rng = self.rng
        due = _plus(raised, rng.randint(15, 60))
        r = rng.random()
        states = ["proposed"]
        if rng.random() < 0.3:
            states.append("analysed")
        states += ["approved", "in_progress"]
        if r < 0.72:  # closed on time
            states += ["verified_effective", "closed"]
            finish = _plus(due, -rng.randint(0, 10))
        elif r < 0.82:  # closed late
            states += ["verified_effective", "closed"]
            finish = _plus(due, rng.randint(5, 90))
        elif r < 0.85 and depth == 0:  # not effective: reissued
            states.append("reissued")
            finish = _plus(due, rng.randint(0, 30))
        elif r < 0.95:  # still in progress (overdue once due_on has passed)
            finish = _plus(due, 365 * 3)
        else:  # stuck at proposed
            states = ["proposed"]
            finish = _plus(due, 365 * 3)
        start_work = _plus(raised, rng.randint(1, 5))
        log = [STATE(state=states[0], on=raised, by="Thư ký ISO")]
        step_days = [start_work]
        for state in states[1:]:
            if state in ("verified_effective", "reissued"):
                day = max(finish, step_days[-1])
            elif state == "closed":
                day = _plus(step_days[-1], rng.randint(0, 3))
            else:
                day = _plus(step_days[-1], rng.randint(0, 4))
            if day > self.data_end or day > (unit.valid_to or self.data_end):
                break
            log.append(STATE(state=state, on=day))
            step_days.append(day)
        ca_id = f"hdkp-{nc_id}{suffix}"
        self.add(
            "corrective_actions",
            CORRECTIVE_ACTION(
                id=ca_id,
                nonconformity_id=nc_id,
                responsible=rng.choice(("Văn phòng", "Bộ phận một cửa", "Phòng chuyên môn")),
                due_on=due,
                verify_by=_plus(due, 30) if rng.random() < 0.3 else None,
                log=tuple(log),
                reissued_from_id=None if depth == 0 else f"hdkp-{nc_id}",
                description="Khắc phục và phòng ngừa lặp lại",
            ),
        )
        if log[-1]["state"] == "reissued" and depth == 0:
            self._corrective_action(unit, nc_id, log[-1]["on"], suffix="-2", depth=1)

    # --- plans ---------------------------------------------------------------------------------

    def plan(self, year: int) -> None:
        rng, p = self.rng, self.p
        plan_id = f"kh-{p}-{year}"
        approved = _day(rng, D(year, 1, 5), D(year, 1, 25))
        self.add(
            "annual_plans",
            PLAN(
                id=plan_id,
                province_id=p,
                year=year,
                decision_number=self.number("QĐ-UBND"),
                approved_on=approved,
                approver="Chủ tịch UBND tỉnh",
                title=f"Kế hoạch áp dụng, duy trì và cải tiến HTQLCL năm {year}",
                budget=rng.randrange(300, 900) * 1_000_000,
            ),
        )
        planned: list[tuple[dict[str, Any], _Unit]] = []
        due_of: dict[str, dt.date | None] = {}  # the day each activity is due (month end)

        def add(unit: _Unit, tag: str, kind: str, due: dt.date | None, **extra: Any) -> None:
            # after the reform, plans give the month an activity is due in
            when = {"due_in": f"{due:%Y-%m}"} if self.due_periods and due else {"due_on": due}
            record = PLANNED(
                id=f"{plan_id}-{unit.id.removeprefix(p + '-')}-{tag}",
                plan_id=plan_id,
                agency_id=unit.id,
                kind=kind,
                **when,
                **extra,
            )
            self.add("planned_activities", record)
            planned.append((record, unit))
            due_of[record["id"]] = due

        for unit in self.units:
            if not unit.alive(approved):
                continue
            if unit.plan_unit:
                add(unit, "dg", "internal_audit", D(year, 10, 31))
                add(unit, "xx", "management_review", D(year, 11, 30))
                add(unit, "dt", "training", _month_end(year, rng.randint(4, 9)))
            elif rng.random() < 0.05:
                add(unit, "eiso", "eiso_deployment", _month_end(year, rng.randint(6, 11)))
        police = self.others[0]
        add(
            police,
            "tt",
            "communication",
            None,
            recurrence=RECURRENCE(frequency="half_yearly", start=D(year, 6, 30), count=2),
        )
        # An amendment cancels what ended units can no longer do, reschedules and adds some.
        amendment_id = f"{plan_id}-dc1"
        amend_day = _day(rng, D(year, 5, 15), D(year, 8, 31))
        ended = [r for r, u in planned if u.valid_to is not None and u.valid_to.year == year]
        cancelled = [r for r in ended if (due := due_of[r["id"]]) is not None and due > amend_day]
        if cancelled or rng.random() < 0.6:
            gone = {r["id"] for r in cancelled}
            others = [r for r, _ in planned if r["id"] not in gone and due_of[r["id"]] is not None]
            cancelled += rng.sample(others, min(len(others), rng.randint(0, 2)))
            gone = {r["id"] for r in cancelled}
            kept = [r for r in others if r["id"] not in gone]
            moved = rng.sample(kept, min(len(kept) // 2, rng.randint(1, 4)))
            added_units = rng.sample([u for _, u in planned], 2) if rng.random() < 0.5 else []
            self.add(
                "plan_amendments",
                AMENDMENT(
                    id=amendment_id,
                    plan_id=plan_id,
                    decision_number=self.number("QĐ-UBND"),
                    approved_on=amend_day,
                    cancelled_activity_ids=tuple(r["id"] for r in cancelled),
                    rescheduled=tuple(
                        RESCHEDULE(activity_id=r["id"], new_due_on=D(year, 12, 15)) for r in moved
                    ),
                    note="Điều chỉnh kế hoạch giữa năm",
                ),
            )
            for i, unit in enumerate(added_units):
                add(
                    unit,
                    f"bs{i}",
                    "communication",
                    D(year, 12, 10),
                    added_by_amendment_id=amendment_id,
                    note="Bổ sung theo kế hoạch điều chỉnh",
                )
        # What was done: on time, late, or not at all (audits and reviews have their own records).
        for record, unit in planned:
            if record["kind"] in ("internal_audit", "management_review"):
                continue
            due = due_of[record["id"]]
            dues = [due] if due is not None else [D(year, 6, 30), D(year, 12, 31)]
            for i, due in enumerate(dues):
                r = rng.random()
                if r < 0.8:
                    day = _plus(due, -rng.randint(1, 60))
                elif r < 0.9:
                    day = _plus(due, rng.randint(1, 60))
                else:
                    continue
                if day > self.data_end or not unit.alive(day):
                    continue
                self.add(
                    "activities",
                    ACTIVITY(
                        id=f"hd-{record['id']}-{i}",
                        agency_id=unit.id,
                        kind=record["kind"],
                        date=day,
                        qms_id=unit.qms_id,
                        planned_activity_id=record["id"],
                    ),
                )

    # --- inspections ---------------------------------------------------------------------------

    def inspections(self, year: int) -> None:
        rng, p = self.rng, self.p
        tdc = self.sub_departments[0]
        mandatory = [self.ubnd, *self.departments, *self.districts, *self.sub_departments]
        mandatory = [u for u in mandatory if u.alive(D(year, 9, 30))]
        n_on_site = -(-len(mandatory) // 3) + rng.randint(0, 3)
        on_site = set(rng.sample(range(len(mandatory)), n_on_site))
        plan_id = f"khkt-{p}-{year}"
        entries = []
        for i, unit in enumerate(mandatory):
            form = "on_site" if i in on_site else "desk"
            entries.append(
                PLAN_ENTRY(
                    agency_id=unit.id,
                    form=form,
                    expected_month=rng.randint(5, 10),
                    budget=5_000_000 if form == "on_site" else None,
                )
            )
        self.add(
            "inspection_plans",
            INSPECTION_PLAN(
                id=plan_id,
                province_id=p,
                year=year,
                decision_number=self.number("QĐ-UBND"),
                approved_on=_day(rng, D(year, 2, 1), D(year, 3, 31)),
                inspecting_agency_id=tdc.id,
                cooperating_agency_ids=(self.departments[0].id,),
                entries=tuple(entries),
            ),
        )
        for entry, unit in zip(entries, mandatory, strict=True):
            if rng.random() < 0.07:
                continue  # planned but not carried out
            day = _day(
                rng,
                D(year, entry["expected_month"], 1),
                _month_end(year, entry["expected_month"]),
            )
            if not unit.alive(_plus(day, 1)):
                continue
            self._inspection(unit, year, entry["form"], plan_id, day)
        if rng.random() < 0.3:  # one unscheduled inspection of a commune
            unit = rng.choice(self.communes)
            self._inspection(unit, year, "on_site", None, _day(rng, D(year, 4, 1), D(year, 11, 30)))
        tdc_id, ubnd_id = tdc.id, self.ubnd.id
        self.add(
            "statutory_reports",
            STATUTORY(
                id=f"bc-t11-{p}-{year}",
                kind=StatutoryReportKind.NOVEMBER_INSPECTION.value,
                province_id=p,
                year=year,
                submitted_on=_day(rng, D(year, 11, 10), D(year, 12, 10)),
                document_number=self.number("BC-TĐC"),
                sender_agency_id=tdc_id,
                recipient="Sở Khoa học và Công nghệ",
            ),
        )
        self.add(
            "statutory_reports",
            STATUTORY(
                id=f"bc-t12-{p}-{year}",
                kind=StatutoryReportKind.DECEMBER_STATUS.value,
                province_id=p,
                year=year,
                submitted_on=_day(rng, D(year, 12, 1), D(year, 12, 31)),
                document_number=self.number("BC-UBND"),
                sender_agency_id=ubnd_id,
                recipient="Bộ Khoa học và Công nghệ",
            ),
        )

    def _inspection(
        self, unit: _Unit, year: int, form: str, plan_id: str | None, day: dt.date
    ) -> None:
        rng = self.rng
        inspection_id = f"kt-{unit.id}-{year}" + ("" if plan_id else "-dx")
        checklist = tuple(
            CHECK(
                item=item.value,
                met=(
                    (True if rng.random() < 0.2 else None)
                    if item is ChecklistItem.G2_E_CONSULTANT
                    else rng.random() > 0.04
                ),
            )
            for item in ChecklistItem
        )
        findings = []
        if form == "on_site":
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                findings.append(
                    INSPECTION_FINDING(
                        item=rng.choice(tuple(ChecklistItem)).value,
                        grade=rng.choices(("observation", "ofi", "minor_nc"), (50, 30, 20))[0],
                        description=rng.choice(FINDING_TEXTS),
                    )
                )
        signed = _plus(day, rng.randint(0, 1))
        on_site = form == "on_site"
        self.add(
            "inspections",
            INSPECTION(
                id=inspection_id,
                agency_id=unit.id,
                form=form,
                plan_id=plan_id,
                decision_number=self.number("QĐ-TĐC") if on_site else None,
                decision_on=_plus(day, -rng.randint(7, 15)) if on_site else None,
                inspected_on=day,
                minutes_signed_on=signed,
                team_lead=rng.choice(PEOPLE) if on_site else None,
                checklist=checklist,
                findings=tuple(findings),
            ),
        )
        for i, finding in enumerate(findings):
            if finding["grade"] == "minor_nc":
                nc_id = f"kph-{inspection_id}-{i}"
                self.add(
                    "nonconformities",
                    NONCONFORMITY(
                        id=nc_id,
                        qms_id=unit.qms_id,
                        source="inspection",
                        raised_on=signed,
                        inspection_id=inspection_id,
                        description=finding["description"],
                    ),
                )
                self._corrective_action(unit, nc_id, signed)
        if findings:
            r = rng.random()
            if r > 0.9:
                return  # no report
            submitted = _plus(signed, rng.randint(20, 58) if r < 0.8 else rng.randint(62, 100))
            if submitted > self.data_end:
                return
            decided = _plus(submitted, rng.randint(5, 20))
            accepted: bool | None = rng.random() < 0.9
            if decided > self.data_end:
                accepted, decided = None, None
            self.add(
                "corrective_action_reports",
                CA_REPORT(
                    id=f"bckp-{inspection_id}",
                    inspection_id=inspection_id,
                    submitted_on=submitted,
                    accepted=accepted,
                    decided_on=decided if accepted is not None else None,
                ),
            )


class _Successor(_Province):
    """A post-reform province formed on 01/07/2025 from the old provinces given (all generated).

    Its registry: the People's Committee, the 13 departments (`KEPT_DEPARTMENTS`), 8 chi cục,
    18 public service units, the police, the land registration office and the National Assembly
    delegation office, and the new communes (the official ones that have a predecessor commune
    in one of the old provinces given; for a fictional successor, one for two old communes), each
    with its public administrative service centre. Each unit takes over the procedures of its
    predecessors (the communes: 80-95 drawn from their commune and district procedures) and
    carries its QMS: new processes, an audit, a review and the head's confirmation, then a
    re-announcement (reason `reorganisation`) in 2025 (~85 %), in the first half of 2026 (~10 %)
    or not yet (~5 %). Then 2025's year-end reports and a whole 2026: audits and reviews, the
    plan (due in months), inspections and reports.
    """

    data_end = POST_DATA_END
    due_periods = True

    def __init__(
        self,
        sid: str,
        code: str | None,
        name: str,
        predecessors: list[_Province],
        seed: int,
        national: list[dict[str, Any]],
    ) -> None:
        super().__init__(0, seed, national)
        self.rng = random.Random(f"{seed}:{sid}")
        self.p, self.code, self.name = sid, code, name
        self.short = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        self.predecessors = predecessors
        self.centre_of: dict[str, str] = {}

    def build(self) -> Collections:
        self.registry_post()
        self.tthc_and_qms_post()
        self.year_end_reports(2025)
        self.audits_and_reviews(2026)
        self.plan(2026)
        self.inspections(2026)
        return self.out

    def registry_post(self) -> None:
        rng, p = self.rng, self.p
        self.add(
            "admin_units",
            ADMIN_UNIT(id=p, valid_from=REFORM, code=self.code, name=self.name, level="province"),
        )
        self.ubnd = _Unit(
            f"{p}-ubnd", f"Ủy ban nhân dân {self.name}", AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE,
            "UBND", "Chủ tịch UBND tỉnh",
        )  # fmt: skip
        self._agency(self.ubnd, p, None, REFORM, short_name="UBND tỉnh")
        by_index: dict[int, _Unit] = {}
        for j in KEPT_DEPARTMENTS:
            name = _department_name(j)
            unit = _Unit(
                f"{p}-s{j:02d}", name, AgencyKind.PROVINCIAL_DEPARTMENT, f"S{j:02d}",
                "Giám đốc Sở" if name.startswith("Sở") else "Thủ trưởng cơ quan",
            )  # fmt: skip
            by_index[j] = unit
            self.departments.append(unit)
            self._agency(unit, p, self.ubnd.id, REFORM)
        for j, (name, parent) in enumerate(SUB_DEPARTMENTS[:POST_SUB_DEPARTMENTS]):
            unit = _Unit(
                f"{p}-cc{j:02d}", name, AgencyKind.SUB_DEPARTMENT, f"CC{j:02d}", "Chi cục trưởng"
            )
            self.sub_departments.append(unit)
            self._agency(unit, p, by_index[_after_merger(parent)].id, REFORM)
        for j, (name, parent) in enumerate(PUBLIC_SERVICE_UNITS[:POST_PSUS]):
            unit = _Unit(
                f"{p}-tt{j:02d}", name, AgencyKind.PUBLIC_SERVICE_UNIT, f"TT{j:02d}", "Giám đốc"
            )
            self.psus.append(unit)
            self._agency(unit, p, by_index[_after_merger(parent)].id, REFORM)
        for abbr, name, kind in OTHER_UNITS:
            unit = _Unit(f"{p}-{abbr}", name, kind, abbr.upper(), "Thủ trưởng cơ quan")
            self.others.append(unit)
            self._agency(unit, p, None, REFORM)
        for key, name in self._commune_list():
            au_id, committee_id, centre_id = _commune_ids(p, key)
            self.add(
                "admin_units",
                ADMIN_UNIT(
                    id=au_id,
                    valid_from=REFORM,
                    code=key if self.code is not None else None,
                    name=name,
                    level="commune",
                    parent_id=p,
                ),
            )
            commune = _Unit(
                committee_id, f"Ủy ban nhân dân {name}", AgencyKind.COMMUNE_PEOPLE_COMMITTEE,
                f"UBND-X{key}", "Chủ tịch UBND xã",
            )  # fmt: skip
            commune.website = rng.random() > 0.2
            self.communes.append(commune)
            self._agency(commune, au_id, self.ubnd.id, REFORM)
            self.centre_of[commune.id] = centre_id
            self.add(
                "agencies",
                AGENCY(
                    id=centre_id,
                    valid_from=REFORM,
                    name=f"Trung tâm Phục vụ hành chính công {name}",
                    kind=AgencyKind.COMMUNE_SERVICE_CENTRE.value,
                    admin_unit_id=au_id,
                    parent_id=commune.id,
                ),
            )

    def _commune_list(self) -> list[tuple[str, str]]:
        """(key, name) of the new communes: official ones, or generated for a fictional one."""
        if self.code is not None:
            present = {PROVINCES[pred.k][0] for pred in self.predecessors}
            return [(c.code, c.name) for c, olds in _new_communes(self.code) if olds & present]
        out = []
        for pred in self.predecessors:
            for i in range(-(-pred.commune_count // 2)):
                word = "Phường" if i < 3 else "Xã"
                place = PLACE_NAMES[(pred.k * 5 + i) % len(PLACE_NAMES)]
                out.append((f"{pred.k + 1:03d}{i:02d}", f"{word} {place} {pred.k + 1}-{i + 1}"))
        return out

    def tthc_and_qms_post(self) -> None:
        rng = self.rng
        roles: dict[str, dict[str, dt.date]] = {}
        for pred in self.predecessors:
            for role, taken in pred.roles.items():
                mine = roles.setdefault(role, {})
                for code, published in taken:
                    mine[code] = min(published, mine.get(code, published))
        provincial = [self.ubnd, *self.departments, *self.sub_departments, *self.psus]
        provincial += self.others
        for unit in provincial:
            role = unit.id.removeprefix(f"{self.p}-")
            unit.codes = [(c, pub, None) for c, pub in sorted(roles.get(role, {}).items())]
            for code, published, _ in unit.codes:
                self._tthc(code, published, None, (unit.id,))
        pool = sorted(roles.get("commune", {}).items())
        picked = sorted(rng.sample(pool, min(len(pool), rng.randint(80, 95))))
        codes: list[tuple[str, dt.date, dt.date | None]] = [(c, pub, None) for c, pub in picked]
        for code, published, _ in codes:
            self._tthc(code, published, None, tuple(u.id for u in self.communes))
        for unit in self.communes:
            unit.codes = codes
        for unit in self.units:
            self._carried_qms(unit, _day(rng, D(2025, 7, 15), D(2025, 9, 30)), 0.85, 0.10)

    def year_end_reports(self, year: int) -> None:
        rng, p = self.rng, self.p
        reports = (
            ("t11", StatutoryReportKind.NOVEMBER_INSPECTION, self.sub_departments[0], "BC-TĐC"),
            ("t12", StatutoryReportKind.DECEMBER_STATUS, self.ubnd, "BC-UBND"),
        )
        for tag, kind, sender, suffix in reports:
            start = D(year, 11, 10) if tag == "t11" else D(year, 12, 1)
            self.add(
                "statutory_reports",
                STATUTORY(
                    id=f"bc-{tag}-{p}-{year}",
                    kind=kind.value,
                    province_id=p,
                    year=year,
                    submitted_on=_day(rng, start, _plus(start, 30)),
                    document_number=self.number(suffix),
                    sender_agency_id=sender.id,
                    recipient="Sở Khoa học và Công nghệ"
                    if tag == "t11"
                    else "Bộ Khoa học và Công nghệ",
                ),
            )


# --- assembling -----------------------------------------------------------------------------


def dataset_name(scale: int, seed: int, *, post_reform: bool = False) -> str:
    """The `name` of a generated dataset."""
    years = "2022-2026, across the 2025 reform" if post_reform else "2022-2024"
    return f"Bộ dữ liệu tổng hợp ×{scale} (seed {seed}), {years}"


def successors(scale: int) -> dict[str, list[int]]:
    """The successor provinces of a dataset of `scale` provinces: id -> its provinces `k`.

    In the order of their first predecessor; a successor whose other predecessors are beyond
    `scale` is there with the predecessors that are.
    """
    out: dict[str, list[int]] = {}
    for k in range(scale):
        out.setdefault(successor_of(k)[0], []).append(k)
    return out


def iter_provinces(
    scale: int, seed: int = 0, *, post_reform: bool = False
) -> Iterator[Collections]:
    """The records of the dataset as plain dicts, first the national ones, then province by province.

    With `post_reform`, each old province also ends on 30/06/2025 (`_Province.reform`), and the
    successor provinces follow the old ones, each once all its predecessors are generated.
    """
    if scale < 1:
        msg = f"scale must be at least 1, not {scale}"
        raise ValueError(msg)
    national = _national_legal_changes(seed)
    head: Collections = {name: [] for name in COLLECTION_NAMES}
    head["legal_changes"] = national
    yield head
    old: list[_Province] = []
    for k in range(scale):
        province = _Province(k, seed, national)
        out = province.build()
        if post_reform:
            province.reform(seed)
            province.out = {}
            old.append(province)
        yield out
    if post_reform:
        for sid, ks in successors(scale).items():
            _, code, name = successor_of(ks[0])
            yield _Successor(sid, code, name, [old[k] for k in ks], seed, national).build()


def document(scale: int, seed: int = 0, *, post_reform: bool = False) -> dict[str, Any]:
    """The whole dataset as one dict of plain values (dates as `datetime.date`)."""
    doc: dict[str, Any] = {"name": dataset_name(scale, seed, post_reform=post_reform)}
    doc.update({name: [] for name in COLLECTION_NAMES})
    for part in iter_provinces(scale, seed, post_reform=post_reform):
        for name, records in part.items():
            doc[name].extend(records)
    return doc


def generate(scale: int, seed: int = 0, *, post_reform: bool = False) -> QmsDataset:
    """The validated dataset of `scale` provinces (about 17,500 records each).

    With `post_reform`, the years 2025 and 2026 across the reform too (see `_Successor`).
    """
    return QmsDataset.model_validate(document(scale, seed, post_reform=post_reform))


def _encoder() -> Callable[[list[dict[str, Any]]], bytes]:
    if orjson is not None:
        return orjson.dumps
    return _json_encode


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _json_encode(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        records, ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode("utf-8")


def write_json(
    fp: IO[bytes],
    scale: int,
    seed: int = 0,
    *,
    encode: Callable[[list[dict[str, Any]]], bytes] | None = None,
    post_reform: bool = False,
) -> dict[str, int]:
    """Write the dataset's JSON (the bytes `dump_dataset` would give) to `fp`.

    Returns:
        The number of records per collection.
    """
    encode = encode or _encoder()
    chunks: dict[str, list[bytes]] = {name: [] for name in COLLECTION_NAMES}
    counts = dict.fromkeys(COLLECTION_NAMES, 0)
    for part in iter_provinces(scale, seed, post_reform=post_reform):
        for name, records in part.items():
            if records:
                chunks[name].append(encode(records)[1:-1])
                counts[name] += len(records)
    fp.write(b'{"format":"vn_iso_qms.dataset","version":1,"name":')
    fp.write(encode([dataset_name(scale, seed, post_reform=post_reform)])[1:-1])  # type: ignore[list-item]
    for name in COLLECTION_NAMES:
        fp.write(b',"' + name.encode() + b'":[')
        fp.write(b",".join(chunks[name]))
        fp.write(b"]")
        chunks[name].clear()
    fp.write(b"}")
    return counts


def generate_bytes(scale: int, seed: int = 0, *, post_reform: bool = False) -> bytes:
    """The dataset's JSON bytes, equal to `dump_dataset(generate(scale, seed, post_reform=...))`."""
    buffer = io.BytesIO()
    write_json(buffer, scale, seed, post_reform=post_reform)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="number of provinces (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True, help="JSON file to write")
    parser.add_argument(
        "--post-reform",
        action="store_true",
        help="add 2025-2026 across the reform: the 34 successor provinces (default: 2022-2024)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with args.output.open("wb") as fp:
        counts = write_json(fp, args.scale, args.seed, post_reform=args.post_reform)
    seconds = time.perf_counter() - started
    size = args.output.stat().st_size
    print(
        json.dumps(
            {"bytes": size, "records": sum(counts.values()), "seconds": seconds, "counts": counts}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
