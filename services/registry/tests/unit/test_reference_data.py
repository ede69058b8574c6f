"""The reference data sets as the adapters read them from `vietnamadminunits` (a local SQLite file)."""
from registry.adapters.admin_units import province_units
from registry.adapters.admin_units_2025 import reform_2025


def test_the_pre_2025_set_of_lang_son_has_its_206_units():
    units = province_units("20")
    assert len(units) == 206 and sum(u.unit_type in ("rural_district", "city") for u in units) == 11
    assert {(u.code, u.parent_code) for u in units if u.name == "Xã Chi Lăng"} == {("06034", "180"), ("06523", "187")}


def test_the_2025_set_of_lang_son_places_every_pre_2025_commune():
    reform = reform_2025("20")
    legacy = {u.code for u in province_units("20") if u.parent_code not in (None, "20")}
    assert len(reform.communes) == 65 and reform.legacy_district_codes == (
        "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189")
    placed = {c for n in reform.communes for c in (*n.whole, *n.parts)}
    assert placed == legacy and reform.unmapped == ()
    # every new commune keeps the code of one of the units it was formed from
    assert all(n.code in (*n.whole, *n.parts) for n in reform.communes)
    binh_gia = next(n for n in reform.communes if n.code == "06112")
    assert (binh_gia.name, binh_gia.whole) == ("Xã Bình Gia", ("06100", "06106", "06112"))


def test_a_province_merged_in_2025_lists_the_provinces_it_was_formed_from():
    bac_ninh = reform_2025("24")
    assert bac_ninh.province_name == "Tỉnh Bắc Ninh" and bac_ninh.legacy_province_codes == ("24", "27")
    assert reform_2025("99") is None
