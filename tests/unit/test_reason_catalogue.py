"""The reason catalogue: every code declared once, emitted codes declared, every entry reachable."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from tests import factories as f

from vn_iso_qms import Evaluation, Policy, QmsDataset, Reason, ReasonCode, evaluate
from vn_iso_qms.reports import province_report
from vn_iso_qms.rules import LEGACY_REASON_CODES, make_reason

SRC = Path(__file__).resolve().parents[2] / "src" / "vn_iso_qms"
SAMPLE: dict[str, str | tuple[str, ...]] = {
    "date": "2023-04-30",
    "due": "2023-05-05",
    "done": "2023-05-08",
    "start": "2023-01-01",
    "end": "2023-12-31",
    "day": "2023-12-31",
    "raised": "2023-03-01",
    "effective": "2023-01-30",
    "moved_from": "2023-04-30",
    "since": "2025-03-01",
    "kept_from": "2023-01-01",
    "until": "2026-03-02",
    "how": "merged_into",
    "kind": "training",
    "status": "late",
    "obligation": "mandatory",
    "standard": "iso9001_2015",
    "problem": "no_longer_accepted",
    "change": "expanded",
    "plan": "implementation",
    "item": "g1_a_scope",
    "grade": "minor_nc",
    "codes": ("1.000001", "1.000002"),
    "successors": ("Sở A",),
    "units": ("Sở A", "Sở B"),
}
"""A value for every parameter name the catalogue uses (typed by the template's format)."""


def _sample(code: ReasonCode) -> dict[str, str | int | tuple[str, ...]]:
    params: dict[str, str | int | tuple[str, ...]] = {}
    for name, spec in {**code.vi.fields, **code.en.fields}.items():
        if spec.startswith(("AgencyKind", "StatutoryReportKind", "ActivityKind", "TthcChange")):
            params[name] = {
                "AgencyKind": "provincial_department",
                "StatutoryReportKind": "november_inspection",
                "ActivityKind": "training",
                "TthcChange": "published",
            }[spec.split(":")[0]]
        elif name in SAMPLE:
            params[name] = SAMPLE[name]
        else:
            params[name] = 3 if name in {"count", "limit", "year", "population"} else f"<{name}>"
    return params


@pytest.mark.parametrize("code", list(ReasonCode), ids=lambda c: c.value)
def test_every_code_renders_in_both_languages(code: ReasonCode) -> None:
    assert code.vi.fields.keys() == code.en.fields.keys(), "both templates take the same params"
    reason = Reason(code=code.value, params=_sample(code))
    for lang in ("vi", "en"):
        text = reason.message(lang)
        assert text
        assert not set("{}[]") & set(text), text
    assert reason.message_vi != reason.message_en or code is ReasonCode.STEPS_OUT_OF_ORDER


def test_codes_are_stable_lowercase_and_unique() -> None:
    values = [c.value for c in ReasonCode]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in values)
    # one situation, one suffix: no code ends in the retired suffixes
    assert not [v for v in values if v.endswith(("_overdue", "_not_notified"))]
    assert set(LEGACY_REASON_CODES.values()) <= set(ReasonCode)
    assert not set(LEGACY_REASON_CODES) & set(values)


def test_dates_render_the_way_each_language_writes_them() -> None:
    reason = make_reason(
        ReasonCode.LEGAL_UPDATE_MISSING,
        document="Nghị định 1/2025",
        effective=dt.date(2025, 1, 30),
        due=dt.date(2025, 5, 5),
    )
    assert reason.message_vi.endswith("hạn 05/05/2025")
    assert reason.message_en.endswith("due 2025-05-05")


def test_optional_parts_are_left_out_without_their_values() -> None:
    without = make_reason(
        ReasonCode.AGENCY_ENDED, how="dissolved", date=dt.date(2023, 6, 1), successors=None
    )
    assert without.message_en == "The unit was dissolved on 2023-06-01"
    with_all = make_reason(
        ReasonCode.AGENCY_ENDED,
        how="merged_into",
        date=dt.date(2023, 6, 1),
        successors=("Sở A",),
        decision="12/QĐ-UBND",
    )
    assert (
        with_all.message_vi
        == "Đơn vị đã sáp nhập vào Sở A từ ngày 01/06/2023 (Quyết định 12/QĐ-UBND)"
    )


def test_an_undeclared_code_cannot_be_emitted_without_its_messages() -> None:
    with pytest.raises(ValidationError, match="not in the catalogue"):
        Reason(code="made_up_code")
    with pytest.raises(ValueError, match="parameters missing"):
        make_reason(ReasonCode.LEGAL_UPDATE_MISSING, document="x")
    with pytest.raises(ValueError, match="unknown"):
        make_reason(ReasonCode.NO_QMS_UNIT, extra="x")
    with pytest.raises(ValidationError, match="parameters missing"):
        Reason(code="legal_update_missing", params={"document": "x"})


def test_the_parameter_check_runs_once_per_shape_and_still_refuses_every_wrong_call() -> None:
    # issue 28: the check is remembered for a code and parameter names that fit; a wrong set
    # is never remembered, so it is refused every time, also after a right call of the code.
    right = make_reason(ReasonCode.NO_QMS_UNIT)
    assert make_reason(ReasonCode.NO_QMS_UNIT) == right
    for _ in range(2):
        with pytest.raises(ValueError, match="unknown"):
            make_reason(ReasonCode.NO_QMS_UNIT, extra="x")
        with pytest.raises(ValueError, match="parameters missing"):
            make_reason(ReasonCode.LEGAL_UPDATE_MISSING, document="x")
    # None parameters are left out before the check: the same shape as giving none
    assert make_reason(ReasonCode.NO_QMS_UNIT, extra=None) == right


def test_reasons_round_trip_through_json_with_their_messages() -> None:
    ev = evaluate(f.complete_dataset(), as_of=dt.date(2023, 12, 31))
    again = Evaluation.model_validate_json(ev.model_dump_json())
    assert again == ev
    dumped = ev.model_dump(mode="json")
    reason = dumped["verdicts"][0]["reasons"][0]
    assert reason["message_vi"]
    assert reason["message_en"]
    custom = Reason(code="mine", message_vi="Của tôi", message_en="Mine")
    assert Reason.model_validate_json(custom.model_dump_json()) == custom


def _emitted(ev: Evaluation) -> set[str]:
    codes = {r.code for res in ev.results for r in res.reasons}
    codes |= {r.code for v in ev.verdicts for r in v.reasons}
    return codes


def _demo_years(demo: QmsDataset) -> list[Evaluation]:
    return [
        evaluate(demo, as_of=dt.date(2023, 12, 31)),
        evaluate(demo, as_of=dt.date(2023, 6, 30)),
        evaluate(demo, as_of=dt.date(2024, 3, 31), year=2024),
        evaluate(
            demo, as_of=dt.date(2023, 12, 31), policy=Policy(announcement_duty_working_days=1)
        ),
    ]


def test_every_code_the_rules_emit_is_catalogued(demo_dataset: QmsDataset) -> None:
    catalogue = {c.value for c in ReasonCode}
    seen: set[str] = set()
    for ev in _demo_years(demo_dataset):
        seen |= _emitted(ev)
        for res in ev.results:
            for r in res.reasons:
                assert (r.text_vi, r.text_en) == (None, None), r  # rendered, not spelled out
    report = province_report(demo_dataset, province_id="p-mh", year=2023)
    seen |= {r.code for fig in report.figures for s in fig.shortfalls for r in s.reasons}
    assert seen <= catalogue, seen - catalogue
    assert len(seen) > 15  # the demo exercises a good part of the catalogue


def test_every_catalogue_entry_is_reachable_from_the_rule_code() -> None:
    """Every code is used by some rule, verdict or the kit (none is dead)."""
    used: set[str] = set()
    for path in (SRC / "_internal").rglob("*.py"):
        if path.name == "reasons.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in {"R", "ReasonCode"}
            ):
                used.add(node.attr)
    members = {c.name for c in ReasonCode}
    assert members - used == set(), "catalogued but never emitted"
    assert used - members - {"render", "params", "vi", "en"} == set(), "emitted but not declared"


def test_parameters_are_checked_against_their_template_types() -> None:
    with pytest.raises(ValidationError, match="not an ISO date"):
        Reason(code="internal_audit_done", params={"date": "30/04/2023"})
    with pytest.raises(ValidationError, match="not a code of ActivityKind"):
        Reason(code="plan_activity_pending", params={"kind": "picnic", "due": "2023-01-01"})
