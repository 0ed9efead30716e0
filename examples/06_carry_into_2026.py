"""Carry the 2023 demo province into 2026, across the 2025 reform.

The reorganisation decisions (the provinces' merger, the department mergers of 01/03/2025, the
end of the districts) are taken from the post-reform demo; `carry_registry` gives every agency
its fate with the decision behind it, carries the QMS units, and lists what it cannot decide.
"""

from collections import Counter

from vn_iso_qms import demo_dataset, demo_dataset_2025
from vn_iso_qms.admin_units import FateKind, QmsCarryAction, carry_registry, reorganisation_records

registry_2023 = demo_dataset()
decisions = reorganisation_records(demo_dataset_2025())
carried, report = carry_registry(registry_2023, 2026, decisions=decisions)

print(f"{len(report.fates)} agencies carried into {report.year} (fates on {report.start}):")
for kind in FateKind:
    print(f"  {kind.value:12} {report.counts()[kind.value]}")

for agency_id in ("so-giao-thong-van-tai", "ubnd-tinh", "ubnd-huyen-an-lac"):
    fate = report.fate(agency_id)
    chain = " -> ".join(
        f"{s.date} {s.decision_number or '?'} ({s.basis.value})" for s in fate.steps
    )
    successor = ", ".join(fate.successor_ids) or "-"
    print(f"{fate.name}: {fate.kind.value} [{chain}] => {successor}")

carried_qms = [q for q in report.qms if q.action is QmsCarryAction.CARRIED]
print(
    f"QMS carried to a successor: {len(carried_qms)}, to re-announce: "
    f"{sum(q.reannounce for q in carried_qms)}"
)
print("QMS units:", dict(sorted(Counter(q.action.value for q in report.qms).items())))
print("left to the analyst:", dict(sorted(Counter(u.code for u in report.undecided).items())))
print(f"carried dataset: {len(carried.agencies)} agencies, valid")
