"""The documented exception tree is the one the classes form, and every public exception is in errors.py."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import vn_iso_qms
from vn_iso_qms._internal import errors

ROOT = Path(__file__).parents[2]
TREES = {
    "docs/reference/exceptions.md": (ROOT / "docs/reference/exceptions.md").read_text("utf-8"),
    "docs/explanation/errors.md": (ROOT / "docs/explanation/errors.md").read_text("utf-8"),
    "errors.py docstring": errors.__doc__ or "",
}
INTERNAL = {
    # Raised to library callers as the public class it derives from; the CLI uses the extra.
    "WorkbookError": "InvalidDataError with the knock-on problems the CLI lists under their cause",
    "OutputError": "the CLI refusing to overwrite an input; no public function raises it",
}
"""QmsError subclasses that are deliberately not public (so not in the documented tree)."""

Edge = tuple[str, str | None, frozenset[str]]
"""(class, parent in the tree, other bases such as KeyError)."""


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(vn_iso_qms.__path__, "vn_iso_qms.")]
    return [n for n in names if not n.endswith("__main__")]


def _public_names() -> dict[str, object]:
    public: dict[str, object] = {}
    for name in ["vn_iso_qms", *_modules()]:
        if any(part.startswith("_") for part in name.split(".")):
            continue
        module = importlib.import_module(name)
        public.update({n: getattr(module, n) for n in getattr(module, "__all__", ())})
    return public


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        if sub.__module__.startswith("vn_iso_qms"):
            out.append(sub)
        out.extend(_subclasses(sub))
    return out


def _from_classes() -> tuple[set[Edge], set[str]]:
    for name in _modules():
        importlib.import_module(name)
    public = _public_names()
    edges: set[Edge] = {("QmsError", None, frozenset())}
    internal: set[str] = set()
    for cls in _subclasses(vn_iso_qms.QmsError):
        if public.get(cls.__name__) is not cls:
            internal.add(cls.__name__)
            continue
        [parent] = [b for b in cls.__bases__ if issubclass(b, vn_iso_qms.QmsError)]
        others = frozenset(b.__name__ for b in cls.__bases__ if b is not parent)
        edges.add((cls.__name__, parent.__name__, others))
    return edges, internal


LINE = re.compile(r"^((?:│   |    )*)(├── |└── )?(\w+)(?: \(\+ ([\w, ]+)\))?")


def _from_text(text: str) -> set[Edge]:
    """The tree of the ```text block that starts with `QmsError`, as edges."""
    block = text.split("```text\nQmsError", 1)[1].split("```", 1)[0]
    lines = ["QmsError", *block.splitlines()[1:]]
    edges: set[Edge] = set()
    stack: list[str] = []
    for line in lines:
        m = LINE.match(line)
        assert m, line
        depth = len(m[1]) // 4 + (1 if m[2] else 0)
        del stack[depth:]
        parent = stack[-1] if stack else None
        others = frozenset(b.strip() for b in m[4].split(",")) if m[4] else frozenset()
        edges.add((m[3], parent, others))
        stack.append(m[3])
    return edges


def test_the_tree_is_read_from_the_classes() -> None:
    edges, internal = _from_classes()
    assert ("InputTooLargeError", "InvalidDataError", frozenset()) in edges
    assert ("MissingExtraError", "QmsError", frozenset({"ImportError"})) in edges
    assert internal == set(INTERNAL)


@pytest.mark.parametrize("where", sorted(TREES))
def test_the_documented_tree_is_the_tree_of_the_classes(where: str) -> None:
    edges, _ = _from_classes()
    assert _from_text(TREES[where]) == edges


def test_every_public_exception_is_defined_in_errors_py() -> None:
    edges, _ = _from_classes()
    for name, _parent, _others in edges:
        assert getattr(vn_iso_qms, name).__module__ == "vn_iso_qms._internal.errors", name


def test_every_public_exception_is_rendered_in_the_reference() -> None:
    edges, _ = _from_classes()
    reference = "".join(
        (ROOT / "docs/reference" / page).read_text("utf-8")
        for page in ("exceptions.md", "spreadsheets.md")
    )
    for name, _parent, _others in edges:
        assert f"::: vn_iso_qms.{name}\n" in reference, name
