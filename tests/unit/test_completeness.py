"""Registries as they are: bookkeeping facts are optional, and the completeness report lists them.

Required means required by law or by a rule (issue 18): a field no rule reads is optional, so a
registry kept in spreadsheets loads without it, and the completeness report lists, per unit,
which of these facts are missing with the provision that asks for them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from tests import factories as f

from vn_iso_qms import Announcement, Evaluation, InspectionForm, QmsDataset, evaluate, load_dataset
from vn_iso_qms._internal.dataset import COLLECTION_OF, COLLECTIONS
from vn_iso_qms._internal.demo import DEMO_PROVINCE_ID, demo_dataset_bytes
from vn_iso_qms._internal.evaluation.law import provision_exists
from vn_iso_qms._internal.spreadsheet.layout import SHEETS
from vn_iso_qms.reports import (
    BOOKKEEPING_FIELDS,
    CompletenessReport,
    completeness_report,
    province_report,
)

Fact = tuple[str, str, str]
"""(record type, record id, field path)."""

REQUIRED_FIELDS: dict[str, set[str]] = {
    # every field still required, and the rule or law that needs it (a new required field fails
    # this test until it is justified here)
    "admin_unit": {"id", "name", "level"},  # level: province reporting; name: report title
    "agency": {"id", "name", "kind"},  # kind: obligation (QĐ 19 Art. 2); name: every figure
    "agency_event": {"id", "agency_id", "kind", "date"},  # agency_ended, new obligee grace
    # scope_covers_tthc, re-announcement; the handling agencies are agency_ids or assignments
    # (the record refuses neither: TT 26 Art. 4.2 lists procedures by agency)
    "tthc": {"id", "code", "published_on"},
    "scope_decision": {"id", "qms_id", "date"},
    "tthc_list_update": {"id", "province_id", "date", "tthc_codes"},  # TT 26 Art. 4.3
    "obligation_designation": {
        "id",
        "agency_id",
        "date",
    },  # mandatory from (TT 26 Art. 6.5)  # a scope change (QĐ 19 Art. 4.4.c)
    "document_approval": {"id", "qms_id", "date"},  # the step of QĐ 19 Art. 4.2.a
    "effectiveness_confirmation": {"id", "qms_id", "date"},  # the step of Art. 4.2.d
    "qms_unit": {"id", "owner_agency_id", "agency_ids"},  # coverage, inspection subjects
    "process": {"id", "qms_id"},  # approved documents before the announcement (Art. 4.2.a)
    "announcement": {"id", "qms_id", "date", "standard"},  # qms_in_effect, version (R7, R12)
    "legal_change": {"id", "effective_on"},  # legal update within 3 months (Art. 4.4.a)
    "qms_update": {"id", "qms_id", "legal_change_ids", "date"},
    "internal_audit": {"id", "qms_id", "end"},  # yearly audit (Art. 4.4.b): done on `end`
    "inspection_plan": {"id", "province_id", "year", "approved_on", "inspecting_agency_id"},
    "inspection": {"id", "agency_id", "form", "inspected_on"},  # coverage (TT 26 Art. 33)
    "nonconformity": {"id", "qms_id", "source", "raised_on"},
    "corrective_action": {"id", "nonconformity_id", "due_on", "log"},  # overdue actions
    "management_review": {"id", "qms_id", "date"},  # yearly review (Art. 4.4.b)
    "annual_plan": {"id", "province_id", "year", "approved_on"},  # on plan; plan approved
    "plan_amendment": {"id", "plan_id", "approved_on"},  # cancels, reschedules from approval
    "planned_activity": {"id", "plan_id", "agency_id", "kind"},
    "activity": {"id", "agency_id", "kind", "date"},
    "corrective_action_report": {"id", "inspection_id", "submitted_on"},  # TT 26 Art. 37.2.c
    "statutory_report": {"id", "kind", "province_id", "year", "submitted_on"},
}
"""The required fields of each record type: exactly those the law or a rule needs."""


def test_required_fields_are_exactly_those_the_law_or_a_rule_needs() -> None:
    required = {
        cls.record_type: {n for n, fi in cls.model_fields.items() if fi.is_required()}
        for cls in COLLECTIONS.values()
    }
    assert required == REQUIRED_FIELDS


def test_every_bookkeeping_field_is_optional_and_cites_an_existing_provision() -> None:
    for spec in BOOKKEEPING_FIELDS:
        model: Any = spec.record_type
        *parents, last = spec.path.split(".")
        for part in parents:
            annotation = model.model_fields[part.removesuffix("[]")].annotation
            model = annotation.__args__[0]  # tuple[Item, ...]
        assert not model.model_fields[last].is_required(), spec.path
        if spec.citation is not None:
            assert provision_exists(spec.citation), spec.citation


def test_the_spreadsheet_layout_does_not_require_a_bookkeeping_column() -> None:
    sheets = {s.key: s for s in SHEETS}
    for spec in BOOKKEEPING_FIELDS:
        collection = COLLECTION_OF[spec.record_type]
        *parents, last = spec.path.split(".")
        sheet = sheets[collection]
        if parents:  # a child sheet, e.g. the e-ISO periods of a QMS
            sheet = next(s for s in SHEETS if s.parent == collection and s.field == parents[0][:-2])
        column = sheet.column(last)
        assert column is not None, (sheet.key, last)
        assert not column.required, (sheet.key, last)


def _strip(raw: dict[str, Any], dataset: QmsDataset) -> set[Fact]:
    """Remove every bookkeeping field from the raw JSON; the facts removed."""
    removed: set[Fact] = set()
    for spec in BOOKKEEPING_FIELDS:
        collection = COLLECTION_OF[spec.record_type]
        for item, record in zip(raw[collection], getattr(dataset, collection), strict=True):
            if spec.applies is not None and not spec.applies(record):
                continue
            removed |= {
                (spec.record_type.record_type, item["id"], path)
                for path in _remove(item, spec.path.split("."), "")
            }
    return removed


def _remove(node: dict[str, Any], parts: list[str], path: str) -> list[str]:
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    prefix = f"{path}.{name}" if path else name
    if head.endswith("[]"):
        return [
            p
            for i, child in enumerate(node.get(name, []))
            for p in _remove(child, rest, f"{prefix}[{i}]")
        ]
    if node.get(name) is None:
        return []
    del node[name]
    return [prefix]


def _facts(report: CompletenessReport) -> set[Fact]:
    return {(m.record_type, m.record_id, m.field) for m in report.missing}


def _verdicts(ev: Evaluation) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {
        (v.agency_id, v.kind.value, v.status.value, tuple(r.code for r in v.reasons))
        for v in ev.verdicts
    }


def _results(ev: Evaluation) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {
        (r.rule_id, r.subject_id, r.status.value, tuple(x.code for x in r.reasons))
        for r in ev.results
    }


@pytest.fixture(scope="module")
def stripped() -> tuple[QmsDataset, set[Fact]]:
    raw = json.loads(demo_dataset_bytes())
    removed = _strip(raw, load_dataset(demo_dataset_bytes()))
    return load_dataset(json.dumps(raw, ensure_ascii=False).encode()), removed


def test_the_demo_without_any_bookkeeping_field_loads_and_lists_exactly_the_removed_facts(
    demo_dataset: QmsDataset, stripped: tuple[QmsDataset, set[Fact]]
) -> None:
    dataset, removed = stripped
    # every kind of bookkeeping fact the demo records was removed (the test strips something)
    assert {(t, p.split("[")[0].split(".")[0]) for t, _, p in removed} >= {
        ("announcement", "decision_number"),
        ("announcement", "signer"),
        ("management_review", "chair"),
        ("annual_plan", "decision_number"),
        ("annual_plan", "approver"),
        ("internal_audit", "start"),
        ("qms_unit", "name"),
        ("qms_unit", "eiso"),
    }
    assert completeness_report(demo_dataset).missing == ()
    assert _facts(completeness_report(dataset)) == removed
    assert len(completeness_report(dataset).missing) == len(removed)  # each fact listed once


def test_the_demo_without_bookkeeping_fields_gives_the_same_verdicts_and_figures(
    demo_dataset: QmsDataset, stripped: tuple[QmsDataset, set[Fact]]
) -> None:
    dataset, _ = stripped
    for as_of, year in ((dt.date(2023, 12, 31), 2023), (dt.date(2024, 3, 31), 2024)):
        before = evaluate(demo_dataset, as_of=as_of, year=year)
        after = evaluate(dataset, as_of=as_of, year=year)
        assert _verdicts(after) == _verdicts(before)
        assert _results(after) == _results(before)
    full = province_report(demo_dataset, province_id=DEMO_PROVINCE_ID, year=2023)
    bare = province_report(dataset, province_id=DEMO_PROVINCE_ID, year=2023)
    assert [(x.key, x.text()) for x in bare.figures] == [(x.key, x.text()) for x in full.figures]
    assert bare.figure("completed.levels").text() == "134/134 (100.0%)"
    assert _facts(CompletenessReport(province_id=None, missing=bare.missing_facts)) == _facts(
        completeness_report(dataset)
    )


def test_a_missing_fact_is_listed_under_its_unit_with_its_provision() -> None:
    ds = f.complete_dataset()
    ann = ds.announcements[0]
    bare = Announcement.model_validate(
        ann.model_dump(exclude={"decision_number", "signer"}, exclude_defaults=False)
    )
    report = completeness_report(ds.with_records(bare, replace=True))
    assert [
        (m.holder_id, m.field, m.citation.render("en") if m.citation else None)
        for m in report.missing
    ] == [
        ("so-a", "decision_number", "QĐ 19/2014/QĐ-TTg Art. 4.3"),
        ("so-a", "signer", "QĐ 19/2014/QĐ-TTg Art. 4.3"),
    ]
    assert report.holders() == ("so-a",)
    assert report.of_holder("so-a") == report.missing
    assert report.missing[0].label("en") == "Number of the announcement decision"


def test_reasons_name_an_announcement_without_its_decision_number() -> None:
    """QĐ 19 Art. 4.3: the announcement counts by its date; a missing number decides nothing."""
    ds = f.complete_dataset()
    ann = ds.announcements[0]
    bare = Announcement.model_validate(ann.model_dump(exclude={"decision_number"}))
    ev = evaluate(ds.with_records(bare, replace=True), as_of=dt.date(2023, 12, 31))
    result = ev.results_of_rule("qms_in_effect")["so-a"]
    assert result.status.value == "met"
    assert result.reasons[0].message("en").startswith("Announced on ")
    assert "decision" not in result.reasons[0].params


def test_inspection_decision_is_asked_of_on_site_inspections_only(
    demo_dataset: QmsDataset,
) -> None:
    """TT 26 Art. 35: an on-site inspection is ordered by a decision (Mẫu 20); a desk one is not."""
    desk = next(i for i in demo_dataset.inspections if i.form is InspectionForm.DESK)
    on_site = next(i for i in demo_dataset.inspections if i.form is InspectionForm.ON_SITE)
    bare = [
        type(i).model_validate(i.model_dump(exclude={"decision_number"})) for i in (desk, on_site)
    ]
    report = completeness_report(demo_dataset.with_records(*bare, replace=True))
    assert _facts(report) == {("inspection", on_site.id, "decision_number")}
    assert report.missing[0].holder_id == on_site.agency_id


def test_a_province_report_keeps_only_its_own_units_facts(demo_dataset: QmsDataset) -> None:
    plan = demo_dataset.annual_plans[0]
    bare = type(plan).model_validate(plan.model_dump(exclude={"approver"}))
    ds = demo_dataset.with_records(bare, replace=True)
    assert _facts(completeness_report(ds, province_id=DEMO_PROVINCE_ID)) == {
        ("annual_plan", plan.id, "approver")
    }
    other = f.province(id="p-other", name="Tỉnh Khác")
    assert completeness_report(ds.with_records(other), province_id="p-other").missing == ()


def test_the_xlsx_report_has_a_sheet_of_missing_facts(
    stripped: tuple[QmsDataset, set[Fact]], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from vn_iso_qms.reports import write_report_xlsx

    dataset, removed = stripped
    report = province_report(dataset, province_id=DEMO_PROVINCE_ID, year=2023)
    path = tmp_path / "r.xlsx"
    write_report_xlsx(report, path, lang="en")
    rows = list(load_workbook(path)["Missing facts"].iter_rows(values_only=True))
    assert rows[0] == (
        "Unit",
        "Missing fact",
        "Legal basis",
        "Decides a verdict",
        "Record on sheet",
        "Column",
        "Unit id",
        "Record type",
        "Record id",
        "Field",
    )
    assert {(r[7], r[8], r[9]) for r in rows[1:]} == removed
    first = next(r for r in rows[1:] if r[7] == "announcement" and r[9] == "decision_number")
    assert first[2] == "QĐ 19/2014/QĐ-TTg Art. 4.3"
    # a bookkeeping field, no verdict: where to record it is the record's own sheet and column
    assert first[3:6] == (None, "Announcements", "Decision number")
