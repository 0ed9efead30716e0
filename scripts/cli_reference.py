"""Write docs/reference/cli.md, the command reference, from the command line itself.

Run after changing a command, an option, a default, a format or an exit code:

    .venv/bin/python scripts/cli_reference.py

tests/cli/test_cli_reference.py fails while the page and the command line disagree.
"""

from __future__ import annotations

from pathlib import Path

from vn_iso_qms._internal.cli_reference import (
    PAGE,
    PAGE_VI,
    command_reference,
    command_reference_vi,
)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    for page, text in ((PAGE, command_reference()), (PAGE_VI, command_reference_vi())):
        target = ROOT / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
