"""Migrations of datasets written for an older model: legal steps from generic activities."""

from __future__ import annotations

from typing import NamedTuple

from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.plan import Activity
from vn_iso_qms._internal.qms import DocumentApproval, EffectivenessConfirmation, QmsUnit
from vn_iso_qms._internal.vocab import ActivityKind

_STEP_KINDS = frozenset({ActivityKind.DOCUMENT_APPROVAL, ActivityKind.EFFECTIVENESS_CONFIRMATION})


class StepMigration(NamedTuple):
    """The result of [`migrate_legal_steps`][vn_iso_qms.migrate_legal_steps]."""

    dataset: QmsDataset
    """The dataset with the migrated records."""
    migrated: tuple[str, ...]
    """Ids of the activities turned into step records (each keeps its id)."""
    kept: tuple[tuple[str, str], ...]
    """Activities left as they were, with why: (activity id, reason)."""


def _qms_for(activity: Activity, units: tuple[QmsUnit, ...]) -> QmsUnit | str:
    """The QMS an activity concerns, or why it cannot be told."""
    if activity.qms_id is not None:
        return next(q for q in units if q.id == activity.qms_id)
    covering = [
        q for q in units if activity.agency_id in q.agency_ids and q.valid_on(activity.date)
    ]
    if len(covering) == 1:
        return covering[0]
    if not covering:
        return f"no QMS covers agency {activity.agency_id!r} on {activity.date}"
    ids = ", ".join(q.id for q in covering)
    return f"several QMS cover agency {activity.agency_id!r} on {activity.date} ({ids}): set qms_id"


def migrate_legal_steps(dataset: QmsDataset) -> StepMigration:
    """Turn the generic `Activity` form of two legal steps into their own records.

    Before version 0.4 the approval of the QMS documents (QĐ 19 Art. 4.2.a) and the head's
    confirmation of effectiveness (Art. 4.2.d) were `Activity` records of kind
    `document_approval` / `effectiveness_confirmation`. Evaluation still reads that form; this
    function rewrites it as [`DocumentApproval`][vn_iso_qms.DocumentApproval] and
    [`EffectivenessConfirmation`][vn_iso_qms.EffectivenessConfirmation] records with the same
    ids, dates, decision numbers, notes and plan links, so that registries find the steps where
    the law names them. An activity whose QMS cannot be told (no `qms_id`, and not exactly one
    QMS covering its agency on its date) is kept as it was and listed with the reason.

    Args:
        dataset: any dataset.

    Returns:
        The new dataset, the ids migrated, and the activities kept with why.

    Examples:
        >>> import vn_iso_qms as q
        >>> demo = q.demo_dataset()
        >>> result = q.migrate_legal_steps(demo)
        >>> len(result.migrated), result.kept
        (0, ())
    """
    units = dataset.qms_units
    steps: list[DocumentApproval | EffectivenessConfirmation] = []
    kept: list[tuple[str, str]] = []
    for act in dataset.activities:
        if act.kind not in _STEP_KINDS:
            continue
        qms = _qms_for(act, units)
        if isinstance(qms, str):
            kept.append((act.id, qms))
            continue
        step = (
            DocumentApproval
            if act.kind is ActivityKind.DOCUMENT_APPROVAL
            else (EffectivenessConfirmation)
        )
        steps.append(
            step(
                id=act.id,
                qms_id=qms.id,
                date=act.date,
                decision_number=act.decision_number,
                planned_activity_id=act.planned_activity_id,
                note=act.note,
            )
        )
    migrated = tuple(s.id for s in steps)
    new = dataset.without(Activity, *migrated).with_records(*steps) if steps else dataset
    return StepMigration(new, migrated, tuple(kept))
