"""Reading a policy file (JSON with `Policy` fields), validated like a dataset."""

from __future__ import annotations

import json
import os
from typing import Any

from pydantic import ValidationError

from vn_iso_qms._internal.errors import InvalidDataError, Problem, check_input_size, error_message
from vn_iso_qms._internal.evaluation.kit import RuleScope, RuleSet
from vn_iso_qms._internal.evaluation.policy import Policy
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.files import read_bounded
from vn_iso_qms._internal.limits import DEFAULT_LIMITS, Limits, ProblemList, quote

__all__ = ["load_policy"]


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _duplicate_keys(data: bytes, problems: list[Problem]) -> None:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                problems.append(
                    Problem(
                        record_type="policy",
                        field=key,
                        code="duplicate_key",
                        message=f"key {quote(key)} is given twice; JSON would keep only the last",
                    )
                )
            seen.add(key)
        return dict(pairs)

    try:
        json.loads(data, object_pairs_hook=hook)
    except (ValueError, RecursionError):
        return  # pydantic reports the syntax error


def load_policy(
    source: bytes | bytearray | memoryview | str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    rules: RuleSet = STATUTORY_RULES,
) -> Policy:
    """Load a policy file: JSON with any `Policy` fields, every problem located.

    Duplicate keys are refused (JSON would silently keep the last value), unknown fields and
    wrong values are named by field, and rule ids in `completed_rules` must be rules of
    `rules` (the message lists the known ones).

    Args:
        source: the file's bytes, or its path (read only if a regular file, at most
            `limits.max_policy_bytes`).
        limits: the resource budgets.
        rules: the rule set the policy will be used with (default: the statutory rules).

    Returns:
        The policy.

    Raises:
        InvalidDataError: with every problem (`record_type` `"policy"`, `field` the key).
    """
    if isinstance(source, bytes | bytearray | memoryview):
        check_input_size(len(source), limits.max_policy_bytes, "input")
        data = bytes(source)
    else:
        data = read_bounded(source, limits.max_policy_bytes, what="policy file")
    data = data.removeprefix(b"\xef\xbb\xbf")
    problems = ProblemList(limits.max_problems)
    _duplicate_keys(data, problems)
    policy: Policy | None = None
    try:
        policy = Policy.model_validate_json(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            code = str(err["type"])
            problems.append(
                Problem(
                    record_type="file" if code == "json_invalid" else "policy",
                    field=_dotted(tuple(err["loc"])) or None,
                    code=code,
                    message=error_message(err),
                )
            )
    if policy is not None:
        known = ", ".join(sorted(rules))
        for i, rule_id in enumerate(policy.completed_rules):
            if rule_id not in rules:
                problems.append(
                    Problem(
                        record_type="policy",
                        field=f"completed_rules[{i}]",
                        code="unknown_rule",
                        message=f"{quote(rule_id)} is not a rule; the rules are: {known}",
                    )
                )
            elif rules[rule_id].scope is not RuleScope.AGENCY:
                problems.append(
                    Problem(
                        record_type="policy",
                        field=f"completed_rules[{i}]",
                        code="not_an_agency_rule",
                        message=(
                            f"{quote(rule_id)} is evaluated for a province, not for an agency: "
                            "a unit's verdict reads agency rules only"
                        ),
                    )
                )
    if problems:
        raise InvalidDataError(problems, summary="invalid policy file")
    assert policy is not None
    return policy
