"""The `vn-iso-qms` command line (typer + rich, from the `cli` extra)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

try:
    import typer
    from rich.console import Console
    from rich.table import Table
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    _missing = exc.name
    typer = None  # type: ignore[assignment]

from vn_iso_qms._internal.demo import demo_dataset
from vn_iso_qms._internal.errors import InvalidDataError
from vn_iso_qms._internal.jsonio import dump_dataset, load_dataset
from vn_iso_qms._internal.vocab import AgencyKind

EXIT_OK = 0
EXIT_INVALID = 2

app = typer.Typer(
    name="vn-iso-qms",
    help="QMS (TCVN ISO 9001) records, rules and reports for Vietnamese state agencies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def _fail(exc: InvalidDataError) -> None:
    err_console.print(f"[bold red]{exc.summary}[/]: {len(exc.problems)} problem(s)")
    for problem in exc.problems:
        err_console.print(f"  - {problem.describe()}", markup=False, highlight=False)
    raise typer.Exit(EXIT_INVALID)


@app.command()
def demo(
    export_dataset: Annotated[
        Path | None, typer.Option(help="Also write the demo dataset as JSON to this path.")
    ] = None,
) -> None:
    """Load the embedded demo province and print its registry by kind."""
    ds = demo_dataset()
    if export_dataset is not None:
        export_dataset.write_bytes(dump_dataset(ds, indent=1))
        err_console.print(f"dataset written to {export_dataset}")
    counts = Counter(a.kind for a in ds.agencies)
    table = Table(title=ds.name or "demo")
    table.add_column("Loại đơn vị / kind")
    table.add_column("Số lượng", justify="right")
    for kind in AgencyKind:
        if counts[kind]:
            table.add_row(f"{kind.label_vi} / {kind.label_en}", str(counts[kind]))
    table.add_row("Tổng / total", str(sum(counts.values())), style="bold")
    console.print(table)


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="Dataset JSON file.")]) -> None:
    """Validate a dataset file; print every problem with its location."""
    try:
        ds = load_dataset(path)
    except InvalidDataError as exc:
        _fail(exc)
    total = sum(ds.counts().values())
    console.print(f"[green]valid[/]: {total} records")


def main() -> None:
    """Entry point of the `vn-iso-qms` script."""
    if typer is None:  # pragma: no cover
        sys.stderr.write(
            f"vn-iso-qms needs the 'cli' extra ({_missing} is missing): "
            "pip install 'vn-iso-qms[cli]'\n"
        )
        raise SystemExit(1)
    app()
