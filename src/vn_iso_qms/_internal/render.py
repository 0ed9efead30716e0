"""Render a province report as Markdown, CSV, JSON or XLSX (Vietnamese by default, English on request).

Output is deterministic: the same report gives byte-identical text in every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping

from vn_iso_qms._internal.across_reform import SuccessorComparison
from vn_iso_qms._internal.errors import Problem, SpreadsheetExportError
from vn_iso_qms._internal.evaluation.reasons import format_date
from vn_iso_qms._internal.evaluation.status import RuleStatus
from vn_iso_qms._internal.files import atomic_write
from vn_iso_qms._internal.limits import ProblemList, quote
from vn_iso_qms._internal.ooxml import escape_xstring, workbook_bytes, xml_forbidden
from vn_iso_qms._internal.reporting import (
    Figure,
    NationalRollup,
    PolicyComparison,
    ProvinceReport,
    RollupRow,
    Shortfall,
)
from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY
from vn_iso_qms._internal.text import md_cell
from vn_iso_qms._internal.vocab_base import Language

_T: dict[str, tuple[str, str]] = {
    "title": (
        "Báo cáo kết quả áp dụng, duy trì và cải tiến HTQLCL năm {year}",
        "QMS application, maintenance and improvement report {year}",
    ),
    "period": (
        "Kỳ đánh giá: {start} - {end}; số liệu tại ngày {as_of}",
        "Period: {start} - {end}; figures as of {as_of}",
    ),
    "summary": ("Tổng hợp", "Summary"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "figure": ("Số liệu", "Figure"),
    "shortfalls": ("Đơn vị chưa đạt và lý do", "Shortfalls and reasons"),
    "none": ("Không có.", "None."),
    "no_inspection": (
        "Chưa có cuộc kiểm tra nào trong kỳ.",
        "No inspection in the period.",
    ),
    "calendar_gap": (
        "Lịch nghỉ chính thức của thư viện chưa có năm {years}: thời hạn rơi vào các năm này chỉ "
        "tính ngày nghỉ cuối tuần và ngày lễ cố định (bổ sung ngày nghỉ, ngày làm bù của năm "
        "vào chính sách: extra_holidays, extra_working_days).",
        "The library's official calendar does not hold {years}: deadlines in those years count "
        "only weekends and the fixed-date holidays (add the year's days off and make-up days to "
        "the policy: extra_holidays, extra_working_days).",
    ),
    "in_progress": (
        "Năm báo cáo chưa kết thúc: số liệu tính đến ngày {as_of}.",
        "The year is not over: figures as of {as_of}.",
    ),
    "inspections": ("Kết quả kiểm tra (báo cáo tháng 11)", "Inspection results (November report)"),
    "status": (
        "Tình hình xây dựng, áp dụng HTQLCL (báo cáo tháng 12, Phụ lục II)",
        "QMS status (December report, Annex II)",
    ),
    "duties": ("Nhiệm vụ của tỉnh", "Province duties"),
    "lists": ("Danh sách đơn vị theo chỉ tiêu", "Units behind each figure"),
    "unit": ("Đơn vị", "Unit"),
    "block": ("Khối", "Block"),
    "form": ("Hình thức", "Form"),
    "date": ("Ngày", "Date"),
    "result": ("Kết quả", "Result"),
    "findings": ("Tồn tại", "Issues"),
    "compliant": ("Đáp ứng", "Compliant"),
    "not_compliant": ("Chưa đáp ứng", "Not compliant"),
    "units": ("Số đơn vị", "Units"),
    "mandatory": ("Bắt buộc", "Mandatory"),
    "announced": ("Đã công bố", "Announced"),
    "iso2015": ("TCVN ISO 9001:2015", "TCVN ISO 9001:2015"),
    "eiso": ("ISO điện tử", "e-ISO"),
    "completed": ("Hoàn thành", "Completed"),
    "duty": ("Nhiệm vụ", "Duty"),
    "status_col": ("Tình trạng", "Status"),
    "basis": ("Căn cứ", "Legal basis"),
    "reasons": ("Lý do", "Reasons"),
}


def _t(key: str, lang: Language) -> str:
    vi, en = _T[key]
    return vi if lang == "vi" else en


MINIMUM_ON_SITE = "inspection.minimum_on_site"
"""The figure that is a requirement, not an achievement: shown as "required / done"."""


def _on_site_done(report: ProvinceReport) -> int | None:
    """On-site inspections counted by the coverage rule (the "done" of the 1/3 minimum)."""
    for result in report.province_results:
        if result.rule_id != "inspection_coverage":
            continue
        for reason in result.reasons:
            value = reason.params.get("on_site")
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return next((f.value for f in report.figures if f.key == "inspection.on_site"), None)


def figure_label(figure: Figure, lang: Language = "vi") -> str:
    """The label a person reads; the 1/3 minimum says that it is "required / done"."""
    if figure.key == MINIMUM_ON_SITE and figure.total is not None:
        if lang == "vi":
            return (
                f"Kiểm tra tại trụ sở: số tối thiểu phải kiểm tra (1/3 của {figure.total} "
                "đơn vị) / đã kiểm tra"
            )
        return f"On-site inspections: required minimum (1/3 of {figure.total} units) / done"
    return figure.label(lang)


def figure_text(report: ProvinceReport, figure: Figure, lang: Language = "vi") -> str:
    """The figure as a person reads it: `134/134 (100.0%)`, `165`, or `12 / 20` (required / done).

    In a year still in progress, units whose duties are not yet due are no failures: the text
    says how many there are (`4/19 (21.1%); 15 chưa đến hạn` / `...; 15 not yet due`).
    """
    if figure.key == MINIMUM_ON_SITE:
        done = _on_site_done(report)
        if done is not None:
            return f"{figure.value} / {done}"
    pending = sum(s.status is RuleStatus.NOT_YET_DUE for s in figure.shortfalls)
    if pending:
        label = "chưa đến hạn" if lang == "vi" else "not yet due"
        return f"{figure.text()}; {pending} {label}"
    return figure.text()


_md_cell = md_cell  # the name the renderers (and the output fuzzers) use


def grouped_shortfalls(report: ProvinceReport) -> list[tuple[list[Figure], Shortfall]]:
    """Each unit's shortfall once, with every figure it falls short in for the same reasons.

    The completed figures overlap (a department is in its level's figure, in all levels and in
    departments and districts): the same unit, status and reasons under three figures is one
    entry naming the three.
    """
    groups: dict[tuple[object, ...], tuple[list[Figure], Shortfall]] = {}
    for f in report.figures:
        for s in f.shortfalls:
            key = (s.unit.id, s.status, tuple((r.code, r.message("en")) for r in s.reasons))
            if key in groups:
                groups[key][0].append(f)
            else:
                groups[key] = ([f], s)
    return list(groups.values())


def period_line(report: ProvinceReport, lang: Language) -> str:
    """The period line ("Kỳ đánh giá: …; số liệu tại ngày …").

    With a note while the year runs, and one for years the official calendar does not hold.
    """
    p = report.period
    line = _t("period", lang).format(
        start=format_date(p.start, lang),
        end=format_date(p.end, lang),
        as_of=format_date(report.as_of, lang),
    )
    if report.as_of < p.end:
        line += " " + _t("in_progress", lang).format(as_of=format_date(report.as_of, lang))
    if report.calendar_gaps:  # never silently: issue 24 item 4
        years = ", ".join(str(y) for y in report.calendar_gaps)
        line += " " + _t("calendar_gap", lang).format(years=years)
    return line


def render_markdown(report: ProvinceReport, *, lang: Language = "vi", lists: bool = True) -> str:
    """The report as Markdown: summary table, shortfalls with reasons, inspections, status, duties.

    Args:
        report: the report.
        lang: `"vi"` (default) or `"en"`.
        lists: include the units behind every figure.

    Returns:
        Markdown text ending with a newline.
    """
    p = report.period
    out: list[str] = [
        f"# {_t('title', lang).format(year=p.year)} - {_md_cell(report.province_name)}",
        "",
        period_line(report, lang),
        "",
        f"## {_t('summary', lang)}",
        "",
        f"| {_t('indicator', lang)} | {_t('figure', lang)} |",
        "| --- | ---: |",
    ]
    out += [
        f"| {_md_cell(figure_label(f, lang))} | {figure_text(report, f, lang)} |"
        for f in report.figures
    ]
    out += ["", f"## {_t('shortfalls', lang)}", ""]
    shortfalls = grouped_shortfalls(report)
    if not shortfalls:
        out.append(_t("none", lang))
    for figures, s in shortfalls:
        labels = "; ".join(_md_cell(f.label(lang)) for f in figures)
        out.append(f"- **{_md_cell(s.unit.name)}** ({labels}; {s.status.label(lang)})")
        for r in s.reasons:
            cite = f" [{_md_cell(r.citation.render(lang))}]" if r.citation else ""
            out.append(f"    - {_md_cell(r.message(lang))}{cite}")
    out += ["", f"## {_t('inspections', lang)}", ""]
    if not report.inspections:
        out.append(_t("no_inspection", lang))
    else:
        out += [
            f"| {_t('unit', lang)} | {_t('block', lang)} | {_t('form', lang)} | {_t('date', lang)} | {_t('result', lang)} | {_t('findings', lang)} |",
            "| --- | --- | --- | --- | --- | ---: |",
        ]
    for ln in report.inspections:
        result = _t("compliant" if ln.compliant else "not_compliant", lang)
        out.append(
            f"| {_md_cell(ln.unit.name)} | {ln.block.label(lang)} | {ln.form.label(lang)} | "
            f"{format_date(ln.inspected_on, lang)} | {result} | {ln.findings} |"
        )
    out += ["", f"## {_t('status', lang)}", ""]
    heads = ("block", "units", "mandatory", "announced", "iso2015", "eiso", "completed")
    out.append("| " + " | ".join(_t(h, lang) for h in heads) + " |")
    out.append("| --- |" + " ---: |" * (len(heads) - 1))
    for row in report.status_rows:
        out.append(
            f"| {row.block.label(lang)} | {row.total} | {row.mandatory} | {row.announced} | "
            f"{row.on_iso_2015} | {row.eiso} | {row.completed} |"
        )
    out += ["", f"## {_t('duties', lang)}", ""]
    out.append(
        f"| {_t('duty', lang)} | {_t('status_col', lang)} | {_t('basis', lang)} | {_t('reasons', lang)} |"
    )
    out.append("| --- | --- | --- | --- |")
    for res in report.province_results:
        title = res.title(lang)
        reasons = "; ".join(x.message(lang) for x in res.reasons)
        out.append(
            f"| {_md_cell(title)} | {res.status.label(lang)} | {res.citation.render(lang)} | {_md_cell(reasons)} |"
        )
    if lists:
        out += ["", f"## {_t('lists', lang)}", ""]
        for f in report.figures:
            if not f.units:
                continue
            out.append(f"### {figure_label(f, lang)} ({figure_text(report, f, lang)})")
            out.append("")
            out += [
                # ids match [A-Za-z0-9._:-]: safe inside a code span
                f"{i}. {_md_cell(u.name)} (`{u.id}`)"
                for i, u in enumerate(f.units, start=1)
            ]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet program read a CSV field as a formula (OWASP)."""

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def neutralise_csv_field(value: str) -> str:
    """A CSV field that no spreadsheet program runs as a formula (OWASP's recommendation).

    A field starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading apostrophe, which
    spreadsheet programs show as text and hide; a plain number (`-5`, `12.5`) is left alone.
    A field that already starts with an apostrophe gets one more, so that
    `restore_csv_field` gives back exactly the original. The CSV quoting itself (fields with a
    comma, quote, CR or LF are quoted) is the csv module's.

    Examples:
        >>> neutralise_csv_field("=1+1")
        "'=1+1"
        >>> neutralise_csv_field("-5"), neutralise_csv_field("Sở Tư pháp")
        ('-5', 'Sở Tư pháp')
    """
    if value.startswith(CSV_FORMULA_PREFIXES) and not _NUMBER.fullmatch(value):
        return "'" + value
    if value.startswith("'") and value[1:].startswith((*CSV_FORMULA_PREFIXES, "'")):
        return "'" + value
    return value


def restore_csv_field(value: str) -> str:
    """The original of a field written by `neutralise_csv_field` (its exact inverse).

    Examples:
        >>> restore_csv_field("'=1+1"), restore_csv_field("''=x"), restore_csv_field("'tên")
        ('=1+1', "'=x", "'tên")
    """
    if value.startswith("'") and value[1:].startswith((*CSV_FORMULA_PREFIXES, "'")):
        return value[1:]
    return value


def _csv(rows: Iterator[list[str]] | list[list[str]]) -> str:
    buf = io.StringIO()
    # QUOTE_MINIMAL quotes a field holding the delimiter, the quote or a character of the line
    # terminator; with "\n" alone a CR would stay bare and split the row in most readers, so
    # such fields are quoted here explicitly.
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        safe = [neutralise_csv_field(v) for v in row]
        if any("\r" in v for v in safe):
            quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
            quoted.writerow(safe)
        else:
            writer.writerow(safe)
    return buf.getvalue()


def render_csv(report: ProvinceReport, *, lang: Language = "vi") -> str:
    """The report as CSV: one row per figure and per unit behind it.

    Columns: figure key, label, value, total, percent, unit id, unit name, unit status. Each
    figure has one summary row (empty unit columns), then one row per counted unit (status
    `counted`) and per shortfall (its status code).

    Args:
        report: the report.
        lang: language of the labels.

    Every text field is neutralised against spreadsheet formula injection
    (`neutralise_csv_field`: a leading apostrophe before `=`, `+`, `-`, `@`, TAB or CR;
    reversed exactly by `restore_csv_field`), and every field holding a comma, quote, CR or LF
    is quoted.

    Returns:
        CSV text (UTF-8 when written; no BOM).
    """

    def rows() -> Iterator[list[str]]:
        yield [
            "figure",
            "label",
            "value",
            "total",
            "percent",
            "unit_id",
            "unit_name",
            "unit_status",
        ]
        for f in report.figures:
            pct = "" if f.percent is None else f"{f.percent:.1f}"
            total = "" if f.total is None else str(f.total)
            yield [f.key, f.label(lang), str(f.value), total, pct, "", "", ""]
            for u in f.units:
                yield [f.key, f.label(lang), "", "", "", u.id, u.name, "counted"]
            for s in f.shortfalls:
                yield [f.key, f.label(lang), "", "", "", s.unit.id, s.unit.name, s.status.value]

    return _csv(rows())


def render_json(report: ProvinceReport, *, indent: int | None = 2) -> str:
    """The whole report as JSON (every figure, unit, reason and citation)."""
    return report.model_dump_json(indent=indent) + "\n"


def render_rollup_markdown(rollup: NationalRollup, *, lang: Language = "vi") -> str:
    """A national rollup as a Markdown table, one row per province plus the totals."""
    heads_vi = (
        "Tỉnh",
        "Danh sách",
        "Kết thúc",
        "Áp dụng",
        "Hoàn thành (các cấp)",
        "Đúng kế hoạch",
        "ISO điện tử",
        "Kiểm tra tại trụ sở",
    )
    heads_en = (
        "Province",
        "Registry",
        "Ended",
        "Applying",
        "Completed (levels)",
        "On plan",
        "e-ISO",
        "On-site",
    )
    heads = heads_vi if lang == "vi" else heads_en
    out = ["| " + " | ".join(heads) + " |", "| --- |" + " ---: |" * (len(heads) - 1)]

    # a name two provinces share (an old province and its successor, across the 2025 reform)
    # is told apart by the id
    names = Counter(r.province_name for r in rollup.rows)

    def line(r: RollupRow, name: str) -> str:
        return (
            f"| {_md_cell(name)} | {r.registry} | {r.ended} | {r.announced} | "
            f"{r.completed}/{r.level_units} | {r.on_plan}/{r.plan_units} | {r.eiso} | {r.on_site} |"
        )

    out += [
        line(
            r,
            r.province_name
            if names[r.province_name] == 1
            else f"{r.province_name} ({r.province_id})",
        )
        for r in rollup.rows
    ]
    total = line(rollup.total, "Tổng cộng" if lang == "vi" else "Total")
    out.append(total.replace("| ", "| **", 1).replace(" |", "** |", 1))
    return "\n".join(out) + "\n"


def render_comparison_markdown(comparison: PolicyComparison, *, lang: Language = "vi") -> str:
    """A what-if comparison as a Markdown table: one column per policy."""
    labels = comparison.labels_vi if lang == "vi" else comparison.labels_en
    out = [
        f"| {_t('indicator', lang)} | " + " | ".join(_md_cell(n) for n in comparison.names) + " |",
        "| --- |" + " ---: |" * len(comparison.names),
    ]
    done = (
        comparison.values[comparison.keys.index("inspection.on_site")]
        if "inspection.on_site" in comparison.keys
        else None
    )
    for key, label, values in zip(comparison.keys, labels, comparison.values, strict=True):
        m = _SHARE.fullmatch(values[0]) if values else None
        shown_label, shown = label, values
        if key == MINIMUM_ON_SITE and done is not None and m is not None:
            # a requirement beside what was done, not a share that reads as an achievement
            shown_label = figure_label(
                Figure(key=key, label_vi=label, label_en=label, value=0, total=int(m[2])), lang
            )
            shown = tuple(
                f"{share[1]} / {d}" if (share := _SHARE.fullmatch(v)) else v
                for v, d in zip(values, done, strict=True)
            )
        out.append(f"| {_md_cell(shown_label)} | " + " | ".join(shown) + " |")
    return "\n".join(out) + "\n"


_SHARE = re.compile(r"(\d+)/(\d+)(?: \([\d.]+%\))?")


def write_report_xlsx(
    report: ProvinceReport, path: str | os.PathLike[str], *, lang: Language = "vi"
) -> None:
    """Write the report as an XLSX workbook (needs the `xlsx` extra).

    Sheets: the report (title, period, the day of the figures), summary, units behind each
    figure, shortfalls with reasons and citations, inspections, the December status rows, the
    province duties, and the recorded facts the law asks for that are missing (the
    completeness report). Every header is in `lang`; the
    stable codes tools need (figure key, unit id, reason code, rule id) are in the trailing
    columns. Dates are real dates; text is written as text (never as a formula). The file
    carries no clock: its created/modified properties are the report's `as_of`, so the same
    report gives the same bytes whenever it is written.

    Args:
        report: the report.
        path: where to write the `.xlsx` file (atomically: a temporary file, then a rename).
        lang: language of headings and labels.

    Raises:
        SpreadsheetExportError: a text holds a character XML forbids (a C0 control other than
            TAB/LF/CR, a lone surrogate, U+FFFE or U+FFFF); each is located by sheet, row and
            column, and nothing is written.
        MissingExtraError: openpyxl is not installed (the `xlsx` extra).
    """
    atomic_write(path, report_xlsx_bytes(report, lang=lang))


_X: dict[str, tuple[str, str]] = {
    "figure_code": ("Mã chỉ tiêu", "Figure code"),
    "value": ("Giá trị", "Value"),
    "total": ("Tổng số", "Total"),
    "percent": ("Tỷ lệ (%)", "Percent"),
    "unit_id": ("Mã định danh đơn vị", "Unit id"),
    "reason_code": ("Mã lý do", "Reason code"),
    "inspection_id": ("Mã định danh cuộc kiểm tra", "Inspection id"),
    "rule_id": ("Mã quy tắc", "Rule id"),
}


def _x(key: str, lang: Language) -> str:
    vi, en = _X[key]
    return vi if lang == "vi" else en


def report_xlsx_bytes(report: ProvinceReport, *, lang: Language = "vi") -> bytes:
    """The bytes of the report workbook `write_report_xlsx` writes (see there)."""
    from vn_iso_qms._internal.spreadsheet.guard import require_openpyxl

    require_openpyxl(reading=False)  # MissingExtraError naming the extra when it is absent
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.cell import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    problems: list[Problem] = ProblemList()

    def sheet(title: str, header: list[str], rows: list[list[object]]) -> None:
        ws = wb.create_sheet(title=title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                bad = xml_forbidden(value) if isinstance(value, str) else None
                if bad is not None:
                    problems.append(
                        Problem(
                            record_type=title,
                            field=header[c - 1],
                            index=r,
                            code="unexpressible",
                            message=(
                                f"cell {get_column_letter(c)}{r}: {quote(value)} contains the "
                                f"character U+{ord(bad[1]):04X} (at {bad[0]}), which a worksheet "
                                "cannot hold"
                            ),
                        )
                    )
            ws.append([_safe(v) for v in row])
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 80)
        ws.freeze_panes = "A2"

    wb.remove(wb.active)  # type: ignore[arg-type]
    p = report.period
    sheet(
        _sheet("report", lang),
        [f"{_t('title', lang).format(year=p.year)} - {report.province_name}"],
        [[period_line(report, lang)]],
    )
    sheet(
        _sheet("summary", lang),
        [
            _t("indicator", lang),
            _t("figure", lang),
            _x("value", lang),
            _x("total", lang),
            _x("percent", lang),
            _x("figure_code", lang),
        ],
        [
            [
                figure_label(f, lang),
                figure_text(report, f, lang),
                f.value,
                f.total,
                f.percent,
                f.key,
            ]
            for f in report.figures
        ],
    )
    sheet(
        _sheet("lists", lang),
        [_t("indicator", lang), _t("unit", lang), _x("figure_code", lang), _x("unit_id", lang)],
        [[figure_label(f, lang), u.name, f.key, u.id] for f in report.figures for u in f.units],
    )
    sheet(
        _sheet("shortfalls", lang),
        [
            _t("indicator", lang),
            _t("unit", lang),
            _t("status_col", lang),
            _t("reasons", lang),
            _t("basis", lang),
            _x("figure_code", lang),
            _x("unit_id", lang),
            _x("reason_code", lang),
        ],
        [
            [
                "; ".join(figure_label(f, lang) for f in figures),
                s.unit.name,
                s.status.label(lang),
                r.message(lang),
                r.citation.render(lang) if r.citation else "",
                "; ".join(f.key for f in figures),
                s.unit.id,
                r.code,
            ]
            for figures, s in grouped_shortfalls(report)
            for r in s.reasons
        ],
    )
    sheet(
        _sheet("inspections", lang),
        [
            _t("unit", lang),
            _t("block", lang),
            _t("form", lang),
            _t("date", lang),
            _t("result", lang),
            _t("findings", lang),
            _x("inspection_id", lang),
        ],
        [
            [
                ln.unit.name,
                ln.block.label(lang),
                ln.form.label(lang),
                ln.inspected_on,
                _t("compliant" if ln.compliant else "not_compliant", lang),
                ln.findings,
                ln.inspection_id,
            ]
            for ln in report.inspections
        ]
        or [[_t("no_inspection", lang)]],
    )
    sheet(
        _sheet("status", lang),
        [
            _t(h, lang)
            for h in ("block", "units", "mandatory", "announced", "iso2015", "eiso", "completed")
        ],
        [
            [
                r.block.label(lang),
                r.total,
                r.mandatory,
                r.announced,
                r.on_iso_2015,
                r.eiso,
                r.completed,
            ]
            for r in report.status_rows
        ],
    )
    sheet(
        _sheet("duties", lang),
        [
            _t("duty", lang),
            _t("status_col", lang),
            _t("basis", lang),
            _t("reasons", lang),
            _x("rule_id", lang),
        ],
        [
            [
                r.title(lang),
                r.status.label(lang),
                r.citation.render(lang),
                "; ".join(x.message(lang) for x in r.reasons),
                r.rule_id,
            ]
            for r in report.province_results
        ],
    )
    sheet(*_completeness_sheet(report, lang))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if hasattr(cell.value, "year"):
                    cell.number_format = "DD/MM/YYYY"
    if problems:
        raise SpreadsheetExportError(problems, summary="cannot write the report workbook")
    as_of = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC)
    return workbook_bytes(wb, as_of)


_SHEETS: dict[str, tuple[str, str]] = {
    # spreadsheet programs limit sheet names to 31 characters
    "report": ("Báo cáo", "Report"),
    "summary": ("Tổng hợp", "Summary"),
    "lists": ("Danh sách đơn vị", "Units"),
    "shortfalls": ("Chưa đạt", "Shortfalls"),
    "inspections": ("Kết quả kiểm tra", "Inspections"),
    "status": ("Phụ lục II", "Annex II"),
    "duties": ("Nhiệm vụ của tỉnh", "Province duties"),
}


def _sheet(key: str, lang: Language) -> str:
    vi, en = _SHEETS[key]
    return vi if lang == "vi" else en


def _safe(value: object) -> object:
    """Cell text as spreadsheet programs will show it: never a formula, `_xHHHH_` kept literal."""
    if not isinstance(value, str):
        return value
    if value[:1] in ("=", "+", "-", "@"):
        value = "'" + value
    return escape_xstring(value)


def _completeness_sheet(
    report: ProvinceReport, lang: Language
) -> tuple[str, list[str], list[list[object]]]:
    """The completeness sheet: per unit, the recorded facts the law asks for that are missing.

    Returns (sheet name, header, rows): one row per missing fact, with its provision; the codes
    tools need (unit id, record type and id, field) in the trailing columns.
    """
    vi = lang == "vi"
    title = "Thiếu thông tin" if vi else "Missing facts"
    header = (
        [
            "Đơn vị",
            "Thông tin còn thiếu",
            "Căn cứ",
            "Ảnh hưởng kết quả",
            "Ghi vào trang tính",
            "Cột",
            "Mã đơn vị",
            "Mã loại hồ sơ",
            "Mã hồ sơ",
            "Mã trường",
        ]
        if vi
        else [
            "Unit",
            "Missing fact",
            "Legal basis",
            "Decides a verdict",
            "Record on sheet",
            "Column",
            "Unit id",
            "Record type",
            "Record id",
            "Field",
        ]
    )
    rows: list[list[object]] = []
    for m in report.missing_facts:
        sheet, column = where_to_record(m.sheet, m.column, lang)
        rows.append(
            [
                m.holder_name or "",
                m.label(lang),
                m.citation.render(lang) if m.citation else "",
                ("Có" if vi else "Yes") if m.decides else "",
                sheet,
                column,
                m.holder_id or "",
                m.record_type,
                m.record_id,
                m.field,
            ]
        )
    return title, header, rows


def where_to_record(
    sheet_key: str | None, column_key: str | None, lang: Language
) -> tuple[str, str]:
    """The workbook sheet and column titles (in `lang`) of a missing fact's machine keys."""
    sheet = SHEET_BY_KEY.get(sheet_key) if sheet_key is not None else None
    if sheet is None:
        return sheet_key or "", column_key or ""
    column = sheet.column(column_key) if column_key is not None else None
    title = column.en if column is not None and lang != "vi" else column.vi if column else ""
    return sheet.title(lang), title or (column_key or "")


# --- the comparison across the 2025 reform (vn-iso-qms rollup --compare-to) ------------------

_REFORM_HEADS = {
    "vi": (
        "Tỉnh (sau sắp xếp)",
        "Tỉnh trước sắp xếp",
        "Danh sách",
        "Áp dụng",
        "Hoàn thành (các cấp)",
        "Đúng kế hoạch",
        "ISO điện tử",
        "Kiểm tra tại trụ sở",
    ),
    "en": (
        "Province (after)",
        "Provinces before",
        "Registry",
        "Applying",
        "Completed (levels)",
        "On plan",
        "e-ISO",
        "On-site",
    ),
}


def render_reform_comparison_markdown(
    rows: tuple[SuccessorComparison, ...],
    *,
    lang: Language = "vi",
    names: Mapping[str, str] | None = None,
) -> str:
    """The comparison as a Markdown table: each figure "before → after", then the totals.

    Used by `vn-iso-qms rollup --compare-to`; "—" where the successor has no row of its own.
    `names` gives the earlier provinces' names by id (default: their ids).
    """
    names = names or {}

    def pair(before: str, after: str | None) -> str:
        return f"{before} → {after if after is not None else '—'}"

    def cells(b: RollupRow, a: RollupRow | None) -> list[str]:
        return [
            pair(str(b.registry), None if a is None else str(a.registry)),
            pair(str(b.announced), None if a is None else str(a.announced)),
            pair(
                f"{b.completed}/{b.level_units}",
                None if a is None else f"{a.completed}/{a.level_units}",
            ),
            pair(
                f"{b.on_plan}/{b.plan_units}", None if a is None else f"{a.on_plan}/{a.plan_units}"
            ),
            pair(str(b.eiso), None if a is None else str(a.eiso)),
            pair(str(b.on_site), None if a is None else str(a.on_site)),
        ]

    heads = _REFORM_HEADS["vi" if lang == "vi" else "en"]
    out = ["| " + " | ".join(heads) + " |", "| --- | --- |" + " ---: |" * (len(heads) - 2)]
    for row in rows:
        before = ", ".join(names.get(i, i) for i in row.predecessor_ids) or "—"
        line = [_md_cell(row.province_name), _md_cell(before), *cells(row.before, row.after)]
        out.append("| " + " | ".join(line) + " |")
    afters = [r.after for r in rows if r.after is not None]

    label = "Tổng cộng" if lang == "vi" else "Total"
    sums = cells(
        RollupRow.summed((r.before for r in rows), province_id="*", province_name="*"),
        RollupRow.summed(afters, province_id="*", province_name="*"),
    )
    out.append(f"| **{label}** | | " + " | ".join(sums) + " |")
    return "\n".join(out) + "\n"
