"""Write docs/reference/cli.md, the command reference, from the command line itself.

Run after changing a command, an option, a default, a format or an exit code:

    .venv/bin/python scripts/cli_reference.py

tests/cli/test_cli_reference.py fails while the page and the command line disagree.
"""

from __future__ import annotations

from pathlib import Path

from vn_iso_qms._internal.cli_reference import PAGE, command_reference

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    target = ROOT / PAGE
    target.write_text(command_reference(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
