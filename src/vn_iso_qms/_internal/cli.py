"""The `vn-iso-qms` command line (typer + rich, from the `cli` extra).

Exit codes: 0 success; 2 wrong usage (unknown option, bad argument); 3 invalid input data (every
problem is printed with its location); 4 a file could not be read or written.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

try:
    import typer
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    sys.stderr.write(
        f"vn-iso-qms needs the 'cli' extra ({exc.name} is missing): pip install 'vn-iso-qms[cli]'\n"
    )
    raise SystemExit(1) from None

from vn_iso_qms._internal.completeness import completeness_report
from vn_iso_qms._internal.dataset import QmsDataset
from vn_iso_qms._internal.demo import DEMO_PROVINCE_ID, demo_dataset
from vn_iso_qms._internal.errors import InvalidDataError, QmsError, UnknownRuleError
from vn_iso_qms._internal.evaluation.assignment import province_assignment
from vn_iso_qms._internal.evaluation.engine import Evaluation, evaluate
from vn_iso_qms._internal.evaluation.policy import DEFAULT_POLICY, PeriodKind, Policy, Rounding
from vn_iso_qms._internal.evaluation.reasons import format_date
from vn_iso_qms._internal.evaluation.result import Status, Verdict, VerdictKind
from vn_iso_qms._internal.evaluation.statutory import STATUTORY_RULES
from vn_iso_qms._internal.files import OutputError, atomic_write, same_file
from vn_iso_qms._internal.jsonio import dump_dataset, json_schema, load_dataset
from vn_iso_qms._internal.policyio import load_policy
from vn_iso_qms._internal.render import (
    render_comparison_markdown,
    render_csv,
    render_json,
    render_markdown,
    render_rollup_markdown,
    write_report_xlsx,
)
from vn_iso_qms._internal.reporting import (
    ProvinceReport,
    compare_policies,
    national_rollup,
    province_report,
)
from vn_iso_qms._internal.spreadsheet import import_workbook, write_template
from vn_iso_qms._internal.vocab import AdminLevel

EXIT_OK = 0
EXIT_INVALID_DATA = 3
EXIT_IO = 4
EXIT_USAGE = 2
PROGRESS_THRESHOLD = 2000
"""Show a progress bar when evaluating more units than this."""
MIN_YEAR = 1900
"""The earliest period year the commands accept."""
MAX_YEAR = 9998
"""The latest period year the commands accept: every deadline computed from a period (a
reporting year, grace days) must still fall on or before 31/12/9999, the last date Python has."""

_inputs: list[Path] = []
"""The files the running command reads; no output may replace one of them."""


class Format(StrEnum):
    """Output formats of `report`."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class Lang(StrEnum):
    """Output languages."""

    VI = "vi"
    EN = "en"


app = typer.Typer(
    name="vn-iso-qms",
    help="QMS (TCVN ISO 9001) records, rules and reports for Vietnamese state agencies "
    "(QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@app.callback()
def _setup() -> None:
    """Per command: forget the previous command's inputs; never fail on the terminal's encoding."""
    _inputs.clear()
    for stream in (sys.stdout, sys.stderr):
        # A console or pipe in a legacy encoding (cp1258 on a Vietnamese Windows) cannot hold
        # every character of the data: show a replacement character instead of crashing.
        # Files written with --output are always UTF-8.
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf = False
        if not utf and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _exit_invalid(exc: InvalidDataError) -> NoReturn:
    # Data (names, paths, values) is never read as rich markup: Text objects or markup=False.
    err.print(Text.assemble((exc.summary, "bold red"), f": {exc.total:,} problem(s)"))
    for problem in exc.problems:
        err.print(
            f"  - {problem.describe()}", markup=False, soft_wrap=True
        )  # one problem, one line
    if exc.omitted:
        err.print(
            f"  ... and {exc.omitted:,} more problem(s), counted but not listed "
            f"(the first {len(exc.problems):,} are shown)",
            markup=False,
        )
    raise typer.Exit(EXIT_INVALID_DATA)


def _write_bytes(path: Path, data: bytes) -> None:
    """Write an output atomically; never replace an input of the command."""
    try:
        atomic_write(path, data, protect=tuple(_inputs))
    except OutputError as exc:
        err.print(Text.assemble(("error", "bold red"), f": {exc}"))
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        _exit_io(f"cannot write {path}: {exc.strerror or exc}")


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _exit_io(message: str) -> NoReturn:
    err.print(Text.assemble(("error", "bold red"), ": ", message))
    raise typer.Exit(EXIT_IO)


def _check_year(year: int | None) -> int | None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        msg = f"{year} is not a year the reports cover (use {MIN_YEAR}-{MAX_YEAR})"
        raise typer.BadParameter(msg)
    return year


def _check_day(day: dt.date) -> dt.date:
    if not dt.date(MIN_YEAR, 1, 1) <= day <= dt.date(MAX_YEAR, 12, 31):
        msg = f"{day:%d/%m/%Y} is outside the dates the reports cover ({MIN_YEAR}-{MAX_YEAR})"
        raise typer.BadParameter(msg)
    return day


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date only
        except ValueError:
            continue
        return _check_day(day)
    msg = f"{text!r} is not a date (use YYYY-MM-DD or dd/mm/yyyy)"
    raise typer.BadParameter(msg)


def _load(path: Path) -> QmsDataset:
    if not path.exists():
        _exit_io(f"{path} does not exist")
    _inputs.append(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return import_workbook(path)
        if path.suffix.lower() == ".csv":
            raise typer.BadParameter(
                "a CSV file holds one sheet: import it with vn_iso_qms.import_csv"
            )
        return load_dataset(path, pause_gc=True)  # one file, one thread: GC paused
    except InvalidDataError as exc:
        _exit_invalid(exc)
    except QmsError as exc:  # e.g. the xlsx extra is missing
        _exit_io(str(exc))


def _policy(path: Path | None, period: PeriodKind | None, rounding: Rounding | None) -> Policy:
    policy = DEFAULT_POLICY
    if path is not None:
        _inputs.append(path)
        try:
            policy = load_policy(path)
        except InvalidDataError as exc:
            if exc.problems and exc.problems[0].code == "unreadable":
                _exit_io(exc.problems[0].message)
            _exit_invalid(exc)
    changes: dict[str, object] = {}
    if period is not None:
        changes["period"] = period
    if rounding is not None:
        changes["inspection_rounding"] = rounding
    return policy.model_validate({**policy.model_dump(), **changes}) if changes else policy


def _province(ds: QmsDataset, province: str | None) -> str:
    provinces = sorted(u.id for u in ds.admin_units if u.level is AdminLevel.PROVINCE)
    if province is not None:
        if province not in provinces:
            raise typer.BadParameter(f"no province {province!r}; provinces: {', '.join(provinces)}")
        return province
    if len(provinces) != 1:
        names = ", ".join(provinces)
        msg = f"the dataset holds {len(provinces)} provinces; choose one with --province ({names})"
        raise typer.BadParameter(msg)
    return provinces[0]


def _evaluate(ds: QmsDataset, *, as_of: dt.date, year: int | None, policy: Policy) -> Evaluation:
    n = len(ds.agencies)
    if n <= PROGRESS_THRESHOLD or not err.is_terminal:
        return evaluate(ds, as_of=as_of, year=year, policy=policy)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("evaluating", total=n)
        return evaluate(
            ds,
            as_of=as_of,
            year=year,
            policy=policy,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _print_report_table(report: ProvinceReport, lang: Lang) -> None:
    vi = lang is Lang.VI
    p = report.period
    title = (
        f"Báo cáo HTQLCL năm {p.year} - {report.province_name}"
        if vi
        else f"QMS report {p.year} - {report.province_name}"
    )
    table = Table(
        title=Text(title),
        caption=f"{format_date(p.start)} - {format_date(p.end)}",
        show_lines=False,
    )
    table.add_column("Chỉ tiêu" if vi else "Indicator")
    table.add_column("Số liệu" if vi else "Figure", justify="right")
    for f in report.figures:
        table.add_row(Text(f.label(lang.value)), Text(f.text()))
    console.print(table)
    shortfalls = [(f, s) for f in report.figures for s in f.shortfalls]
    if shortfalls:
        console.print(
            "[bold]" + ("Đơn vị chưa đạt và lý do" if vi else "Shortfalls and reasons") + "[/]"
        )
        for f, s in shortfalls:
            console.print(
                f"- {s.unit.name} ({f.label(lang.value)}; {s.status.label(lang.value)})",
                markup=False,
            )
            for r in s.reasons:
                cite = f" [{r.citation.render(lang.value)}]" if r.citation else ""
                console.print(f"    {r.message(lang.value)}{cite}", markup=False)
    duties = Table(title="Nhiệm vụ của tỉnh" if vi else "Province duties")
    duties.add_column("Nhiệm vụ" if vi else "Duty")
    duties.add_column("Tình trạng" if vi else "Status")
    duties.add_column("Căn cứ" if vi else "Legal basis")
    for res in report.province_results:
        duties.add_row(
            Text(res.title(lang.value)),
            Text(res.status.label(lang.value)),
            Text(res.citation.render(lang.value)),
        )
    console.print(duties)


def _emit(report: ProvinceReport, fmt: Format, lang: Lang, output: Path | None) -> None:
    if fmt is Format.XLSX:
        if output is None:
            raise typer.BadParameter("--format xlsx needs --output PATH")
        if any(same_file(output, i) for i in _inputs):
            err.print(Text(f"error: {output} is an input of this command; choose another output"))
            raise typer.Exit(EXIT_USAGE)
        try:
            write_report_xlsx(report, output, lang=lang.value)
        except InvalidDataError as exc:
            _exit_invalid(exc)
        except OSError as exc:
            _exit_io(f"cannot write {output}: {exc.strerror}")
        err.print(f"report written to {output}", markup=False)
        return
    if fmt is Format.TABLE and output is None:
        _print_report_table(report, lang)
        return
    text = {
        Format.TABLE: lambda: render_markdown(report, lang=lang.value, lists=False),
        Format.MARKDOWN: lambda: render_markdown(report, lang=lang.value),
        Format.JSON: lambda: render_json(report),
        Format.CSV: lambda: render_csv(report, lang=lang.value),
    }[fmt]()
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text)
    err.print(f"report written to {output}", markup=False)


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of headings and labels.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy", help="A JSON file with Policy fields (see `vn-iso-qms schema --policy`)."
    ),
]
PeriodOpt = Annotated[
    PeriodKind | None, typer.Option("--period-kind", help="Override the policy's period kind.")
]
RoundingOpt = Annotated[
    Rounding | None,
    typer.Option("--rounding", help="Override the rounding of the 1/3 on-site minimum."),
]


@app.command()
def demo(
    export_dataset: Annotated[
        Path | None, typer.Option(help="Also write the demo dataset as JSON to this path.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.VI,
    output: OutputOpt = None,
) -> None:
    """The 2023 report of the embedded demo province (fictional, shaped like a real report)."""
    ds = demo_dataset()
    if export_dataset is not None:
        _write_bytes(export_dataset, dump_dataset(ds, indent=1))
        err.print(f"dataset written to {export_dataset}", markup=False)
    report = province_report(ds, province_id=DEMO_PROVINCE_ID, year=2023)
    _emit(report, fmt, lang, output)


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="Dataset file (.json or .xlsx).")]) -> None:
    """Validate a dataset; print every problem with its location (exit code 3 if any)."""
    ds = _load(path)
    counts = {k: v for k, v in ds.counts().items() if v}
    console.print(f"[green]valid[/]: {sum(counts.values())} records")
    for name, n in counts.items():
        console.print(f"  {name}: {n}")
    _print_not_reported(ds)


def _print_not_reported(ds: QmsDataset) -> None:
    """Warn about every agency or administrative unit that no province report counts."""
    not_reported = province_assignment(ds).not_reported
    if not_reported:
        console.print(f"[yellow]warning[/]: {len(not_reported)} record(s) in no province's report:")
    for item in not_reported:
        console.print(
            f"  - {item.record_type} {item.record_id}: {item.reason.message('en')}",
            markup=False,
            soft_wrap=True,
        )


@app.command()
def completeness(
    path: Annotated[Path, typer.Argument(help="Dataset file (.json or .xlsx).")],
    province: Annotated[
        str | None, typer.Option(help="Only this province's units (default: every unit).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.TABLE,
    lang: LangOpt = Lang.VI,
) -> None:
    """Recorded facts the law asks for that the dataset lacks, per unit, with the provision.

    Missing facts are not errors (exit code 0): no rule reads them, so no verdict depends on
    them; the list says what to add to the registry.
    """
    if fmt not in (Format.TABLE, Format.JSON):
        raise typer.BadParameter("completeness supports --format table or json")
    ds = _load(path)
    if province is not None:
        province = _province(ds, province)
    result = completeness_report(ds, province_id=province)
    if fmt is Format.JSON:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    vi = lang is Lang.VI
    if not result.missing:
        console.print("Không thiếu thông tin nào." if vi else "No missing facts.")
        return
    table = Table(title="Thông tin còn thiếu" if vi else "Missing facts")
    for head in (
        ("Đơn vị", "Unit"),
        ("Hồ sơ", "Record"),
        ("Thông tin còn thiếu", "Missing fact"),
        ("Căn cứ", "Legal basis"),
    ):
        table.add_column(head[0] if vi else head[1])
    for m in result.missing:
        table.add_row(
            Text(m.holder_name or ("(toàn bộ dữ liệu)" if vi else "(whole dataset)")),
            Text(f"{m.record_type} {m.record_id} · {m.field}"),
            Text(m.label(lang.value)),
            Text(m.citation.render(lang.value) if m.citation else "-"),
        )
    console.print(table)


@app.command("evaluate")
def evaluate_cmd(
    path: Annotated[Path, typer.Argument(help="Dataset file (.json or .xlsx).")],
    as_of: Annotated[
        str, typer.Option("--as-of", help="Evaluation date (YYYY-MM-DD or dd/mm/yyyy).")
    ],
    year: Annotated[
        int | None, typer.Option(help="Period year (default: the period containing --as-of).")
    ] = None,
    agency: Annotated[
        list[str] | None, typer.Option(help="Only these agency ids (repeatable).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.TABLE,
    lang: LangOpt = Lang.VI,
    output: OutputOpt = None,
    policy_file: PolicyOpt = None,
    period_kind: PeriodOpt = None,
) -> None:
    """Both verdicts for every unit, with reasons and legal citations."""
    day = _parse_date(as_of)
    _check_year(year)
    ds = _load(path)
    policy = _policy(policy_file, period_kind, None)
    try:
        ev = (
            evaluate(ds, as_of=day, year=year, policy=policy, agency_ids=agency)
            if agency
            else _evaluate(ds, as_of=day, year=year, policy=policy)
        )
    except UnknownRuleError as exc:
        _exit_unknown_rule(exc)
    except QmsError as exc:
        raise typer.BadParameter(str(exc)) from None
    except (ValueError, OverflowError) as exc:  # a date past 31/12/9999
        raise typer.BadParameter(f"the period cannot be computed: {exc}") from None
    if fmt is Format.JSON:
        text = ev.model_dump_json(indent=2) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)
        return
    if fmt is not Format.TABLE:
        raise typer.BadParameter("evaluate supports --format table or json")
    names = {a.id: a.name for a in ds.agencies}
    vi = lang is Lang.VI
    table = Table(
        title=(
            f"Kết quả đánh giá tại ngày {format_date(day)}"
            if vi
            else f"Evaluation as of {day.isoformat()}"
        )
    )
    table.add_column("Đơn vị" if vi else "Unit")
    table.add_column(VerdictKind.COMPLETED.label(lang.value))
    table.add_column(VerdictKind.ON_PLAN.label(lang.value))
    table.add_column("Lý do" if vi else "Reasons")
    by_unit: dict[str, dict[VerdictKind, Verdict]] = {}
    for v in ev.verdicts:
        by_unit.setdefault(v.agency_id, {})[v.kind] = v
    for agency_id, verdicts in by_unit.items():
        done, plan = verdicts[VerdictKind.COMPLETED], verdicts[VerdictKind.ON_PLAN]
        reasons = [
            r.message(lang.value) + (f" [{r.citation.render(lang.value)}]" if r.citation else "")
            for v in (done, plan)
            if v.status in (Status.NOT_MET, Status.NOT_YET_DUE)
            for r in v.reasons
        ]
        table.add_row(
            Text(names[agency_id]),
            Text(done.status.label(lang.value)),
            Text(plan.status.label(lang.value)),
            Text("\n".join(reasons)),
        )
    if output is not None:
        buffer = Console(width=160, record=True, file=io.StringIO())
        buffer.print(table)
        _write(output, buffer.export_text())
        return
    console.print(table)


@app.command()
def report(
    path: Annotated[Path, typer.Argument(help="Dataset file (.json or .xlsx).")],
    period: Annotated[int, typer.Option("--period", help="The report year, e.g. 2023.")],
    province: Annotated[
        str | None, typer.Option(help="Province id (needed when the dataset holds several).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Figures known at this date (default: end of the period)."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.VI,
    output: OutputOpt = None,
    policy_file: PolicyOpt = None,
    period_kind: PeriodOpt = None,
    rounding: RoundingOpt = None,
) -> None:
    """The province report for one year: every figure, the units behind it, the reasons."""
    _check_year(period)
    day = _parse_date(as_of) if as_of else None
    ds = _load(path)
    province_id = _province(ds, province)
    policy = _policy(policy_file, period_kind, rounding)
    try:
        period_def = policy.period_for(period, as_of=day)
        ev = _evaluate(ds, as_of=day or period_def.end, year=period, policy=policy)
        result = province_report(
            ds, province_id=province_id, year=period, as_of=day, policy=policy, evaluation=ev
        )
    except UnknownRuleError as exc:
        _exit_unknown_rule(exc)
    except (ValueError, OverflowError) as exc:  # a date past 31/12/9999
        raise typer.BadParameter(f"the period cannot be computed: {exc}") from None
    _emit(result, fmt, lang, output)


def _exit_unknown_rule(exc: UnknownRuleError) -> NoReturn:
    err.print(Text.assemble(("unknown rule", "bold red"), f": {exc}"))
    err.print("the rules are: " + ", ".join(sorted(STATUTORY_RULES)), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_INVALID_DATA)


@app.command()
def rollup(
    path: Annotated[Path, typer.Argument(help="Dataset file with several provinces.")],
    period: Annotated[int, typer.Option("--period", help="The report year.")],
    lang: LangOpt = Lang.VI,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="markdown or json.")
    ] = Format.MARKDOWN,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Figures known at this date.")
    ] = None,
    policy_file: PolicyOpt = None,
) -> None:
    """National rollup: one row per province, with totals."""
    if fmt not in (Format.MARKDOWN, Format.JSON):
        raise typer.BadParameter("rollup supports --format markdown or json")
    _check_year(period)
    day = _parse_date(as_of) if as_of else None
    ds = _load(path)
    result = national_rollup(ds, year=period, as_of=day, policy=_policy(policy_file, None, None))
    if fmt is Format.JSON:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_rollup_markdown(result, lang=lang.value))


@app.command()
def compare(
    path: Annotated[Path, typer.Argument(help="Dataset file (.json or .xlsx).")],
    period: Annotated[int, typer.Option("--period", help="The report year.")],
    province: Annotated[str | None, typer.Option(help="Province id.")] = None,
    lang: LangOpt = Lang.VI,
    policy_file: PolicyOpt = None,
) -> None:
    """What-if: the report's figures under calendar year vs reporting year, ceil vs floor.

    The three columns start from the policy file (or the default policy) and change only the
    period kind or the rounding.
    """
    _check_year(period)
    ds = _load(path)
    policies = {
        "calendar_year+ceil": _policy(policy_file, PeriodKind.CALENDAR_YEAR, Rounding.CEIL),
        "reporting_year+ceil": _policy(policy_file, PeriodKind.REPORTING_YEAR, Rounding.CEIL),
        "calendar_year+floor": _policy(policy_file, PeriodKind.CALENDAR_YEAR, Rounding.FLOOR),
    }
    result = compare_policies(
        ds, province_id=_province(ds, province), year=period, policies=policies
    )
    sys.stdout.write(render_comparison_markdown(result, lang=lang.value))


@app.command()
def schema(
    record: Annotated[
        str | None,
        typer.Option(help="A record type name (e.g. Agency); default: the whole dataset."),
    ] = None,
    policy: Annotated[
        bool, typer.Option("--policy", help="The schema of a policy file instead.")
    ] = False,
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of the dataset (or of one record type, or of a policy file)."""
    import vn_iso_qms

    if policy:
        model: type = Policy
    elif record is not None:
        model = getattr(vn_iso_qms, record, None)  # type: ignore[assignment]
        if not isinstance(model, type) or not hasattr(model, "model_json_schema"):
            raise typer.BadParameter(f"{record!r} is not a record type of vn_iso_qms")
    else:
        model = QmsDataset
    text = json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)


@app.command()
def rules(lang: LangOpt = Lang.VI) -> None:
    """List every rule: id, what it checks, legal source, policy knobs."""
    vi = lang is Lang.VI
    table = Table(title="Quy tắc" if vi else "Rules")
    for head in (
        "id",
        "R",
        "Nội dung" if vi else "Checks",
        "Căn cứ" if vi else "Legal basis",
        "Policy",
    ):
        table.add_column(head)
    for rule in STATUTORY_RULES.values():
        table.add_row(
            rule.id,
            rule.legal_ref,
            rule.title_vi if vi else rule.title_en,
            rule.citation.render(lang.value),
            ", ".join(rule.policy_fields),
        )
    console.print(table)


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the XLSX template.")],
    lang: LangOpt = Lang.VI,
) -> None:
    """Write the XLSX template analysts fill in (registry, QMS units, plan, activities, inspections)."""
    try:
        write_template(path, lang=lang.value)
    except OSError as exc:
        _exit_io(f"cannot write {path}: {exc.strerror}")
    err.print(f"template written to {path}", markup=False)


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="A filled XLSX workbook.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the dataset JSON.")
    ],
) -> None:
    """Import a filled XLSX workbook into a dataset JSON file (every error located by sheet, row, column)."""
    ds = _load(path)
    _write_bytes(output, dump_dataset(ds, indent=1))
    err.print(f"{sum(ds.counts().values())} records written to {output}", markup=False)


def main() -> None:
    """Entry point of the `vn-iso-qms` script."""
    app()
