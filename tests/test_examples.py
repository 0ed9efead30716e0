"""Every script in examples/ runs and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# expected fragments of each example's output (the examples compute them from records)
EXPECTED: dict[str, list[str]] = {
    "01_model_an_agency.py": [
        "Sở Tư pháp: Cơ quan chuyên môn thuộc UBND tỉnh",
        "management level: Cấp tỉnh",
        "records: 7,",
    ],
}


def test_every_example_has_expectations() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_and_prints_expected_output(name: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for fragment in EXPECTED[name]:
        assert fragment in result.stdout, (fragment, result.stdout)
