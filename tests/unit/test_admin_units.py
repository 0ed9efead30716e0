"""The administrative-unit table (issue 4): counts, spot checks, successors, search, era checks.

Sources of the expected values, cited per test:
- [R27]/[R29]: /work/shared/domain/law.md (Resolution 202/2025/QH15; 3,321 communes by type).
- [AU]: /work/shared/domain/admin_units.md (counts and spot checks run against vietnamadminunits
  1.0.4 and vietnam-provinces 2026.9.0).
- [QDND]: en.qdnd.vn, ceremony for the new Đồng Tháp province: "102 commune-level units,
  including 82 communes and 20 wards".
- [DATA]: the packaged tables themselves (scripts/build_admin_units.py output), for values no
  outside source states.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vn_iso_qms import AdminUnitLevel
from vn_iso_qms._internal.admin_units import (
    AdminEra,
    AdminUnitType,
    OfficialUnit,
    UnknownAdminUnitError,
    admin_unit_children,
    admin_unit_predecessors,
    admin_unit_successors,
    admin_units,
    check_admin_unit_code,
    communes_without_successor,
    find_admin_units,
    get_admin_unit,
    primary_successor,
)

PRE = AdminEra.PRE_2025_REFORM
POST = AdminEra.POST_2025_REFORM
PROVINCE = AdminUnitLevel.PROVINCE
DISTRICT = AdminUnitLevel.DISTRICT
COMMUNE = AdminUnitLevel.COMMUNE

# [R27] the 11 provinces that were not merged (pre-reform NSO codes, unchanged after).
UNMERGED = {"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}

PRE_COMMUNES = admin_units(PRE, COMMUNE)
POST_COMMUNES = admin_units(POST, COMMUNE)
ALL_UNITS = admin_units()


def strip_marks(text: str) -> str:
    """Independent reference folding for the property tests."""
    text = text.replace("đ", "d").replace("Đ", "D")
    nfd = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in nfd if not unicodedata.combining(ch)).lower()


# ---------------------------------------------------------------------------------------------
# Loading


def test_import_does_not_load_the_table() -> None:
    code = (
        "import vn_iso_qms._internal.admin_units as au\n"
        "assert au._CACHE == [], 'loaded at import'\n"
        "au.get_admin_unit('84', era=au.AdminEra.PRE_2025_REFORM)\n"
        "assert len(au._CACHE) == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_the_table_is_loaded_once() -> None:
    first = get_admin_unit("84", era=PRE)
    assert get_admin_unit("84", era=PRE) is first
    assert admin_units(PRE) is admin_units(PRE)


# ---------------------------------------------------------------------------------------------
# Counts


def test_counts_before_the_reform() -> None:
    # [AU] and its correction of law.md R29: 63 / 696 / 10,035 on 30/06/2025.
    assert len(admin_units(PRE, PROVINCE)) == 63
    assert len(admin_units(PRE, DISTRICT)) == 696
    assert len(PRE_COMMUNES) == 10_035
    assert len(admin_units(PRE)) == 63 + 696 + 10_035


def test_counts_after_the_reform() -> None:
    # [R27] 34 provinces, [R29] 3,321 communes: 2,621 xã, 687 phường, 13 đặc khu.
    assert len(admin_units(POST, PROVINCE)) == 34
    assert admin_units(POST, DISTRICT) == ()
    assert len(POST_COMMUNES) == 3_321
    assert Counter(u.type for u in POST_COMMUNES) == {
        AdminUnitType.XA: 2_621,
        AdminUnitType.PHUONG: 687,
        AdminUnitType.DAC_KHU: 13,
    }
    assert len(ALL_UNITS) == 63 + 696 + 10_035 + 34 + 3_321


def test_province_types_are_data() -> None:
    # [R27] 28 provinces + 6 centrally-run cities; [AU] 57 + 6 before (Huế became a city in 2025).
    post = Counter(u.type for u in admin_units(POST, PROVINCE))
    assert post == {AdminUnitType.TINH: 28, AdminUnitType.THANH_PHO_TRUNG_UONG: 6}
    pre = Counter(u.type for u in admin_units(PRE, PROVINCE))
    assert pre == {AdminUnitType.TINH: 57, AdminUnitType.THANH_PHO_TRUNG_UONG: 6}
    assert get_admin_unit("46", era=PRE).type is AdminUnitType.THANH_PHO_TRUNG_UONG


def test_district_types() -> None:
    # [AU] vietnamadminunits: 508 Huyện, 87 Thành phố, 52 Thị xã, 49 Quận.
    assert Counter(u.type for u in admin_units(PRE, DISTRICT)) == {
        AdminUnitType.HUYEN: 508,
        AdminUnitType.THANH_PHO: 87,
        AdminUnitType.THI_XA: 52,
        AdminUnitType.QUAN: 49,
    }


def test_no_thi_tran_after_the_reform() -> None:
    # [R29] "Thị trấn" no longer exists as a kind.
    assert all(u.type is not AdminUnitType.THI_TRAN for u in admin_units(POST))


def test_every_row_is_consistent() -> None:
    widths = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}
    for unit in ALL_UNITS:
        assert len(unit.code) == widths[unit.level]
        assert unit.code.isdigit()
        assert unit.type.level is unit.level
        assert unit.name.strip() == unit.name
        assert unit.name.startswith(unit.type.label_vi.split(" (")[0].split(" trực")[0])
        if unit.level is PROVINCE:
            assert unit.parent_code is None
        else:
            assert unit.parent_code is not None
            assert get_admin_unit(unit.parent_code, era=unit.era).level is PROVINCE
        if unit.era is PRE and unit.level is COMMUNE:
            assert unit.district_code is not None
            district = get_admin_unit(unit.district_code, era=PRE)
            assert district.parent_code == unit.parent_code
        else:
            assert unit.district_code is None


# ---------------------------------------------------------------------------------------------
# Spot checks


def test_tra_vinh_before_the_reform() -> None:
    # [AU] Trà Vinh (legacy 84): 9 district-level units (TP Trà Vinh, TX Duyên Hải, 7 huyện)
    # and 104 communes (85 xã, 10 thị trấn, 9 phường).
    tra_vinh = get_admin_unit("84", era=PRE)
    assert tra_vinh.name == "Tỉnh Trà Vinh"
    assert tra_vinh.short_name == "Trà Vinh"
    districts = admin_unit_children("84", era=PRE)
    assert len(districts) == 9
    assert Counter(d.type for d in districts) == {
        AdminUnitType.THANH_PHO: 1,
        AdminUnitType.THI_XA: 1,
        AdminUnitType.HUYEN: 7,
    }
    communes = [u for u in PRE_COMMUNES if u.parent_code == "84"]
    assert len(communes) == 104
    assert sum(len(admin_unit_children(d.code, era=PRE)) for d in districts) == 104
    assert Counter(c.type for c in communes) == {
        AdminUnitType.XA: 85,
        AdminUnitType.THI_TRAN: 10,
        AdminUnitType.PHUONG: 9,
    }


def test_tra_vinh_goes_into_vinh_long() -> None:
    # [AU] all 104 communes map into Vĩnh Long (86), where they touch 41 of its 124 communes.
    communes = [u for u in PRE_COMMUNES if u.parent_code == "84"]
    successors = {s for c in communes for s in admin_unit_successors(c.code)}
    assert {s.parent_code for s in successors} == {"86"}
    assert len(successors) == 41
    assert len(admin_unit_children("86", era=POST)) == 124
    assert [p.name for p in admin_unit_successors("84")] == ["Tỉnh Vĩnh Long"]
    # [R27 / brief] Trà Vinh 84 + Bến Tre 83 + Vĩnh Long 86 -> Vĩnh Long 86.
    assert [p.code for p in admin_unit_predecessors("86")] == ["83", "84", "86"]


def test_phuong_4_tra_vinh() -> None:
    # [AU] Phường 4, TP Trà Vinh (29236) -> Phường Long Đức (29263), Vĩnh Long.
    old = get_admin_unit("29236", era=PRE)
    assert (old.name, old.district_code, old.parent_code) == ("Phường 4", "842", "84")
    assert old.short_name == "Phường 4"  # numbered units keep their prefix
    (new,) = admin_unit_successors("29236")
    assert (new.code, new.name, new.parent_code) == ("29263", "Phường Long Đức", "86")
    assert primary_successor("29236") == new


def test_ha_noi_after_the_reform() -> None:
    # [AU] new Hà Nội: 126 communes (75 xã, 51 phường); not merged [R27].
    communes = admin_unit_children("01", era=POST)
    assert len(communes) == 126
    assert Counter(c.type for c in communes) == {AdminUnitType.XA: 75, AdminUnitType.PHUONG: 51}
    assert [p.code for p in admin_unit_predecessors("01")] == ["01"]


def test_tien_giang_goes_wholly_into_dong_thap() -> None:
    # [R27 / brief] Tiền Giang 82 + Đồng Tháp 87 -> Đồng Tháp, which takes code 82.
    # [AU] vietnam-provinces wrongly tags ward 27691 (Long An) as Tiền Giang; not here.
    (dong_thap,) = admin_unit_successors("82")
    assert (dong_thap.code, dong_thap.name) == ("82", "Tỉnh Đồng Tháp")
    assert [p.name for p in admin_unit_predecessors("82")] == ["Tỉnh Tiền Giang", "Tỉnh Đồng Tháp"]
    tien_giang = [u for u in PRE_COMMUNES if u.parent_code == "82"]
    assert tien_giang
    assert {s.parent_code for c in tien_giang for s in admin_unit_successors(c.code)} == {"82"}
    # [QDND] the new province has 102 commune-level units: 82 xã and 20 phường.
    communes = admin_unit_children("82", era=POST)
    assert Counter(c.type for c in communes) == {AdminUnitType.XA: 82, AdminUnitType.PHUONG: 20}


def test_codes_are_reused_across_eras() -> None:
    # [R27] a merged province takes the code of the province that holds its seat.
    assert get_admin_unit("82", era=PRE).name == "Tỉnh Tiền Giang"
    assert get_admin_unit("82", era=POST).name == "Tỉnh Đồng Tháp"
    assert get_admin_unit("80", era=PRE).name == "Tỉnh Long An"
    assert get_admin_unit("80", era=POST).name == "Tỉnh Tây Ninh"
    # [AU] examples: Phường Phúc Xá 00001 (Quận Ba Đình 001); new Phường Ba Đình 00004.
    assert get_admin_unit("00001", era=PRE).name == "Phường Phúc Xá"
    assert get_admin_unit("00001", era=PRE).district_code == "001"
    assert get_admin_unit("001", era=PRE).name == "Quận Ba Đình"
    assert get_admin_unit("00004", era=PRE).name == "Phường Trúc Bạch"  # [DATA]
    assert get_admin_unit("00004", era=POST).name == "Phường Ba Đình"
    # [AU] code 226 is Văn Miếu - Quốc Tử Giám after the reform; Kim Liên is 229.
    assert get_admin_unit("00226", era=POST).name == "Phường Văn Miếu - Quốc Tử Giám"
    assert get_admin_unit("00229", era=POST).name == "Phường Kim Liên"


def test_cross_province_defects_of_other_packages_are_absent() -> None:
    # [AU] ward 27691 (Phường 4, TP Tân An, Long An) and 30781 (Xã Tiên Hải, Hà Tiên, Kiên
    # Giang) carry the wrong province in vietnam-provinces; here they follow their provinces.
    assert get_admin_unit("27691", era=PRE).parent_code == "80"
    assert {s.parent_code for s in admin_unit_successors("27691")} == {"80"}
    assert get_admin_unit("30781", era=PRE).parent_code == "91"
    assert {s.parent_code for s in admin_unit_successors("30781")} == {"91"}


def test_island_districts_become_special_zones() -> None:
    # [AU] Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo were districts without communes.
    islands = {"318": "Bạch Long Vĩ", "471": "Cồn Cỏ", "498": "Hoàng Sa", "536": "Lý Sơn"}
    islands["755"] = "Côn Đảo"
    for code, name in islands.items():
        assert admin_unit_children(code, era=PRE) == ()
        (zone,) = admin_unit_successors(code)
        assert zone.type is AdminUnitType.DAC_KHU
        assert zone.name == f"Đặc khu {name}"
        assert get_admin_unit(code, era=PRE) in admin_unit_predecessors(zone.code)
        assert primary_successor(code) is None  # districts have no successor unit


def test_type_taken_from_the_official_name() -> None:
    # [DATA] the package's type column disagrees with the name on these rows; the name wins.
    assert get_admin_unit("10543", era=POST).type is AdminUnitType.PHUONG  # Phường Việt Hòa
    assert get_admin_unit("11848", era=POST).type is AdminUnitType.XA  # Xã Vĩnh Hòa
    assert get_admin_unit("15061", era=PRE).type is AdminUnitType.THI_TRAN  # TT Ngọc Lặc
    assert get_admin_unit("19624", era=PRE).name == "Thị trấn Ái Tử"  # prefix case normalised


# ---------------------------------------------------------------------------------------------
# Successors


def test_province_mapping_follows_resolution_202() -> None:
    # [R27] 11 provinces not merged; 52 merged into 23; 34 in all.
    mapping = {p.code: admin_unit_successors(p.code) for p in admin_units(PRE, PROVINCE)}
    assert len(mapping) == 63
    assert all(len(s) == 1 for s in mapping.values())
    groups = Counter(s[0].code for s in mapping.values())
    assert len(groups) == 34
    assert {new for new, n in groups.items() if n == 1} == UNMERGED
    assert sum(n for n in groups.values() if n > 1) == 52
    for code in UNMERGED:
        assert mapping[code][0].name == get_admin_unit(code, era=PRE).name


def test_commune_successors_agree_with_the_province_table() -> None:
    # The hand-written province table and the package's commune mapping agree everywhere.
    for commune in PRE_COMMUNES:
        (province,) = admin_unit_successors(commune.parent_code or "")
        for successor in admin_unit_successors(commune.code):
            assert successor.parent_code == province.code, commune


def test_every_pre_reform_commune_has_a_successor_or_a_reason() -> None:
    reasons = communes_without_successor()
    for commune in PRE_COMMUNES:
        successors = admin_unit_successors(commune.code)
        assert successors or reasons.get(commune.code), commune
        assert all(s.era is POST and s.level is COMMUNE for s in successors)
        if successors:
            assert primary_successor(commune.code) == successors[0]
    assert reasons == {}  # [DATA] vietnamadminunits 1.0.4 maps every one of them
    assert all(c in {u.code for u in PRE_COMMUNES} for c in reasons)


def test_every_district_and_new_commune_is_covered() -> None:
    for district in admin_units(PRE, DISTRICT):
        assert admin_unit_successors(district.code), district
        assert primary_successor(district.code) is None
    for commune in POST_COMMUNES:
        assert admin_unit_predecessors(commune.code), commune


def test_split_communes_keep_every_successor() -> None:
    # [AU] vietnamadminunits: 471 split wards, each with a default successor.
    split = [c for c in PRE_COMMUNES if len(admin_unit_successors(c.code)) > 1]
    assert len(split) == 471
    for commune in split:
        first, *rest = admin_unit_successors(commune.code)
        assert rest == sorted(rest, key=lambda u: u.code)
        assert first not in rest
    # [DATA] Phường Cát Linh (00019, Đống Đa) went into four new wards.
    assert {s.code for s in admin_unit_successors("00019")} == {"00004", "00070", "00190", "00226"}


def test_district_successors_are_the_union_of_its_communes() -> None:
    expected = {
        s for c in admin_unit_children("842", era=PRE) for s in admin_unit_successors(c.code)
    }
    got = admin_unit_successors("842")
    assert set(got) == expected
    assert [u.code for u in got] == sorted(u.code for u in got)
    # [DATA] TP Trà Vinh's 10 communes went into 4 new wards.
    assert [u.name for u in got] == [
        "Phường Trà Vinh",
        "Phường Nguyệt Hóa",
        "Phường Long Đức",
        "Phường Hòa Thuận",
    ]


def test_successor_functions_reject_the_wrong_era() -> None:
    with pytest.raises(UnknownAdminUnitError):
        admin_unit_predecessors("842")  # districts do not exist after the reform
    with pytest.raises(UnknownAdminUnitError):
        admin_unit_successors("99999")
    with pytest.raises(UnknownAdminUnitError):
        primary_successor("1")


# ---------------------------------------------------------------------------------------------
# Lookup and search


def test_unknown_code_raises_a_lookup_error() -> None:
    with pytest.raises(UnknownAdminUnitError, match=r"pass era=AdminEra\.PRE_2025_REFORM") as info:
        get_admin_unit("842", era=POST)
    assert isinstance(info.value, LookupError)
    assert (info.value.code, info.value.era) == ("842", POST)
    with pytest.raises(UnknownAdminUnitError, match="no commune-level unit"):
        get_admin_unit("99999", era=PRE)
    for bad in ("8", "8a", "0001", " 84", "", "８４"):
        with pytest.raises(UnknownAdminUnitError, match="not an administrative-unit code"):
            get_admin_unit(bad, era=PRE)
    with pytest.raises(UnknownAdminUnitError):
        get_admin_unit(84, era=PRE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a valid AdminEra"):
        admin_unit_children("00001", era="post")  # type: ignore[arg-type]


def test_era_accepts_its_string_code() -> None:
    assert get_admin_unit("84", era="pre_2025_reform") == get_admin_unit("84", era=PRE)  # type: ignore[arg-type]


def test_children() -> None:
    assert admin_unit_children("00001", era=PRE) == ()
    assert {u.level for u in admin_unit_children("01", era=PRE)} == {DISTRICT}
    assert {u.level for u in admin_unit_children("01", era=POST)} == {COMMUNE}


@pytest.mark.parametrize(
    "query",
    [
        "tra vinh",
        "Trà Vinh",
        "TRÀ VINH",
        "  tra   vinh ",
        "Tra Vinh",
        "Tỉnh Trà Vinh",
        "tinh tra vinh",
    ],
)
def test_search_ignores_case_and_diacritics(query: str) -> None:
    found = find_admin_units(query, level=PROVINCE)
    assert [u.code for u in found] == ["84"]
    assert found[0].era is PRE


def test_search_spans_eras_and_levels_in_order() -> None:
    found = find_admin_units("tra vinh")
    assert [(u.era, u.code) for u in found] == [
        (PRE, "84"),
        (PRE, "842"),
        (PRE, "20962"),  # Xã Trà Vinh, Quảng Nam [DATA]
        (POST, "29242"),  # Phường Trà Vinh, Vĩnh Long [DATA]
    ]
    assert find_admin_units("tra vinh", era=POST) == found[-1:]
    assert find_admin_units("tra vinh", parent="86") == found[-1:]
    assert find_admin_units("tra vinh", parent="84", level=DISTRICT) == found[1:2]
    assert find_admin_units("tra") == ()  # exact match, not substring


def test_search_folds_d_and_tone_mark_placement() -> None:
    assert [u.code for u in find_admin_units("da nang", era=POST, level=PROVINCE)] == ["48"]
    assert find_admin_units("Đà Nẵng", era=POST) == find_admin_units("DA NANG", era=POST)
    old_style = find_admin_units("Hoà Bình", level=PROVINCE)  # tone mark on the a
    assert [u.code for u in old_style] == ["17"]
    assert find_admin_units("Hòa Bình", level=PROVINCE) == old_style
    decomposed = unicodedata.normalize("NFD", "Hòa Bình")
    assert find_admin_units(decomposed, level=PROVINCE) == old_style
    # [AU] the 11 names that differ between packages differ only in tone-mark placement.
    assert find_admin_units("Xã Thuận Hoà") == find_admin_units("Xã Thuận Hòa") != ()


def test_search_normalises_hyphen_spacing() -> None:
    expected = find_admin_units("Bà Rịa - Vũng Tàu")
    assert [u.code for u in expected] == ["77"]
    assert find_admin_units("ba ria-vung tau") == expected
    assert find_admin_units("Văn Miếu-Quốc Tử Giám", era=POST)[0].code == "00226"


# ---------------------------------------------------------------------------------------------
# Eras and code checks


def test_era_on_dates() -> None:
    assert AdminEra.on(date(2014, 5, 18)) is PRE
    assert AdminEra.on(date(2025, 6, 30)) is PRE
    assert AdminEra.on(date(2025, 7, 1)) is POST
    assert AdminEra.on(datetime(2025, 7, 1, 0, 0)) is POST
    assert AdminEra.on(datetime(2025, 6, 30, 23, 59)) is PRE


def test_check_admin_unit_code_accepts_codes_of_the_era() -> None:
    assert check_admin_unit_code("842", date(2025, 6, 30)) is None
    assert check_admin_unit_code("84", date(2023, 12, 31)) is None
    assert check_admin_unit_code("29236", date(2024, 1, 1)) is None
    assert check_admin_unit_code("86", date(2026, 1, 1)) is None
    assert check_admin_unit_code("29263", date(2025, 7, 1)) is None
    assert check_admin_unit_code("80", date(2025, 6, 30)) is None  # Long An
    assert check_admin_unit_code("80", date(2025, 7, 1)) is None  # Tây Ninh


def test_check_admin_unit_code_explains_district_codes_after_the_reform() -> None:
    reason = check_admin_unit_code("842", date(2025, 7, 1))
    assert reason == (
        "district-level unit 842 (Thành phố Trà Vinh, Tỉnh Trà Vinh) does not exist on"
        " 2025-07-01: the district level ended on 2025-07-01 (Law 72/2025/QH15)"
    )
    reason = check_admin_unit_code("999", date(2026, 1, 1))
    assert reason is not None
    assert "district level ended" in reason


def test_check_admin_unit_code_names_successors_and_predecessors() -> None:
    reason = check_admin_unit_code("84", date(2026, 1, 1))
    assert reason is not None
    assert "86 (Tỉnh Vĩnh Long)" in reason
    assert "Resolution 202/2025/QH15" in reason
    reason = check_admin_unit_code("29236", datetime(2026, 1, 1, 8))
    assert reason is not None
    assert "Phường 4, Thành phố Trà Vinh" in reason
    assert "29263 (Phường Long Đức)" in reason
    assert "2026-01-01:" in reason
    reason = check_admin_unit_code("11948", date(2025, 6, 30))
    assert reason is not None
    assert "formed from 318 (Huyện Bạch Long Vĩ)" in reason


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("8", "not an administrative-unit code"),
        ("0084", "not an administrative-unit code"),
        (84, "not an administrative-unit code"),
        ("99", "no province-level unit has code 99"),
        ("99999", "no commune-level unit has code 99999"),
    ],
)
def test_check_admin_unit_code_never_raises(code: str, fragment: str) -> None:
    for day in (date(2020, 1, 1), date(2026, 1, 1)):
        reason = check_admin_unit_code(code, day)
        assert reason is not None
        assert fragment in reason


# ---------------------------------------------------------------------------------------------
# Vocabularies


@pytest.mark.parametrize("enum", [AdminEra, AdminUnitLevel, AdminUnitType])
def test_vocabularies_have_labels_and_a_source(enum: type[AdminEra]) -> None:
    assert enum.legal_source()
    for member in enum:
        assert member.label_vi
        assert member.label_en
        assert enum.from_label(member.label_vi) is member


def test_unit_rows_are_frozen() -> None:
    unit = get_admin_unit("84", era=PRE)
    with pytest.raises(AttributeError):
        unit.name = "x"  # type: ignore[misc]
    assert not hasattr(unit, "__dict__")
    assert isinstance(unit, OfficialUnit)
    assert {unit: 1}[get_admin_unit("84", era=PRE)] == 1


# ---------------------------------------------------------------------------------------------
# Properties


@given(st.sampled_from(PRE_COMMUNES))
def test_every_successor_lists_the_commune_as_a_predecessor(commune: OfficialUnit) -> None:
    for successor in admin_unit_successors(commune.code):
        assert commune in admin_unit_predecessors(successor.code)


@given(st.sampled_from(POST_COMMUNES))
def test_every_predecessor_lists_the_commune_as_a_successor(commune: OfficialUnit) -> None:
    for predecessor in admin_unit_predecessors(commune.code):
        assert commune in admin_unit_successors(predecessor.code)


@given(st.sampled_from(ALL_UNITS), st.booleans(), st.booleans())
def test_search_by_stripped_name_finds_the_unit(
    unit: OfficialUnit, short: bool, upper: bool
) -> None:
    name = strip_marks(unit.short_name if short else unit.name)
    if upper:
        name = name.upper()
    assert unit in find_admin_units(name, era=unit.era, level=unit.level)
    assert unit in find_admin_units(name)


@given(st.sampled_from(ALL_UNITS), st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_check_agrees_with_get(unit: OfficialUnit, day: date) -> None:
    reason = check_admin_unit_code(unit.code, day)
    try:
        get_admin_unit(unit.code, era=AdminEra.on(day))
    except UnknownAdminUnitError:
        assert reason is not None
        assert unit.code in reason
    else:
        assert reason is None
