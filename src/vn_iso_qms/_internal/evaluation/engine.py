"""`evaluate()`: every rule and both verdicts for every unit and province, as one frozen result."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterable, Mapping

from pydantic import PrivateAttr

from vn_iso_qms._internal.base import IndexedModel
from vn_iso_qms._internal.collector import relaxed
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.errors import UnknownRecordError, UnknownRuleError
from vn_iso_qms._internal.evaluation.context import EvaluationContext
from vn_iso_qms._internal.evaluation.kit import RuleScope, RuleSet
from vn_iso_qms._internal.evaluation.law import LEGAL_BASIS, LegalBasis
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, Period, Policy
from vn_iso_qms._internal.evaluation.result import RuleResult, RuleStatus, Verdict, VerdictKind
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.evaluation.verdicts import completed, on_plan
from vn_iso_qms._internal.signature import named_defaults
from vn_iso_qms._internal.types import Date


class Evaluation(IndexedModel):
    """Everything one evaluation found: rule results and verdicts, with the inputs that framed it.

    Examples:
        >>> import datetime as dt
        >>> from vn_iso_qms import VerdictKind, demo_dataset, evaluate
        >>> ev = evaluate(demo_dataset(), as_of=dt.date(2023, 12, 31))
        >>> ev.verdict("so-tu-phap", VerdictKind.COMPLETED).status.value
        'met'
    """

    as_of: Date
    """The evaluation date: nothing later is known."""
    period: Period
    """The period evaluated."""
    policy: Policy
    """The policy in force."""
    results: tuple[RuleResult, ...]
    """Every rule result, by subject id then rule registration order."""
    verdicts: tuple[Verdict, ...]
    """Both verdicts for every unit evaluated, by unit id."""
    calendar_gaps: tuple[int, ...] = ()
    """Years a deadline of this evaluation fell in that the library's official calendar does
    not cover (it holds 2014-2026): there the working days count only weekends and the
    fixed-date statutory holidays, not Tết, the Hùng Kings' day or the Government's swapped
    days. Empty when every deadline was judged on the official table; otherwise add the year's
    days off to the policy (`extra_holidays`, `extra_working_days`) or update the library."""

    _dataset: QmsDataset | None = PrivateAttr(default=None)

    def evaluated(self, dataset: QmsDataset) -> bool:
        """Whether this evaluation could have come from `dataset`.

        True when it was computed from that very dataset (or an equal one); an evaluation read
        back from JSON knows no dataset, and is taken as coming from `dataset` when every unit it
        judged is in it.
        """
        if self._dataset is not None:
            return self._dataset is dataset or self._dataset == dataset
        known = {a.id for a in dataset.agencies}
        return all(v.agency_id in known for v in self.verdicts)

    def verdict(self, agency_id: str, kind: VerdictKind) -> Verdict:
        """The verdict of `kind` for one unit.

        Raises:
            UnknownRecordError: when the unit was not evaluated.
        """
        found = self.verdict_map().get((agency_id, kind))
        if found is None:
            msg = f"no {kind.value} verdict for {agency_id!r} (not in the dataset or not evaluated)"
            raise UnknownRecordError(msg)
        return found

    def verdict_map(self) -> Mapping[tuple[str, VerdictKind], Verdict]:
        """Every verdict by `(unit id, kind)`: built once, then each lookup is constant time."""
        return self._lookup("verdicts", lambda: {(v.agency_id, v.kind): v for v in self.verdicts})

    def verdicts_of(self, kind: VerdictKind) -> tuple[Verdict, ...]:
        """Every verdict of one kind, by unit id."""
        return tuple(v for v in self.verdicts if v.kind is kind)

    def results_for(self, subject_id: str) -> tuple[RuleResult, ...]:
        """Every rule result of one agency or province, in rule registration order."""
        return self._results_by_subject().get(subject_id, ())

    def results_of_rule(self, rule_id: str) -> Mapping[str, RuleResult]:
        """One rule's results by subject id (empty when the rule was not run)."""
        return self._result_map().get(rule_id, {})

    def result(self, rule_id: str, subject_id: str) -> RuleResult:
        """One rule's result for one subject.

        Raises:
            UnknownRecordError: when there is none.
        """
        found = self.results_of_rule(rule_id).get(subject_id)
        if found is None:
            msg = f"no result of rule {rule_id!r} for {subject_id!r}"
            raise UnknownRecordError(msg)
        return found

    def _results_by_subject(self) -> dict[str, tuple[RuleResult, ...]]:
        def build() -> dict[str, tuple[RuleResult, ...]]:
            grouped: dict[str, list[RuleResult]] = {}
            for r in self.results:
                grouped.setdefault(r.subject_id, []).append(r)
            return {subject: tuple(rs) for subject, rs in grouped.items()}

        return self._lookup("results_by_subject", build)

    def _result_map(self) -> dict[str, dict[str, RuleResult]]:
        def build() -> dict[str, dict[str, RuleResult]]:
            by_rule: dict[str, dict[str, RuleResult]] = {}
            for r in self.results:
                by_rule.setdefault(r.rule_id, {})[r.subject_id] = r
            return by_rule

        return self._lookup("results_by_rule", build)

    def count(
        self, kind: VerdictKind, status: RuleStatus, agency_ids: Iterable[str] | None = None
    ) -> int:
        """How many verdicts of `kind` have `status` (among `agency_ids`, if given)."""
        wanted = None if agency_ids is None else set(agency_ids)
        return sum(
            1
            for v in self.verdicts
            if v.kind is kind and v.status is status and (wanted is None or v.agency_id in wanted)
        )


def make_context(
    dataset: QmsDataset,
    *,
    as_of: dt.date,
    year: int | None = None,
    policy: Policy = DEFAULT_POLICY,
    laws: LegalBasis = LEGAL_BASIS,
) -> EvaluationContext:
    """Build the shared context of an evaluation (used by `evaluate` and custom rules).

    Args:
        dataset: the records.
        as_of: the evaluation date.
        year: the period's year; default: the period containing `as_of`.
        policy: the interpretations in force.
        laws: the legal instruments and the dates they are in force.

    Returns:
        The context.
    """
    period = (
        policy.period_containing(as_of) if year is None else policy.period_for(year, as_of=as_of)
    )
    return EvaluationContext(dataset, as_of=as_of, period=period, policy=policy, laws=laws)


def _subjects(
    ctx: EvaluationContext, agency_ids: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    if agency_ids is None:
        agencies = [a.id for a in ctx.agencies() if ctx.exists_during_period(a)]
    else:
        agencies = []
        for agency_id in agency_ids:
            if not ctx.has_agency(agency_id):
                msg = f"no agency with id {agency_id!r}"
                raise UnknownRecordError(msg)
            agencies.append(agency_id)
        agencies.sort()
    provinces = {ctx.province_of(a) for a in agencies}
    if agency_ids is None:
        provinces |= {p.province_id for p in ctx.plans()}
    return agencies, sorted(p for p in provinces if p is not None)


def evaluate(
    dataset: QmsDataset,
    *,
    as_of: dt.date,
    year: int | None = None,
    policy: Policy = DEFAULT_POLICY,
    rules: RuleSet = STATUTORY_RULES,
    laws: LegalBasis = LEGAL_BASIS,
    agency_ids: Iterable[str] | None = None,
    rule_ids: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Evaluate every rule and both verdicts on `as_of`, for the period of `year`.

    Pure: the same dataset, `as_of`, year and policy always give an equal result, whatever the
    order of records; the clock is never read.

    Args:
        dataset: the records.
        as_of: the evaluation date; nothing after it is known.
        year: the period's year (default: the period containing `as_of`).
        policy: the interpretations in force (default: [`Policy()`][vn_iso_qms.Policy]).
        rules: the rules to evaluate (default: every statutory rule,
            [`STATUTORY_RULES`][vn_iso_qms.rules.STATUTORY_RULES]); each applies only on days its
            provision is in force.
        laws: the legal instruments and the dates they are in force (default:
            [`LEGAL_BASIS`][vn_iso_qms.rules.LEGAL_BASIS]).
        agency_ids: evaluate only these units (default: every unit existing in the period).
        rule_ids: report only these rules (the verdicts still use the rules they need).
        progress: called as `progress(done, total)` after each unit (for progress bars).

    Returns:
        The rule results and verdicts.

    Raises:
        UnknownRecordError: when `agency_ids` names an unknown unit.
        UnknownRuleError: when `rule_ids` or the policy's `completed_rules` name a rule that is
            not in `rules`, or `rules` lacks `qms_in_effect` (the "completed" verdict's gate).

    Examples:
        >>> import datetime as dt
        >>> from vn_iso_qms import RuleStatus, VerdictKind, demo_dataset
        >>> ev = evaluate(demo_dataset(), as_of=dt.date(2023, 12, 31))
        >>> ev.count(VerdictKind.ON_PLAN, RuleStatus.MET)
        29
    """
    with relaxed():  # fewer young GC passes over the results being built (collector stays on)
        ctx = make_context(dataset, as_of=as_of, year=year, policy=policy, laws=laws)
        return evaluate_in(
            ctx, rules=rules, agency_ids=agency_ids, rule_ids=rule_ids, progress=progress
        )


@relaxed()  # also when called on its own (the national rollup): fewer young GC passes
def evaluate_in(
    ctx: EvaluationContext,
    *,
    rules: RuleSet = STATUTORY_RULES,
    agency_ids: Iterable[str] | None = None,
    rule_ids: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """`evaluate` in a context already built (its dataset, day, period, policy and laws).

    For callers that need the context too (the national rollup): the context is built once.
    """
    policy, dataset, as_of = ctx.policy, ctx.dataset, ctx.as_of
    _check_completed_rules(rules, policy)
    wanted = None if rule_ids is None else {rules[r].id for r in rule_ids}
    agencies, provinces = _subjects(ctx, agency_ids)
    agency_rules = rules.for_scope(RuleScope.AGENCY)
    results: list[RuleResult] = []
    verdicts: list[Verdict] = []
    for done, agency_id in enumerate(agencies, start=1):
        if progress is not None:
            progress(done, len(agencies))
        by_rule = {rule.id: rule(ctx, agency_id) for rule in agency_rules}
        results.extend(r for rid, r in by_rule.items() if wanted is None or rid in wanted)
        verdicts.append(completed(ctx, agency_id, by_rule))
        verdicts.append(on_plan(ctx, agency_id))
    for province_id in provinces:
        for rule in rules.for_scope(RuleScope.PROVINCE):
            if wanted is None or rule.id in wanted:
                results.append(rule(ctx, province_id))
    # built unchecked: every value is the library's own, already of its type (validating the
    # results again cost a first call the build of every result model's validator)
    evaluation = Evaluation.model_construct(
        as_of=as_of,
        period=ctx.period,
        policy=policy,
        results=tuple(results),
        verdicts=tuple(verdicts),
        calendar_gaps=ctx.calendar.uncovered_years(),
    )
    evaluation._dataset = dataset
    return evaluation


def _check_completed_rules(rules: RuleSet, policy: Policy) -> None:
    """The "completed" verdict needs its rules: fail before any work when one is missing."""
    for rule_id in ("qms_in_effect", *policy.verdict_rules()):
        if rule_id not in rules:
            msg = (
                f"the policy's completed_rules (or the verdict's gate) name {rule_id!r}, which is "
                f"not in the rule set evaluated; drop it with Policy.completing(drop=...)"
                f"; known rules: {', '.join(rules)}"
            )
            raise UnknownRuleError(msg)
        if rules[rule_id].scope is not RuleScope.AGENCY:
            msg = (
                f"the policy's completed_rules name {rule_id!r}, a rule evaluated for a province, "
                "not for an agency: the verdict of a unit reads agency rules only"
            )
            raise UnknownRuleError(msg)


def evaluate_rule(
    dataset: QmsDataset,
    rule_id: str,
    subject_id: str,
    *,
    as_of: dt.date,
    year: int | None = None,
    policy: Policy = DEFAULT_POLICY,
    rules: RuleSet = STATUTORY_RULES,
    laws: LegalBasis = LEGAL_BASIS,
    registry: RuleSet | None = None,
) -> RuleResult:
    """Evaluate one rule for one agency (or province, for province rules).

    Args:
        dataset: the records.
        rule_id: the rule's id.
        subject_id: the agency id, or the province's administrative-unit id.
        as_of: the evaluation date.
        year: the period's year (default: the period containing `as_of`).
        policy: the interpretations in force.
        rules: where to find the rule (default: the statutory rules).
        laws: the legal instruments and the dates they are in force.
        registry: deprecated name of `rules` (version 0.1).

    Returns:
        The rule's result.

    Raises:
        UnknownRuleError: when the rule does not exist.
        UnknownRecordError: when the subject does not exist.
    """
    if registry is not None:
        warnings.warn(
            "evaluate_rule(registry=...) is deprecated; use rules=...",
            DeprecationWarning,
            stacklevel=2,
        )
        rules = registry
    rule = rules[rule_id]
    ctx = make_context(dataset, as_of=as_of, year=year, policy=policy, laws=laws)
    known = (
        ctx.has_agency(subject_id)
        if rule.scope is RuleScope.AGENCY
        else subject_id in {u.id for u in ctx.provinces()}
    )
    if not known:
        msg = f"no {rule.scope.value} with id {subject_id!r}"
        raise UnknownRecordError(msg)
    return rule(ctx, subject_id)


DEFAULT_NAMES = {
    id(DEFAULT_POLICY): "DEFAULT_POLICY",
    id(STATUTORY_RULES): "STATUTORY_RULES",
    id(LEGAL_BASIS): "LEGAL_BASIS",
}
"""The large defaults of the evaluation functions, shown by name in their signatures."""
for _func in (evaluate, make_context, evaluate_rule):
    named_defaults(_func, DEFAULT_NAMES)
