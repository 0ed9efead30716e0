"""The public registry of rules: each rule is a plain function with a stable id and a legal source."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from vn_iso_qms._internal.errors import UnknownRuleError
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.result import Citation, RuleResult
from vn_iso_qms._internal.vocab_base import LabelledEnum, register_labels


class RuleScope(LabelledEnum):
    """What a rule is evaluated for."""

    AGENCY = "agency"
    """One agency (registry unit) at a time."""
    PROVINCE = "province"
    """One province (an administrative unit of level province) at a time."""


register_labels(
    RuleScope,
    source="vn_iso_qms rule registry",
    labels={"agency": ("Cơ quan, đơn vị", "Agency"), "province": ("Tỉnh", "Province")},
)

RuleFunction = Callable[[EvaluationContext, str], RuleResult]
"""A rule: `(context, subject_id) -> RuleResult`. Pure: no clock, no I/O."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: id, titles, legal source, scope, policy knobs, and the function.

    Attributes:
        id: stable id (API), e.g. `"yearly_internal_audit"`.
        legal_ref: the R-number in the legal-basis table of the docs, e.g. `"R10"`.
        title_vi: what it checks, in Vietnamese.
        title_en: what it checks, in English.
        citation: its legal source.
        scope: agency or province.
        policy_fields: names of the [`Policy`][vn_iso_qms.Policy] fields it reads.
        function: the rule function.
    """

    id: str
    legal_ref: str
    title_vi: str
    title_en: str
    citation: Citation
    scope: RuleScope
    policy_fields: tuple[str, ...]
    function: RuleFunction

    def __call__(self, ctx: EvaluationContext, subject_id: str) -> RuleResult:
        """Evaluate the rule for one subject."""
        return self.function(ctx, subject_id)


class RuleRegistry(Mapping[str, Rule]):
    """Rules by id, in registration order (the order results are reported in)."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            known = ", ".join(self._rules)
            msg = f"no rule {rule_id!r}; known rules: {known}"
            raise UnknownRuleError(msg) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def register(self, rule: Rule) -> Rule:
        """Add a rule (its id must be new)."""
        if rule.id in self._rules:
            msg = f"rule {rule.id!r} is already registered"
            raise ValueError(msg)
        self._rules[rule.id] = rule
        return rule

    def for_scope(self, scope: RuleScope) -> tuple[Rule, ...]:
        """Rules of one scope, in registration order."""
        return tuple(r for r in self._rules.values() if r.scope is scope)


RULES = RuleRegistry()
"""Every statutory rule, by id. Add your own with [`rule`][vn_iso_qms.rules.rule]."""


def rule(
    id: str,
    *,
    legal_ref: str,
    title_vi: str,
    title_en: str,
    citation: Citation,
    scope: RuleScope = RuleScope.AGENCY,
    policy_fields: tuple[str, ...] = (),
    registry: RuleRegistry = RULES,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a function as a rule (decorator).

    Args:
        id: stable rule id.
        legal_ref: the R-number in the legal reference.
        title_vi: what it checks, in Vietnamese.
        title_en: what it checks, in English.
        citation: its legal source.
        scope: agency (default) or province.
        policy_fields: the policy fields it reads.
        registry: where to register (default: the global `RULES`).

    Returns:
        A decorator that registers the function and returns it unchanged.
    """

    def decorate(function: RuleFunction) -> RuleFunction:
        registry.register(
            Rule(
                id=id,
                legal_ref=legal_ref,
                title_vi=title_vi,
                title_en=title_en,
                citation=citation,
                scope=scope,
                policy_fields=policy_fields,
                function=function,
            )
        )
        return function

    return decorate
