"""The public surface: one door, a sorted `__all__`, nothing public lives elsewhere."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import vn_iso_qms


def test_all_is_sorted_and_unique() -> None:
    assert list(vn_iso_qms.__all__) == sorted(vn_iso_qms.__all__)
    assert len(set(vn_iso_qms.__all__)) == len(vn_iso_qms.__all__)


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(vn_iso_qms).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(vn_iso_qms.__all__)


def test_every_public_name_resolves() -> None:
    for name in vn_iso_qms.__all__:
        assert getattr(vn_iso_qms, name) is not None, name


def test_public_objects_are_defined_under_internal() -> None:
    for name in vn_iso_qms.__all__:
        obj = getattr(vn_iso_qms, name)
        module = getattr(obj, "__module__", None)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert module is not None
            assert module.startswith("vn_iso_qms._internal"), (name, module)


def test_no_public_submodules_besides_the_documented_ones() -> None:
    # Everything lives under _internal; the only public modules are the package itself and
    # the documented `rules` namespace (added with the rules engine).
    allowed = {"_internal", "rules", "__main__"}
    names = {m.name for m in pkgutil.iter_modules(vn_iso_qms.__path__)}
    assert names <= allowed, names - allowed


def test_every_public_class_and_function_has_a_docstring() -> None:
    for name in vn_iso_qms.__all__:
        obj = getattr(vn_iso_qms, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name


def test_import_does_not_load_optional_extras() -> None:
    # `import vn_iso_qms` must stay light: the CLI and spreadsheet stacks load on demand.
    code = (
        "import sys, vn_iso_qms; "
        "bad = [m for m in ('typer', 'rich', 'openpyxl') if m in sys.modules]; "
        "assert not bad, bad"
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", code], check=True)


def test_internal_package_importable() -> None:
    assert importlib.import_module("vn_iso_qms._internal.dataset")
