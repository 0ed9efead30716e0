"""A province with problems, and the reasons the library gives for each verdict.

Late plan activities, an overdue corrective action, a missing management review, a merged
commune, and a unit still announced on TCVN ISO 9001:2008.
"""

import datetime as dt

from vn_iso_qms import (
    Activity,
    ActivityKind,
    AgencyEvent,
    AgencyEventKind,
    Announcement,
    CorrectiveAction,
    CorrectiveActionState,
    FindingSource,
    ManagementReview,
    Nonconformity,
    PlannedActivity,
    RuleStatus,
    StandardVersion,
    StateChange,
    VerdictKind,
    demo_dataset,
    evaluate,
    evolve,
)

D = dt.date
ds = demo_dataset()

# 1. Sở Xây dựng skipped its 2023 management review.
ds = ds.without(ManagementReview, "xx-2023-so-xay-dung")
# 2. Sở Y tế still announces on the 2008 edition.
old = ds.get(Announcement, "cb-so-y-te")
ds = ds.with_records(evolve(old, standard=StandardVersion.ISO9001_2008), replace=True)
# 3. Sở Công Thương has a nonconformity whose corrective action is overdue.
S = CorrectiveActionState
ds = ds.with_records(
    Nonconformity(
        id="nc-sct",
        qms_id="q-so-cong-thuong",
        source=FindingSource.COMPLAINT,
        raised_on=D(2023, 8, 1),
        description="Trả kết quả quá hạn cho công dân",
    ),
    CorrectiveAction(
        id="ca-sct",
        nonconformity_id="nc-sct",
        responsible="Văn phòng Sở",
        due_on=D(2023, 9, 30),
        log=(StateChange(state=S.PROPOSED, on=D(2023, 8, 2)),),
    ),
)
# 4. The police did its planned training late.
training = ds.get(Activity, "hd-2023-cong-an-tinh-dt")
ds = ds.with_records(evolve(training, date=D(2023, 11, 15)), replace=True)
# 5. A commune merges into its neighbour on 1 September 2023.
commune = "ubnd-huyen-an-lac-xa-an-binh"
ds = ds.with_records(
    evolve(ds.get(type(ds.agencies[0]), commune), valid_to=D(2023, 8, 31)), replace=True
)
ds = ds.with_records(
    AgencyEvent(
        id="ev-merge",
        agency_id=commune,
        kind=AgencyEventKind.MERGED_INTO,
        date=D(2023, 9, 1),
        successor_ids=("ubnd-huyen-an-lac-xa-an-hoa",),
    )
)
# 6. A plan activity nobody did.
ds = ds.with_records(
    PlannedActivity(
        id="kh-2023-extra",
        plan_id="kh-2023",
        agency_id="quy-bao-ve-moi-truong",
        kind=ActivityKind.EXPAND_SCOPE,
        due_on=D(2023, 10, 31),
    )
)

evaluation = evaluate(ds, as_of=D(2024, 1, 15), year=2023)
for verdict in evaluation.verdicts:
    if (
        verdict.status in (RuleStatus.MET, RuleStatus.NOT_APPLICABLE)
        and verdict.agency_id != commune
    ):
        continue
    if verdict.agency_id == commune and verdict.kind is not VerdictKind.COMPLETED:
        continue
    print(f"{verdict.agency_id} - {verdict.kind.value}: {verdict.status.value}")
    for reason in verdict.reasons:
        cite = f" [{reason.citation.render('en')}]" if reason.citation else ""
        print(f"    {reason.code}: {reason.message_en}{cite}")
