"""The spreadsheet package by job: CSV without the XLSX modules, the extra's door, one text fold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import vn_iso_qms
from vn_iso_qms import MissingExtraError, QmsError
from vn_iso_qms._internal import text
from vn_iso_qms._internal.demo import DEMO_PROVINCE_ID, demo_dataset
from vn_iso_qms._internal.spreadsheet import cells, layout
from vn_iso_qms.reports import province_report, write_report_xlsx

PACKAGE = "vn_iso_qms._internal.spreadsheet"
SRC = Path(vn_iso_qms.__file__).parent
XLSX_ONLY = {f"{PACKAGE}.{name}" for name in ("guard", "xlsx_read", "xlsx_rows", "xlsx_write")}


def _imports(module: str) -> set[str]:
    """The vn_iso_qms modules `module` imports (at the top or inside functions)."""
    path = SRC.parent / (module.replace(".", "/") + ".py")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("vn_iso_qms")
        ):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (SRC.parent / (sub.replace(".", "/") + ".py")).exists()
                found.add(sub if is_module else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("vn_iso_qms")}
    return found


def _closure(module: str) -> set[str]:
    """Every spreadsheet module `module` needs, directly or through another."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(m for m in _imports(name) if m.startswith(PACKAGE + "."))
    return seen


def test_csv_import_needs_none_of_the_xlsx_modules() -> None:
    needed = _closure(f"{PACKAGE}.csvio")
    assert f"{PACKAGE}.reader" in needed  # the walk does follow the imports
    assert not needed & XLSX_ONLY, needed & XLSX_ONLY


def test_csv_import_works_with_openpyxl_blocked() -> None:
    code = (
        "import sys\n"
        "sys.modules['openpyxl'] = None\n"
        "sys.modules['defusedxml'] = None\n"
        "from vn_iso_qms._internal.spreadsheet.csvio import import_csv\n"
        "rows = import_csv(b'id,name,kind\\nso-a,S\\xe1\\xbb\\x9f A,ministry\\n', sheet='agencies')\n"
        "assert [r.id for r in rows] == ['so-a'], rows\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_report_workbook_without_openpyxl_is_a_missing_extra_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = province_report(demo_dataset(), province_id=DEMO_PROVINCE_ID, year=2023)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'vn-iso-qms\[xlsx\]'") as exc:
        write_report_xlsx(report, tmp_path / "r.xlsx")
    assert isinstance(exc.value, ImportError)
    assert isinstance(exc.value, QmsError)
    assert not (tmp_path / "r.xlsx").exists()


def test_the_install_hint_names_the_extra_pyproject_declares() -> None:
    import tomllib

    from vn_iso_qms._internal.spreadsheet.guard import INSTALL_XLSX

    pyproject = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert f"pip install '{pyproject['project']['name']}[xlsx]'" == INSTALL_XLSX
    assert {r.split(">")[0] for r in extras["xlsx"]} == {"openpyxl", "defusedxml"}


def test_text_is_folded_in_one_place() -> None:
    assert vars(layout)["fold"] is text.fold
    assert vars(cells)["fold"] is text.fold
    assert text.fold(" Ho\u0300a ") == text.fold("HÒA") == "hòa"
    assert text.bare("Sở Y tế") == text.bare("so y te") == "so y te"
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if ".casefold()" in path.read_text(encoding="utf-8")
        and path.name not in ("text.py", "admin_units.py", "vocab_base.py")
    ]
    assert offenders == []
