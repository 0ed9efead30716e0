"""An annual plan with recurring activities, an amendment, and the "on plan" verdict per activity."""

import datetime as dt

from vn_iso_qms import (
    Activity,
    ActivityKind,
    AdministrativeUnit,
    AdminUnitLevel,
    Agency,
    AgencyKind,
    AnnualPlan,
    Frequency,
    PlanAmendment,
    PlannedActivity,
    QmsDataset,
    Recurrence,
    VerdictKind,
    evaluate,
)

D = dt.date
records = [
    AdministrativeUnit(id="p", name="Tỉnh Minh Họa", level=AdminUnitLevel.PROVINCE),
    Agency(id="cc-kl", name="Chi cục Kiểm lâm", kind=AgencyKind.SUB_DEPARTMENT, admin_unit_id="p"),
    AnnualPlan(
        id="kh-2023",
        province_id="p",
        year=2023,
        decision_number="35/QĐ-UBND",
        approved_on=D(2023, 1, 16),
        approver="Chủ tịch UBND tỉnh",
    ),
    # communication every quarter: 31/3, 30/6, 30/9, 31/12 (month ends clamp, never skip)
    PlannedActivity(
        id="tt",
        plan_id="kh-2023",
        agency_id="cc-kl",
        kind=ActivityKind.COMMUNICATION,
        recurrence=Recurrence(frequency=Frequency.QUARTERLY, start=D(2023, 3, 31), count=4),
    ),
    PlannedActivity(
        id="dt",
        plan_id="kh-2023",
        agency_id="cc-kl",
        kind=ActivityKind.TRAINING,
        due_on=D(2023, 6, 30),
    ),
    PlanAmendment(
        id="dc-1",
        plan_id="kh-2023",
        decision_number="1150/QĐ-UBND",
        approved_on=D(2023, 6, 20),
        cancelled_activity_ids=("dt",),
    ),
    *[
        Activity(id=f"tt-{i}", agency_id="cc-kl", kind=ActivityKind.COMMUNICATION, date=day)
        for i, day in enumerate([D(2023, 3, 28), D(2023, 6, 30), D(2023, 10, 5)])
    ],
]
ds = QmsDataset.from_records(records)

for as_of in (D(2023, 9, 15), D(2024, 1, 2)):
    verdict = evaluate(ds, as_of=as_of, year=2023).verdict("cc-kl", VerdictKind.ON_PLAN)
    print(f"as of {as_of}: {verdict.kind.label_vi} = {verdict.status.label_vi}")
    for outcome in verdict.activities:
        done = f", done {outcome.done_on}" if outcome.done_on else ""
        print(f"  {outcome.planned_activity_id} due {outcome.due_on}: {outcome.status.value}{done}")
    for reason in verdict.reasons:
        print(f"  reason [{reason.code}] {reason.message_en}")
