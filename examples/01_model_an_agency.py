"""Model one agency's QMS year as records, bundle them in a dataset, and round-trip it as JSON."""

import datetime as dt

from vn_iso_qms import (
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    Announcement,
    InternalAudit,
    ManagementReview,
    QmsDataset,
    QmsUnit,
    StandardVersion,
    Tthc,
    dump_dataset,
    load_dataset,
)

province = AdministrativeUnit(id="p-demo", name="Tỉnh Minh Họa", level=AdminUnitLevel.PROVINCE)
so_tp = Agency(
    id="so-tp",
    name="Sở Tư pháp",
    kind=AgencyKind.PROVINCIAL_DEPARTMENT,
    admin_unit_id="p-demo",
)
qms = QmsUnit(
    id="q-so-tp", name="HTQLCL Sở Tư pháp", owner_agency_id="so-tp", agency_ids=("so-tp",)
)
tthc = Tthc(
    id="t-lltp",
    code="2.000488",
    name="Cấp Phiếu lý lịch tư pháp",
    agency_ids=("so-tp",),
    published_on=dt.date(2020, 6, 1),
)
announcement = Announcement(
    id="cb-2021",
    qms_id="q-so-tp",
    decision_number="45/QĐ-STP",
    date=dt.date(2021, 5, 20),
    signer="Giám đốc Sở Tư pháp",
    standard=StandardVersion.ISO9001_2015,
    scope_tthc=("2.000488",),
    lead_unit_notified_on=dt.date(2021, 5, 25),
    posted_at_office_on=dt.date(2021, 5, 21),
    published_online_on=dt.date(2021, 5, 21),
)
audit = InternalAudit(
    id="dg-2023", qms_id="q-so-tp", start=dt.date(2023, 6, 5), end=dt.date(2023, 6, 7)
)
review = ManagementReview(
    id="xx-2023", qms_id="q-so-tp", date=dt.date(2023, 7, 14), chair="Giám đốc Sở"
)

dataset = QmsDataset.from_records(
    [province, so_tp, qms, tthc, announcement, audit, review], name="Sở Tư pháp 2023"
)
data = dump_dataset(dataset)
assert load_dataset(data) == dataset  # export -> import gives equal records

print(f"{so_tp.name}: {so_tp.kind.label_vi} / {so_tp.kind.label_en}")
print(f"management level: {so_tp.management_level.label_vi}")
print(f"records: {sum(dataset.counts().values())}, JSON bytes: {len(data)}")
