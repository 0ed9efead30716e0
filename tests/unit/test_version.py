"""The version is written once, in `vn_iso_qms.__version__`; the package metadata reads it."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import vn_iso_qms

ROOT = Path(__file__).parents[2]


def test_pyproject_takes_the_version_from_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    path = pyproject["tool"]["hatch"]["version"]["path"]
    assert (ROOT / path).resolve() == Path(vn_iso_qms.__file__).resolve()


def test_the_installed_metadata_has_the_package_version() -> None:
    assert importlib.metadata.version("vn-iso-qms") == vn_iso_qms.__version__
