"""MkDocs hook: tables generated from the installed package, so the site always matches the code.

Markers (HTML comments, invisible if the hook does not run) and what replaces them:

- `<!-- labels: EnumName -->` on its own line: the codes, Vietnamese and English labels and the
  legal source of a public vocabulary (read from the imported enum, whose members carry their
  labels).
- `<!-- rules-table -->` on its own line: every rule of `vn_iso_qms.rules.STATUTORY_RULES`, in
  report order, with its id, legal reference, scope, titles, citation, policy fields and function.
- `<!-- rules: R10 -->` anywhere in a line (e.g. a table cell): links to the statutory rules whose
  `legal_ref` names that rule of the legal reference, or "—" when none does.
- `<!-- rules-detail -->` on its own line: a section per scope (agency, province) with a section
  per statutory rule (heading anchored at the rule id): titles, scope, basis (law, documented
  reading, good practice), what the unit must have before it runs (`requires`), legal source,
  the days it is in force (its own dates and its instrument's in `LEGAL_BASIS`), function,
  whether the default policy's `completed_rules` includes it, the policy fields it reads with
  their defaults, and the docstring of its function (`rule.function.__doc__`: a `Rule` is a
  value, not a function).
- `<!-- policy-table -->` on its own line: every field of `Policy`, its default, its documented
  meaning and the rules (or verdicts) that read it.
- `<!-- reason-codes -->` on its own line: every `vn_iso_qms.ReasonCode` of the reason catalogue,
  in catalogue order, with its code, its parameters (type, and whether optional) and its
  Vietnamese and English templates (escaped, so that `[...]`, `{...}`, `|` and `*` show as typed).
- `<!-- legal-instruments -->` on its own line: every row of `vn_iso_qms.rules.LEGAL_BASIS`: name,
  kind, title in Vietnamese and English, issuer, day signed, in force from, in force to, replaced
  by (and amended by), and the note on the dates.
- `<!-- include-optional: path/to/file.md -->` on its own line: the file (path relative to the
  repository root) without its level-1 heading, or a note when the file does not exist yet.

An unknown name is a warning, which fails `mkdocs build --strict`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import posixpath
import re
from enum import Enum
from pathlib import Path
from typing import Any

import vn_iso_qms
import vn_iso_qms.admin_units
import vn_iso_qms.reports
import vn_iso_qms.rules
import vn_iso_qms.spreadsheet
import vn_iso_qms.types
from vn_iso_qms import ReasonCode
from vn_iso_qms.rules import LEGAL_BASIS, STATUTORY_RULES, Rule, RuleScope

log = logging.getLogger("mkdocs.hooks.labels")

LABELS = re.compile(r"^<!-- labels: (?P<name>[A-Za-z_][A-Za-z0-9_]*) -->[ \t]*$", re.MULTILINE)
"""A labels marker line; the table replaces it."""
RULES_TABLE = re.compile(r"^<!-- rules-table -->[ \t]*$", re.MULTILINE)
"""The rules-table marker line."""
RULES_FOR = re.compile(r"<!-- rules: (?P<ref>R\d+) -->")
"""An inline marker for the rules that check one rule of the legal reference."""
RULES_DETAIL = re.compile(r"^<!-- rules-detail -->[ \t]*$", re.MULTILINE)
"""The marker line for one section per rule."""
POLICY_TABLE = re.compile(r"^<!-- policy-table -->[ \t]*$", re.MULTILINE)
"""The marker line for the table of policy fields."""
REASON_CODES = re.compile(r"^<!-- reason-codes -->[ \t]*$", re.MULTILINE)
"""The marker line for the table of the reason catalogue."""
LEGAL_INSTRUMENTS = re.compile(r"^<!-- legal-instruments -->[ \t]*$", re.MULTILINE)
"""The marker line for the table of legal instruments."""
WORKBOOK_SHEETS = re.compile(r"^<!-- workbook-sheets: (?P<lang>vi|en) -->[ \t]*$", re.MULTILINE)
"""The marker line for every sheet of the workbook and its columns, from the layout."""
INCLUDE_OPTIONAL = re.compile(r"^<!-- include-optional: (?P<path>\S+) -->[ \t]*$", re.MULTILINE)
"""The marker line for a file that may not exist yet."""

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (include-optional paths are relative to it)."""
READ_BY_VERDICTS = {
    "completed_rules": "the *completed* verdict ([`completed`][vn_iso_qms.rules.completed])",
    "grace_days": "the *on plan* verdict ([`on_plan`][vn_iso_qms.rules.on_plan])",
}
"""Policy fields read by a verdict rather than by a statutory rule."""

RULES_PAGE = "reference/rules.md"
"""The page that holds the rules table (link target of inline rule markers)."""
LEGAL_BASIS_PAGE = "explanation/legal-basis.md"
"""The page whose tables list the rules R1-R31 of the legal reference and the instruments."""
INSTRUMENTS_ANCHOR = "instruments-in-force"
"""The anchor of the instruments table on the legal-basis page."""
NAMESPACES = (
    vn_iso_qms,
    vn_iso_qms.rules,
    vn_iso_qms.reports,
    vn_iso_qms.admin_units,
    vn_iso_qms.spreadsheet,
    vn_iso_qms.types,
)
"""The public rooms whose names the markers may use (the package door first)."""

_MARKDOWN_SENSITIVE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "*": "&#42;",
    "_": "&#95;",
    "`": "&#96;",
    "\\": "&#92;",
    "\n": " ",
}
_ESCAPE = str.maketrans(_MARKDOWN_SENSITIVE)
_FIELD = re.compile(r"\{[^{}]*\}")
_OPTIONAL_PART = re.compile(r"\[([^\[\]]*)\]")


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def escape(text: str) -> str:
    """`text` as literal characters in a Markdown table cell: HTML entities for `|`, `[`, `{`..."""
    return text.translate(_ESCAPE)


def _public(name: str) -> Any:
    for namespace in NAMESPACES:
        if name in namespace.__all__:
            return getattr(namespace, name)
    return None


def _date(day: dt.date | None) -> str:
    return "—" if day is None else f"{day:%d/%m/%Y}"


def labels_table(name: str) -> str | None:
    """The Markdown block for vocabulary `name`, or None when it is not a public vocabulary."""
    enum = _public(name)
    if not (
        isinstance(enum, type)
        and issubclass(enum, vn_iso_qms.LabelledEnum)
        and enum is not vn_iso_qms.LabelledEnum
    ):
        return None
    lines = [
        f'???+ abstract "`{name}`: codes and labels"',
        "",
        "    | Code | Tiếng Việt | English |",
        "    | --- | --- | --- |",
    ]
    lines.extend(
        f"    | `{member.value}` | {_cell(member.label_vi)} | {_cell(member.label_en)} |"
        for member in enum
    )
    lines += ["", f"    Legal source: {_cell(enum.legal_source())}", ""]
    return "\n".join(lines)


def _anchor(rule_id: str) -> str:
    return f"rule-{rule_id}"


def _function(rule: Rule) -> str:
    """The rule's public name in `vn_iso_qms.rules`, linked, or its function's name."""
    name = rule.function.__name__
    if name in vn_iso_qms.rules.__all__ and getattr(vn_iso_qms.rules, name) is rule:
        return f"[`{name}`][vn_iso_qms.rules.{name}]"
    return f"`{name}`"


def rules_table() -> str:
    """Every statutory rule, in report order."""
    lines = [
        "| Rule | Legal ref. | Scope | Checks (English / Tiếng Việt) | Source | Policy fields |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in STATUTORY_RULES.values():
        fields = ", ".join(f"`{f}`" for f in rule.policy_fields) or "—"
        lines.append(
            f'| <span id="{_anchor(rule.id)}"></span>`{rule.id}`<br>{_function(rule)} '
            f"| {_cell(rule.legal_ref)} | {rule.scope.value} "
            f"| {_cell(rule.title_en)}<br>*{_cell(rule.title_vi)}* "
            f"| {_cell(rule.citation.render('en'))} | {fields} |"
        )
    return "\n".join(lines) + "\n"


def rules_for(ref: str, page_uri: str) -> str:
    """Links (relative to `page_uri`) to the rules whose legal reference includes `ref`."""
    target = posixpath.relpath(RULES_PAGE, posixpath.dirname(page_uri) or ".")
    ids = [
        rule.id for rule in STATUTORY_RULES.values() if ref in re.split(r"[,\s]+", rule.legal_ref)
    ]
    if not ids:
        return "—"
    return ", ".join(f"[`{i}`]({target}#{_anchor(i)})" for i in ids)


def _default(value: Any) -> str:
    """A policy default as people would type it in a policy file."""
    if value is None:
        return "`None`"
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, tuple):
        return "<br>".join(f"`{_default(v).strip('`')}`" for v in value) if value else "`[]`"
    return f"`{value}`"


def _policy_default(name: str) -> str:
    return _default(getattr(vn_iso_qms.DEFAULT_POLICY, name))


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "no dates of its own"
    if end is None:
        return f"from {_date(start)}"
    if start is None:
        return f"until {_date(end)}"
    return f"from {_date(start)} until {_date(end)}"


def in_force(rule: Rule, legal_basis: str) -> str:
    """The days a rule applies: its own dates, and its instrument's in `LEGAL_BASIS`."""
    name = rule.citation.instrument
    own = _span(rule.in_force_from, rule.in_force_to)
    instrument = LEGAL_BASIS.get(name)
    if instrument is None:
        of_law = f"{_cell(name)} is not in `LEGAL_BASIS` (always in force)"
    elif instrument.in_force_from is None:
        of_law = f"{_cell(name)}: not in force yet (no date)"
    else:
        dates = _span(instrument.in_force_from, instrument.in_force_to)
        of_law = f"{_cell(name)} {dates}"
    return f"the rule: {own}; [its instrument]({legal_basis}#{INSTRUMENTS_ANCHOR}): {of_law}"


def _lower_first(label: str) -> str:
    """A label inside a sentence ("An announced QMS" -> "an announced QMS")."""
    return label[:1].lower() + label[1:]


def rules_detail(page_uri: str) -> str:
    """One section per statutory rule: agency rules, then province rules, in report order."""
    legal_basis = posixpath.relpath(LEGAL_BASIS_PAGE, posixpath.dirname(page_uri) or ".")
    completed = set(vn_iso_qms.DEFAULT_POLICY.completed_rules)
    province = RuleScope.PROVINCE
    out: list[str] = []
    scope = None
    for rule in sorted(STATUTORY_RULES.values(), key=lambda r: r.scope is province):
        if rule.scope is not scope:
            scope = rule.scope
            out += [f"## {scope.label_en} rules", ""]
        knobs = (
            ", ".join(f"`{f}` (default {_policy_default(f)})" for f in rule.policy_fields)
            if rule.policy_fields
            else "none"
        )
        if rule.scope is province:
            in_completed = "no (a duty of the province, reported with the province report)"
            requires = "— (a province rule runs for every province evaluated)"
        else:
            in_completed = "**yes**" if rule.id in completed else "no (reported on its own)"
            requires = f"`{rule.requires.value}`: {_lower_first(rule.requires.label_en)}"
        doc = inspect.cleandoc(rule.function.__doc__ or "")
        out += [
            f"### `{rule.id}` {{ #{rule.id} }}",
            "",
            f"{_cell(rule.title_en)}. *{_cell(rule.title_vi)}.*",
            "",
            "| | |",
            "| --- | --- |",
            f"| Scope | {rule.scope.value}: evaluated for each {rule.scope.label_en.lower()} |",
            f"| Basis | `{rule.basis.value}`: {_lower_first(rule.basis.label_en)} "
            f"([the three bases]({legal_basis}#law-reading-or-good-practice)) |",
            f"| Requires | {requires} |",
            f"| Legal source | {_cell(rule.citation.render('en'))} "
            f"([{_cell(rule.legal_ref)}]({legal_basis}#the-rules)) |",
            f"| In force | {in_force(rule, legal_basis)} |",
            f"| Function | {_function(rule)} |",
            f"| Part of *completed* (default policy) | {in_completed} |",
            f"| Policy fields it reads | {knobs} |",
            "",
            doc,
            "",
        ]
    return "\n".join(out)


def policy_table() -> str:
    """Every field of `Policy`: default, meaning and who reads it."""
    readers: dict[str, list[str]] = {}
    for rule in STATUTORY_RULES.values():
        for name in rule.policy_fields:
            readers.setdefault(name, []).append(f"[`{rule.id}`](#{rule.id})")
    lines = [
        "| Field | Default | Meaning | Read by |",
        "| --- | --- | --- | --- |",
    ]
    for name, info in vn_iso_qms.Policy.model_fields.items():
        read_by = readers.get(name, [])
        if name in READ_BY_VERDICTS:
            read_by = [READ_BY_VERDICTS[name], *read_by]
        lines.append(
            f'| <span id="policy-{name}"></span>`{name}` | {_policy_default(name)} '
            f"| {_cell(info.description or '')} | {', '.join(read_by) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def template(text: str) -> str:
    """A reason template for a table cell: literal text, each `{field}` shown as code."""
    out: list[str] = []
    last = 0
    for m in _FIELD.finditer(text):
        out += [escape(text[last : m.start()]), f"<code>{escape(m[0])}</code>"]
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _optional(code: ReasonCode) -> set[str]:
    """Parameters that appear only inside optional `[...]` parts (left out when empty)."""
    outside = {
        name
        for text in (code.vi.text, code.en.text)
        for name in re.findall(r"\{(\w+)", _OPTIONAL_PART.sub("", text))
    }
    return set(code.params) - outside


def _parameters(code: ReasonCode) -> str:
    if not code.params:
        return "—"
    types = {**code.en.fields, **code.vi.fields}
    optional = _optional(code)
    shown = []
    for name in sorted(code.params):
        kind = f": {types[name]}" if types.get(name) else ""
        extra = " (optional)" if name in optional else ""
        shown.append(f"<code>{escape(name + kind)}</code>{extra}")
    return "<br>".join(shown)


def reason_codes_table() -> str:
    """Every code of the reason catalogue: parameters and both templates."""
    lines = [
        "| Code | Parameters | Tiếng Việt | English |",
        "| --- | --- | --- | --- |",
    ]
    lines.extend(
        f'| <span id="{code.value}"></span>`{code.value}` | {_parameters(code)} '
        f"| {template(code.vi.text)} | {template(code.en.text)} |"
        for code in ReasonCode
    )
    return "\n".join(lines) + "\n"


def legal_instruments_table() -> str:
    """Every instrument of `LEGAL_BASIS`, with the days it is in force."""
    lines = [
        "| Name | Kind | Title (Tiếng Việt / English) | Issuer | Signed | In force from "
        "| In force to | Replaced by | Note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in LEGAL_BASIS.items():
        replaced = escape(row.replaced_by) if row.replaced_by else "—"
        if row.amended_by:
            replaced += "<br>amended by " + ", ".join(escape(a) for a in row.amended_by)
        lines.append(
            f"| {escape(name)} | {row.kind.label_en} "
            f"| {escape(row.title_vi)}<br>*{escape(row.title_en)}* | {escape(row.issuer)} "
            f"| {_date(row.signed_on)} "
            f"| {_date(row.in_force_from) if row.in_force_from else 'not yet'} "
            f"| {_date(row.in_force_to)} | {replaced} | {escape(row.note) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def workbook_sheets(lang: str) -> str:
    """Every sheet of the template, in order: what it holds, its columns, their format and help.

    Read from `SHEETS` and the template's own column help (`guide`), so the page says what the
    workbook says.
    """
    from vn_iso_qms._internal.spreadsheet.guide import column_description, column_format
    from vn_iso_qms._internal.spreadsheet.layout import SHEET_BY_KEY, SHEETS

    vi = lang == "vi"
    out: list[str] = []
    for sheet in SHEETS:
        out += [f"### {_cell(sheet.title('vi' if vi else 'en'))}", ""]
        about = sheet.about_vi if vi else sheet.about_en
        out += [_cell(about), ""]
        if sheet.parent is not None:
            parent = SHEET_BY_KEY[sheet.parent].title("vi" if vi else "en")
            out += [
                (
                    f"Trang con của «{_cell(parent)}»: mỗi dòng gắn với một dòng của trang đó qua mã."
                    if vi
                    else f"Child sheet of “{_cell(parent)}”: each row names a row there by id."
                ),
                "",
            ]
        head = (
            "| Cột | Bắt buộc | Cách ghi | Ý nghĩa |"
            if vi
            else "| Column | Required | Format | Meaning |"
        )
        out += [head, "| --- | --- | --- | --- |"]
        for col in sheet.columns:
            lang_ = "vi" if vi else "en"
            required = ("có" if vi else "yes") if col.required else ""
            out.append(
                f"| {_cell(col.vi if vi else col.en)} | {required} | "
                f"{_cell(column_format(sheet, col, lang_))} | "
                f"{_cell(column_description(sheet, col, lang_))} |"
            )
        out.append("")
    return "\n".join(out)


def include_optional(path: str) -> str:
    """The file at `path` (relative to the repository root) minus its level-1 heading."""
    file = ROOT / path
    if not file.is_file():
        log.info("include-optional: %s does not exist yet", path)
        return (
            f'!!! note "No results yet"\n    `{path}` has not been produced yet. '
            "Run `make bench` to produce it; the next build of this site includes it.\n"
        )
    lines = file.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip("\n") + "\n"


def on_page_markdown(markdown: str, *, page: Any, **kwargs: Any) -> str:
    """Replace every marker on the page."""
    where = page.file.src_uri

    markdown = WORKBOOK_SHEETS.sub(lambda m: workbook_sheets(m["lang"]), markdown)

    def labels(match: re.Match[str]) -> str:
        table = labels_table(match["name"])
        if table is None:
            log.warning(
                "%s: %r is not a public LabelledEnum of vn_iso_qms or its rooms",
                where,
                match["name"],
            )
            return match[0]
        return table

    markdown = LABELS.sub(labels, markdown)
    markdown = RULES_TABLE.sub(lambda _: rules_table(), markdown)
    markdown = RULES_DETAIL.sub(lambda _: rules_detail(where), markdown)
    markdown = POLICY_TABLE.sub(lambda _: policy_table(), markdown)
    markdown = REASON_CODES.sub(lambda _: reason_codes_table(), markdown)
    markdown = LEGAL_INSTRUMENTS.sub(lambda _: legal_instruments_table(), markdown)
    markdown = INCLUDE_OPTIONAL.sub(lambda m: include_optional(m["path"]), markdown)
    return RULES_FOR.sub(lambda m: rules_for(m["ref"], where), markdown)
