"""Official administrative units of Vietnam before and after the 2025 reform, with successors.

The table holds every province, district and commune with its NSO (formerly GSO) code, in two
eras: the state on 30/06/2025 (63 provinces, 696 districts, 10,035 communes) and the state from
01/07/2025 (34 provinces, 3,321 communes; no district level). Codes are only unique within an
era (a merged province or a new commune may reuse an old code), so every lookup names its era.

Nothing is read at import time: the package data under `data/admin_units/` is loaded on first
use (about 0.1 s) and kept for the life of the process.

The data is derived from vietnamadminunits 1.0.4 (MIT License, Copyright (c) 2025 Tran Ngoc Minh
Hieu, https://github.com/tranngocminhhieu/vietnamadminunits) by `scripts/build_admin_units.py`;
the province successors are written by hand from Resolution 202/2025/QH15.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.resources import files
from typing import TYPE_CHECKING

from vn_iso_qms._internal.errors import UnknownAdminUnitError
from vn_iso_qms._internal.vocab import AdminEra, AdminUnitLevel
from vn_iso_qms._internal.vocab_base import LabelledEnum

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "AdminEra",
    "OfficialUnit",
    "AdminUnitType",
    "UnknownAdminUnitError",
    "admin_unit_children",
    "admin_unit_predecessors",
    "admin_unit_successors",
    "admin_units",
    "check_admin_unit_code",
    "communes_without_successor",
    "find_admin_units",
    "get_admin_unit",
    "primary_successor",
]

_DISTRICT_LEVEL_ENDED = "the district level ended on 2025-07-01 (Law 72/2025/QH15)"


class AdminUnitType(
    LabelledEnum,
    source="Law 77/2015/QH13 Art. 2 (to 30/06/2025); Law 72/2025/QH15 (from 01/07/2025: tỉnh,"
    " thành phố trực thuộc trung ương; xã, phường, đặc khu)",
):
    """The kind of an administrative unit, as in its official name ("Tỉnh", "Phường", ...).

    `thanh_pho` is a district-level city: a city under a province, or Thủ Đức, the one city
    under a centrally-run city. `thanh_pho_trung_uong` is a centrally-run city (province level).
    A province's type is data, not a rule: it may change after 2025 (see the docs page).
    """

    TINH = "tinh", "Tỉnh", "Province"
    THANH_PHO_TRUNG_UONG = (
        "thanh_pho_trung_uong",
        "Thành phố trực thuộc trung ương",
        "Centrally-run city",
    )
    QUAN = "quan", "Quận", "Urban district"
    HUYEN = "huyen", "Huyện", "Rural district"
    THI_XA = "thi_xa", "Thị xã", "District-level town"
    THANH_PHO = "thanh_pho", "Thành phố (cấp huyện)", "District-level city"
    XA = "xa", "Xã", "Commune"
    PHUONG = "phuong", "Phường", "Ward"
    THI_TRAN = "thi_tran", "Thị trấn", "Township"
    DAC_KHU = "dac_khu", "Đặc khu", "Special zone"

    @property
    def level(self) -> AdminUnitLevel:
        """The level that units of this type belong to."""
        return _TYPE_LEVEL[self]


_TYPE_LEVEL = {
    AdminUnitType.TINH: AdminUnitLevel.PROVINCE,
    AdminUnitType.THANH_PHO_TRUNG_UONG: AdminUnitLevel.PROVINCE,
    AdminUnitType.QUAN: AdminUnitLevel.DISTRICT,
    AdminUnitType.HUYEN: AdminUnitLevel.DISTRICT,
    AdminUnitType.THI_XA: AdminUnitLevel.DISTRICT,
    AdminUnitType.THANH_PHO: AdminUnitLevel.DISTRICT,
    AdminUnitType.XA: AdminUnitLevel.COMMUNE,
    AdminUnitType.PHUONG: AdminUnitLevel.COMMUNE,
    AdminUnitType.THI_TRAN: AdminUnitLevel.COMMUNE,
    AdminUnitType.DAC_KHU: AdminUnitLevel.COMMUNE,
}
# The prefix that official names start with, per type (the data is written in this spelling).
_NAME_PREFIX = {
    AdminUnitType.TINH: "Tỉnh ",
    AdminUnitType.THANH_PHO_TRUNG_UONG: "Thành phố ",
    AdminUnitType.QUAN: "Quận ",
    AdminUnitType.HUYEN: "Huyện ",
    AdminUnitType.THI_XA: "Thị xã ",
    AdminUnitType.THANH_PHO: "Thành phố ",
    AdminUnitType.XA: "Xã ",
    AdminUnitType.PHUONG: "Phường ",
    AdminUnitType.THI_TRAN: "Thị trấn ",
    AdminUnitType.DAC_KHU: "Đặc khu ",
}
_LEVEL_BY_LENGTH = {
    2: AdminUnitLevel.PROVINCE,
    3: AdminUnitLevel.DISTRICT,
    5: AdminUnitLevel.COMMUNE,
}
_ERA_ORDER = (AdminEra.PRE_2025_REFORM, AdminEra.POST_2025_REFORM)
_LEVEL_ORDER = (AdminUnitLevel.PROVINCE, AdminUnitLevel.DISTRICT, AdminUnitLevel.COMMUNE)


@dataclass(frozen=True, slots=True)
class OfficialUnit:
    """One province, district or commune in one era.

    Attributes:
        code: the NSO code, a zero-padded string: 2 digits for a province, 3 for a district,
            5 for a commune. Unique only within `era`.
        name: the official Vietnamese name with its type prefix and diacritics, e.g.
            `"Tỉnh Trà Vinh"`, `"Phường Long Đức"`.
        type: the unit type (tỉnh, phường, ...).
        level: province, district or commune.
        era: the era this row belongs to.
        parent_code: the code of the province the unit lies in (same era); `None` for a province.
        district_code: for a pre-reform commune, the code of its district; otherwise `None`.

    Examples:
        >>> unit = get_admin_unit("84", era=AdminEra.PRE_2025_REFORM)
        >>> unit.name, unit.type.label_vi, unit.short_name
        ('Tỉnh Trà Vinh', 'Tỉnh', 'Trà Vinh')
    """

    code: str
    name: str
    type: AdminUnitType
    level: AdminUnitLevel
    era: AdminEra
    parent_code: str | None = None
    district_code: str | None = None

    @property
    def short_name(self) -> str:
        """The name without its type prefix (`"Trà Vinh"`); numbered units keep it (`"Phường 4"`)."""
        prefix = _NAME_PREFIX[self.type]
        if self.name.startswith(prefix):
            rest = self.name[len(prefix) :]
            if not rest.isdigit():
                return rest
        return self.name


# --------------------------------------------------------------------------------------------
# Loading


@dataclass(slots=True)
class _Table:
    units: dict[AdminEra, dict[str, OfficialUnit]]
    children: dict[tuple[AdminEra, str], list[OfficialUnit]]
    successors: dict[str, str]  # pre commune / island district -> "new,new" (primary first)
    province_successor: dict[str, str]  # pre province -> post province
    no_successor: dict[str, str]  # pre commune -> documented reason
    listings: dict[tuple[AdminEra | None, AdminUnitLevel | None], tuple[OfficialUnit, ...]] = field(
        default_factory=dict
    )
    predecessors: dict[str, tuple[str, ...]] | None = None  # built on first use
    search_index: dict[str, list[OfficialUnit]] | None = None  # built on first use


_LOCK = threading.Lock()
_CACHE: list[_Table] = []

_UNIT_FILES = {
    AdminEra.PRE_2025_REFORM: "units_pre_2025_reform.tsv",
    AdminEra.POST_2025_REFORM: "units_post_2025_reform.tsv",
}


def _rows(name: str) -> Iterator[list[str]]:
    """The data rows of one packaged TSV file (comment lines and the column header skipped)."""
    resource = files("vn_iso_qms._internal") / "data" / "admin_units" / name
    lines = iter(resource.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if not line.startswith("#"):
            break  # the column header
    for line in lines:
        if line:
            yield line.split("\t")


def _load() -> _Table:
    types = {t.value: t for t in AdminUnitType}
    units: dict[AdminEra, dict[str, OfficialUnit]] = {}
    children: dict[tuple[AdminEra, str], list[OfficialUnit]] = {}
    for era, file_name in _UNIT_FILES.items():
        by_code: dict[str, OfficialUnit] = {}
        for code, type_code, parent, district, name in _rows(file_name):
            unit_type = types[type_code]
            level = _LEVEL_BY_LENGTH[len(code)]
            if _TYPE_LEVEL[unit_type] is not level or code in by_code:
                msg = f"corrupt package data: {file_name} row {code} ({type_code})"
                raise RuntimeError(msg)
            unit = OfficialUnit(code, name, unit_type, level, era, parent or None, district or None)
            by_code[code] = unit
            up = district or parent
            if up:
                siblings = children.get((era, up))
                if siblings is None:
                    children[(era, up)] = [unit]
                else:
                    siblings.append(unit)
        units[era] = by_code

    successors: dict[str, str] = {}
    no_successor: dict[str, str] = {}
    for old, new_codes, note in _rows("successors_2025.tsv"):
        successors[old] = new_codes
        if not new_codes:
            no_successor[old] = note
    province_successor = {old: new for old, _, new, _ in _rows("province_successors_2025.tsv")}
    return _Table(units, children, successors, province_successor, no_successor)


def _table() -> _Table:
    if not _CACHE:
        with _LOCK:
            if not _CACHE:
                _CACHE.append(_load())
    return _CACHE[0]


def _predecessors(table: _Table) -> dict[str, tuple[str, ...]]:
    """Post-reform code -> pre-reform codes, by level and code (built on first use)."""
    index = table.predecessors
    if index is None:
        with _LOCK:
            index = table.predecessors
            if index is None:
                found: dict[str, list[str]] = {}
                # Successor rows are sorted by (level, code), so each list comes out sorted.
                for old, new_codes in table.successors.items():
                    if new_codes:
                        for new in new_codes.split(","):
                            found.setdefault(new, []).append(old)
                for old, new in sorted(table.province_successor.items()):
                    found.setdefault(new, []).append(old)
                index = {new: tuple(olds) for new, olds in found.items()}
                table.predecessors = index
    return index


def _search_index(table: _Table) -> dict[str, list[OfficialUnit]]:
    """Folded full name and folded short name -> units (built on first use)."""
    index = table.search_index
    if index is None:
        with _LOCK:
            index = table.search_index
            if index is None:
                index = {}
                prefixes = {t: _fold(p) + " " for t, p in _NAME_PREFIX.items()}
                for era in _ERA_ORDER:  # units are stored by (level, code)
                    for unit in table.units[era].values():
                        full = _fold(unit.name)
                        index.setdefault(full, []).append(unit)
                        # The short name folded, as in `OfficialUnit.short_name`.
                        prefix = prefixes[unit.type]
                        if full.startswith(prefix):
                            short = full[len(prefix) :]
                            if not short.isdigit():
                                index.setdefault(short, []).append(unit)
                table.search_index = index
    return index


# --------------------------------------------------------------------------------------------
# Helpers


class _FoldTable(dict[int, str]):
    """`str.translate` table: each character -> itself without combining marks (filled lazily)."""

    def __missing__(self, key: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(key))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[key] = value
        return value


_FOLD = _FoldTable({ord("đ"): "d", ord("’"): "'", ord("‘"): "'"})


def _fold(text: str) -> str:
    """Fold a name for comparison: no diacritics, đ -> d, case-folded, spacing normalised.

    NFD decomposition moves every tone mark and vowel mark into a combining character, which
    is dropped, so both tone-mark placements ("Hoà" / "Hòa") fold to the same text. The result
    is the same as decomposing the whole text; the table only caches it per character.
    """
    bare = text.casefold().translate(_FOLD)
    if "-" in bare:
        bare = bare.replace("-", " - ")
    return " ".join(bare.split()).replace(" - ", "-")


def _level_word(code: str) -> str:
    level = _LEVEL_BY_LENGTH.get(len(code))
    return f"{level.value}-level" if level else "administrative"


def _bad_code_reason(code: object) -> str | None:
    if isinstance(code, str) and code.isascii() and code.isdigit() and len(code) in (2, 3, 5):
        return None
    return (
        f"{code!r} is not an administrative-unit code: codes are zero-padded strings of"
        " 2 digits (province), 3 (district) or 5 (commune)"
    )


def _coerce_era(era: AdminEra | str) -> AdminEra:
    return era if isinstance(era, AdminEra) else AdminEra(era)


def _where(table: _Table, unit: OfficialUnit) -> str:
    """The unit's name followed by its district's and province's: "Phường 4, Thành phố ..."."""
    by_code = table.units[unit.era]
    names = [unit.name]
    names.extend(by_code[up].name for up in (unit.district_code, unit.parent_code) if up)
    return ", ".join(names)


def _describe(units: tuple[OfficialUnit, ...], limit: int = 5) -> str:
    shown = ", ".join(f"{u.code} ({u.name})" for u in units[:limit])
    more = len(units) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def _lookup(table: _Table, code: str, era: AdminEra) -> OfficialUnit:
    bad = _bad_code_reason(code)
    if bad is not None:
        raise UnknownAdminUnitError(bad, code=code, era=era)
    unit = table.units[era].get(code)
    if unit is None:
        msg = f"no {_level_word(code)} unit has code {code!r} in era {era.value} ({era.label_en})"
        other = _ERA_ORDER[1] if era is _ERA_ORDER[0] else _ERA_ORDER[0]
        found = table.units[other].get(code)
        if found is not None:
            msg += f"; era {other.value} has {found.name}: pass era=AdminEra.{other.name}"
        elif era is AdminEra.POST_2025_REFORM and len(code) == 3:
            msg += f": {_DISTRICT_LEVEL_ENDED}"
        raise UnknownAdminUnitError(msg, code=code, era=era)
    return unit


def _post_units(table: _Table, codes: tuple[str, ...]) -> tuple[OfficialUnit, ...]:
    post = table.units[AdminEra.POST_2025_REFORM]
    return tuple(post[c] for c in codes)


def _split(codes: str) -> tuple[str, ...]:
    return tuple(codes.split(",")) if codes else ()


def _successor_codes(table: _Table, unit: OfficialUnit) -> tuple[str, ...]:
    if unit.level is AdminUnitLevel.PROVINCE:
        return (table.province_successor[unit.code],)
    if unit.level is AdminUnitLevel.COMMUNE:
        return _split(table.successors.get(unit.code, ""))
    codes = set(_split(table.successors.get(unit.code, "")))  # island district, no communes
    for commune in table.children.get((unit.era, unit.code), ()):
        codes.update(_split(table.successors.get(commune.code, "")))
    return tuple(sorted(codes))


# --------------------------------------------------------------------------------------------
# Public API


def get_admin_unit(code: str, *, era: AdminEra) -> OfficialUnit:
    """Look up one unit by its NSO code in one era.

    Args:
        code: the zero-padded NSO code: `"84"` (province), `"842"` (district), `"29236"` (commune).
        era: the era the code belongs to; codes are reused across eras.

    Returns:
        The unit.

    Raises:
        UnknownAdminUnitError: when the code is malformed or names no unit in `era`; the message
            says when the code exists in the other era.

    Examples:
        >>> get_admin_unit("29263", era=AdminEra.POST_2025_REFORM).name
        'Phường Long Đức'
    """
    return _lookup(_table(), code, _coerce_era(era))


def admin_units(
    era: AdminEra | None = None, level: AdminUnitLevel | None = None
) -> tuple[OfficialUnit, ...]:
    """Every unit, optionally of one era and/or one level.

    Args:
        era: keep only this era; `None` for both.
        level: keep only this level; `None` for all.

    Returns:
        The units, pre-reform era first, then by level (province, district, commune), then code.

    Examples:
        >>> len(admin_units(AdminEra.POST_2025_REFORM, AdminUnitLevel.PROVINCE))
        34
    """
    table = _table()
    key = (
        None if era is None else _coerce_era(era),
        None if level is None else AdminUnitLevel(level),
    )
    cached = table.listings.get(key)
    if cached is None:
        eras = _ERA_ORDER if key[0] is None else (key[0],)
        levels = _LEVEL_ORDER if key[1] is None else (key[1],)
        cached = tuple(
            unit
            for e in eras
            for lvl in levels
            for unit in table.units[e].values()
            if unit.level is lvl
        )
        table.listings[key] = cached
    return cached


def find_admin_units(
    name: str,
    *,
    era: AdminEra | None = None,
    level: AdminUnitLevel | None = None,
    parent: str | None = None,
) -> tuple[OfficialUnit, ...]:
    """Find units by name, ignoring case, diacritics and where the tone mark sits.

    A unit matches when `name` equals its full name (`"Tỉnh Trà Vinh"`) or its name without the
    type prefix (`"Trà Vinh"`), after folding both: `"tra vinh"`, `"TRÀ VINH"` and `"Tra Vinh"`
    all match, "đ" matches "d", "Hoà" matches "Hòa", and spaces around a hyphen are ignored.
    It is an exact match on the folded name, not a substring search.

    Args:
        name: the name to look for.
        era: keep only this era; `None` for both.
        level: keep only this level; `None` for all.
        parent: keep only units directly or indirectly under this code, read in each unit's own
            era (a province code, or for pre-reform communes also a district code).

    Returns:
        The matching units, pre-reform era first, then by level and code; empty if none.

    Examples:
        >>> [u.code for u in find_admin_units("tra vinh", level=AdminUnitLevel.PROVINCE)]
        ['84']
    """
    index = _search_index(_table())
    want_era = None if era is None else _coerce_era(era)
    want_level = None if level is None else AdminUnitLevel(level)
    return tuple(
        unit
        for unit in index.get(_fold(name), ())
        if (want_era is None or unit.era is want_era)
        and (want_level is None or unit.level is want_level)
        and (parent is None or parent in (unit.parent_code, unit.district_code))
    )


def admin_unit_children(code: str, *, era: AdminEra) -> tuple[OfficialUnit, ...]:
    """The units directly under a unit.

    Before the reform a province's children are its districts and a district's are its
    communes; from 2025-07-01 a province's children are its communes. Communes have none.

    Args:
        code: the parent's NSO code.
        era: the era of `code`.

    Returns:
        The children, by code.

    Raises:
        UnknownAdminUnitError: when `code` names no unit in `era`.
    """
    table = _table()
    unit = _lookup(table, code, _coerce_era(era))
    return tuple(table.children.get((unit.era, unit.code), ()))


def admin_unit_successors(code: str) -> tuple[OfficialUnit, ...]:
    """The post-reform units that took over a pre-reform unit.

    - A province: the one province it became part of (Resolution 202/2025/QH15).
    - A commune: the commune(s) it became part of. A commune split between several new ones
      has several successors; the primary one (see `primary_successor`) comes first, then the
      others by code. A commune without a successor returns `()`; see
      `communes_without_successor` for the reason.
    - A district: the district level was abolished, so a district has no successor unit of
      its own; this returns the union of its communes' successors, by code (for the island
      districts without communes, the special zone that replaced them).

    Args:
        code: a pre-reform NSO code (era `pre_2025_reform`).

    Returns:
        The successors, in era `post_2025_reform`.

    Raises:
        UnknownAdminUnitError: when `code` names no pre-reform unit.

    Examples:
        >>> [u.name for u in admin_unit_successors("84")]
        ['Tỉnh Vĩnh Long']
    """
    table = _table()
    unit = _lookup(table, code, AdminEra.PRE_2025_REFORM)
    return _post_units(table, _successor_codes(table, unit))


def primary_successor(code: str) -> OfficialUnit | None:
    """The one post-reform unit to use for a pre-reform province or commune.

    For a commune split between several new communes, this is the successor that
    vietnamadminunits flags as the default for the old commune, or else the lowest code.

    Args:
        code: a pre-reform NSO code.

    Returns:
        The province or commune; `None` for a district (the level was abolished: use
        `admin_unit_successors` for the communes that cover it) and for a commune without a
        successor.

    Raises:
        UnknownAdminUnitError: when `code` names no pre-reform unit.
    """
    table = _table()
    unit = _lookup(table, code, AdminEra.PRE_2025_REFORM)
    if unit.level is AdminUnitLevel.DISTRICT:
        return None
    codes = _successor_codes(table, unit)
    return table.units[AdminEra.POST_2025_REFORM][codes[0]] if codes else None


def admin_unit_predecessors(code: str) -> tuple[OfficialUnit, ...]:
    """The pre-reform units that a post-reform province or commune was formed from.

    For a province, the old provinces merged into it; for a commune, the old communes (whole or
    in part) that went into it, and for a special zone formed from an island district without
    communes, that district.

    Args:
        code: a post-reform NSO code (era `post_2025_reform`).

    Returns:
        The predecessors in era `pre_2025_reform`, by level and code.

    Raises:
        UnknownAdminUnitError: when `code` names no post-reform unit.

    Examples:
        >>> [u.code for u in admin_unit_predecessors("86")]
        ['83', '84', '86']
    """
    table = _table()
    unit = _lookup(table, code, AdminEra.POST_2025_REFORM)
    pre = table.units[AdminEra.PRE_2025_REFORM]
    return tuple(pre[c] for c in _predecessors(table).get(unit.code, ()))


def communes_without_successor() -> dict[str, str]:
    """Pre-reform communes that have no successor, with the documented reason for each.

    Every pre-reform commune either has at least one successor or appears here. With the data
    of vietnamadminunits 1.0.4 every commune has a successor, so this is empty; it exists so
    that a future table cannot drop a commune silently.

    Returns:
        A new dict: pre-reform commune code -> reason.
    """
    return dict(_table().no_successor)


def check_admin_unit_code(code: str, on: date) -> str | None:
    """Check that a code names a unit that exists on a given day, for validating records.

    Days before 2025-07-01 are checked against the state on 2025-06-30 (units dissolved
    earlier are not in the table), later days against the post-reform state.

    Args:
        code: the NSO code to check.
        on: the day the code must be valid on (a `datetime` is reduced to its date).

    Returns:
        `None` when the code names a unit on `on`; otherwise a readable English reason, which
        names the unit and its successors or predecessors when the code belongs to the other
        era.

    Examples:
        >>> from datetime import date
        >>> check_admin_unit_code("842", date(2025, 6, 30)) is None
        True
        >>> print(check_admin_unit_code("842", date(2025, 7, 1)))
        district-level unit 842 (Thành phố Trà Vinh, Tỉnh Trà Vinh) does not exist on 2025-07-01: the district level ended on 2025-07-01 (Law 72/2025/QH15)
    """  # noqa: E501
    bad = _bad_code_reason(code)
    if bad is not None:
        return bad
    day = on.date() if isinstance(on, datetime) else on
    era = AdminEra.on(day)
    table = _table()
    if code in table.units[era]:
        return None
    level = _level_word(code)
    if era is AdminEra.POST_2025_REFORM:
        old = table.units[AdminEra.PRE_2025_REFORM].get(code)
        if old is None:
            if len(code) == 3:
                return (
                    f"district-level unit {code} does not exist on {day.isoformat()}:"
                    f" {_DISTRICT_LEVEL_ENDED}, and no district had this code on 2025-06-30"
                )
            return f"no {level} unit has code {code}, on {day.isoformat()} or on 2025-06-30"
        head = f"{level} unit {code} ({_where(table, old)}) does not exist on {day.isoformat()}"
        if old.level is AdminUnitLevel.DISTRICT:
            return f"{head}: {_DISTRICT_LEVEL_ENDED}"
        successors = _post_units(table, _successor_codes(table, old))
        if old.level is AdminUnitLevel.PROVINCE:
            return (
                f"{head}: it is a code of the state on 2025-06-30; the province became part of"
                f" {_describe(successors)} on 2025-07-01 (Resolution 202/2025/QH15)"
            )
        if not successors:
            reason = table.no_successor.get(code, "no reason recorded")
            return f"{head}: it is a code of the state on 2025-06-30 and has no successor: {reason}"
        which = "successors from 2025-07-01 are" if len(successors) > 1 else "successor is"
        return (
            f"{head}: it is a code of the state on 2025-06-30; its {which} {_describe(successors)}"
        )
    new = table.units[AdminEra.POST_2025_REFORM].get(code)
    if new is None:
        return (
            f"no {level} unit has code {code} on {day.isoformat()} (the table holds the state on"
            " 2025-06-30 and uses it for every earlier day) or from 2025-07-01"
        )
    predecessors = tuple(
        table.units[AdminEra.PRE_2025_REFORM][c] for c in _predecessors(table).get(code, ())
    )
    return (
        f"{level} unit {code} ({_where(table, new)}) does not exist on {day.isoformat()}: it is a"
        " code of"
        f" the state from 2025-07-01, formed from {_describe(predecessors)}"
    )
