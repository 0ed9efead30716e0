"""Regenerate vn_iso_qms's administrative-unit tables from vietnamadminunits 1.0.4.

The generated files are reviewed data committed to the repository; nothing runs at install time.
vietnamadminunits (MIT, https://github.com/tranngocminhhieu/vietnamadminunits) is *not* a
dependency of vn_iso_qms: install it into a throwaway virtualenv and run this script with that
interpreter (it only needs the standard library plus the package's data files)::

    python3 -m venv /tmp/au-venv
    /tmp/au-venv/bin/pip install vietnamadminunits==1.0.4
    /tmp/au-venv/bin/python scripts/build_admin_units.py           # (re)write the data files
    /tmp/au-venv/bin/python scripts/build_admin_units.py --check   # exit 1 if they would change

What it writes, into src/vn_iso_qms/_internal/data/admin_units/:

- units_pre_2025_reform.tsv   63 provinces, 696 districts, 10,035 communes (state on 2025-06-30)
- units_post_2025_reform.tsv  34 provinces, 3,321 communes (from 2025-07-01)
- successors_2025.tsv         old commune (and island district) -> new commune(s), primary first
- LICENSE-vietnamadminunits.txt  the upstream MIT licence text

It reads, but never writes, the hand-written province_successors_2025.tsv (Resolution
202/2025/QH15) and fails if that table disagrees with the package's province table or with the
provinces that the package's commune successors fall in.

Decisions it takes, each checked against an expected list so that a new upstream version is
reviewed rather than silently accepted:

- The unit type comes from the official name's prefix ("Phường Việt Hòa" is a phường), not from
  the package's separate type column, which disagrees on 7 rows (EXPECTED_TYPE_COLUMN_ERRORS).
- The type prefix of a name is written in its canonical case ("Thị Trấn Ái Tử" -> "Thị trấn Ái
  Tử"); the rest of the name is kept as published.
- A split commune's primary successor is the package's `isDefaultNewWard`, else the lowest code.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
UPSTREAM = "https://github.com/tranngocminhhieu/vietnamadminunits"
COPYRIGHT = "Copyright (c) 2025 Tran Ngoc Minh Hieu"

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "vn_iso_qms" / "_internal" / "data" / "admin_units"
PROVINCE_FILE = "province_successors_2025.tsv"

# Canonical name prefix -> unit-type code, per level. Longest prefixes first is not needed: every
# prefix is matched together with the following space.
PROVINCE_TYPES = {"Tỉnh": "tinh", "Thành phố": "thanh_pho_trung_uong"}
DISTRICT_TYPES = {"Quận": "quan", "Huyện": "huyen", "Thị xã": "thi_xa", "Thành phố": "thanh_pho"}
COMMUNE_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}

# The package's type column -> our code, to compare with the type read from the name.
PACKAGE_TYPE_COLUMN = {
    "Quận": "quan",
    "Huyện": "huyen",
    "Thị xã": "thi_xa",
    "Thành phố": "thanh_pho",
    "Xã": "xa",
    "Phường": "phuong",
    "Thị trấn": "thi_tran",
    "Đặc khu": "dac_khu",
}

# (era, code) -> (type from the name, type in the package's column). Reviewed by hand: the names
# agree with the NSO list (vietnam-provinces 2026.9.0 carries the same names for these codes).
EXPECTED_TYPE_COLUMN_ERRORS = {
    ("post", "10543"): ("phuong", "xa"),  # Phường Việt Hòa, Hải Phòng
    ("post", "11848"): ("xa", "phuong"),  # Xã Vĩnh Hòa, Hải Phòng
    ("post", "31213"): ("phuong", "xa"),  # Phường Tân Lộc, Cần Thơ
    ("post", "31299"): ("xa", "phuong"),  # Xã Phong Điền, Cần Thơ
    ("pre", "15061"): ("thi_tran", "xa"),  # Thị trấn Ngọc Lặc, Thanh Hóa
    ("pre", "27046"): ("phuong", "xa"),  # Phường 5, Quận Phú Nhuận, TP Hồ Chí Minh
    ("pre", "27076"): ("phuong", "xa"),  # Phường 15, Quận Phú Nhuận, TP Hồ Chí Minh
}

# Pre-reform communes with no successor in the package, with the documented reason. The package's
# converter covers every one of its 10,035 communes, so this is empty; a new upstream version that
# drops one must add a reason here (it is written to successors_2025.tsv and exposed at runtime).
NO_SUCCESSOR_REASONS: dict[str, str] = {}

EXPECTED_COUNTS = {
    ("pre", "province"): 63,
    ("pre", "district"): 696,
    ("pre", "commune"): 10_035,
    ("post", "province"): 34,
    ("post", "commune"): 3_321,
}
EXPECTED_POST_COMMUNE_TYPES = {"xa": 2_621, "phuong": 687, "dac_khu": 13}

Unit = tuple[str, str, str, str, str]  # code, type, parent_code, district_code, name

NOTES: list[str] = []  # informational lines printed after a successful build


class BuildError(Exception):
    """The source data broke an expectation; nothing was written."""


def split_name(name: str, prefixes: dict[str, str], where: str) -> tuple[str, str]:
    """Return (canonical name, type code) read from the name's prefix."""
    for prefix, type_code in prefixes.items():
        if name.casefold().startswith(prefix.casefold() + " "):
            rest = name[len(prefix) + 1 :].strip()
            return f"{prefix} {rest}", type_code
    msg = f"{where}: name {name!r} starts with none of {sorted(prefixes)}"
    raise BuildError(msg)


def locate_package() -> tuple[Path, str]:
    """Return the package's data directory and its licence text, after checking the version."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        msg = f"{PACKAGE} is not installed in this interpreter; see the module docstring"
        raise BuildError(msg) from None
    if version != VERSION:
        msg = f"{PACKAGE} {version} is installed; this script is pinned to =={VERSION}"
        raise BuildError(msg)
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        msg = f"cannot locate the {PACKAGE} package directory"
        raise BuildError(msg)
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    dist = importlib.metadata.distribution(PACKAGE)
    licence = next(
        (f for f in dist.files or () if f.name == "LICENSE" and "dist-info" in str(f)), None
    )
    if licence is None:
        msg = f"{PACKAGE} {VERSION} ships no LICENSE file in its dist-info"
        raise BuildError(msg)
    return data_dir, Path(str(dist.locate_file(licence))).read_text(encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class UnitCollector:
    """Collects unit rows of both eras, and where the package's type column disagrees."""

    def __init__(self) -> None:
        self.units: dict[str, dict[str, Unit]] = {"pre": {}, "post": {}}
        self.type_errors: dict[tuple[str, str], tuple[str, str]] = {}
        self.renamed: dict[tuple[str, str], tuple[str, str]] = {}  # (era, code) -> (from, to)

    def add(self, era: str, unit: Unit, published: str) -> None:
        if published != unit[4]:
            self.renamed[(era, unit[0])] = (published, unit[4])
        old = self.units[era].get(unit[0])
        if old is not None and old != unit:
            msg = f"{era} code {unit[0]} has two different rows: {old} / {unit}"
            raise BuildError(msg)
        self.units[era][unit[0]] = unit

    def province(self, era: str, row: dict[str, object]) -> None:
        code = str(row["provinceCode"])
        name, type_code = split_name(str(row["province"]), PROVINCE_TYPES, f"{era} province {code}")
        self.add(era, (code, type_code, "", "", name), str(row["province"]))

    def district(self, row: dict[str, object]) -> str:
        code = str(row["districtCode"])
        name, type_code = split_name(str(row["district"]), DISTRICT_TYPES, f"pre district {code}")
        column = PACKAGE_TYPE_COLUMN[str(row["districtType"])]
        if column != type_code:
            self.type_errors[("pre", code)] = (type_code, column)
        self.add("pre", (code, type_code, str(row["provinceCode"]), "", name), str(row["district"]))
        return code

    def commune(self, era: str, row: dict[str, object], district_code: str) -> str:
        code = str(row["wardCode"])
        name, type_code = split_name(str(row["ward"]), COMMUNE_TYPES, f"{era} commune {code}")
        column = PACKAGE_TYPE_COLUMN[str(row["wardType"])]
        if column != type_code:
            self.type_errors[(era, code)] = (type_code, column)
        unit = (code, type_code, str(row["provinceCode"]), district_code, name)
        self.add(era, unit, str(row["ward"]))
        return code

    def ordered(self) -> dict[str, list[Unit]]:
        return {
            era: sorted(by_code.values(), key=lambda u: (len(u[0]), u[0]))
            for era, by_code in self.units.items()
        }


def read_units(
    db: Path, problems: list[str]
) -> tuple[dict[str, list[Unit]], dict[tuple[str, str], str], dict[tuple[str, str, str], str]]:
    """Read both eras. Returns units per era, new-ward slug keys and old-ward slug keys -> code."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    post_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
    pre_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
    con.close()
    collect = UnitCollector()

    new_keys: dict[tuple[str, str], str] = {}
    for row in post_rows:
        collect.province("post", row)
        key = (str(row["provinceKey"]), str(row["wardKey"]))
        if key in new_keys:
            msg = f"new-ward slug {key} is not unique"
            raise BuildError(msg)
        new_keys[key] = collect.commune("post", row, "")

    old_keys: dict[tuple[str, str, str], str] = {}
    for row in pre_rows:
        collect.province("pre", row)
        district_code = collect.district(row)
        slug = (str(row["provinceKey"]), str(row["districtKey"]), str(row["wardKey"] or ""))
        if slug in old_keys:
            msg = f"old-ward slug {slug} is not unique"
            raise BuildError(msg)
        if row["wardCode"] is None:  # an island district without communes
            old_keys[slug] = district_code
        else:
            old_keys[slug] = collect.commune("pre", row, district_code)

    if collect.type_errors != EXPECTED_TYPE_COLUMN_ERRORS:
        problems.append(
            "type column disagreements changed; review and update EXPECTED_TYPE_COLUMN_ERRORS: "
            f"{sorted(collect.type_errors.items())}"
        )
    for (era, code), (published, written) in sorted(collect.renamed.items()):
        NOTES.append(f"{era} {code}: name prefix normalised: {published!r} -> {written!r}")
    return collect.ordered(), new_keys, old_keys


def check_counts(units: dict[str, list[Unit]], problems: list[str]) -> None:
    levels = {2: "province", 3: "district", 5: "commune"}
    counts = Counter((era, levels[len(u[0])]) for era, rows in units.items() for u in rows)
    if dict(counts) != EXPECTED_COUNTS:
        problems.append(f"unit counts {dict(counts)} != expected {EXPECTED_COUNTS}")
    post_types = Counter(u[1] for u in units["post"] if len(u[0]) == 5)
    if dict(post_types) != EXPECTED_POST_COMMUNE_TYPES:
        problems.append(f"post-reform commune types {dict(post_types)}")


def read_successors(
    converter: Path,
    new_keys: dict[tuple[str, str], str],
    old_keys: dict[tuple[str, str, str], str],
) -> dict[str, tuple[list[str], str]]:
    """Old code -> (new codes, primary first; how the primary was chosen)."""
    data = json.loads(converter.read_text(encoding="utf-8"))
    old_by_slug = {"_".join(k): v for k, v in old_keys.items()}
    result: dict[str, tuple[list[str], str]] = {}

    def new_code(province_key: str, ward_key: str) -> str:
        try:
            return new_keys[(province_key, ward_key)]
        except KeyError:
            msg = f"converter names an unknown new ward {province_key}/{ward_key}"
            raise BuildError(msg) from None

    def old_code(slug: str) -> str:
        try:
            return old_by_slug[slug]
        except KeyError:
            msg = f"converter names an unknown old ward {slug}"
            raise BuildError(msg) from None

    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_slugs in wards.items():
            target = new_code(province_key, ward_key)
            for slug in old_slugs:
                code = old_code(slug)
                if code in result:
                    msg = f"old ward {slug} appears twice in the converter"
                    raise BuildError(msg)
                result[code] = ([target], "")

    for province_key, splits in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for slug, candidates in splits.items():
            code = old_code(slug)
            if code in result:
                msg = f"old ward {slug} is both split and not split in the converter"
                raise BuildError(msg)
            targets = sorted({new_code(province_key, c["newWardKey"]) for c in candidates})
            defaults = {
                new_code(province_key, c["newWardKey"]) for c in candidates if c["isDefaultNewWard"]
            }
            if len(defaults) == 1:
                primary, rule = next(iter(defaults)), "split: primary is the package default"
            else:
                primary, rule = targets[0], "split: no single package default; primary is lowest"
            if len(targets) == 1:
                rule = ""
            result[code] = ([primary, *[t for t in targets if t != primary]], rule)
    return result


def read_province_table() -> dict[str, str]:
    rows: dict[str, str] = {}
    lines = (OUT / PROVINCE_FILE).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    for line in body[1:]:
        old, _old_name, new, _new_name = line.split("\t")
        if old in rows:
            msg = f"{PROVINCE_FILE}: province {old} listed twice"
            raise BuildError(msg)
        rows[old] = new
    return rows


def check_provinces(
    hand: dict[str, str],
    units: dict[str, list[Unit]],
    successors: dict[str, tuple[list[str], str]],
    problems: list[str],
) -> list[str]:
    """Compare the hand-written province table with the package. Returns readable findings."""
    findings: list[str] = []
    pre = {u[0]: u for u in units["pre"]}
    post = {u[0]: u for u in units["post"]}
    lines = (OUT / PROVINCE_FILE).read_text(encoding="utf-8").splitlines()
    for line in [ln for ln in lines if ln and not ln.startswith("#")][1:]:
        old, old_name, new, new_name = line.split("\t")
        if old not in pre or len(old) != 2:
            problems.append(f"{PROVINCE_FILE}: {old} is not a pre-reform province")
        elif pre[old][4] != old_name:
            findings.append(f"name of {old}: hand {old_name!r}, package {pre[old][4]!r}")
        if new not in post or len(new) != 2:
            problems.append(f"{PROVINCE_FILE}: {new} is not a post-reform province")
        elif post[new][4] != new_name:
            findings.append(f"name of {new}: hand {new_name!r}, package {post[new][4]!r}")
    pre_provinces = {c for c in pre if len(c) == 2}
    if set(hand) != pre_provinces:
        problems.append(f"{PROVINCE_FILE}: missing {sorted(pre_provinces - set(hand))}")
    if set(hand.values()) != {c for c in post if len(c) == 2}:
        problems.append(f"{PROVINCE_FILE}: does not cover every new province")

    # The provinces that each old province's commune successors fall in.
    falls_in: dict[str, set[str]] = defaultdict(set)
    for old_code, (new_codes, _rule) in successors.items():
        old_province = pre[old_code][2]
        for new_code in new_codes:
            falls_in[old_province].add(post[new_code][2])
    for old, new in sorted(hand.items()):
        got = falls_in.get(old, set())
        if got != {new}:
            findings.append(
                f"province {old}: Resolution 202 says {new}; its communes' successors lie in "
                f"{sorted(got)}"
            )
    return findings


def province_table_from_package(
    converter: Path, pre_slug_to_code: dict[str, str], post_slug_to_code: dict[str, str]
) -> dict[str, str]:
    data = json.loads(converter.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for new_slug, old_slugs in data["DICT_PROVINCE"].items():
        for old_slug in old_slugs:
            table[pre_slug_to_code[old_slug]] = post_slug_to_code[new_slug]
    return table


def province_slugs(db: Path) -> tuple[dict[str, str], dict[str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pre = dict(con.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"))
    post = dict(con.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
    con.close()
    return pre, post


def header(title: str, sources: list[tuple[str, str]], rows: str, columns: str) -> str:
    source_lines = "".join(f"#   {name} sha256 {digest}\n" for name, digest in sources)
    return (
        f"# vn_iso_qms administrative units: {title}\n"
        f"# Source: {PACKAGE} {VERSION} (MIT License, {COPYRIGHT}), {UPSTREAM}\n"
        f"#   licence text: LICENSE-vietnamadminunits.txt in this directory\n"
        f"{source_lines}"
        "# Generated by scripts/build_admin_units.py. Do not edit by hand: change the script and rerun.\n"
        "# Codes are NSO (GSO) codes, zero-padded: 2 digits province, 3 district, 5 commune.\n"
        f"# Rows: {rows}\n"
        f"# Columns: {columns}\n"
    )


def render_units(era_title: str, rows: list[Unit], sources: list[tuple[str, str]]) -> str:
    counts = Counter(len(u[0]) for u in rows)
    summary = ", ".join(
        f"{counts[n]} {label}"
        for n, label in ((2, "provinces"), (3, "districts"), (5, "communes"))
        if counts[n]
    )
    columns = "code, type, parent_code (province), district_code (pre-reform communes), name"
    text = header(era_title, sources, summary, columns)
    text += "code\ttype\tparent_code\tdistrict_code\tname\n"
    text += "".join("\t".join(u) + "\n" for u in rows)
    return text


def render_successors(
    successors: dict[str, tuple[list[str], str]], sources: list[tuple[str, str]]
) -> str:
    split = sum(1 for new, _ in successors.values() if len(new) > 1)
    rows = (
        f"{len(successors)} old units ({split} split between several new communes); "
        "province rows are in province_successors_2025.tsv"
    )
    columns = (
        "old_code (pre-reform commune, or an island district without communes), "
        "new_codes (post-reform communes, comma-separated, primary first), "
        "note (how a split's primary was chosen, or why there is no successor)"
    )
    text = header("successors, state on 2025-06-30 -> from 2025-07-01", sources, rows, columns)
    text += "old_code\tnew_codes\tnote\n"
    for old in sorted(successors, key=lambda c: (len(c), c)):
        new, note = successors[old]
        text += f"{old}\t{','.join(new)}\t{note}\n"
    return text


def build() -> tuple[dict[str, str], list[str]]:
    """Return {file name: content} and the findings of the province cross-check."""
    data_dir, licence = locate_package()
    db = data_dir / "dataset.db"
    converter = data_dir / "converter_2025.json"
    problems: list[str] = []

    units, new_keys, old_keys = read_units(db, problems)
    check_counts(units, problems)
    successors = read_successors(converter, new_keys, old_keys)

    pre_codes = {u[0] for u in units["pre"]}
    for code in sorted(pre_codes):
        if len(code) == 5 and code not in successors:
            if code in NO_SUCCESSOR_REASONS:
                successors[code] = ([], NO_SUCCESSOR_REASONS[code])
            else:
                problems.append(f"commune {code} has no successor and no documented reason")
    island_districts = {c for c in successors if len(c) == 3}
    districts_with_communes = {u[3] for u in units["pre"] if len(u[0]) == 5}
    if island_districts & districts_with_communes:
        problems.append(f"districts both mapped and with communes: {island_districts}")
    if (pre_codes - districts_with_communes - island_districts) != {
        c for c in pre_codes if len(c) != 3
    }:
        problems.append("some district has neither communes nor a successor")

    hand = read_province_table()
    findings = check_provinces(hand, units, successors, problems)
    pre_slugs, post_slugs = province_slugs(db)
    package_table = province_table_from_package(converter, pre_slugs, post_slugs)
    for old in sorted(set(hand) | set(package_table)):
        if hand.get(old) != package_table.get(old):
            findings.append(
                f"province {old}: Resolution 202 (hand) says {hand.get(old)}, the package's "
                f"province table says {package_table.get(old)}"
            )
    if problems:
        raise BuildError("\n".join(problems))

    sources = [("data/dataset.db", sha256(db)), ("data/converter_2025.json", sha256(converter))]
    files = {
        "units_pre_2025_reform.tsv": render_units(
            "state on 2025-06-30 (era pre_2025_reform)", units["pre"], sources[:1]
        ),
        "units_post_2025_reform.tsv": render_units(
            "from 2025-07-01 (era post_2025_reform)", units["post"], sources[:1]
        ),
        "successors_2025.tsv": render_successors(successors, sources),
        "LICENSE-vietnamadminunits.txt": (
            f"The tables in this directory (except {PROVINCE_FILE}) are derived from\n"
            f"{PACKAGE} {VERSION}, {UPSTREAM}, under the following licence.\n\n{licence}"
        ),
    }
    return files, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if a file would change"
    )
    args = parser.parse_args(argv)
    try:
        files, findings = build()
    except BuildError as exc:
        print(f"build_admin_units: {exc}", file=sys.stderr)
        return 2
    for note in NOTES:
        print(note)
    for finding in findings:
        print(f"province cross-check: {finding}")
    if not findings:
        print("province cross-check: the hand-written table agrees with the package (63 rows)")
    changed = []
    for name, content in files.items():
        path = OUT / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            changed.append(name)
            if not args.check:
                path.write_text(content, encoding="utf-8", newline="\n")
    for name in files:
        size = (OUT / name).stat().st_size if (OUT / name).exists() else 0
        state = "changed" if name in changed else "unchanged"
        print(f"{name}: {size:,} bytes, {state}{' (not written: --check)' if args.check else ''}")
    if args.check and changed:
        return 1
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
