"""Resource fuzzing (issue 14): every family of hostile input within its budgets.

`ci` (the default) runs 2 small cases per family; `make fuzz` (`--fuzz-profile=full`) runs 20
larger ones (3 times the size). The summary, per family: cases, tracebacks, silent changes,
budget breaches, the largest memory multiple and the slowest case.
"""

from __future__ import annotations

import pytest

from tests.fuzz.conftest import SUMMARY_KEY
from tests.fuzz.resources import all_families, cases_per_family, run


def test_fuzz_resources(request: pytest.FixtureRequest) -> None:
    config = request.config
    profile = config.getoption("--fuzz-profile", default="ci")
    stats, lines = run(profile)
    out = config.rootpath / "build" / "fuzz" / "summary_resources.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    config.stash[SUMMARY_KEY] = [*config.stash.get(SUMMARY_KEY, []), *lines]
    assert set(stats) == set(all_families())
    assert all(s.cases == cases_per_family(name, profile) for name, s in stats.items())
    bad = {
        name: (s.tracebacks, s.silent, s.breaches)
        for name, s in stats.items()
        if (s.tracebacks, s.silent, s.breaches) != (0, 0, 0)
    }
    assert not bad, "\n".join(lines)
