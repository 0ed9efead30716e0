"""Shared fixtures and Hypothesis profiles."""

from __future__ import annotations

import os
from importlib.resources import files

import pytest

# openpyxl reads this when first imported: test modules import it before the library does
os.environ.setdefault("OPENPYXL_LXML", "False")
from hypothesis import HealthCheck, settings

import vn_iso_qms
from vn_iso_qms import QmsDataset, load_dataset

# `import vn_iso_qms` loads its names and rooms on first use (issue 28). Tests that walk class
# trees (every model, every exception, every vocabulary) need them all: load them once, as the
# eager door did. tests/test_public_api.py checks the lazy door itself in fresh interpreters.
for _name in (*vn_iso_qms.__all__, "admin_units", "reports", "rules", "types"):
    getattr(vn_iso_qms, _name)


def _import_the_command_line() -> None:
    """Import the command line as a new process with a plain environment would.

    Its consoles fix a width read at import (pytest-xdist's workers set COLUMNS=80), and typer
    decides at import whether to force a terminal (FORCE_COLOR, PY_COLORS, GITHUB_ACTIONS). Made
    without those, they read each run's own environment, as a new process does:
    tests/cli/helpers.py runs the command line in this process when nothing tells the two apart
    (and checks the consoles first; a run whose environment sets them runs a real process).
    """
    names = ("COLUMNS", "LINES", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "TERMINAL_WIDTH")
    saved = {k: os.environ.pop(k) for k in names if k in os.environ}
    try:
        import typer.rich_utils  # noqa: F401

        import vn_iso_qms._internal.cli  # noqa: F401
    finally:
        os.environ.update(saved)


_import_the_command_line()

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def demo_dataset() -> QmsDataset:
    """The shipped demo province (package data), loaded through the public loader."""
    data = (files("vn_iso_qms") / "_internal" / "data" / "demo_province.json").read_bytes()
    return load_dataset(data)
