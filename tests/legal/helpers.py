"""Helpers for the golden legal cases: evaluate one rule on a small dataset."""

from __future__ import annotations

import datetime as dt

from vn_iso_qms import MissingHistory, Policy, QmsDataset, RuleResult
from vn_iso_qms.rules import evaluate_rule

STRICT = Policy(missing_history=MissingHistory.STRICT)
"""The strict reading of missing history: a step not recorded is a failure (issue 24)."""


def run(
    ds: QmsDataset,
    rule_id: str,
    as_of: dt.date,
    *,
    subject: str = "so-a",
    year: int | None = None,
    policy: Policy | None = None,
) -> RuleResult:
    """One rule's result for one subject."""
    return evaluate_rule(ds, rule_id, subject, as_of=as_of, year=year, policy=policy or Policy())


def codes(result: RuleResult) -> set[str]:
    """The reason codes of a result."""
    return {r.code for r in result.reasons}
