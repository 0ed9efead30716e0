"""MkDocs hook: tables generated from the installed package, so the site always matches the code.

Markers (HTML comments, invisible if the hook does not run) and what replaces them:

- `<!-- labels: EnumName -->` on its own line: the codes, Vietnamese and English labels and the
  legal source of a public vocabulary (labels are attached at import time by `register_labels`,
  so static analysis cannot see them).
- `<!-- rules-table -->` on its own line: every registered rule of `vn_iso_qms.rules.RULES`, with
  its id, legal reference, scope, titles, citation, policy fields and function.
- `<!-- rules: R10 -->` anywhere in a line (e.g. a table cell): links to the registered rules whose
  `legal_ref` names that rule of the legal reference, or "—" when none does.

An unknown name is a warning, which fails `mkdocs build --strict`.
"""

from __future__ import annotations

import logging
import posixpath
import re
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

RULES_PAGE = "reference/rules.md"
"""The page that holds the rules table (link target of inline rule markers)."""
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
    return RULES_FOR.sub(lambda m: rules_for(m["ref"], where), markdown)
