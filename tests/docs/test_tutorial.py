"""The tutorial names the records an analyst types for each step before an announcement.

QĐ 19/2014/QĐ-TTg Art. 4.2 lists four steps before a QMS is announced: (a) the head approves
the documents and processes, (b) an internal audit, (c) a management review, (d) the head
confirms the QMS is effective. Each is a record of its own; the tutorial once named only the
last three, so a reader never learnt of `DocumentApproval` (issue 27, "small traps").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vn_iso_qms

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial" / "index.md"

STEPS = {
    "a": ("DocumentApproval", "document_approvals"),
    "b": ("InternalAudit", "internal_audits"),
    "c": ("ManagementReview", "management_reviews"),
    "d": ("EffectivenessConfirmation", "effectiveness_confirmations"),
}
"""Each step of QĐ 19 Art. 4.2: its record type and the dataset's collection of it."""


@pytest.mark.parametrize("point", sorted(STEPS))
def test_the_tutorial_names_the_record_of_each_step(point: str) -> None:
    record, collection = STEPS[point]
    assert record in vn_iso_qms.__all__  # a public record a reader can import
    assert collection in vn_iso_qms.QmsDataset.model_fields
    text = TUTORIAL.read_text("utf-8")
    row = re.search(rf"^\| {point}\. [^|]+\| (?P<cell>[^|]+)\|", text, re.MULTILINE)
    assert row is not None, f"no row for step {point} of QĐ 19 Art. 4.2 in the tutorial"
    # linked to its reference entry, so a reader finds its fields
    assert f"[`{record}`][vn_iso_qms.{record}]" in row["cell"], row["cell"]
