"""The hand-curated API reference covers the public API exactly.

The public API is the ``__all__`` of the door, ``vn_iso_qms``, and of its rooms (``rules``,
``reports``, ``admin_units``, ``spreadsheet``, ``types``). Every public name is rendered by
exactly one ``::: <namespace>.<Name>`` line under
``docs/reference/``, and no such line names anything else (in particular not the deprecated
``RULES``, ``RuleRegistry`` and ``RuleFunction``, which are module attributes that warn, not
``__all__`` names). The reference map
(``docs/reference/index.md``) links every name, and every public vocabulary (``LabelledEnum``) has
its generated codes-and-labels table (a ``<!-- labels: Name -->`` line) on a reference page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import vn_iso_qms
import vn_iso_qms.admin_units
import vn_iso_qms.documents
import vn_iso_qms.reports
import vn_iso_qms.rules
import vn_iso_qms.spreadsheet
import vn_iso_qms.types

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"
NAMESPACES = (
    vn_iso_qms,
    vn_iso_qms.admin_units,
    vn_iso_qms.documents,
    vn_iso_qms.reports,
    vn_iso_qms.rules,
    vn_iso_qms.spreadsheet,
    vn_iso_qms.types,
)
PUBLIC = {f"{ns.__name__}.{name}": getattr(ns, name) for ns in NAMESPACES for name in ns.__all__}
"""Every public name, by its full identifier."""

_DIRECTIVE = re.compile(r"^:::[ \t]+(?P<identifier>\S+)[ \t]*$")
_LABELS_MARKER = re.compile(r"^<!-- labels: (?P<name>\w+) -->[ \t]*$")


def _reference_lines() -> list[tuple[str, str]]:
    """(where, line) for every line of every reference page."""
    return [
        (f"{page.relative_to(ROOT)}:{number}", line)
        for page in sorted(REFERENCE.rglob("*.md"))
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
    ]


def _directives() -> dict[str, list[str]]:
    """Identifier -> the reference lines that render it."""
    found: dict[str, list[str]] = defaultdict(list)
    for where, line in _reference_lines():
        if m := _DIRECTIVE.match(line):
            found[m["identifier"]].append(where)
    return found


def test_reference_pages_exist() -> None:
    assert REFERENCE.is_dir(), f"{REFERENCE} is missing"
    assert _directives(), "no ::: directive under docs/reference: the pattern is broken"


def test_every_public_name_is_rendered_exactly_once() -> None:
    found = _directives()
    missing = sorted(name for name in PUBLIC if name not in found)
    twice = {name: found[name] for name in sorted(PUBLIC) if len(found.get(name, ())) > 1}
    assert not missing, (
        "public names with no '::: <identifier>' line under docs/reference/ "
        f"(add each to the page of its concept family): {missing}"
    )
    assert not twice, f"names rendered on more than one reference line: {twice}"


def test_reference_names_only_public_api() -> None:
    extra = {
        identifier: where for identifier, where in _directives().items() if identifier not in PUBLIC
    }
    assert not extra, (
        "reference lines that name something outside the public API (private modules, "
        f"removed or misspelt names): {extra}"
    )


def test_reference_map_mentions_every_public_name() -> None:
    text = (REFERENCE / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\[(vn_iso_qms(?:\.\w+)?\.\w+)\]", text))
    missing = sorted(set(PUBLIC) - linked)
    assert not missing, f"docs/reference/index.md (the map) does not link: {missing}"


def test_every_vocabulary_has_its_labels_table() -> None:
    vocabularies = {
        identifier.rsplit(".", 1)[1]
        for identifier, obj in PUBLIC.items()
        if isinstance(obj, type)
        and issubclass(obj, vn_iso_qms.LabelledEnum)
        and obj is not vn_iso_qms.LabelledEnum
    }
    assert vocabularies, "no LabelledEnum in the public API: the check is broken"
    marked = [m["name"] for _, line in _reference_lines() if (m := _LABELS_MARKER.match(line))]
    missing = sorted(vocabularies - set(marked))
    assert not missing, f"vocabularies without a '<!-- labels: Name -->' line: {missing}"
    assert sorted(set(marked) - vocabularies) == [], "labels markers naming no public vocabulary"
    assert len(marked) == len(set(marked)), "a vocabulary has more than one labels table"


def test_legal_basis_has_a_row_for_every_rule_reference() -> None:
    page = ROOT / "docs" / "explanation" / "legal-basis.md"
    rows = set(re.findall(r"<!-- rules: (R\d+) -->", page.read_text(encoding="utf-8")))
    refs = {
        ref
        for statutory in vn_iso_qms.rules.STATUTORY_RULES.values()
        for ref in re.split(r"[,\s]+", statutory.legal_ref)
        if ref
    }
    assert refs, "no rule has a legal reference: the check is broken"
    missing = sorted(refs - rows, key=lambda r: int(r[1:]))
    assert not missing, f"rules cite legal references with no row in legal-basis.md: {missing}"


DEPRECATED = ("RULES", "RuleRegistry", "RuleFunction")
"""Version 0.1 names of `vn_iso_qms.rules` that warn when used (not in `__all__`)."""


def test_deprecated_names_are_not_public_nor_rendered() -> None:
    for name in DEPRECATED:
        assert name not in vn_iso_qms.rules.__all__, f"{name} is deprecated, not public"
    rendered = [
        identifier for identifier in _directives() if identifier.rsplit(".", 1)[1] in DEPRECATED
    ]
    assert not rendered, f"deprecated names rendered in the reference: {rendered}"
    pages = sorted((ROOT / "docs").rglob("*.md"))
    linked = [
        f"{page.relative_to(ROOT)}: {name}"
        for page in pages
        for name in DEPRECATED
        if f"][vn_iso_qms.rules.{name}]" in page.read_text(encoding="utf-8")
    ]
    assert not linked, f"pages that link a deprecated name: {linked}"


def test_reason_codes_page_is_in_the_reference() -> None:
    page = REFERENCE / "reason-codes.md"
    text = page.read_text(encoding="utf-8")
    assert re.search(r"^<!-- reason-codes -->[ \t]*$", text, re.MULTILINE), (
        "docs/reference/reason-codes.md lacks its generated table (<!-- reason-codes -->)"
    )
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "reference/reason-codes.md" in nav, "the reason-codes page is not in the nav"
    assert "(reason-codes.md)" in (REFERENCE / "index.md").read_text(encoding="utf-8")
    legal = (ROOT / "docs" / "explanation" / "legal-basis.md").read_text(encoding="utf-8")
    assert re.search(r"^<!-- legal-instruments -->[ \t]*$", legal, re.MULTILINE), (
        "docs/explanation/legal-basis.md lacks its instruments table (<!-- legal-instruments -->)"
    )
