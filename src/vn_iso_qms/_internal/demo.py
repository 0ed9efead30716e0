"""The embedded demo province (package data): a fictional province shaped like the seed's 2023."""

from __future__ import annotations

from importlib.resources import files

from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.jsonio import load_dataset

DEMO_PROVINCE_ID = "p-mh"
"""Id of the demo province's administrative unit."""


def demo_dataset_bytes() -> bytes:
    """The demo province's dataset as the JSON bytes shipped in the package."""
    return (files("vn_iso_qms") / "_internal" / "data" / "demo_province.json").read_bytes()


def demo_dataset() -> QmsDataset:
    """Load the demo province: 165 registry units, the 2023 plan and records, the 2024 plan.

    The province ("Tỉnh Minh Hòa") is fictional; its raw records are shaped so that the rules
    reproduce the figures of a real provincial report for 2023 (see the docs' tutorial).

    Returns:
        The validated dataset.
    """
    return load_dataset(demo_dataset_bytes())
