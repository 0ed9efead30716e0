"""One source of truth for a record's shape: links declared on field types, collections read from
the dataset model, spreadsheet columns following the fields.

Adding a field to a record is one edit (the model); the integrity check and the spreadsheet
layout follow. The throwaway record at the end shows it.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, StringConstraints, ValidationError

from vn_iso_qms import Agency, AgencyKind, QmsDataset
from vn_iso_qms._internal import types as t
from vn_iso_qms._internal.dataset import (
    COLLECTIONS,
    REFERENCES,
    integrity_problems,
    record_links,
)
from vn_iso_qms._internal.spreadsheet.layout import (
    SHEET_BY_KEY,
    SHEETS,
    _sheet,
    untitled_columns,
)

# The links the records must have, written by hand from the model of the domain (DESIGN §3):
# who belongs to whom, what answers what. Deriving them from the types must find exactly these.
EXPECTED_LINKS = {
    ("AdministrativeUnit", "parent_id", "admin_units"),
    ("AdministrativeUnit", "successor_ids[]", "admin_units"),
    ("Agency", "admin_unit_id", "admin_units"),
    ("Agency", "parent_id", "agencies"),
    ("AgencyEvent", "agency_id", "agencies"),
    ("AgencyEvent", "successor_ids[]", "agencies"),
    ("ObligationDesignation", "agency_id", "agencies"),
    ("Tthc", "agency_ids[]", "agencies"),
    ("Tthc", "assignments[].agency_id", "agencies"),
    ("TthcListUpdate", "province_id", "admin_units"),
    ("QmsUnit", "owner_agency_id", "agencies"),
    ("QmsUnit", "agency_ids[]", "agencies"),
    ("Process", "qms_id", "qms_units"),
    ("DocumentApproval", "qms_id", "qms_units"),
    ("DocumentApproval", "process_ids[]", "processes"),
    ("DocumentApproval", "planned_activity_id", "planned_activities"),
    ("Announcement", "qms_id", "qms_units"),
    ("LegalChange", "qms_ids[]", "qms_units"),
    ("QmsUpdate", "qms_id", "qms_units"),
    ("QmsUpdate", "legal_change_ids[]", "legal_changes"),
    ("QmsUpdate", "process_ids[]", "processes"),
    ("ScopeDecision", "qms_id", "qms_units"),
    ("InternalAudit", "qms_id", "qms_units"),
    ("InternalAudit", "process_ids[]", "processes"),
    ("InternalAudit", "findings[].process_id", "processes"),
    ("Nonconformity", "qms_id", "qms_units"),
    ("Nonconformity", "audit_id", "internal_audits"),
    ("Nonconformity", "inspection_id", "inspections"),
    ("CorrectiveAction", "nonconformity_id", "nonconformities"),
    ("CorrectiveAction", "reissued_from_id", "corrective_actions"),
    ("ManagementReview", "qms_id", "qms_units"),
    ("EffectivenessConfirmation", "qms_id", "qms_units"),
    ("EffectivenessConfirmation", "planned_activity_id", "planned_activities"),
    ("AnnualPlan", "province_id", "admin_units"),
    ("PlanAmendment", "plan_id", "annual_plans"),
    ("PlanAmendment", "cancelled_activity_ids[]", "planned_activities"),
    ("PlanAmendment", "rescheduled[].activity_id", "planned_activities"),
    ("PlannedActivity", "plan_id", "annual_plans"),
    ("PlannedActivity", "agency_id", "agencies"),
    ("PlannedActivity", "added_by_amendment_id", "plan_amendments"),
    ("Activity", "agency_id", "agencies"),
    ("Activity", "qms_id", "qms_units"),
    ("Activity", "planned_activity_id", "planned_activities"),
    ("InspectionPlan", "province_id", "admin_units"),
    ("InspectionPlan", "inspecting_agency_id", "agencies"),
    ("InspectionPlan", "cooperating_agency_ids[]", "agencies"),
    ("InspectionPlan", "entries[].agency_id", "agencies"),
    ("Inspection", "agency_id", "agencies"),
    ("Inspection", "plan_id", "inspection_plans"),
    ("CorrectiveActionReport", "inspection_id", "inspections"),
    ("StatutoryReport", "province_id", "admin_units"),
    ("StatutoryReport", "sender_agency_id", "agencies"),
}


def test_the_links_read_from_the_types_are_the_domain_links() -> None:
    found = {(cls.__name__, path, target) for cls, path, target in REFERENCES}
    assert found == EXPECTED_LINKS


def test_every_link_names_a_collection_that_comes_first() -> None:
    # The collections are in dependency order: a record links to its own collection or to one
    # declared before it, except where two collections link to each other (an activity added by
    # an amendment, an amendment cancelling or moving activities).
    order = list(COLLECTIONS)
    backward = set()
    for cls, path, target in REFERENCES:
        own = order.index(next(n for n, c in COLLECTIONS.items() if c is cls))
        assert target in COLLECTIONS, (cls.__name__, path, target)
        if order.index(target) > own:
            backward.add((cls.__name__, path))
    assert backward == {
        ("PlanAmendment", "cancelled_activity_ids[]"),
        ("PlanAmendment", "rescheduled[].activity_id"),
    }


def _plain_ids(annotation: Any, path: str) -> typing.Iterator[str]:
    """Paths of ids typed as a bare `RecordId` (no `LinksTo`): an id that points nowhere."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        is_id = any(isinstance(m, StringConstraints) and m.pattern == t._RECORD_ID for m in meta)
        if is_id and not any(isinstance(m, t.LinksTo) for m in meta):
            yield path
        yield from _plain_ids(base, path)
    elif origin is tuple:
        yield from _plain_ids(typing.get_args(annotation)[0], f"{path}[]")
    elif typing.get_args(annotation) and origin is not typing.Literal:
        for arg in typing.get_args(annotation):
            yield from _plain_ids(arg, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        hints = typing.get_type_hints(annotation, include_extras=True)
        for name in annotation.model_fields:
            yield from _plain_ids(hints[name], f"{path}.{name}" if path else name)


def test_every_id_field_says_where_it_points() -> None:
    # A record's own `id` is the only id that is not a link: any other id field must be typed
    # with the id type of its target (`AgencyId`, `QmsUnitId`, ...), or the integrity check
    # would not know to check it.
    plain = {
        f"{cls.__name__}.{p}"
        for cls in COLLECTIONS.values()
        for p in _plain_ids(cls, "")
        if p != "id"
    }
    assert plain == set()


def test_the_collections_are_the_dataset_fields_that_hold_records() -> None:
    holding = [n for n in QmsDataset.model_fields if n not in ("format", "version", "name")]
    assert list(COLLECTIONS) == holding
    assert COLLECTIONS["agencies"] is Agency


def test_every_column_of_the_shipped_layout_has_its_titles() -> None:
    assert untitled_columns() == []


# --- a field added in one edit ---------------------------------------------------------------


class _AgencyWithAuditor(Agency):
    """A throwaway record: `Agency` plus one link and one plain field, nothing else edited."""

    auditor_agency_id: t.AgencyId | None = None
    """The agency that audits this one (a link)."""
    budget_code: t.Text | None = None
    """A plain value."""


def _agency(aid: str, **extra: Any) -> _AgencyWithAuditor:
    return _AgencyWithAuditor(
        id=aid, name=f"Sở {aid}", kind=AgencyKind.PROVINCIAL_DEPARTMENT, **extra
    )


def test_a_new_link_field_is_checked_by_the_integrity_check() -> None:
    assert ("auditor_agency_id", "agencies") in record_links(_AgencyWithAuditor)
    ok = [_agency("a"), _agency("b", auditor_agency_id="a")]
    assert integrity_problems({"agencies": ok}) == []
    bad = [_agency("a"), _agency("b", auditor_agency_id="ghost", budget_code="X")]
    (problem,) = integrity_problems({"agencies": bad})
    assert (problem.record_id, problem.field, problem.code) == (
        "b",
        "auditor_agency_id",
        "dangling_reference",
    )
    # and inside a dataset: the validation error names the record and the field
    with pytest.raises(ValidationError) as info:
        QmsDataset(agencies=tuple(bad))
    locs = [e["loc"] for e in info.value.errors()]
    assert ("agencies", 1, "auditor_agency_id") in locs


def test_a_new_field_gets_a_spreadsheet_column_without_editing_the_layout() -> None:
    shipped = SHEET_BY_KEY["agencies"]
    listed = [(c.key, c.vi, c.en) for c in shipped.columns]
    sheet = _sheet("agencies", shipped.vi, shipped.en, _AgencyWithAuditor, listed, "", "")
    added = {c.key: c for c in sheet.columns if not c.titled}
    assert set(added) == {"auditor_agency_id", "budget_code"}
    assert added["auditor_agency_id"].en == "Auditor agency id"
    assert added["budget_code"].kind == "text"
    assert not added["budget_code"].required
    # the shipped sheets are untouched
    assert all(c.titled for s in SHEETS for c in s.columns)
