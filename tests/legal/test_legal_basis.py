"""Laws in force by date: rules apply only while their provision is in force.

QĐ 19/2014/QĐ-TTg Art. 15 (in force 18/05/2014); TT 26/2014/TT-BKHCN Art. 6.3.b with Luật
72/2025/QH15 (the district level ended on 01/07/2025); a successor decision is new data and new
rules, never an edit of the old ones (shown with a fictional decision defined here).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from vn_iso_qms import (
    AgencyKind,
    Citation,
    Policy,
    QmsDataset,
    ReasonCode,
    RuleStatus,
    StandardVersion,
    evaluate,
)
from vn_iso_qms._internal.base import Record
from vn_iso_qms.rules import (
    LEGAL_BASIS,
    STATUTORY_RULES,
    EvaluationContext,
    Instrument,
    InstrumentKind,
    Outcome,
    Requires,
    RuleSet,
    Unit,
    evaluate_rule,
    rule,
)

D = dt.date
QD19 = "QĐ 19/2014/QĐ-TTg"

# --- a clearly fictional successor of QĐ 19, defined only in this test ------------------------

SUCCESSOR = "QĐ 99/2027/QĐ-TTg (hư cấu)"
"""A fictional decision that replaces QĐ 19 from 01/07/2027 and requires two audits a year."""

LAWS_2027 = LEGAL_BASIS.with_instruments(
    LEGAL_BASIS[QD19].model_copy(update={"in_force_to": D(2027, 6, 30), "replaced_by": SUCCESSOR}),
    Instrument(
        name=SUCCESSOR,
        kind=InstrumentKind.DECISION,
        title_vi="Quyết định hư cấu thay thế Quyết định 19/2014/QĐ-TTg",
        title_en="A fictional decision replacing Decision 19/2014/QĐ-TTg",
        issuer="Thủ tướng Chính phủ (hư cấu)",
        signed_on=D(2027, 5, 1),
        in_force_from=D(2027, 7, 1),
    ),
)


@rule(
    "twice_yearly_internal_audit",
    legal_ref="—",
    title_vi="Đánh giá nội bộ hai lần mỗi năm (quyết định hư cấu)",
    title_en="Two internal audits a year (fictional decision)",
    citation=Citation(instrument=SUCCESSOR, article="4", clause="2"),
    requires=Requires.QMS,
)
def check_two_audits(ctx: EvaluationContext, unit: Unit) -> Outcome:
    """Fictional: at least two internal audits in the period."""
    done = [a for a in ctx.audits_of(unit.qms_unit.id) if ctx.period.contains(a.end)]
    return Outcome.met() if len(done) >= 2 else Outcome.due_at_period_end(ctx)


WITH_SUCCESSOR = STATUTORY_RULES | RuleSet([check_two_audits])


def test_statutory_instruments_are_in_force_from_their_dates() -> None:
    # QĐ 19 Art. 15: in force 18/05/2014; TT 26 Art. 45: in force 01/12/2014
    assert not LEGAL_BASIS[QD19].in_force_on(D(2014, 5, 17))
    assert LEGAL_BASIS[QD19].in_force_on(D(2014, 5, 18))
    assert LEGAL_BASIS["TT 26/2014/TT-BKHCN"].in_force_from == D(2014, 12, 1)
    # Công văn 419/BKHCN-TĐC: the 2008 edition is accepted until 30/06/2021
    assert LEGAL_BASIS["TCVN ISO 9001:2008"].in_force_to == D(2021, 6, 30)
    assert LEGAL_BASIS["ISO 9001:2026"].in_force_from is None  # no TCVN adoption known (Q10)
    for rule_ in STATUTORY_RULES.values():
        assert rule_.citation.instrument in LEGAL_BASIS, rule_.id


def test_a_rule_is_not_applied_before_its_instrument_is_in_force() -> None:
    ds = f.complete_dataset()
    result = evaluate_rule(ds, "yearly_internal_audit", "so-a", as_of=D(2014, 3, 1), year=2014)
    assert result.status is RuleStatus.NOT_APPLICABLE
    assert [r.code for r in result.reasons] == [ReasonCode.RULE_NOT_IN_FORCE]
    assert "18/05/2014" in result.reasons[0].message_vi


def test_district_limit_applies_until_30_06_2025_only_tt26_art6_3_b() -> None:
    records: list[Record] = [
        f.province(),
        f.agency("ubnd-h", kind=AgencyKind.DISTRICT_PEOPLE_COMMITTEE),
    ]
    ds = QmsDataset.from_records(records)
    before = evaluate_rule(
        ds, "district_separate_qms_limit", "ubnd-h", as_of=D(2025, 6, 30), year=2025
    )
    assert before.status is RuleStatus.MET
    after = evaluate_rule(
        ds, "district_separate_qms_limit", "ubnd-h", as_of=D(2025, 12, 31), year=2025
    )
    assert after.status is RuleStatus.NOT_APPLICABLE
    assert after.reasons[0].code == ReasonCode.RULE_NOT_IN_FORCE
    assert after.reasons[0].params["end"] == "2025-06-30"


def test_a_fictional_successor_is_new_data_and_new_rules_only() -> None:
    ds = f.complete_dataset()  # one audit in 2023; pretend the same records in 2026 and 2027
    ds26 = f.complete_dataset(
        f.audit(day=D(2026, 3, 1), id="dg26"), f.review(day=D(2026, 4, 1), id="xx26")
    )
    ds27 = f.complete_dataset(
        f.audit(day=D(2027, 8, 1), id="dg27"), f.review(day=D(2027, 9, 1), id="xx27")
    )
    # 2026: QĐ 19 applies, the successor's rule is not in force yet
    ev26 = evaluate(ds26, as_of=D(2026, 12, 31), rules=WITH_SUCCESSOR, laws=LAWS_2027)
    assert ev26.result("yearly_internal_audit", "so-a").status is RuleStatus.MET
    pending = ev26.result("twice_yearly_internal_audit", "so-a")
    assert pending.status is RuleStatus.NOT_APPLICABLE
    assert pending.reasons[0].params["start"] == "2027-07-01"
    # 31/12/2027: QĐ 19's rules are no longer applied, the successor's rule is
    ev27 = evaluate(ds27, as_of=D(2027, 12, 31), rules=WITH_SUCCESSOR, laws=LAWS_2027)
    old = ev27.result("yearly_internal_audit", "so-a")
    assert old.status is RuleStatus.NOT_APPLICABLE
    assert old.reasons[0].params["end"] == "2027-06-30"
    assert ev27.result("twice_yearly_internal_audit", "so-a").status is RuleStatus.NOT_MET
    # TT 26 (the circular) is untouched by the fictional decision
    assert ev27.result("inspection_corrective_report", "so-a").status is RuleStatus.NOT_APPLICABLE
    assert ev27.result("inspection_corrective_report", "so-a").reasons[0].code != (
        ReasonCode.RULE_NOT_IN_FORCE
    )
    # the default table is unchanged: nothing global was edited
    assert LEGAL_BASIS[QD19].in_force_to is None
    assert evaluate(ds, as_of=D(2023, 12, 31)).result("yearly_internal_audit", "so-a").status is (
        RuleStatus.MET
    )


def test_legal_basis_is_immutable_and_checked() -> None:
    with pytest.raises(ValueError, match="twice"):
        type(LEGAL_BASIS)([LEGAL_BASIS[QD19], LEGAL_BASIS[QD19]])
    with pytest.raises(ValueError, match="before"):
        Instrument(
            name="x",
            kind=InstrumentKind.DECISION,
            title_vi="x",
            title_en="x",
            issuer="x",
            in_force_from=D(2020, 1, 2),
            in_force_to=D(2020, 1, 1),
        )
    assert "name" not in dir(LEGAL_BASIS)  # a mapping, no attribute to assign rows through


def test_standard_editions_are_accepted_as_the_legal_basis_dates_them() -> None:
    """QĐ 19 Art. 4, last paragraph: a revised standard follows Bộ KH&CN guidance (its row)."""
    ann = f.announcement(id="cb-2026", date=D(2027, 2, 1), standard=StandardVersion.ISO9001_2026)
    ds = f.complete_dataset(ann)
    as_of = D(2027, 3, 1)
    # the default table knows no adoption of the 2026 edition: not accepted
    refused = evaluate_rule(ds, "accepted_standard_version", "so-a", as_of=as_of)
    assert refused.status is RuleStatus.NOT_MET
    assert refused.reasons[0].params["problem"] == "not_yet_accepted"
    # a table that dates its adoption (new data, no policy, no code change) accepts it
    adopted = LEGAL_BASIS.with_instruments(
        LEGAL_BASIS["ISO 9001:2026"].model_copy(update={"in_force_from": D(2027, 1, 1)})
    )
    accepted = evaluate_rule(ds, "accepted_standard_version", "so-a", as_of=as_of, laws=adopted)
    assert accepted.status is RuleStatus.MET
    # Công văn 419/BKHCN-TĐC: the 2008 edition ends on 30/06/2021 (its row); a policy overrides
    old = f.complete_dataset(
        f.announcement(id="cb-08", date=D(2019, 6, 1), standard=StandardVersion.ISO9001_2008)
    )
    late = evaluate_rule(old, "accepted_standard_version", "so-a", as_of=D(2021, 7, 1))
    assert late.status is RuleStatus.NOT_MET
    assert late.reasons[0].deadline == D(2021, 6, 30)
    lenient = Policy(iso2008_accepted_until=D(2021, 12, 31))
    assert (
        evaluate_rule(
            old, "accepted_standard_version", "so-a", as_of=D(2021, 7, 1), policy=lenient
        ).status
        is RuleStatus.MET
    )


def test_a_citation_shows_the_text_as_it_stood_on_the_day() -> None:
    """An amendment in force on the day evaluated is part of the cited text; before it, not."""
    amending = Instrument(
        name="TT 99/2026/TT-BKHCN (hư cấu)",
        kind=InstrumentKind.CIRCULAR,
        title_vi="Thông tư hư cấu sửa đổi Thông tư 26/2014/TT-BKHCN",
        title_en="A fictional circular amending Circular 26/2014/TT-BKHCN",
        issuer="Bộ Khoa học và Công nghệ (hư cấu)",
        in_force_from=D(2026, 7, 1),
    )
    laws = LEGAL_BASIS.with_instruments(
        amending,
        LEGAL_BASIS["TT 26/2014/TT-BKHCN"].model_copy(update={"amended_by": (amending.name,)}),
    )
    ds = f.complete_dataset()
    rule_id = "inspection_corrective_report"  # cites TT 26 Art. 37.2.c
    before = evaluate_rule(ds, rule_id, "so-a", as_of=D(2026, 6, 30), laws=laws)
    after = evaluate_rule(ds, rule_id, "so-a", as_of=D(2026, 7, 1), laws=laws)
    assert before.citation.render("en") == "TT 26/2014/TT-BKHCN Art. 37.2.c"
    assert after.citation.render("en") == (
        "TT 26/2014/TT-BKHCN Art. 37.2.c (as amended by TT 99/2026/TT-BKHCN (hư cấu))"
    )
    assert "sửa đổi, bổ sung bởi" in after.citation.render("vi")
    # the rule value itself is unchanged
    assert STATUTORY_RULES[rule_id].citation.amended_by == ()


def test_every_citation_names_a_provision_that_exists(demo_dataset: QmsDataset) -> None:
    """Citations corrected against the codified texts (law.md, corrections of 27/11/2026).

    QĐ 19 Art. 2.1 has points a-c only; TT 26 Art. 7.2.đ is communication; the yearly audit and
    review are QĐ 19 Art. 4.4.b.
    """
    from vn_iso_qms._internal.evaluation.law import provision_exists

    assert not provision_exists(Citation(instrument=QD19, article="2", clause="1", point="d"))
    assert provision_exists(Citation(instrument=QD19, article="2", clause="1", point="c"))
    assert provision_exists(
        Citation(instrument="TT 26/2014/TT-BKHCN", article="7", clause="2", point="đ")
    )
    cited = [r.citation for r in STATUTORY_RULES.values()]
    ev = evaluate(demo_dataset, as_of=D(2023, 12, 31))
    cited += [r.citation for res in ev.results for r in res.reasons if r.citation]
    cited += [r.citation for v in ev.verdicts for r in v.reasons if r.citation]
    wrong = sorted({c.render("en") for c in cited if not provision_exists(c)})
    assert wrong == []
    assert len({c.render("en") for c in cited}) > 15


def test_the_law_as_it_stands_in_2026_is_recorded_not_applied() -> None:
    """Issue 16 item 6: Law 70/2025/QH15 (in force 01/01/2026) and NĐ 22/2026/NĐ-CP are rows,
    marked not verified to touch QMS in state agencies; no rule cites them."""
    law70 = LEGAL_BASIS["Luật 70/2025/QH15"]
    assert law70.kind is InstrumentKind.LAW
    assert law70.signed_on == D(2025, 6, 14)
    assert (law70.in_force_on(D(2025, 12, 31)), law70.in_force_on(D(2026, 1, 1))) == (False, True)
    decree = LEGAL_BASIS["NĐ 22/2026/NĐ-CP"]
    assert decree.kind is InstrumentKind.DECREE
    assert decree.signed_on == D(2026, 1, 16)
    assert decree.in_force_from is None  # its in-force date is not known: not dated
    for row in (law70, decree):
        assert "Not verified to touch QMS in state agencies" in row.note
    cited = {r.citation.instrument for r in STATUTORY_RULES.values()}
    assert not cited & {law70.name, decree.name}
    # TT 26 Art. 22, 41.4, 43 still name the former Directorate; the transfer is [S]
    tt26 = LEGAL_BASIS["TT 26/2014/TT-BKHCN"].note
    assert "Directorate for Standards, Metrology and Quality" in tt26
    assert "[S, not verified" in tt26
