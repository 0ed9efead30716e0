"""MkDocs hook: tables generated from the installed package, so the site always matches the code.

Markers (HTML comments, invisible if the hook does not run) and what replaces them:

- `<!-- labels: EnumName -->` on its own line: the codes, Vietnamese and English labels and the
  legal source of a public vocabulary (labels are attached at import time by `register_labels`,
  so static analysis cannot see them).
- `<!-- rules-table -->` on its own line: every registered rule of `vn_iso_qms.rules.RULES`, with
  its id, legal reference, scope, titles, citation, policy fields and function.
- `<!-- rules: R10 -->` anywhere in a line (e.g. a table cell): links to the registered rules whose
  `legal_ref` names that rule of the legal reference, or "—" when none does.
- `<!-- rules-detail -->` on its own line: a section per scope (agency, province) with a section
  per registered rule (heading anchored at the rule id): titles, scope, legal source, function,
  whether the default policy's `completed_rules` includes it, the policy fields it reads with
  their defaults, and its docstring.
- `<!-- policy-table -->` on its own line: every field of `Policy`, its default, its documented
  meaning and the rules (or verdicts) that read it.
- `<!-- include-optional: path/to/file.md -->` on its own line: the file (path relative to the
  repository root) without its level-1 heading, or a note when the file does not exist yet.

An unknown name is a warning, which fails `mkdocs build --strict`.
"""

from __future__ import annotations

import inspect
import logging
import posixpath
import re
from enum import Enum
from pathlib import Path
from typing import Any

import vn_iso_qms
import vn_iso_qms.rules

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
INCLUDE_OPTIONAL = re.compile(r"^<!-- include-optional: (?P<path>\S+) -->[ \t]*$", re.MULTILINE)
"""The marker line for a file that may not exist yet."""

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (include-optional paths are relative to it)."""
READ_BY_VERDICTS = {
    "completed_rules": "the *completed* verdict ([`completed`][vn_iso_qms.rules.completed])",
    "grace_days": "the *on plan* verdict ([`on_plan`][vn_iso_qms.rules.on_plan])",
}
"""Policy fields read by a verdict rather than by a registered rule."""

RULES_PAGE = "reference/rules.md"
"""The page that holds the rules table (link target of inline rule markers)."""
LEGAL_BASIS_PAGE = "explanation/legal-basis.md"
"""The page whose table lists the rules R1-R31 of the legal reference."""
NAMESPACES = (vn_iso_qms, vn_iso_qms.rules)


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _public(name: str) -> Any:
    for namespace in NAMESPACES:
        if name in namespace.__all__:
            return getattr(namespace, name)
    return None


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


def rules_table() -> str:
    """Every registered rule, in registration order."""
    lines = [
        "| Rule | Legal ref. | Scope | Checks (English / Tiếng Việt) | Source | Policy fields |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in vn_iso_qms.rules.RULES.values():
        function = rule.function.__name__
        public = function in vn_iso_qms.rules.__all__
        func = f"[`{function}`][vn_iso_qms.rules.{function}]" if public else f"`{function}`"
        fields = ", ".join(f"`{f}`" for f in rule.policy_fields) or "—"
        lines.append(
            f'| <span id="{_anchor(rule.id)}"></span>`{rule.id}`<br>{func} '
            f"| {_cell(rule.legal_ref)} | {rule.scope.value} "
            f"| {_cell(rule.title_en)}<br>*{_cell(rule.title_vi)}* "
            f"| {_cell(rule.citation.render('en'))} | {fields} |"
        )
    return "\n".join(lines) + "\n"


def rules_for(ref: str, page_uri: str) -> str:
    """Links (relative to `page_uri`) to the rules whose legal reference includes `ref`."""
    target = posixpath.relpath(RULES_PAGE, posixpath.dirname(page_uri) or ".")
    ids = [
        rule.id
        for rule in vn_iso_qms.rules.RULES.values()
        if ref in re.split(r"[,\s]+", rule.legal_ref)
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


def rules_detail(page_uri: str) -> str:
    """One section per registered rule: agency rules, then province rules, in registration order."""
    legal_basis = posixpath.relpath(LEGAL_BASIS_PAGE, posixpath.dirname(page_uri) or ".")
    completed = set(vn_iso_qms.DEFAULT_POLICY.completed_rules)
    province = vn_iso_qms.rules.RuleScope.PROVINCE
    out: list[str] = []
    scope = None
    for rule in sorted(vn_iso_qms.rules.RULES.values(), key=lambda r: r.scope is province):
        if rule.scope is not scope:
            scope = rule.scope
            out += [f"## {scope.label_en} rules", ""]
        function = rule.function.__name__
        public = function in vn_iso_qms.rules.__all__
        func = f"[`{function}`][vn_iso_qms.rules.{function}]" if public else f"`{function}`"
        knobs = (
            ", ".join(f"`{f}` (default {_policy_default(f)})" for f in rule.policy_fields)
            if rule.policy_fields
            else "none"
        )
        if rule.scope is province:
            in_completed = "no (a duty of the province, reported with the province report)"
        else:
            in_completed = "**yes**" if rule.id in completed else "no (reported on its own)"
        doc = inspect.getdoc(rule.function) or ""
        out += [
            f"### `{rule.id}` {{ #{rule.id} }}",
            "",
            f"{_cell(rule.title_en)}. *{_cell(rule.title_vi)}.*",
            "",
            "| | |",
            "| --- | --- |",
            f"| Scope | {rule.scope.value}: evaluated for each {rule.scope.label_en.lower()} |",
            f"| Legal source | {_cell(rule.citation.render('en'))} "
            f"([{_cell(rule.legal_ref)}]({legal_basis}#the-rules)) |",
            f"| Function | {func} |",
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
    for rule in vn_iso_qms.rules.RULES.values():
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

    def labels(match: re.Match[str]) -> str:
        table = labels_table(match["name"])
        if table is None:
            log.warning("%s: %r is not a public LabelledEnum of vn_iso_qms", where, match["name"])
            return match[0]
        return table

    markdown = LABELS.sub(labels, markdown)
    markdown = RULES_TABLE.sub(lambda _: rules_table(), markdown)
    markdown = RULES_DETAIL.sub(lambda _: rules_detail(where), markdown)
    markdown = POLICY_TABLE.sub(lambda _: policy_table(), markdown)
    markdown = INCLUDE_OPTIONAL.sub(lambda m: include_optional(m["path"]), markdown)
    return RULES_FOR.sub(lambda m: rules_for(m["ref"], where), markdown)
