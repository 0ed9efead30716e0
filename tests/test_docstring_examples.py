"""Every `Examples:` block in the package's docstrings runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import vn_iso_qms

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(vn_iso_qms.__path__, "vn_iso_qms.")
    if not m.name.endswith("__main__")
)


def test_the_package_has_examples_to_run() -> None:
    found = sum(
        len(doctest.DocTestFinder().find(importlib.import_module(name))) for name in MODULES
    )
    assert found > 50


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
