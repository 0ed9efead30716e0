"""The embedded demo province (package data): a fictional province shaped like the seed's 2023."""

from __future__ import annotations

from importlib.resources import files

from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.jsonio import load_dataset

DEMO_PROVINCE_ID = "p-mh"
"""Id of the demo province's administrative unit."""

PROVINCIAL_DEPARTMENTS: tuple[str, ...] = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
)
"""The 18 specialised agencies (sở and equivalents) of a typical province before the 2025
reform, in the usual order: the demo province and the benchmark's synthetic provinces use them
(`scripts/build_demo_province.py`, `benchmarks/generate.py`)."""


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
