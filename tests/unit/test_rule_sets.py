"""Rules as values: explicit rule sets, self-describing results, reports of custom rule sets."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from tests import factories as f

from vn_iso_qms import (
    Activity,
    ActivityKind,
    Citation,
    EvaluationMismatchError,
    Policy,
    QmsDataset,
    Reason,
    RuleStatus,
    UnknownRuleError,
    VerdictKind,
    evaluate,
)
from vn_iso_qms.reports import province_report, render_markdown, write_report_xlsx
from vn_iso_qms.rules import (
    STATUTORY_RULES,
    EvaluationContext,
    Outcome,
    Requires,
    Rule,
    RuleSet,
    Unit,
    rule,
)

D = dt.date
END_2023 = D(2023, 12, 31)
SRC = Path(__file__).resolve().parents[2] / "src" / "vn_iso_qms"


@rule(
    "minh_hoa_processes_listed",
    legal_ref="—",
    title_vi="Minh họa: HTQLCL có ít nhất một quy trình",
    title_en="Illustration: the QMS lists at least one process",
    citation=Citation(instrument="QĐ 19/2014/QĐ-TTg", article="4", clause="1"),
    requires=Requires.ANNOUNCED,
)
def has_a_process(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """A custom rule for the tests: the announced QMS has at least one process."""
    if ctx.processes_of(unit.qms_unit.id):
        return Outcome.met()
    return Outcome.not_met(
        Reason(
            code="minh_hoa_no_process",
            message_vi="HTQLCL chưa có quy trình nào",
            message_en="The QMS lists no process",
            record_ids=(unit.qms_unit.id,),
        )
    )


CUSTOM = STATUTORY_RULES.without("no_third_party_certification") | RuleSet([has_a_process])


def test_rule_is_a_value_and_the_decorator_registers_nothing() -> None:
    assert isinstance(has_a_process, Rule)
    assert "minh_hoa_processes_listed" not in STATUTORY_RULES
    assert has_a_process.function.__doc__ is not None


def test_rule_set_composition() -> None:
    assert list(CUSTOM)[-1] == "minh_hoa_processes_listed"
    assert "no_third_party_certification" not in CUSTOM
    assert len(CUSTOM) == len(STATUTORY_RULES)
    with pytest.raises(ValueError, match="twice"):
        _ = CUSTOM | RuleSet([has_a_process])
    with pytest.raises(UnknownRuleError, match="no rule 'nope'"):
        STATUTORY_RULES.without("nope")
    replaced = STATUTORY_RULES.replace(
        dataclasses.replace(STATUTORY_RULES["eiso_use"], title_en="Other title")
    )
    assert list(replaced) == list(STATUTORY_RULES)
    assert replaced["eiso_use"].title_en == "Other title"
    assert STATUTORY_RULES["eiso_use"].title_en != "Other title"  # nothing changed in place


def test_custom_rule_set_evaluates_and_renders_without_touching_any_global(
    tmp_path: Path,
) -> None:
    # the documents approved by a recorded decision, but no process listed: only the custom
    # rule fails (QĐ 19 Art. 4.2.a is met by the approval)
    approval = Activity(
        id="pd", agency_id="so-a", kind=ActivityKind.DOCUMENT_APPROVAL, date=D(2019, 3, 1)
    )
    ds = f.complete_dataset(approval).without(type(f.process()), "qt-so-a")
    policy = Policy().completing(add=["minh_hoa_processes_listed"])
    before = list(STATUTORY_RULES)
    ev = evaluate(ds, as_of=END_2023, year=2023, policy=policy, rules=CUSTOM)
    result = ev.result("minh_hoa_processes_listed", "so-a")
    assert result.status is RuleStatus.NOT_MET
    assert result.title_en == "Illustration: the QMS lists at least one process"
    with pytest.raises(Exception, match="no_third_party_certification"):
        ev.result("no_third_party_certification", "so-a")
    # the added rule decides the "completed" verdict (the unit meets every statutory duty)
    assert ev.verdict("so-a", VerdictKind.COMPLETED).status is RuleStatus.NOT_MET
    assert list(STATUTORY_RULES) == before

    # the report lists the custom rule's shortfall with its title and citation
    report = province_report(ds, province_id="p", year=2023, policy=policy, evaluation=ev)
    completed = next(fig for fig in report.figures if fig.key == "completed.provincial")
    assert completed.value == 0
    shortfall = completed.shortfalls[0]
    assert [r.rule_id for r in ev.results_for("so-a")][-1] == "minh_hoa_processes_listed"
    assert [r.code for r in shortfall.reasons] == ["minh_hoa_no_process"]
    assert "The QMS lists no process" in render_markdown(report, lang="en", lists=True)
    # a custom province rule appears among the duties, rendered from the result alone
    province_rule = dataclasses.replace(
        STATUTORY_RULES["annual_plan_approved"],
        id="minh_hoa_province_duty",
        title_vi="Minh họa: nhiệm vụ của tỉnh",
        title_en="Illustration: a province duty",
        citation=Citation(instrument="TT 26/2014/TT-BKHCN", article="42", clause="4"),
    )
    rules = CUSTOM | RuleSet([province_rule])
    ev2 = evaluate(ds, as_of=END_2023, year=2023, policy=policy, rules=rules)
    report2 = province_report(ds, province_id="p", year=2023, policy=policy, evaluation=ev2)
    md = render_markdown(report2, lang="en")
    assert "Illustration: a province duty" in md
    assert "TT 26/2014/TT-BKHCN Art. 42.4" in md
    path = tmp_path / "r.xlsx"
    write_report_xlsx(report2, path, lang="vi")
    cells = [
        str(c.value)
        for ws in openpyxl.load_workbook(io.BytesIO(path.read_bytes())).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert "Minh họa: nhiệm vụ của tỉnh" in cells
    assert "TT 26/2014/TT-BKHCN, Điều 42, khoản 4" in cells


def test_completed_rules_missing_from_the_set_fail_before_any_work() -> None:
    rules = STATUTORY_RULES.without("corrective_actions_on_time")
    with pytest.raises(UnknownRuleError, match="completing"):
        evaluate(QmsDataset(), as_of=END_2023, rules=rules)
    policy = Policy().completing(drop=["corrective_actions_on_time"])
    assert "corrective_actions_on_time" not in policy.completed_rules
    ev = evaluate(f.complete_dataset(), as_of=END_2023, rules=rules, policy=policy)
    assert ev.verdict("so-a", VerdictKind.COMPLETED).status is RuleStatus.MET


def test_policy_completing_keeps_order_and_ignores_repeats() -> None:
    base = Policy()
    p = base.completing(add=["announcement_duties", "qms_in_effect"])
    assert p.completed_rules == (*base.completed_rules, "announcement_duties")
    assert base.completing() == base


def test_report_refuses_an_evaluation_of_another_frame() -> None:
    ds = f.complete_dataset()
    ev = evaluate(ds, as_of=END_2023, year=2023)
    with pytest.raises(EvaluationMismatchError, match="as_of"):
        province_report(ds, province_id="p", year=2023, as_of=D(2023, 6, 30), evaluation=ev)
    with pytest.raises(EvaluationMismatchError, match="policy"):
        province_report(ds, province_id="p", year=2023, policy=Policy(grace_days=5), evaluation=ev)
    other = f.complete_dataset(agency_id="so-b")
    with pytest.raises(EvaluationMismatchError, match="dataset"):
        province_report(other, province_id="p", year=2023, evaluation=ev)
    partial = evaluate(ds, as_of=END_2023, year=2023, agency_ids=[])
    with pytest.raises(EvaluationMismatchError, match="does not judge 1 unit"):
        province_report(ds, province_id="p", year=2023, evaluation=partial)
    # an equal dataset (loaded again) and the same frame is accepted
    same = QmsDataset.model_validate(ds.model_dump())
    assert province_report(same, province_id="p", year=2023, evaluation=ev).figures


def test_results_describe_themselves() -> None:
    ev = evaluate(f.complete_dataset(), as_of=END_2023, year=2023)
    for result in ev.results:
        rule_ = STATUTORY_RULES[result.rule_id]
        assert (result.title_vi, result.title_en, result.citation) == (
            rule_.title_vi,
            rule_.title_en,
            rule_.citation,
        )


def test_rule_order_does_not_depend_on_import_order() -> None:
    code = (
        "import vn_iso_qms._internal.evaluation.rules_province\n"
        "import vn_iso_qms._internal.evaluation.rules_corrective\n"
        "from vn_iso_qms.rules import STATUTORY_RULES\n"
        "print(','.join(STATUTORY_RULES))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out.split(",") == list(STATUTORY_RULES)


def test_no_registry_no_registering_imports_no_private_helpers_across_rule_modules() -> None:
    evaluation = SRC / "_internal" / "evaluation"
    for path in evaluation.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "- registers" not in text, path
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "vn_iso_qms._internal.evaluation"
            ):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
        # no module-level registry: no module-level dict/list assigned and mutated by a decorator
        assert "RuleRegistry" not in text, path


def test_deprecated_names_still_work_with_a_warning() -> None:
    import vn_iso_qms.rules as rules_module

    with pytest.warns(DeprecationWarning, match="STATUTORY_RULES"):
        old = rules_module.RULES
    assert old is STATUTORY_RULES
    with pytest.warns(DeprecationWarning, match="RuleSet"):
        assert rules_module.RuleRegistry is RuleSet
