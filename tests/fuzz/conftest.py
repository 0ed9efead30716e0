"""Options for the fuzz run: `--fuzz-profile=ci|full`, `--fuzz-cases`, `--fuzz-start`, `--fuzz-workers`.

`ci` (default) runs 3,000 cases; `full` runs 100,000 (`make fuzz`). The summary is printed at the
end of the session and written to `build/fuzz/summary.txt`.
"""

from __future__ import annotations

import pytest

SUMMARY_KEY = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fuzz", "JSON input fuzzing (tests/fuzz)")
    group.addoption(
        "--fuzz-profile",
        choices=("ci", "full"),
        default="ci",
        help="ci: 3,000 cases (default); full: 100,000 cases",
    )
    group.addoption("--fuzz-cases", type=int, default=None, help="override the number of cases")
    group.addoption("--fuzz-start", type=int, default=0, help="first seed (default 0)")
    group.addoption(
        "--fuzz-workers", type=int, default=None, help="worker processes (default: up to 2)"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(SUMMARY_KEY, None)
    if lines:
        terminalreporter.write_sep("=", "fuzz summary")
        for line in lines:
            terminalreporter.write_line(line)
