"""Vocabularies: stable codes, labels in both languages, obligation by kind and date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import vn_iso_qms as q
from vn_iso_qms import AgencyKind, ManagementLevel, ObligationClass
from vn_iso_qms.rules import obligation_class

VOCABULARIES = [
    obj
    for name in q.__all__
    if isinstance(obj := getattr(q, name), type)
    and issubclass(obj, q.LabelledEnum)
    and obj is not q.LabelledEnum
]


def test_there_are_vocabularies() -> None:
    assert len(VOCABULARIES) >= 14


@pytest.mark.parametrize("enum", VOCABULARIES, ids=lambda e: e.__name__)
def test_codes_are_stable_lowercase_ascii(enum: type[q.LabelledEnum]) -> None:
    for member in enum:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", member.value), member


@pytest.mark.parametrize("enum", VOCABULARIES, ids=lambda e: e.__name__)
def test_every_member_has_both_labels_and_the_list_a_source(enum: type[q.LabelledEnum]) -> None:
    assert enum.legal_source()
    for member in enum:
        assert member.label_vi
        assert member.label_en
        assert member.label("en") == member.label_en
        assert enum.from_label(member.label_vi) is member
        assert enum.from_label(member.value.upper()) is member


def test_from_label_rejects_unknown_text_listing_codes() -> None:
    with pytest.raises(ValueError, match="on_site"):
        q.InspectionForm.from_label("tại nhà")


def test_a_member_without_its_labels_is_refused_when_the_class_is_made() -> None:
    # The labels are written with the member: forgetting them is an error at import time.
    with pytest.raises(TypeError, match="needs its Vietnamese and English labels"):

        class Demo(q.LabelledEnum, source="x"):
            A = "a", "A", "A"
            B = "b"


def test_a_vocabulary_without_its_source_is_refused() -> None:
    with pytest.raises(TypeError, match="source"):

        class Demo(q.LabelledEnum):
            A = "a", "A", "A"


def test_labels_are_written_next_to_their_members() -> None:
    # One source of truth: the value is the code alone; the labels travel with the member.
    assert str(q.InspectionForm.ON_SITE) == "on_site"
    assert q.InspectionForm.ON_SITE.value == "on_site"
    assert q.InspectionForm("on_site") is q.InspectionForm.ON_SITE
    assert q.InspectionForm.ON_SITE.label_vi == "Kiểm tra tại trụ sở"


def test_checklist_has_the_13_items_of_tt26_art36() -> None:
    # TT 26/2014/TT-BKHCN Art. 36: group 1 has items a, b, c, d, đ, e, g (7); group 2 has
    # a, b, c, d, đ, e (6).
    items = list(q.ChecklistItem)
    assert len(items) == 13
    assert sum(i.value.startswith("g1_") for i in items) == 7
    assert sum(i.value.startswith("g2_") for i in items) == 6


class TestManagementLevel:
    def test_district_level_ends_on_30_june_2025(self) -> None:
        # Law 72/2025/QH15: district-level units ended operation on 01/07/2025.
        assert ManagementLevel.DISTRICT.exists_on(dt.date(2025, 6, 30))
        assert not ManagementLevel.DISTRICT.exists_on(dt.date(2025, 7, 1))

    def test_other_levels_continue(self) -> None:
        for level in (ManagementLevel.CENTRAL, ManagementLevel.PROVINCIAL, ManagementLevel.COMMUNE):
            assert level.exists_on(dt.date(2030, 1, 1))


# (kind, date, expected, article) — QĐ 19/2014/QĐ-TTg Art. 2 and the 2025 reform.
OBLIGATION_CASES = [
    (AgencyKind.MINISTRY, dt.date(2020, 1, 1), "mandatory", "QĐ 19 Art. 2.1.a"),
    (AgencyKind.VIETNAM_SOCIAL_SECURITY, dt.date(2020, 1, 1), "mandatory", "QĐ 19 Art. 2.1.a"),
    (AgencyKind.VERTICAL_LINE_AGENCY, dt.date(2020, 1, 1), "mandatory", "QĐ 19 Art. 2.1.a"),
    (AgencyKind.PROVINCIAL_PEOPLE_COMMITTEE, dt.date(2026, 1, 1), "mandatory", "QĐ 19 Art. 2.1.b"),
    (AgencyKind.PROVINCIAL_DEPARTMENT, dt.date(2026, 1, 1), "mandatory", "QĐ 19 Art. 2.1.c"),
    (AgencyKind.SUB_DEPARTMENT, dt.date(2023, 1, 1), "mandatory", "TT 26 Art. 6.2"),
    (AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 6, 30), "mandatory", "QĐ 19 Art. 2.1.d"),
    (AgencyKind.DISTRICT_PEOPLE_COMMITTEE, dt.date(2025, 7, 1), "not_covered", "Law 72/2025"),
    (AgencyKind.DISTRICT_DIVISION, dt.date(2024, 12, 31), "mandatory", "QĐ 19 Art. 2.1.đ"),
    (AgencyKind.DISTRICT_DIVISION, dt.date(2025, 7, 1), "not_covered", "Law 72/2025"),
    (AgencyKind.COMMUNE_PEOPLE_COMMITTEE, dt.date(2023, 1, 1), "encouraged", "QĐ 19 Art. 2.2"),
    (AgencyKind.COMMUNE_PEOPLE_COMMITTEE, dt.date(2026, 1, 1), "encouraged", "QĐ 19 Art. 2.2"),
    (AgencyKind.PUBLIC_SERVICE_UNIT, dt.date(2023, 1, 1), "encouraged", "QĐ 19 Art. 2.2"),
    (AgencyKind.DIPLOMATIC_MISSION, dt.date(2023, 1, 1), "encouraged", "QĐ 19 Art. 2.2"),
    (AgencyKind.POLICY_BANK, dt.date(2023, 1, 1), "encouraged", "QĐ 19 Art. 2.2"),
    # a local unit of the Ministry of Public Security, read as a vertical-line agency
    (AgencyKind.PROVINCIAL_POLICE, dt.date(2023, 1, 1), "mandatory", "QĐ 19 Art. 2.1.a (reading)"),
    (AgencyKind.NA_DELEGATION_COUNCIL_OFFICE, dt.date(2023, 1, 1), "not_covered", "QĐ 19 Art. 2"),
    (AgencyKind.OTHER, dt.date(2023, 1, 1), "not_covered", "not in QĐ 19 Art. 2"),
]


@pytest.mark.parametrize(
    ("kind", "day", "expected", "article"),
    OBLIGATION_CASES,
    ids=[f"{c[0].value}-{c[1]}" for c in OBLIGATION_CASES],
)
def test_obligation_class_follows_qd19_art2(
    kind: AgencyKind, day: dt.date, expected: str, article: str
) -> None:
    assert obligation_class(kind, day) is ObligationClass(expected), article


def test_communes_can_be_made_mandatory_by_configuration() -> None:
    # law.md open question Q1: configurable, default encouraged.
    start = dt.date(2025, 7, 1)
    kind = AgencyKind.COMMUNE_PEOPLE_COMMITTEE
    assert obligation_class(kind, dt.date(2025, 6, 30), communes_mandatory_from=start) is (
        ObligationClass.ENCOURAGED
    )
    assert obligation_class(kind, start, communes_mandatory_from=start) is (
        ObligationClass.MANDATORY
    )


def test_finding_grades_split_nonconformities_from_the_rest() -> None:
    assert {g for g in q.FindingGrade if g.is_nonconformity} == {
        q.FindingGrade.MAJOR_NONCONFORMITY,
        q.FindingGrade.MINOR_NONCONFORMITY,
    }


def test_events_that_end_an_agency() -> None:
    ends = {k for k in q.AgencyEventKind if k.ends_agency}
    assert ends == {
        q.AgencyEventKind.MERGED_INTO,
        q.AgencyEventKind.SPLIT,
        q.AgencyEventKind.DISSOLVED,
    }
