"""The MkDocs hook's generated tables say what the code says.

``docs/_hooks/labels.py`` replaces markers with tables built from the installed package. These
tests run its replacement on the markers, as ``mkdocs build`` does, and read the tables back: the
reason-codes table lists every ``ReasonCode`` with both templates as typed, the instruments table
every row of ``LEGAL_BASIS`` with its dates, and the rules detail every statutory rule with its
basis, gate and the days it is in force.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from vn_iso_qms import ReasonCode
from vn_iso_qms.rules import LEGAL_BASIS, STATUTORY_RULES, RuleScope

HOOK = Path(__file__).resolve().parents[2] / "docs" / "_hooks" / "labels.py"
_TAG = re.compile(r"</?(?:code|span[^>]*|br)>")


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hook_labels", HOOK)
    assert spec is not None, f"cannot load {HOOK}"
    assert spec.loader is not None, f"cannot load {HOOK}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


def render(marker: str, page: str) -> str:
    """The hook's replacement of a page made of `marker` alone, as `mkdocs build` runs it."""
    fake = SimpleNamespace(file=SimpleNamespace(src_uri=page))
    out = hook.on_page_markdown(f"{marker}\n", page=fake, config=None, files=None)
    assert isinstance(out, str)
    assert marker not in out, f"{marker} was not replaced"
    return out


def _rows(table: str) -> list[list[str]]:
    """The body rows of a Markdown table, each a list of cells as plain text (no tags, no code
    span around a whole cell, entities decoded)."""
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("| "):
            continue
        cells = line.strip().strip("|").split(" | ")
        rows.append([html.unescape(_TAG.sub("", cell).strip().strip("`")) for cell in cells])
    return rows


def test_escape_keeps_markdown_sensitive_characters_literal() -> None:
    text = "a | b *c* [x][y] {due:date} _d_ `e` <f> & \\\\"
    escaped = hook.escape(text)
    assert not set(escaped) & set("|*[]{}_`<>\\\\"), escaped
    assert html.unescape(escaped) == text


def test_reason_codes_table_lists_every_code_with_both_templates() -> None:
    table = render("<!-- reason-codes -->", "reference/reason-codes.md")
    rows = _rows(table)
    assert [row[0] for row in rows] == [code.value for code in ReasonCode], (
        "the reason-codes table does not list the catalogue, in order"
    )
    for row, code in zip(rows, ReasonCode, strict=True):
        assert len(row) == 4, f"{code.value}: a template broke the table row: {row}"
        _, params, vi, en = row
        assert vi == code.vi.text, f"{code.value}: Vietnamese template shown as {vi!r}"
        assert en == code.en.text, f"{code.value}: English template shown as {en!r}"
        for name in code.params:
            assert name in params, f"{code.value}: parameter {name!r} not listed"
        if not code.params:
            assert params == "—"


def test_reason_codes_table_marks_optional_parameters() -> None:
    rows = {row[0]: row for row in _rows(hook.reason_codes_table())}
    params = rows[ReasonCode.AGENCY_ENDED.value][1]
    assert "decision (optional)" in params
    assert "date: date" in params
    assert "date: date (optional)" not in params


def _date(day: dt.date | None) -> str:
    return "—" if day is None else f"{day:%d/%m/%Y}"


def test_legal_instruments_table_lists_every_row_of_the_legal_basis() -> None:
    table = render("<!-- legal-instruments -->", "explanation/legal-basis.md")
    rows = _rows(table)
    assert [row[0] for row in rows] == list(LEGAL_BASIS), "not every instrument, or not in order"
    for row, instrument in zip(rows, LEGAL_BASIS.values(), strict=True):
        assert len(row) == 9, f"{instrument.name}: broken row {row}"
        _, kind, titles, issuer, signed, start, end, replaced, note = row
        assert kind == instrument.kind.label_en
        assert instrument.title_vi in titles
        assert instrument.title_en in titles
        assert issuer == instrument.issuer
        assert signed == _date(instrument.signed_on)
        assert start == (_date(instrument.in_force_from) if instrument.in_force_from else "not yet")
        assert end == _date(instrument.in_force_to)
        assert replaced.startswith(instrument.replaced_by or "—")
        assert note == (instrument.note or "—")


def test_rules_detail_shows_basis_gate_and_days_in_force() -> None:
    detail = render("<!-- rules-detail -->", "explanation/rules.md")
    for rule in STATUTORY_RULES.values():
        start = detail.index(f"### `{rule.id}` {{ #{rule.id} }}")
        end = detail.find("\n### ", start + 1)
        section = detail[start : end if end != -1 else None]
        assert f"| Basis | `{rule.basis.value}`" in section, rule.id
        if rule.scope is RuleScope.AGENCY:
            assert f"| Requires | `{rule.requires.value}`" in section, rule.id
        assert "| In force |" in section, rule.id
        for day in (rule.in_force_from, rule.in_force_to):
            if day is not None:
                assert _date(day) in section, f"{rule.id}: its own date {day} is not shown"
        instrument = LEGAL_BASIS.get(rule.citation.instrument)
        if instrument is not None and instrument.in_force_from is not None:
            assert _date(instrument.in_force_from) in section, rule.id
        doc = rule.function.__doc__
        assert doc is not None, f"{rule.id}: its function has no docstring"
        first_line = doc.strip().splitlines()[0]
        assert first_line in section, f"{rule.id}: docstring not shown"


def test_district_rule_shows_that_it_ends_on_30_june_2025() -> None:
    detail = hook.rules_detail("explanation/rules.md")
    start = detail.index("### `district_separate_qms_limit`")
    assert "until 30/06/2025" in detail[start : detail.index("\n### ", start + 1)]


@pytest.mark.parametrize(
    ("marker", "page"),
    [
        ("<!-- rules-table -->", "reference/rules.md"),
        ("<!-- policy-table -->", "explanation/rules.md"),
        ("| R3 | <!-- rules: R3 --> |", "explanation/legal-basis.md"),
    ],
)
def test_rules_markers_list_the_statutory_rules(marker: str, page: str) -> None:
    out = render(marker, page)
    if marker == "<!-- rules-table -->":
        assert all(f"`{rule_id}`" in out for rule_id in STATUTORY_RULES)
    elif marker == "<!-- policy-table -->":
        assert "[`accepted_standard_version`](#accepted_standard_version)" in out
    else:
        assert "../reference/rules.md#rule-district_separate_qms_limit" in out
