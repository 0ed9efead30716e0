"""What `help()` and `dir()` show a person exploring the package in a Python shell."""

from __future__ import annotations

import inspect
import pydoc

import pytest

import vn_iso_qms
import vn_iso_qms.admin_units
import vn_iso_qms.reports
import vn_iso_qms.rules
from vn_iso_qms import DEFAULT_POLICY, demo_dataset
from vn_iso_qms.rules import LEGAL_BASIS, STATUTORY_RULES


@pytest.mark.parametrize(
    "func",
    [
        vn_iso_qms.evaluate,
        vn_iso_qms.rules.make_context,
        vn_iso_qms.rules.evaluate_rule,
        vn_iso_qms.reports.province_report,
        vn_iso_qms.reports.national_rollup,
    ],
)
def test_large_defaults_show_by_name(func: object) -> None:
    signature = str(inspect.signature(func))  # type: ignore[arg-type]
    assert "Policy(" not in signature  # the repr of DEFAULT_POLICY was 1.3 KB
    assert "RuleSet(" not in signature
    assert "LegalBasis(" not in signature
    assert len(signature) < 400, signature
    assert "DEFAULT_POLICY" in signature


def test_help_of_evaluate_is_short_and_the_defaults_are_unchanged() -> None:
    text = pydoc.render_doc(vn_iso_qms.evaluate, renderer=pydoc.TextDoc())
    text = pydoc.plain(text)  # no bold overstrikes
    signature = next(line for line in text.splitlines() if line.startswith("evaluate("))
    assert len(signature) < 400, signature  # was 2 KB
    parameters = inspect.signature(vn_iso_qms.evaluate).parameters
    assert set(parameters) >= {"policy", "rules", "laws"}
    # the function still uses the real objects
    defaults = vn_iso_qms.evaluate.__defaults__, vn_iso_qms.evaluate.__kwdefaults__
    assert defaults[1] is not None
    assert defaults[1]["policy"] is DEFAULT_POLICY
    assert defaults[1]["rules"] is STATUTORY_RULES
    assert defaults[1]["laws"] is LEGAL_BASIS
    import datetime as dt

    ev = vn_iso_qms.evaluate(demo_dataset(), as_of=dt.date(2023, 12, 31))
    assert ev.policy == DEFAULT_POLICY


def test_dir_of_admin_units_lists_its_public_names_only() -> None:
    names = dir(vn_iso_qms.admin_units)
    assert names == sorted(vn_iso_qms.admin_units.__all__)
    for module_name in ("sys", "typing", "warnings"):
        assert module_name not in names
