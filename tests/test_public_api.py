"""The public surface: one door and a few rooms, each name in one place, layers that hold.

In the manner of griffe's own API checks: every public name is unique across the namespaces,
every public object is reachable from exactly one public location, every `__all__` is sorted,
lists exactly the module's public names (the reference docs are checked in
`tests/docs/test_reference_coverage.py`), and the internal
modules import only from their own layer or lower ones.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

import vn_iso_qms

ROOT = Path(__file__).resolve().parents[1]
NAMESPACES = (
    "vn_iso_qms",
    "vn_iso_qms.admin_units",
    "vn_iso_qms.documents",
    "vn_iso_qms.reports",
    "vn_iso_qms.rules",
    "vn_iso_qms.spreadsheet",
    "vn_iso_qms.types",
)
MODULES: dict[str, ModuleType] = {name: importlib.import_module(name) for name in NAMESPACES}


def _public(module: ModuleType) -> set[str]:
    # dir(), not vars(): the door imports its names on first use (a module `__getattr__`), and
    # its `__dir__` lists them before they are loaded.
    return {
        name
        for name in dir(module)
        if not name.startswith("_")
        and not inspect.ismodule(getattr(module, name))
        and name not in ("annotations",)  # `from __future__ import annotations`
    }


@pytest.mark.parametrize("name", NAMESPACES)
def test_all_is_sorted_unique_and_exactly_the_public_names(name: str) -> None:
    module = MODULES[name]
    names = list(module.__all__)
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    assert set(names) == _public(module)


def test_the_door_is_small() -> None:
    # Records, vocabularies, the dataset, evaluate and its results, errors: what nearly every
    # caller needs. Version 0.1 had 165 names here.
    assert len(vn_iso_qms.__all__) <= 95


def test_every_public_name_is_unique_across_namespaces() -> None:
    seen: dict[str, str] = {}
    for ns, module in MODULES.items():
        for name in module.__all__:
            assert name not in seen, f"{name} is public in both {seen[name]} and {ns}"
            seen[name] = ns


def test_every_public_object_has_one_public_location() -> None:
    where: dict[int, str] = {}
    for ns, module in MODULES.items():
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, (str, int, float, bool, type(None))):
                continue  # constants: equal values may be shared objects
            if id(obj) in where:
                pytest.fail(f"{ns}.{name} is the same object as {where[id(obj)]}")
            where[id(obj)] = f"{ns}.{name}"


def test_public_objects_are_defined_under_internal() -> None:
    for ns, module in MODULES.items():
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert obj.__module__.startswith("vn_iso_qms._internal"), (ns, name)


def test_every_public_class_and_function_has_a_docstring() -> None:
    for module in MODULES.values():
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert inspect.getdoc(obj), name


def test_no_public_submodules_besides_the_namespaces() -> None:
    allowed = {n.rpartition(".")[2] for n in NAMESPACES[1:]} | {"_internal", "__main__"}
    names = {m.name for m in pkgutil.iter_modules(vn_iso_qms.__path__)}
    assert names == allowed


# --- deprecation aliases --------------------------------------------------------------------


def test_every_version_0_1_name_still_works_with_a_warning_naming_its_new_place() -> None:
    moved = vn_iso_qms._MOVED
    assert len(moved) >= 70
    for old, (ns, new) in moved.items():
        with pytest.warns(DeprecationWarning, match=re.escape(f"{ns}.{new}")):
            value = getattr(vn_iso_qms, old)
        if ns.startswith("vn_iso_qms._internal"):
            target = importlib.import_module(ns)
        else:
            target = MODULES[ns]
            assert new in target.__all__, (old, ns, new)
        assert value is getattr(target, new), old


def test_the_renamed_confusables() -> None:
    # One name per notion: the official table's unit is not the dataset's record, a rule's
    # status is not a planned activity's, an administrative unit's level is not an agency's.
    with pytest.warns(DeprecationWarning, match="OfficialUnit"):
        assert vn_iso_qms.AdminUnit is vn_iso_qms.admin_units.OfficialUnit
    with pytest.warns(DeprecationWarning, match="RuleStatus"):
        assert vn_iso_qms.Status is vn_iso_qms.RuleStatus
    with pytest.warns(DeprecationWarning, match="AdminUnitLevel"):
        assert vn_iso_qms.AdminLevel is vn_iso_qms.AdminUnitLevel


def test_calling_the_admin_units_namespace_like_the_old_function_warns() -> None:
    with pytest.warns(DeprecationWarning, match=r"admin_units\.units"):
        old = vn_iso_qms.admin_units(vn_iso_qms.admin_units.AdminEra.POST_2025_REFORM)  # type: ignore[operator]
    assert old == vn_iso_qms.admin_units.units(vn_iso_qms.admin_units.AdminEra.POST_2025_REFORM)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            vn_iso_qms.nope  # noqa: B018


# --- optional extras ---------------------------------------------------------------------------


def test_import_does_not_load_optional_extras() -> None:
    # `import vn_iso_qms` must stay light: the CLI and spreadsheet stacks load on demand.
    code = (
        "import sys, vn_iso_qms; "
        "bad = [m for m in ('typer', 'rich', 'openpyxl') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_door_loads_its_names_when_first_used() -> None:
    # `import vn_iso_qms` loads no record, rule or report module (issue 28: import < 150 ms);
    # dir() still lists every public name and room, and a name loads its own module only.
    code = (
        "import sys, vn_iso_qms; "
        "assert 'pydantic' not in sys.modules, 'pydantic'; "
        "assert set(vn_iso_qms.__all__) | {'reports', 'rules'} <= set(dir(vn_iso_qms)); "
        "from vn_iso_qms import Agency; "
        "assert Agency.__module__ == 'vn_iso_qms._internal.agency'; "
        "bad = [m for m in ('vn_iso_qms.reports', 'vn_iso_qms._internal.evaluation.engine') "
        "if m in sys.modules]; "
        "assert not bad, bad; "
        "assert vn_iso_qms.reports.province_report is not None"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_code_tables_list_every_vocabulary_from_a_fresh_door() -> None:
    # The vocabularies register themselves when their modules load; the door loads every
    # module before `code_tables`, so its tables do not depend on what was used before.
    code = "import json, vn_iso_qms; print(json.dumps(sorted(vn_iso_qms.code_tables()['tables'])))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    published = json.loads((ROOT / "docs" / "schema" / "v1" / "codes.json").read_text("utf-8"))
    assert json.loads(out.stdout) == sorted(published["tables"])


def test_the_spreadsheet_room_fails_at_its_door_without_the_extra() -> None:
    code = (
        "import sys; sys.modules['openpyxl'] = None\n"
        "from vn_iso_qms import MissingExtraError\n"
        "try:\n"
        "    import vn_iso_qms.spreadsheet\n"
        "except MissingExtraError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "pip install 'vn-iso-qms[xlsx]'" in out.stdout


# --- layers ------------------------------------------------------------------------------------

# vocabularies → records → dataset → rules → reporting → I/O → CLI. A module may import its own
# layer and lower ones, never a higher one. A new module must be placed here.
LAYERS: dict[str, int] = {
    **dict.fromkeys(
        (
            "types",
            "text",
            "vocab_base",
            "vocab",
            "errors",
            "limits",
            "suggest",
            "files",
            "ooxml",
            "deprecation",
            "signature",
            "collector",
            "calendar_days",
        ),
        0,
    ),
    **dict.fromkeys(
        ("base", "agency", "qms", "audit", "plan", "inspection", "obligation", "admin_units"), 1
    ),
    **dict.fromkeys(("dataset", "jsonio", "schema", "migrate", "demo", "reform"), 2),
    "evaluation": 3,
    **dict.fromkeys(("reporting", "completeness", "across_reform", "carry"), 4),
    **dict.fromkeys(("spreadsheet", "render", "policyio", "documents"), 5),
    **dict.fromkeys(("cli", "cli_i18n", "cli_reference", "cli_documents"), 6),
}
LAYER_NAMES = ("vocabularies", "records", "dataset", "rules", "reporting", "I/O", "CLI")


def _layer(module: str) -> int:
    first = module.split(".", maxsplit=1)[0]
    if first not in LAYERS:
        pytest.fail(f"_internal.{module} has no layer: add it to LAYERS in {__file__}")
    return LAYERS[first]


def _internal_modules() -> dict[str, Path]:
    root = ROOT / "src" / "vn_iso_qms" / "_internal"
    return {
        str(p.relative_to(root).with_suffix("")).replace("/", ".").removesuffix(".__init__"): p
        for p in root.rglob("*.py")
        if p.name != "__init__.py" or p.parent != root
    }


def test_no_layer_imports_a_higher_one() -> None:
    prefix = "vn_iso_qms._internal."
    broken = []
    for module, path in _internal_modules().items():
        own = _layer(module)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
                target = (node.module or "").removeprefix(prefix)
                if _layer(target) > own:
                    broken.append(
                        f"{module} ({LAYER_NAMES[own]}) imports {target} "
                        f"({LAYER_NAMES[_layer(target)]}), line {node.lineno}"
                    )
            elif isinstance(node, ast.ImportFrom) and node.module == "vn_iso_qms":
                broken.append(f"{module} imports the public package, line {node.lineno}")
    assert broken == []


def test_the_layer_test_can_fail() -> None:
    # a lower layer importing a higher one is caught: the dataset importing the reporting layer
    assert _layer("dataset") < _layer("reporting")
    assert _layer("evaluation.engine") == LAYERS["evaluation"]
