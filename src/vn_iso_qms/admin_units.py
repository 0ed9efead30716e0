"""The official administrative units of Vietnam, before and after the 2025 reform.

On 01/07/2025 the 63 provinces became 34 (Resolution 202/2025/QH15), the district level ended
(Law 72/2025/QH15) and 10,035 communes became 3,321. This namespace reads the official unit
tables of both eras ([`get`][vn_iso_qms.admin_units.get], [`find`][vn_iso_qms.admin_units.find],
[`units`][vn_iso_qms.admin_units.units], [`children`][vn_iso_qms.admin_units.children],
[`successors`][vn_iso_qms.admin_units.successors],
[`predecessors`][vn_iso_qms.admin_units.predecessors], ...) and carries a dataset's records
across the reform ([`carry_forward`][vn_iso_qms.admin_units.carry_forward]).

An [`OfficialUnit`][vn_iso_qms.admin_units.OfficialUnit] is a row of the official table; the
record a dataset holds is an [`AdministrativeUnit`][vn_iso_qms.AdministrativeUnit].

Examples:
    >>> from vn_iso_qms import admin_units
    >>> admin_units.get("84", era=admin_units.AdminEra.PRE_2025_REFORM).name
    'Tỉnh Trà Vinh'
    >>> [u.name for u in admin_units.successors("84")]
    ['Tỉnh Vĩnh Long']
"""

from __future__ import annotations

import sys
import types as _types
import typing
import warnings

from vn_iso_qms._internal.admin_units import (
    AdminEra,
    AdminUnitType,
    OfficialUnit,
    communes_without_successor,
    primary_successor,
)
from vn_iso_qms._internal.admin_units import (
    admin_unit_children as children,
)
from vn_iso_qms._internal.admin_units import (
    admin_unit_predecessors as predecessors,
)
from vn_iso_qms._internal.admin_units import (
    admin_unit_successors as successors,
)
from vn_iso_qms._internal.admin_units import (
    admin_units as units,
)
from vn_iso_qms._internal.admin_units import (
    check_admin_unit_code as check_code,
)
from vn_iso_qms._internal.admin_units import (
    find_admin_units as find,
)
from vn_iso_qms._internal.admin_units import (
    get_admin_unit as get,
)
from vn_iso_qms._internal.carry import (
    AgencyFate,
    CarryUndecided,
    FateBasis,
    FateKind,
    FateStep,
    QmsCarry,
    QmsCarryAction,
    RegistryCarryReport,
    TthcCarry,
    carry_registry,
    reorganisation_records,
)
from vn_iso_qms._internal.deprecation import REMOVED_IN as _REMOVED_IN
from vn_iso_qms._internal.reform import (
    CarryForwardReport,
    UnitMove,
    UnitWithoutSuccessor,
    carry_forward,
)
from vn_iso_qms._internal.reform import (
    admin_unit_code_problems as code_problems,
)

__all__ = [
    "AdminEra",
    "AdminUnitType",
    "AgencyFate",
    "CarryForwardReport",
    "CarryUndecided",
    "FateBasis",
    "FateKind",
    "FateStep",
    "OfficialUnit",
    "QmsCarry",
    "QmsCarryAction",
    "RegistryCarryReport",
    "TthcCarry",
    "UnitMove",
    "UnitWithoutSuccessor",
    "carry_forward",
    "carry_registry",
    "check_code",
    "children",
    "code_problems",
    "communes_without_successor",
    "find",
    "get",
    "predecessors",
    "primary_successor",
    "reorganisation_records",
    "successors",
    "units",
]


def __dir__() -> list[str]:
    """The public names only (not `sys`, `typing`, `warnings`, which this module imports)."""
    return sorted(__all__)


class _Namespace(_types.ModuleType):
    """This module, callable for one minor version as the function `admin_units()` was."""

    def __call__(self, *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        warnings.warn(
            "calling vn_iso_qms.admin_units(...) is deprecated and will be removed in version "
            f"{_REMOVED_IN}: use vn_iso_qms.admin_units.units(...)",
            DeprecationWarning,
            stacklevel=2,
        )
        return units(*args, **kwargs)


sys.modules[__name__].__class__ = _Namespace
