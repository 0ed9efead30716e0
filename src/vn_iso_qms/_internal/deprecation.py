"""Names kept for one minor version after they moved: a module `__getattr__` that warns."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

REMOVED_IN = "0.3"
"""The version that drops the names of version 0.1."""


def moved_names(module: str, moved: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module `__getattr__` that serves each old name of `moved` with a `DeprecationWarning`.

    Args:
        module: the module the old names were public in, e.g. `"vn_iso_qms"`.
        moved: old name -> (the module it lives in now, its name there). A module under
            `vn_iso_qms._internal` means the name is no longer public.

    Returns:
        The `__getattr__`: the object, imported from its new place, after a warning naming that
        place; `AttributeError` for any other name, as Python's own.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's __getattr__ (PEP 562)
        if name not in moved:
            msg = f"module {module!r} has no attribute {name!r}"
            raise AttributeError(msg)
        target, new = moved[name]
        if target.startswith("vn_iso_qms._internal"):
            place = f"it is internal now ({target}.{new}); see the changelog"
        else:
            place = f"use {target}.{new}"
        warnings.warn(
            f"{module}.{name} is deprecated and will be removed in version {REMOVED_IN}: {place}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), new)

    return __getattr__
