"""Short signatures for functions whose defaults are large values (a policy, a rule set).

`help(vn_iso_qms.evaluate)` printed the repr of `DEFAULT_POLICY`, `STATUTORY_RULES` and
`LEGAL_BASIS` as defaults: 2 KB of signature. `named_defaults` sets the function's
`__signature__` so that those defaults show by name; the function, its defaults and its
behaviour are unchanged (only `inspect.signature`, `help()` and IDE tooltips read it).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _Named:
    """A default value shown by its public name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def named_defaults(func: F, names: dict[int, str]) -> F:
    """Show each default of `func` whose `id` is in `names` by that name in its signature."""
    sig = inspect.signature(func)
    params = [
        p.replace(default=_Named(names[id(p.default)])) if id(p.default) in names else p
        for p in sig.parameters.values()
    ]
    func.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return func
