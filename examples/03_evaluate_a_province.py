"""Evaluate the demo province: both verdicts for every unit, and one unit's reasons with citations."""

import datetime as dt
from collections import Counter

from vn_iso_qms import VerdictKind, demo_dataset, evaluate

evaluation = evaluate(demo_dataset(), as_of=dt.date(2023, 12, 31), year=2023)
tally = Counter((v.kind.value, v.status.value) for v in evaluation.verdicts)
for (kind, status), n in sorted(tally.items()):
    print(f"{kind:9} {status:15} {n}")

verdict = evaluation.verdict("so-tu-phap", VerdictKind.COMPLETED)
print(f"Sở Tư pháp: {verdict.kind.label_vi} = {verdict.status.label_vi}")
for result in verdict.rule_results:
    print(f"  {result.rule_id:36} {result.status.value:15} {result.citation.render('en')}")
